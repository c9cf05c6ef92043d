"""Named reads of activities: the plan of a campaign, by month and as a table; the activities
late without a date (``unscheduled_late_q``, the rule every page composes); an activity's
materials for its staff page; and what the public column may show of notices and reports."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet

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


def _late_through_month(today: dt.date) -> int:
    """The last month of ``today``'s year whose activities without a date are late: the month
    before ``today``'s, or ``today``'s own once fewer than ``UNSCHEDULED_WARNING_DAYS`` are left
    in it (0 early in January: none)."""
    last_day = calendar.monthrange(today.year, today.month)[1]
    late_now = last_day - today.day < UNSCHEDULED_WARNING_DAYS
    return today.month if late_now else today.month - 1


def unscheduled_late_q(today: dt.date) -> Q:
    """The late-without-a-date rule, the one definition every page composes: planned
    activities still without a date whose last month is over, or ends within
    ``UNSCHEDULED_WARNING_DAYS`` of ``today``.

    A filter on activities of campaigns of any year: a past year's campaign counts every
    month, a future year's none; an activity without a month is never late.
    """
    return Q(state=ActivityState.PLANNED, scheduled_on__isnull=True) & (
        Q(campaign__year__lt=today.year, month_end__isnull=False)
        | Q(campaign__year=today.year, month_end__lte=_late_through_month(today))
    )


def with_unscheduled_late(activities: QuerySet[Activity], today: dt.date) -> QuerySet[Activity]:
    """``activities``, each with ``is_unscheduled_late`` (the same rule) read in the same query."""
    return activities.annotate(
        is_unscheduled_late=ExpressionWrapper(
            unscheduled_late_q(today), output_field=BooleanField()
        )
    )


def unscheduled_late(campaign: Campaign, today: dt.date) -> QuerySet[Activity]:
    """The campaign's plan rows still without a date late in their month, or past it.

    Deadlines wait for a date; this is how the office sees who has not fixed one in time.
    """
    return plan_activities(campaign).filter(unscheduled_late_q(today))


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
