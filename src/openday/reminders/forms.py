"""Forms of the reminders pages: a person's channels, an office's defaults, the send-log filter."""

from django import forms
from django.core.validators import RegexValidator

from openday.reminders.enums import Channel, DeliveryState

MOBILE = RegexValidator(r"^1[3-9]\d{9}$", "请输入11位手机号码，例如 13800000000。")
FOLLOW_CHOICES = [("1", "使用本单位默认设置"), ("0", "自行选择")]


class PreferenceForm(forms.Form):
    follow_office = forms.TypedChoiceField(
        label="提醒渠道",
        choices=FOLLOW_CHOICES,
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择提醒渠道的设置方式。"},
    )
    by_email = forms.BooleanField(label="电子邮件", required=False)
    by_webhook = forms.BooleanField(label="短信（经短信网关）", required=False)
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        max_length=254,
        error_messages={"invalid": "请输入有效的电子邮箱，例如 name@example.gov.cn。"},
    )
    mobile = forms.CharField(label="手机号码", required=False, max_length=20, validators=[MOBILE])

    def clean(self):
        data = super().clean()
        if data.get("follow_office") is False:
            if data.get("by_email") and not data.get("email") and "email" not in self.errors:
                self.add_error("email", "选择电子邮件提醒时，请填写电子邮箱。")
            if data.get("by_webhook") and not data.get("mobile") and "mobile" not in self.errors:
                self.add_error("mobile", "选择短信提醒时，请填写手机号码。")
        return data


class OfficeSettingsForm(forms.Form):
    by_email = forms.BooleanField(label="默认发送电子邮件", required=False)
    by_webhook = forms.BooleanField(label="默认发送短信（经短信网关）", required=False)
    webhook_url = forms.URLField(
        label="Webhook 地址",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={"invalid": "请输入完整的网址，例如 https://sms.example.gov.cn/hook。"},
    )
    webhook_secret = forms.CharField(
        label="签名密钥",
        required=False,
        max_length=128,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="留空则保留原密钥。接收方用它核对 X-Openday-Signature 签名。",
    )
    clear_secret = forms.BooleanField(label="清除已保存的签名密钥", required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("by_webhook")
            and not data.get("webhook_url")
            and "webhook_url" not in self.errors
        ):
            self.add_error("webhook_url", "默认发送短信时，请填写 Webhook 地址。")
        if data.get("webhook_secret") and len(data["webhook_secret"]) < 16:
            self.add_error("webhook_secret", "签名密钥至少16个字符。")
        return data

    def secret(self) -> str | None:
        """The secret to store: the new one, "" to clear it, ``None`` to keep it."""
        if self.cleaned_data.get("clear_secret"):
            return ""
        return self.cleaned_data.get("webhook_secret") or None


class DeliveryFilterForm(forms.Form):
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *DeliveryState.choices]
    )
    channel = forms.ChoiceField(
        label="渠道", required=False, choices=[("", "全部"), *Channel.choices]
    )
    recipient = forms.CharField(label="接收人", required=False, max_length=150)
