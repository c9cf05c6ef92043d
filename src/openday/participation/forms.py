"""Forms of participation: the public's sign-up and opinion, and the staff's settings,
check-in, moderation, reply and retention. Each turns its fields into the service's
arguments (``arguments()``); the rules themselves are the services'."""

import datetime as dt

from django import forms
from django.utils import timezone

from openday.activities.enums import ReportGroup
from openday.core.forms import Form
from openday.participation.models import SignupSettings
from openday.participation.personal import normalize_phone, phone_problem
from openday.participation.services import OpinionInput, SignupInput
from openday.participation.services.opinions import MAX_REASON, MAX_REPLY, MAX_TEXT
from openday.participation.services.retention import MAX_DAYS
from openday.participation.services.signups import MAX_CAPACITY, MAX_PARTY

_DATETIME = "%Y-%m-%dT%H:%M"


def _phone(value: str, *, required: bool) -> str:
    if not value.strip() and not required:
        return ""
    if problem := phone_problem(value):
        raise forms.ValidationError(problem)
    return normalize_phone(value)


class SignupForm(Form):
    name = forms.CharField(label="姓名", max_length=40)
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        help_text="11 位手机号码，用于核对报名和现场签到。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    group = forms.ChoiceField(label="身份类别", choices=ReportGroup.choices)
    party_size = forms.IntegerField(
        label="参加人数",
        min_value=1,
        max_value=MAX_PARTY,
        initial=1,
        help_text="含本人，最多 10 人。",
    )
    email = forms.EmailField(
        label="电子邮箱（选填）",
        max_length=120,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, ask_email: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        if not ask_email:
            del self.fields["email"]

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"], required=True)

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "data": SignupInput(
                name=data["name"].strip(),
                phone=data["phone"],
                group=data["group"],
                party_size=data["party_size"],
                email=data.get("email", ""),
            )
        }


class OpinionForm(Form):
    text = forms.CharField(
        label="留言内容",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"最多 {MAX_TEXT} 个字。审核后公开，公开时不显示您的姓名和联系方式。",
    )
    name = forms.CharField(label="姓名（选填）", max_length=40, required=False)
    phone = forms.CharField(
        label="手机号码（选填）",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label="电子邮箱（选填）", max_length=120, required=False)

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"], required=False)

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "data": OpinionInput(
                text=data["text"].strip(),
                name=data["name"].strip(),
                phone=data["phone"],
                email=data["email"],
            )
        }


# --- staff ----------------------------------------------------------------------------------


class SignupSettingsForm(Form):
    enabled = forms.BooleanField(label="开放在线报名", required=False)
    capacity = forms.IntegerField(label="名额（人）", min_value=1, max_value=MAX_CAPACITY)
    waitlist_size = forms.IntegerField(
        label="候补名额（人）",
        min_value=0,
        max_value=MAX_CAPACITY,
        initial=0,
        help_text="名额报满后可登记候补的人数；有人取消时按登记先后依次递补。",
    )
    deadline = forms.DateTimeField(
        label="报名截止时间",
        input_formats=[_DATETIME, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_DATETIME),
    )
    purpose = forms.CharField(
        label="个人信息用途说明",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="显示在报名表上，例如：仅用于本次活动的报名核对、现场签到和活动通知。",
        initial="您填写的姓名、手机号码仅用于本次活动的报名核对、现场签到和活动变更通知，"
        "活动所属年度结束后按规定期限删除。",
    )
    ask_email = forms.BooleanField(label="请报名人填写电子邮箱（选填）", required=False)

    @classmethod
    def initial_for(cls, settings: SignupSettings | None, activity) -> dict:
        if settings is None:
            initial = {"capacity": 30, "waitlist_size": 10}
            day = activity.scheduled_on
            if day is not None:
                # The day before, at the end of office hours.
                initial["deadline"] = timezone.make_aware(
                    dt.datetime.combine(day - dt.timedelta(days=1), dt.time(17, 0))
                )
            return initial
        return {
            "enabled": settings.enabled,
            "capacity": settings.capacity,
            "waitlist_size": settings.waitlist_size,
            "deadline": timezone.localtime(settings.deadline),
            "purpose": settings.purpose,
            "ask_email": settings.ask_email,
        }

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


class CheckInForm(Form):
    code = forms.CharField(
        label="确认码",
        max_length=20,
        help_text="报名人出示的 8 位确认码（不区分大小写），或扫描确认页上的二维码。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def arguments(self) -> dict:
        return {"code": self.cleaned_data["code"]}


class OpinionHideForm(Form):
    reason = forms.CharField(
        label="不予公开的原因", max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 2})
    )

    def arguments(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class OpinionDuplicateForm(Form):
    original = forms.IntegerField(
        label="与之重复的留言编号", min_value=1, max_value=2**31 - 1, help_text="留言列表中的编号。"
    )

    def arguments(self) -> dict:
        return {"original_id": self.cleaned_data["original"]}


class OpinionReplyForm(Form):
    text = forms.CharField(
        label="回应内容", max_length=MAX_REPLY, widget=forms.Textarea(attrs={"rows": 5})
    )

    def arguments(self) -> dict:
        return {"text": self.cleaned_data["text"]}


class EmptyForm(Form):
    """An action without fields (公开)."""

    def arguments(self) -> dict:
        return {}


class RetentionForm(Form):
    days = forms.IntegerField(
        label="年度活动结束后保留天数",
        min_value=1,
        max_value=MAX_DAYS,
        help_text="期满后，报名和留言中的姓名、手机号码和电子邮箱将被删除（统计数字保留）。",
    )

    def arguments(self) -> dict:
        return {"days": self.cleaned_data["days"]}
