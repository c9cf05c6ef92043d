"""Forms of the reminders pages: a person's channels, an office's defaults, the send-log filter."""

from django import forms
from django.core.validators import RegexValidator

from openday.core.forms import Form
from openday.reminders.channels import SECRET_MIN_LENGTH
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.outbound import UnsafeWebhook, check_webhook_url

MOBILE = RegexValidator(r"^1[3-9]\d{9}$", "请输入11位手机号码，例如 13800000000。")
FOLLOW_CHOICES = [("1", "使用本单位默认设置"), ("0", "自行选择")]


class PreferenceForm(Form):
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


class OfficeSettingsForm(Form):
    """An office's defaults and webhook. The address must be one the server may call (https,
    public addresses; see ``reminders.outbound``). That a webhook is never saved without a
    secret to sign its requests (a new one, or the one already stored) is checked by
    ``services.office_settings_save``, which knows the stored one."""

    by_email = forms.BooleanField(label="默认发送电子邮件", required=False)
    by_webhook = forms.BooleanField(label="默认发送短信（经短信网关）", required=False)
    webhook_url = forms.URLField(
        label="Webhook 地址",
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={"invalid": "请输入完整的网址，例如 https://sms.example.gov.cn/hook。"},
        help_text="只能是公网的 https 地址。",
    )
    webhook_secret = forms.CharField(
        label="签名密钥",
        required=False,
        max_length=128,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="至少16个字符；留空则保留原密钥。接收方用它核对 X-Openday-Signature 签名。",
    )
    clear_secret = forms.BooleanField(label="清除已保存的签名密钥", required=False)

    def clean_webhook_url(self) -> str:
        url = self.cleaned_data.get("webhook_url", "")
        if not url:
            return ""
        try:
            # Stored as checked: ASCII host, percent-encoded path.
            return check_webhook_url(url).url
        except UnsafeWebhook as error:
            raise forms.ValidationError(error.message, code="unsafe") from error

    def clean(self):
        data = super().clean()
        if (
            data.get("by_webhook")
            and not data.get("webhook_url")
            and "webhook_url" not in self.errors
        ):
            self.add_error("webhook_url", "默认发送短信时，请填写 Webhook 地址。")
        url, secret = data.get("webhook_url"), data.get("webhook_secret", "")
        if secret and len(secret) < SECRET_MIN_LENGTH:
            self.add_error("webhook_secret", "签名密钥至少16个字符。")
        elif url and data.get("clear_secret"):
            self.add_error("clear_secret", "填写了 Webhook 地址时不能清除签名密钥。")
        return data

    def secret(self) -> str | None:
        """The secret to store: the new one, "" to clear it, ``None`` to keep it."""
        if self.cleaned_data.get("clear_secret"):
            return ""
        return self.cleaned_data.get("webhook_secret") or None


class DeliveryFilterForm(Form):
    state = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *DeliveryState.choices]
    )
    channel = forms.ChoiceField(
        label="渠道", required=False, choices=[("", "全部"), *Channel.choices]
    )
    recipient = forms.CharField(label="接收人", required=False, max_length=150)
