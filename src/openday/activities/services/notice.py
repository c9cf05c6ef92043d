"""``activity_announce``: publish the public notice before an activity (预热)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from openday.activities.enums import ActivityState
from openday.activities.models import Activity, ActivityNotice
from openday.activities.services.transitions import _required, _transition
from openday.core.errors import DomainError
from openday.core.formats import date_label


@dataclass(frozen=True)
class NoticeInput:
    theme: str
    host: str
    held_on: dt.date
    start_time: dt.time | None
    venue: str
    audience: str
    content: str
    form: str
    signup: str
    contact: str
    end_time: dt.time | None = None


def activity_announce(*, actor, activity: Activity, notice: NoticeInput) -> Activity:
    """Publish the notice; its time and place become the activity's. The date is the one
    fixed when scheduling: moving it is a postponement, not an edit of the notice."""

    def apply(locked: Activity) -> dict:
        fields = {
            "theme": _required(notice.theme, "活动主题", "theme"),
            "host": _required(notice.host, "主办单位", "host"),
            "venue": _required(notice.venue, "活动地点", "venue"),
            "audience": _required(notice.audience, "邀请对象", "audience"),
            "content": _required(notice.content, "活动内容", "content"),
            "form": _required(notice.form, "活动形式", "form"),
            "signup": _required(notice.signup, "报名方式", "signup"),
            "contact": _required(notice.contact, "咨询联系方式", "contact"),
        }
        if notice.held_on is None:
            raise DomainError("请填写活动日期。", field="held_on")
        if locked.scheduled_on and notice.held_on != locked.scheduled_on:
            raise DomainError(
                f"预告的活动日期（{date_label(notice.held_on)}）与已确定的活动日期"
                f"（{date_label(locked.scheduled_on)}）不一致；如需改期，请先办理延期。",
                field="held_on",
            )
        if notice.start_time is None:
            raise DomainError("请填写开始时间。", field="start_time")
        if notice.end_time and notice.end_time <= notice.start_time:
            raise DomainError("结束时间应晚于开始时间。", field="end_time")
        ActivityNotice.objects.update_or_create(
            activity=locked,
            defaults={
                **fields,
                "held_on": notice.held_on,
                "start_time": notice.start_time,
                "end_time": notice.end_time,
                "published_at": timezone.now(),
            },
        )
        locked.start_time, locked.end_time = notice.start_time, notice.end_time
        locked.venue = fields["venue"]
        return {"venue": fields["venue"]}

    return _transition(actor=actor, activity=activity, target=ActivityState.ANNOUNCED, apply=apply)
