"""Named reads of activities: the plan of a campaign, by month and as a table; the activities
late without a date (``unscheduled_late_q``, the rule every page composes); an activity's
materials for its staff page; and what the public column may show of notices and reports."""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from openday.activities.enums import ActivityState, NoticeReview
from openday.activities.lifecycle import (
    FINAL_STATES,
    HELD_STATES,
    NOT_HELD_STATES,
    REPORTED_STATES,
)
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityFiling,
    ActivityForm,
    ActivityHost,
    ActivityNotice,
    ActivityReport,
    MediaReport,
    NoticeSubmission,
    PublicCorrection,
    ReportAttendance,
    ReportPhoto,
    has_steps_q,
    ref_lookup,
)
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.orgs.enums import GROUP_KINDS
from openday.orgs.models import Unit


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
    """The campaign's plan rows in 序号 order, with forms and hosts fetched (3 queries); the
    parts of joint rows are not rows of the plan."""
    return (
        Activity.objects.rows()
        .filter(campaign=campaign)
        .order_by("seq")
        .prefetch_related(
            Prefetch("forms", queryset=ActivityForm.objects.order_by("position", "pk")),
            Prefetch("hosts", queryset=ActivityHost.objects.order_by("position", "pk")),
        )
    )


@dataclass(frozen=True)
class PartLine:
    """A part of a joint row as lists show it: its unit, where it stands, whether it is held."""

    part: Activity
    unit: str
    held: bool

    @property
    def state_label(self) -> str:
        if self.part.with_lead:
            return "随牵头单位一同开展"
        return ActivityState(self.part.state).label

    @property
    def public_label(self) -> str:
        """Where the part stands, in the column's words (no office steps)."""
        if self.part.with_lead:
            return "随牵头单位一同开展"
        if self.part.state == ActivityState.PUBLISHED:
            return "已开展，报道已发布"
        if self.part.state == ActivityState.CANCELLED:
            return "已取消"
        return "已开展" if self.held else "待开展"


def part_lines(row: Activity) -> list[PartLine]:
    """The parts of a joint row, from its prefetched ``parts`` (with their hosts): a part held
    with its lead counts as held once the lead is."""
    lead_held = row.state in HELD_STATES
    lines = []
    for part in row.parts.all():
        hosts = list(part.hosts.all())
        held = lead_held if part.with_lead else part.state in HELD_STATES
        lines.append(PartLine(part=part, unit=hosts[0].text if hosts else "", held=held))
    return lines


def parts_prefetch() -> Prefetch:
    return Prefetch(
        "parts",
        queryset=Activity.objects.order_by("part_no").prefetch_related(
            Prefetch("hosts", queryset=ActivityHost.objects.order_by("position", "pk"))
        ),
    )


def by_month(rows) -> list[MonthGroup]:
    """Plan rows (activities, or anything with a ``month_start``) grouped by start month,
    months in calendar order, "时间待定" last. A range such as 5-6月 sits under its start month;
    within a month the rows keep their order."""
    groups: dict[int | None, MonthGroup] = {}
    for row in rows:
        groups.setdefault(row.month_start, MonthGroup(month=row.month_start)).activities.append(row)
    ordered = [groups[month] for month in sorted(k for k in groups if k is not None)]
    if None in groups:
        ordered.append(groups[None])
    return ordered


def plan_by_month(campaign: Campaign) -> list[MonthGroup]:
    """The campaign's plan rows grouped by start month (``by_month``), in 序号 order."""
    return by_month(plan_activities(campaign))


def plan_counts_by_month(campaign: Campaign) -> list[dict]:
    """``[{"month_start": 3, "count": 5}, ...]`` in calendar order, no month (None) last."""
    rows = list(
        Activity.objects.rows()
        .filter(campaign=campaign)
        .values("month_start")
        .annotate(count=Count("id"))
        .order_by("month_start")
    )
    # Databases disagree on where NULL sorts; the table always puts "待定" last.
    return [r for r in rows if r["month_start"] is not None] + [
        r for r in rows if r["month_start"] is None
    ]


