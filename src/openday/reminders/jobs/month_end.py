"""The month-end summary (月末总结), job ``month-end``: when it is due and what it says.

A month's moment is 16:00 local time on its last working day (Chinese working days, so
2023-09's is Thursday the 28th, before the National Day holiday; a 调休 Saturday can be one).
At any instant the job concerns the month whose moment is the latest one not after it: from
June's moment until July's it is June's summary. A scheduler that missed the moment (down on
the 30th) still sends it in the days that follow, and the occasion key
``month-end:{campaign}:{YYYY-MM}`` makes every rerun a no-op. Numbers are as of the day the
draft is written.

For a year nobody has published the holiday arrangement of, the last working day is the last
weekday (``WorkdayCalendar`` says so as ``provisional``): a reminder an hour or a day off is
better than none.
"""

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.core.formats import date_label, year_month_label
from openday.reminders.models import Notification
from openday.reminders.recipients import office_admins
from openday.reminders.services import Draft
from openday.reports.monthly import MonthlySummary, monthly_summary
from openday.workdays.calendar import WorkdayCalendar

MONTH_END_AT = dt.time(16, 0)


def last_workday(year: int, month: int, *, calendar: WorkdayCalendar | None = None) -> dt.date:
    """The last working day of ``month`` of ``year``."""
    next_first = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    # Counting back one working day from the next month's first day: its n < 0 count starts
    # the day before, the month's last day.
    return (calendar or WorkdayCalendar()).add_workdays(next_first, -1).date


def month_end_moment(
    year: int, month: int, *, calendar: WorkdayCalendar | None = None
) -> dt.datetime:
    """16:00 local time on the month's last working day, an aware datetime."""
    day = last_workday(year, month, calendar=calendar)
    return timezone.make_aware(dt.datetime.combine(day, MONTH_END_AT))


def month_end_period(
    as_of: dt.datetime, *, calendar: WorkdayCalendar | None = None
) -> tuple[int, int]:
    """(year, month) of the latest month-end moment at or before ``as_of`` (aware)."""
    calendar = calendar or WorkdayCalendar()
    local = timezone.localtime(as_of)
    year, month = local.year, local.month
    if as_of >= month_end_moment(year, month, calendar=calendar):
        return year, month
    # Before this month's moment: the previous month's, which is always past.
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_end_due(as_of: dt.datetime) -> bool:
    """True once a month-end moment has passed, which at any real instant it has: the job is
    due from each month's moment until the next month's, and ``month_end_period`` says for
    which month. Kept as a test of its own so the scheduler's table reads like the others."""
    calendar = WorkdayCalendar()
    year, month = month_end_period(as_of, calendar=calendar)
    return as_of >= month_end_moment(year, month, calendar=calendar)


def month_end_title(summary: MonthlySummary) -> str:
    return f"{summary.month}月主题日活动月末总结：计划{summary.planned}场，已开展{summary.held}场"


def month_end_body(summary: MonthlySummary) -> str:
    s = summary
    month = year_month_label(s.year, s.month)
    cancelled = f"（另有{s.cancelled}场已取消）" if s.cancelled else ""
    return "\n".join(
        [
            f"{s.region}{month}主题日活动情况（截至{date_label(s.today)}）：",
            f"计划{s.planned}场{cancelled}，已开展{s.held}场，已报送材料{s.reported}场，"
            f"已发布{s.published}场；",
            f"逾期未完成事项{s.overdue_count}项，涉及{len(s.overdue)}个单位；",
            f"活动覆盖{s.headcount}人，计划开展活动的{s.units_planned}个单位中"
            f"{s.units_held}个已开展；",
            f"媒体宣传报道{s.media_count}条，涉及{s.media_outlets}家媒体。",
            "各单位明细和逾期事项见月末总结页面，可下载简报（Word）。",
        ]
    )


def month_end_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    """One draft per office admin of each running campaign of the month's year, unless it was
    recorded before. The summary is read once per campaign, and only when someone still
    needs it."""
    year, month = month_end_period(as_of)
    today = timezone.localdate(as_of)
    campaigns = (
        Campaign.objects.filter(phase=CampaignPhase.RUNNING, year=year)
        .select_related("region")
        .order_by("region__path", "pk")
    )
    for campaign in campaigns:
        occasion = f"month-end:{campaign.pk}:{year:04d}-{month:02d}"
        told = set(
            Notification.objects.filter(occasion=occasion).values_list("recipient_id", flat=True)
        )
        admins = [user for user in office_admins(campaign.region) if user.pk not in told]
        if not admins:
            continue
        summary = monthly_summary(campaign, year, month, today=today)
        link = reverse(
            "staff:campaign-monthly",
            kwargs={"slug": campaign.slug, "year": year, "month": month},
        )
        for user in admins:
            yield Draft(
                recipient=user,
                occasion=occasion,
                title=month_end_title(summary),
                body=month_end_body(summary),
                link=link,
                item_type="campaigns.campaign",
                item_id=campaign.pk,
                region_id=campaign.region_id,
            )
