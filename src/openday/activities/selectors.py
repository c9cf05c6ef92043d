"""Named reads of activities: the plan of a campaign, by month and as a table; an activity's
materials for its staff page; and what the public column may show of notices and reports."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from openday.activities.enums import ActivityState
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityFiling,
    ActivityForm,
    ActivityHost,
    ActivityNotice,
    ActivityReport,
    MediaReport,
    ReportAttendance,
    ReportPhoto,
)
from openday.campaigns.models import Campaign


@dataclass
class MonthGroup:
    """The activities that start in one month; ``month`` None holds those without a month."""

    month: int | None
    activities: list[Activity] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.month}月" if self.month is not None else "时间待定"

    @property
    def anchor(self) -> str:
        return f"m{self.month}" if self.month is not None else "m-tbd"


def plan_activities(campaign: Campaign) -> QuerySet[Activity]:
    """The campaign's plan rows in 序号 order, with forms and hosts fetched (3 queries)."""
    return (
        Activity.objects.filter(campaign=campaign)
        .order_by("seq")
        .prefetch_related(
            Prefetch("forms", queryset=ActivityForm.objects.order_by("position", "pk")),
            Prefetch("hosts", queryset=ActivityHost.objects.order_by("position", "pk")),
        )
    )


def plan_by_month(campaign: Campaign) -> list[MonthGroup]:
    """The plan grouped by start month, months in calendar order, "时间待定" last.

    A range such as 5-6月 sits under its start month; the activity's ``month_label`` shows
    the range. Within a month the rows keep their 序号 order.
    """
    groups: dict[int | None, MonthGroup] = {}
    for activity in plan_activities(campaign):
        key = activity.month_start
        groups.setdefault(key, MonthGroup(month=key)).activities.append(activity)
    months = sorted(k for k in groups if k is not None)
    ordered = [groups[m] for m in months]
    if None in groups:
        ordered.append(groups[None])
    return ordered


def plan_counts_by_month(campaign: Campaign) -> list[dict]:
    """``[{"month_start": 3, "count": 5}, ...]`` in calendar order, no month (None) last."""
    rows = list(
        Activity.objects.filter(campaign=campaign)
        .values("month_start")
        .annotate(count=Count("id"))
        .order_by("month_start")
    )
    # Databases disagree on where NULL sorts; the table always puts "待定" last.
    return [r for r in rows if r["month_start"] is not None] + [
        r for r in rows if r["month_start"] is None
    ]


# Days before the end of its last month from which an activity without a date is "late".
UNSCHEDULED_WARNING_DAYS = 10


def unscheduled_late(campaign: Campaign, today: dt.date) -> QuerySet[Activity]:
    """Planned activities still without a date late in their month, or past it.

    Deadlines wait for a date; this is how the office sees who has not fixed one in time.
    Only activities of the campaign's year in months up to ``today``'s month are considered.
    """
    if today.year != campaign.year:
        months_over = 12 if today.year > campaign.year else 0
    else:
        last_day = calendar.monthrange(today.year, today.month)[1]
        late_now = last_day - today.day < UNSCHEDULED_WARNING_DAYS
        months_over = today.month if late_now else today.month - 1
    return (
        plan_activities(campaign)
        .filter(state=ActivityState.PLANNED, scheduled_on__isnull=True)
        .filter(month_end__lte=months_over)
    )


# --- Materials ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityMaterials:
    filing: ActivityFiling | None
    notice: ActivityNotice | None
    report: ActivityReport | None


def report_with_details() -> QuerySet[ActivityReport]:
    """Reports with their groups, media, photos and attachments fetched (5 queries in all)."""
    return ActivityReport.objects.prefetch_related(
        Prefetch("attendance", queryset=ReportAttendance.objects.order_by("id")),
        "media",
        "photos",
        "attachments",
    )


