"""Forms of the staff activity page: one small form per lifecycle action.

They only parse what staff type; the rules (dates within the year, end after start, what the
state allows) live in the services, whose ``DomainError`` comes back as an error on the field
it names (``core.forms.add_domain_error``). Field names are the services' field names so that
mapping is direct.
"""

from django import forms

from openday.activities.forms.fields import date_field, messages, text_field, time_field
from openday.activities.lifecycle import ACTION_LABELS
from openday.activities.models import Activity
from openday.activities.services.dates import PLAN_ADJUSTMENT_MAX
from openday.core.forms import Form


class TransitionForm(Form):
    """Base of the action forms; ``arguments`` are the keyword arguments of the service."""

    action: str = ""
    submit_label: str = ""
    hint: str = ""
    date_fields: tuple[str, ...] = ()
    # Forms with uploads and many fields have a page of their own; the activity page links it.
    has_page: bool = False

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


class ScheduleForm(TransitionForm):
    action = "schedule"
    hint = "确定活动的具体日期、时间和地点；日期不在计划月份内的，须填写计划调整原因。"
    date_fields = ("scheduled_on",)

    scheduled_on = date_field("活动日期")
    start_time = time_field("开始时间")
    end_time = time_field("结束时间")
    venue = forms.CharField(
        label="活动地点",
        required=False,
        max_length=200,
        error_messages=messages("活动地点", 200),
    )
    reason = text_field(
        "计划调整原因（日期不在计划月份内时填写）",
        required=False,
        max_length=PLAN_ADJUSTMENT_MAX,
    )

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "on": data["scheduled_on"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "venue": data["venue"],
            "reason": data["reason"],
        }


class HoldForm(TransitionForm):
    action = "hold"
    submit_label = "确认已开展"
    hint = "活动已经开展，登记实际开展日期。"
    date_fields = ("held_on",)

    held_on = date_field("实际开展日期")

    def __init__(self, *args, activity: Activity, **kwargs):
        kwargs.setdefault("initial", {"held_on": activity.scheduled_on})
        super().__init__(*args, activity=activity, **kwargs)


class AcceptForm(TransitionForm):
    action = "accept"
    hint = "活动材料齐全、符合要求。"

    comment = text_field("审核意见（选填）", required=False)


class ReturnForm(TransitionForm):
    action = "return"
    hint = "材料需要补充或修改，退回责任单位。"

    comment = text_field("退回原因", required=True)


class PublishForm(TransitionForm):
    action = "publish"
    hint = "在公开专栏展示该活动的情况。"


class PostponeForm(TransitionForm):
    action = "postpone"
    hint = "改期开展；原定日期和延期原因记入办理记录。"
    date_fields = ("new_date",)

    new_date = date_field("新日期")
    reason = text_field("延期原因", required=True)


class CancelForm(TransitionForm):
    action = "cancel"
    submit_label = "取消活动"
    hint = "活动不再开展；取消后不能恢复。"

    reason = text_field("取消原因", required=True)