def plan_first_month(campaign: Campaign) -> int | None:
    """The month the plan starts in (its earliest row's start month); None without months."""
    return (
        Activity.objects.rows()
        .filter(campaign=campaign, month_start__isnull=False)
        .aggregate(first=Min("month_start"))
        .get("first")
    )


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
    month, a future year's none; an activity without a month is never late, nor one of a
    closed year.
    """
    return (
        Q(state=ActivityState.PLANNED, scheduled_on__isnull=True)
        & has_steps_q()
        & ~Q(campaign__phase=CampaignPhase.CLOSED)
        & (
            Q(campaign__year__lt=today.year, month_end__isnull=False)
            | Q(campaign__year=today.year, month_end__lte=_late_through_month(today))
        )
    )


def with_unscheduled_late(activities: QuerySet[Activity], today: dt.date) -> QuerySet[Activity]:
    """``activities``, each with ``is_unscheduled_late`` (the same rule) read in the same query."""
    return activities.annotate(
        is_unscheduled_late=ExpressionWrapper(
            unscheduled_late_q(today), output_field=BooleanField()
        )
    )


def with_notice_waiting(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """``activities``, each with ``notice_waiting``: a unit's 活动预告 handed in and not yet
    reviewed (read in the same query; ``steps.next_step`` reads it)."""
    return activities.annotate(
        notice_waiting=Exists(
            NoticeSubmission.objects.filter(activity=OuterRef("pk"), review=NoticeReview.SUBMITTED)
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
    # The unit's notice waiting for review or returned to it, if any.
    submission: NoticeSubmission | None = None


def report_with_details() -> QuerySet[ActivityReport]:
    """Reports with their groups, media, photos and attachments fetched (5 queries in all)."""
    return ActivityReport.objects.prefetch_related(
        Prefetch("attendance", queryset=ReportAttendance.objects.order_by("id")),
        "media",
        "photos",
        "attachments",
    )


# A unit's notice still open: waiting for the office, or back with the unit.
OPEN_REVIEWS = (NoticeReview.SUBMITTED, NoticeReview.RETURNED)


def open_submission(activity: Activity) -> NoticeSubmission | None:
    """The activity's notice waiting for review or returned to the unit, if any."""
    return (
        NoticeSubmission.objects.filter(activity=activity, review__in=OPEN_REVIEWS)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )


def activity_materials(activity: Activity) -> ActivityMaterials:
    """The newest filed plan, the notice and the report of an activity, for its staff page."""
    return ActivityMaterials(
        filing=ActivityFiling.objects.filter(activity=activity).select_related("filed_by").first(),
        notice=ActivityNotice.objects.filter(activity=activity).first(),
        report=report_with_details().filter(activity=activity).first(),
        submission=open_submission(activity),
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
            withdrawn_at__isnull=True,
        )
        .select_related("activity")
        .order_by("activity__scheduled_on", "start_time", "activity__seq")
    )


def public_notice(campaign: Campaign, seq) -> ActivityNotice | None:
    """The public notice of the activity ``seq`` refers to ("23", or "23-2" for a part)."""
    return (
        ActivityNotice.objects.filter(
            **ref_lookup(seq, "activity__"),
            activity__campaign=campaign,
            activity__state__in=NOTICE_PUBLIC_STATES,
            withdrawn_at__isnull=True,
        )
        .select_related("activity")
        .first()
    )


def published_reports(campaign: Campaign) -> QuerySet[ActivityReport]:
    """Reports of published activities, latest held first, with a few of their public photos
    and every media link (3 queries whatever their number)."""
    return (
        ActivityReport.objects.filter(
            activity__campaign=campaign, activity__state=ActivityState.PUBLISHED
        )
        .select_related("activity")
        .annotate(photo_count=Count("photos", filter=Q(photos__public=True), distinct=True))
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=ReportPhoto.objects.filter(public=True).order_by("position", "id")[
                    :COLUMN_PHOTOS
                ],
                to_attr="column_photos",
            ),
            Prefetch("media", queryset=MediaReport.objects.order_by("position", "id")),
        )
        .order_by("-held_on", "-activity__seq")
    )


def public_report(campaign: Campaign, seq) -> ActivityReport | None:
    """A published report with its public photos only (``public_photos``)."""
    return (
        report_with_details()
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=ReportPhoto.objects.filter(public=True).order_by("position", "id"),
                to_attr="public_photos",
            )
        )
        .filter(
            **ref_lookup(seq, "activity__"),
            activity__campaign=campaign,
            activity__state=ActivityState.PUBLISHED,
        )
        .select_related("activity")
        .prefetch_related("activity__hosts", "activity__forms")
        .first()
    )


def public_photo(campaign: Campaign, seq, photo_id: int) -> ReportPhoto | None:
    """A photo the public may fetch: the office made it public and its report's activity is
    published. Otherwise None."""
    return ReportPhoto.objects.filter(
        pk=photo_id,
        public=True,
        **ref_lookup(seq, "report__activity__"),
        report__activity__campaign=campaign,
        report__activity__state=ActivityState.PUBLISHED,
    ).first()


def public_corrections(activity: Activity, target: str) -> list[PublicCorrection]:
    """The corrections (更正) of an activity's public notice or report, oldest first."""
    return list(PublicCorrection.objects.filter(activity=activity, target=target).order_by("at"))


def host_scope(activity: Activity) -> tuple[set[int], set[str]]:
    """The units ``activity`` names as hosts and the unit kinds its group hosts cover: of a
    joint row, its lead only (each other host unit has its part)."""
    hosts = activity.acting_hosts()
    unit_ids = {host.unit_id for host in hosts if host.unit_id}
    kinds = {kind for host in hosts if host.group for kind in GROUP_KINDS[host.group]}
    return unit_ids, kinds