def activity_materials(activity: Activity) -> ActivityMaterials:
    """The newest filed plan, the notice and the report of an activity, for its staff page."""
    return ActivityMaterials(
        filing=ActivityFiling.objects.filter(activity=activity).select_related("filed_by").first(),
        notice=ActivityNotice.objects.filter(activity=activity).first(),
        report=report_with_details().filter(activity=activity).first(),
    )


# --- What the public sees -------------------------------------------------------------------

# Once announced, the notice stays readable (with the activity's current state beside it).
NOTICE_PUBLIC_STATES = (
    ActivityState.ANNOUNCED,
    ActivityState.POSTPONED,
    ActivityState.HELD,
    ActivityState.REPORTED,
    ActivityState.ACCEPTED,
    ActivityState.PUBLISHED,
    ActivityState.CANCELLED,
)
UPCOMING_STATES = (ActivityState.ANNOUNCED, ActivityState.POSTPONED)
# Photos shown per report in the column; the report's own page shows them all.
COLUMN_PHOTOS = 4


def upcoming_notices(campaign: Campaign, today: dt.date) -> QuerySet[ActivityNotice]:
    """Notices of activities announced and not yet held, from ``today`` on, soonest first."""
    return (
        ActivityNotice.objects.filter(
            activity__campaign=campaign,
            activity__state__in=UPCOMING_STATES,
            activity__scheduled_on__gte=today,
        )
        .select_related("activity")
        .order_by("activity__scheduled_on", "start_time", "activity__seq")
    )


def public_notice(campaign: Campaign, seq: int) -> ActivityNotice | None:
    return (
        ActivityNotice.objects.filter(
            activity__campaign=campaign,
            activity__seq=seq,
            activity__state__in=NOTICE_PUBLIC_STATES,
        )
        .select_related("activity")
        .first()
    )


def published_reports(campaign: Campaign) -> QuerySet[ActivityReport]:
    """Reports of published activities, latest held first, with a few photos and every
    media link (3 queries whatever their number)."""
    return (
        ActivityReport.objects.filter(
            activity__campaign=campaign, activity__state=ActivityState.PUBLISHED
        )
        .select_related("activity")
        .annotate(photo_count=Count("photos", distinct=True))
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=ReportPhoto.objects.order_by("position", "id")[:COLUMN_PHOTOS],
                to_attr="column_photos",
            ),
            Prefetch("media", queryset=MediaReport.objects.order_by("position", "id")),
        )
        .order_by("-held_on", "-activity__seq")
    )


def public_report(campaign: Campaign, seq: int) -> ActivityReport | None:
    return (
        report_with_details()
        .filter(
            activity__campaign=campaign,
            activity__seq=seq,
            activity__state=ActivityState.PUBLISHED,
        )
        .select_related("activity")
        .prefetch_related("activity__hosts", "activity__forms")
        .first()
    )


def public_photo(campaign: Campaign, seq: int, photo_id: int) -> ReportPhoto | None:
    """A photo the public may fetch: its report's activity is published. Otherwise None."""
    return ReportPhoto.objects.filter(
        pk=photo_id,
        report__activity__campaign=campaign,
        report__activity__seq=seq,
        report__activity__state=ActivityState.PUBLISHED,
    ).first()


def open_deadlines() -> QuerySet[ActivityDeadline]:
    """Deadlines not yet met, of activities that are not cancelled."""
    return ActivityDeadline.objects.filter(done_on__isnull=True).exclude(
        activity__state=ActivityState.CANCELLED
    )


def overdue_deadlines(
    today: dt.date, deadlines: QuerySet[ActivityDeadline] | None = None
) -> QuerySet[ActivityDeadline]:
    """What every page and reminder calls overdue: open deadlines (of ``deadlines``, itself
    narrowed from ``open_deadlines``) before ``today`` whose date does not rest on an
    unpublished holiday arrangement."""
    base = open_deadlines() if deadlines is None else deadlines
    return base.filter(due_on__lt=today, provisional=False)
