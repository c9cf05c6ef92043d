"""Forms of the staff activity page: one small form per lifecycle action.

They only parse what staff type; the rules (dates within the year, end after start, what the
state allows) live in the services, whose ``DomainError`` the form takes back as an error on
the field it names. Field names are the services' field names so that mapping is direct.
"""

from django import forms

from openday.activities.lifecycle import ACTION_LABELS
from openday.activities.models import Activity
from openday.core.errors import DomainError

COMMENT_MAX = 2000


def _messages(label: str, max_length: int | None = None) -> dict[str, str]:
    messages = {"required": f"请填写{label}。"}
    if max_length:
        messages["max_length"] = f"{label}不能超过 {max_length} 个字。"
    return messages


def _date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            **_messages(label),
            "invalid": f"{label}格式不正确，请按“2023-10-12”的格式填写。",
        },
    )


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": f"{label}格式不正确，请按“09:30”的格式填写。"},
    )


def _text_field(label: str, *, required: bool, max_length: int = COMMENT_MAX) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_messages(label, max_length),
    )


class TransitionForm(forms.Form):
    """Base of the action forms; ``arguments`` are the keyword arguments of the service."""

    action: str = ""
    submit_label: str = ""
    hint: str = ""
    date_fields: tuple[str, ...] = ()

    def __init__(self, *args, activity: Activity, **kwargs):
        # Unique ids on a page that holds several forms with a "comment" or a "reason".
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(*args, **kwargs)
        self.activity = activity
        year = activity.campaign.year
        for name in self.date_fields:
            # Only a hint for the date picker: the service says why another year is refused.
            self.fields[name].widget.attrs.update(min=f"{year}-01-01", max=f"{year}-12-31")

    @property
    def label(self) -> str:
        return ACTION_LABELS[self.action]

    @property
    def button(self) -> str:
        return self.submit_label or self.label

    def arguments(self) -> dict:
        return dict(self.cleaned_data)

    def add_domain_error(self, error: DomainError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class ScheduleForm(TransitionForm):
    action = "schedule"
    hint = "确定活动的具体日期、时间和地点。"
    date_fields = ("scheduled_on",)

    scheduled_on = _date_field("活动日期")
    start_time = _time_field("开始时间")
    end_time = _time_field("结束时间")
    venue = forms.CharField(
        label="活动地点",
        required=False,
        max_length=200,
        error_messages=_messages("活动地点", 200),
    )

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "on": data["scheduled_on"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "venue": data["venue"],
        }


class FileForm(TransitionForm):
    action = "file"
    hint = "具体活动方案（分管领导、责任科室、具体承办人）已报送公开办。"

    comment = _text_field("报备说明（选填）", required=False)


class AnnounceForm(TransitionForm):
    action = "announce"
    hint = "活动预热公告（主题、时间、地点、参与方式、联系方式）已对外发布。"


class HoldForm(TransitionForm):
    action = "hold"
    submit_label = "确认已开展"
    hint = "活动已经开展，登记实际开展日期。"
    date_fields = ("held_on",)

    held_on = _date_field("实际开展日期")

    def __init__(self, *args, activity: Activity, **kwargs):
        kwargs.setdefault("initial", {"held_on": activity.scheduled_on})
        super().__init__(*args, activity=activity, **kwargs)


class ReportForm(TransitionForm):
    action = "report"
    hint = "活动情况材料已整理完毕，报送公开办审核。"


class AcceptForm(TransitionForm):
    action = "accept"
    hint = "活动材料齐全、符合要求。"

    comment = _text_field("审核意见（选填）", required=False)


class ReturnForm(TransitionForm):
    action = "return"
    hint = "材料需要补充或修改，退回责任单位。"

    comment = _text_field("退回原因", required=True)


class PublishForm(TransitionForm):
    action = "publish"
    hint = "在公开专栏展示该活动的情况。"


class PostponeForm(TransitionForm):
    action = "postpone"
    hint = "改期开展；原定日期和延期原因记入办理记录。"
    date_fields = ("new_date",)

    new_date = _date_field("新日期")
    reason = _text_field("延期原因", required=True)


class CancelForm(TransitionForm):
    action = "cancel"
    submit_label = "取消活动"
    hint = "活动不再开展；取消后不能恢复。"

    reason = _text_field("取消原因", required=True)


FORMS: dict[str, type[TransitionForm]] = {
    form.action: form
    for form in (
        ScheduleForm,
        FileForm,
        AnnounceForm,
        HoldForm,
        ReportForm,
        AcceptForm,
        ReturnForm,
        PublishForm,
        PostponeForm,
        CancelForm,
    )
}