def host_units(activity: Activity) -> QuerySet[Unit]:
    """The units hosting ``activity``: those it names, and the active units of the region a
    group host (各街道办事处 …) covers (the lead only, for a joint row). Load the activity with
    its hosts."""
    unit_ids, kinds = host_scope(activity)
    return Unit.objects.filter(
        Q(pk__in=unit_ids)
        | Q(region_id=activity.campaign.region_id, kind__in=kinds, is_active=True)
    ).order_by("kind", "name")


def host_unit_list(activity: Activity) -> list[Unit]:
    """``host_units`` as a list, read from the activity's prefetched hosts (with their units):
    no query unless a group host names units by kind."""
    hosts = activity.acting_hosts()
    units = {host.unit_id: host.unit for host in hosts if host.unit_id}
    if any(host.group for host in hosts):
        units.update({unit.pk: unit for unit in host_units(activity)})
    return sorted(units.values(), key=lambda unit: (unit.kind, unit.name))


def notices_to_review(activities: QuerySet[Activity]) -> QuerySet[NoticeSubmission]:
    """Notices of ``activities`` that units handed in and the office has yet to review."""
    return (
        NoticeSubmission.objects.filter(activity__in=activities, review=NoticeReview.SUBMITTED)
        .select_related("activity__campaign", "submitted_by")
        .order_by("held_on", "activity__seq")
    )


def open_deadlines() -> QuerySet[ActivityDeadline]:
    """Deadlines not yet met, of activities that are not cancelled, in years not closed: a
    closed year's activities are owed nothing any more."""
    return (
        ActivityDeadline.objects.filter(done_on__isnull=True)
        .exclude(activity__state=ActivityState.CANCELLED)
        .exclude(activity__campaign__phase=CampaignPhase.CLOSED)
    )


def overdue_deadlines(
    today: dt.date, deadlines: QuerySet[ActivityDeadline] | None = None
) -> QuerySet[ActivityDeadline]:
    """What every page and reminder calls overdue: open deadlines (of ``deadlines``, itself
    narrowed from ``open_deadlines``) before ``today`` whose date does not rest on an
    unpublished holiday arrangement."""
    base = open_deadlines() if deadlines is None else deadlines
    return base.filter(due_on__lt=today, provisional=False)


# --- The year's end -------------------------------------------------------------------------


def unfinished_activities(campaign: Campaign) -> QuerySet[Activity]:
    """The activities neither published nor cancelled, in 序号 order with their hosts: what the
    office decides about when it closes the year. The parts of joint rows held on their own
    are among them; a part held with its lead, or a row only its parts hold, is not."""
    return (
        Activity.objects.filter(campaign=campaign)
        .filter(has_steps_q())
        .exclude(state__in=FINAL_STATES)
        .order_by("seq", "part_no")
        .prefetch_related(
            Prefetch("hosts", queryset=ActivityHost.objects.order_by("position", "pk"))
        )
    )


# Held: every state from 已开展 on (a cancelled activity was not held).
_HELD = ~Q(state__in=[*NOT_HELD_STATES, ActivityState.CANCELLED])


def joint_part_counts(activities: QuerySet[Activity]) -> dict[str, int]:
    """How many parts of joint rows ``activities`` has, and how many were held: on their own,
    or with their lead once the lead was held (one query)."""
    held_with_lead = Q(with_lead=True) & Q(lead__in=Activity.objects.filter(_HELD).values("pk"))
    return Activity.objects.filter(pk__in=activities.parts().values("pk")).aggregate(
        parts=Count("id"),
        parts_held=Count("id", filter=(Q(with_lead=False) & _HELD) | held_with_lead),
    )


# A report counts once handed in (reported, accepted or published), as in the statistics table.


def campaign_totals(campaign: Campaign) -> dict[str, int]:
    """The year's numbers as they stand (5 queries): plan rows; events held, published,
    cancelled and not held; the parts of joint rows and how many of them were held; and the
    coverage headcount and media reports of the reports handed in. Frozen on the campaign
    when the year closes.

    Events, not hosts: an activity counts once, whatever the number of its hosts; each part of
    a joint row held on its own is an event of its own, and one held with its lead is not.
    """
    counts = (
        Activity.objects.filter(campaign=campaign)
        .filter(has_steps_q())
        .aggregate(
            held=Count("id", filter=_HELD),
            published=Count("id", filter=Q(state=ActivityState.PUBLISHED)),
            cancelled=Count("id", filter=Q(state=ActivityState.CANCELLED)),
            not_held=Count("id", filter=Q(state__in=NOT_HELD_STATES)),
        )
    )
    counts["activities"] = Activity.objects.rows().filter(campaign=campaign).count()
    counts.update(joint_part_counts(Activity.objects.filter(campaign=campaign)))
    reports = ActivityReport.objects.filter(
        activity__campaign=campaign, activity__state__in=REPORTED_STATES
    )
    headcount = reports.aggregate(total=Sum("headcount"))["total"] or 0
    media = MediaReport.objects.filter(report__in=reports).count()
    return {**counts, "headcount": headcount, "media": media}
