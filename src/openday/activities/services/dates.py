"""The checks every date of an activity passes, one definition for each service that sets one.

- ``check_campaign_date``: inside the campaign's year and not before its ``starts_on`` (the
  notice's 「2023年4月开始」).
- ``plan_adjustment``: a date outside the plan row's months needs a reason (计划调整); the
  reason is what the services record on the activity and in its history.
- ``check_held_on``: a held date is never before the announced date, nor before the scheduled
  one (an earlier date is a change of date: a postponement first).
- ``date_warnings``: what is worth a second look but no refusal — a date that is not a working
  day (weekend 开放日 are normal; a 法定节假日 is named).
"""

import datetime as dt

from openday.activities.models import Activity, ActivityNotice
from openday.core.errors import DomainError
from openday.core.formats import date_label, months_label
from openday.workdays.calendar import is_workday

PLAN_ADJUSTMENT_MAX = 2000


def check_campaign_date(activity: Activity, on: dt.date, field: str) -> None:
    """Refuse a date outside the campaign's year or before the day its activities start."""
    campaign = activity.campaign
    if on.year != campaign.year:
        raise DomainError(f"日期 {on:%Y-%m-%d} 不在 {campaign.year} 年内。", field=field)
    if campaign.starts_on and on < campaign.starts_on:
        raise DomainError(
            f"日期 {date_label(on)} 早于本年度活动的起始日期 {date_label(campaign.starts_on)}，"
            "实施方案规定活动自该日起开展。",
            field=field,
        )


def outside_plan_months(activity: Activity, on: dt.date) -> bool:
    """True when the plan row names months and ``on`` falls in none of them."""
    if activity.month_start is None:
        return False
    end = activity.month_end or activity.month_start
    return not activity.month_start <= on.month <= end


def plan_adjustment(activity: Activity, on: dt.date, reason: str, field: str = "reason") -> str:
    """The 计划调整 reason to record for ``on``: required when ``on`` is outside the planned
    months, "" otherwise (a reason given for a date within them is not an adjustment)."""
    if not outside_plan_months(activity, on):
        return ""
    reason = (reason or "").strip()
    if not reason:
        months = months_label(activity.month_start, activity.month_end)
        raise DomainError(
            f"活动日期 {date_label(on)} 不在计划表安排的 {months} 内；"
            "如确需调整，请填写计划调整原因。",
            field=field,
        )
    if len(reason) > PLAN_ADJUSTMENT_MAX:
        raise DomainError(f"计划调整原因不能超过 {PLAN_ADJUSTMENT_MAX} 字。", field=field)
    return reason


def _announced_on(activity: Activity) -> dt.date | None:
    notice = ActivityNotice.objects.filter(activity=activity, withdrawn_at__isnull=True).first()
    return notice.held_on if notice is not None else None


def check_held_on(activity: Activity, held_on: dt.date, field: str = "held_on") -> None:
    """Refuse a held date before the announced date or before the scheduled one.

    A postponement moves the scheduled date (earlier too); a notice announced before a
    postponement that moved the date earlier no longer binds, the scheduled date does.
    """
    scheduled = activity.scheduled_on
    announced = _announced_on(activity)
    if announced and held_on < announced and (scheduled is None or scheduled >= announced):
        raise DomainError(
            f"开展日期 {date_label(held_on)} 早于活动预告公布的日期 {date_label(announced)}；"
            "活动提前举行的，请先办理改期。",
            field=field,
        )
    if scheduled and held_on < scheduled:
        raise DomainError(
            f"开展日期 {date_label(held_on)} 早于确定的活动日期 {date_label(scheduled)}；"
            "活动提前举行的，请先办理改期。",
            field=field,
        )


def date_warnings(on: dt.date) -> list[str]:
    """What to say about ``on`` beside accepting it: a holiday or a weekend, by name."""
    day = is_workday(on)
    if day.workday:
        return []
    if day.name:
        return [
            f"{date_label(on, weekday=True)}是法定节假日（{day.name}），不是工作日；"
            "请确认活动确在当天举行，并安排好现场工作人员。"
        ]
    return [f"{date_label(on, weekday=True)}不是工作日；周末开展开放日属正常安排，请确认日期无误。"]
