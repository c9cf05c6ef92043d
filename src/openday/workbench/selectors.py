"""Reads behind the to-do page (待办): what each role has to do, or to watch, today.

The user's memberships are read once (``scope_of``); every other read takes that scope and
``today`` from the caller, applies the user's visibility in SQL and runs a fixed number of
queries whatever the size of the plan:

- ``liaison_todo``: the activities the liaison's units host (directly, or through a group host
  such as 各街道办事处), each with its next step and open deadlines, most urgent first.
- ``office_todo``: for an office admin's regions, reports waiting for review, overdue
  deadlines by unit, activities still without a date late in their month, declarations to
  review.
- ``region_overview``: per region of a superior viewer's subtree (everything for the site
  superuser), how far the running campaign has got.

Only running campaigns count: a draft or closed campaign has nothing left to do.
"""

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from openday.activities import deadlines
from openday.activities.enums import ActivityState as S
from openday.activities.enums import DeadlineStatus
from openday.activities.lifecycle import ACTION_LABELS, next_actions
from openday.activities.models import Activity, ActivityDeadline, ActivityEvent, ActivityHost
from openday.activities.months import months_label
from openday.activities.permissions import LIAISON_ACTIONS
from openday.activities.selectors import UNSCHEDULED_WARNING_DAYS, overdue_deadlines
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.declarations.models import Declaration
from openday.declarations.selectors import declarations_to_review as review_queue
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Membership, Unit

# --- Who the user is -----------------------------------------------------------------------


@dataclass(frozen=True)
class LiaisonUnit:
    unit_id: int
    kind: str
    region_id: int


@dataclass(frozen=True)
class Scope:
    """The user's memberships, read once per request."""

    is_superuser: bool = False
    admin_region_ids: frozenset[int] = frozenset()
    liaison_units: tuple[LiaisonUnit, ...] = ()
    viewer_paths: tuple[str, ...] = ()

    @property
    def is_office_admin(self) -> bool:
        return bool(self.admin_region_ids)

    @property
    def sees_overview(self) -> bool:
        return self.is_superuser or bool(self.viewer_paths)

    @property
    def can_read_audit(self) -> bool:
        return self.is_superuser or self.is_office_admin


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False):
        return Scope()
    admin_regions, units, paths = set(), [], []
    rows = Membership.objects.filter(user=user).values_list(
        "role", "region_id", "region__path", "unit_id", "unit__kind"
    )
    for role, region_id, path, unit_id, kind in rows:
        if role == Role.OFFICE_ADMIN:
            admin_regions.add(region_id)
        elif role == Role.UNIT_LIAISON:
            units.append(LiaisonUnit(unit_id=unit_id, kind=kind, region_id=region_id))
        elif role == Role.SUPERIOR_VIEWER:
            paths.append(path)
    return Scope(
        is_superuser=user.is_superuser,
        admin_region_ids=frozenset(admin_regions),
        liaison_units=tuple(units),
        viewer_paths=tuple(sorted(paths)),
    )


def running_activities() -> QuerySet[Activity]:
    return Activity.objects.filter(campaign__phase=CampaignPhase.RUNNING)


def _hosts_prefetch() -> Prefetch:
    return Prefetch("hosts", queryset=ActivityHost.objects.order_by("position", "pk"))


def late_unscheduled_q(today: dt.date) -> Q:
    """``activities.selectors.unscheduled_late`` as one filter over campaigns of any year.

    Planned activities without a date whose last month is over, or ends within
    ``UNSCHEDULED_WARNING_DAYS`` of ``today``; a past year's campaign counts every month.
    """
    last_day = calendar.monthrange(today.year, today.month)[1]
    late_now = last_day - today.day < UNSCHEDULED_WARNING_DAYS
    months_over = today.month if late_now else today.month - 1
    return Q(state=S.PLANNED, scheduled_on__isnull=True) & (
        Q(campaign__year__lt=today.year, month_end__isnull=False)
        | Q(campaign__year=today.year, month_end__lte=months_over)
    )


def _is_late_unscheduled(activity: Activity, today: dt.date) -> bool:
    """The same rule as ``late_unscheduled_q``, on an activity already in memory."""
    if activity.state != S.PLANNED or activity.scheduled_on or activity.month_end is None:
        return False
    year = activity.campaign.year
    if year != today.year:
        return year < today.year
    last_day = calendar.monthrange(today.year, today.month)[1]
    late_now = last_day - today.day < UNSCHEDULED_WARNING_DAYS
    return activity.month_end <= (today.month if late_now else today.month - 1)


# --- Counts by month and state ----------------------------------------------------------------

# Columns of the monthly counts: each state belongs to exactly one, so a row adds up.
STATE_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("待定日期", (S.PLANNED,)),
    ("已定日期", (S.SCHEDULED, S.FILED, S.ANNOUNCED, S.POSTPONED)),
    ("已开展", (S.HELD,)),
    ("待审核", (S.REPORTED,)),
    ("已审核", (S.ACCEPTED,)),
    ("已发布", (S.PUBLISHED,)),
    ("已取消", (S.CANCELLED,)),
]


@dataclass
class MonthRow:
    label: str
    counts: list[int]
    total: int


@dataclass
class CampaignMonths:
    """One running campaign's activities counted by start month and state."""

    slug: str
    title: str
    rows: list[MonthRow] = field(default_factory=list)

    @property
    def totals(self) -> MonthRow:
        width = len(STATE_COLUMNS)
        counts = [sum(row.counts[i] for row in self.rows) for i in range(width)]
        return MonthRow(label="合计", counts=counts, total=sum(counts))


def counts_by_month(activities: QuerySet[Activity]) -> list[CampaignMonths]:
    """One grouped query: per campaign, per start month ("时间待定" last), per state column."""
    aggregates = {
        f"c{i}": Count("id", filter=Q(state__in=states))
        for i, (_label, states) in enumerate(STATE_COLUMNS)
    }
    rows = (
        activities.order_by()
        .values("campaign_id", "campaign__slug", "campaign__title", "campaign__year", "month_start")
        .annotate(**aggregates)
        .order_by("-campaign__year", "campaign_id", "month_start")
    )
    tables: dict[int, CampaignMonths] = {}
    undated: dict[int, MonthRow] = {}
    for row in rows:
        table = tables.setdefault(
            row["campaign_id"],
            CampaignMonths(slug=row["campaign__slug"], title=row["campaign__title"]),
        )
        counts = [row[f"c{i}"] for i in range(len(STATE_COLUMNS))]
        month = row["month_start"]
        line = MonthRow(label=months_label(month, month), counts=counts, total=sum(counts))
        if month is None:
            # Databases disagree on where NULL sorts; "时间待定" always comes last.
            undated[row["campaign_id"]] = line
        else:
            table.rows.append(line)
    for campaign_id, line in undated.items():
        tables[campaign_id].rows.append(line)
    return list(tables.values())


# --- Unit liaison -------------------------------------------------------------------------


def _forward_actions(state: str) -> list[str]:
    # Postponing is a choice a liaison may make, not the next step of the work.
    return [
        action
        for _target, action in next_actions(state)
        if action in LIAISON_ACTIONS and action != "postpone"
    ]


# States from which the liaison has a step to take; later ones wait for the office.
LIAISON_STEP_STATES = tuple(s for s in S.values if _forward_actions(s))


def next_step(activity: Activity, today: dt.date) -> str | None:
    """The liaison's next action on ``activity`` as of ``today``, or None (the office's turn).

    The lifecycle's first forward action the liaison may take, except that filing is skipped
    when the campaign asks for no plan to be filed, and once the date has come the step is to
    confirm the activity was held.
    """
    actions = _forward_actions(activity.state)
    rules = getattr(activity.campaign, "rules", None)
    if "file" in actions and (rules is None or rules.filing_lead_days is None):
        actions.remove("file")
    if "hold" in actions and activity.scheduled_on and activity.scheduled_on <= today:
        return "hold"
    return actions[0] if actions else None


@dataclass(frozen=True)
class OpenDeadline:
    kind: str
    due_on: dt.date
    status: DeadlineStatus


# How urgent a row is: overdue first, then due soon, then undated late in its month.
_URGENCY = {DeadlineStatus.OVERDUE: 0, DeadlineStatus.DUE_SOON: 1}
LATE_UNSCHEDULED = 2
_NOT_URGENT = 3


@dataclass(frozen=True)
class TodoRow:
    activity: Activity
    step: str | None
    deadlines: list[OpenDeadline]
    late_unscheduled: bool

    @property
    def step_label(self) -> str:
        return ACTION_LABELS[self.step] if self.step else "等待公开办办理"

    @property
    def urgency(self) -> int:
        if self.deadlines:
            return _URGENCY.get(self.deadlines[0].status, _NOT_URGENT)
        return LATE_UNSCHEDULED if self.late_unscheduled else _NOT_URGENT

    def sort_key(self) -> tuple:
        a = self.activity
        if self.deadlines:
            on = self.deadlines[0].due_on
        elif a.scheduled_on:
            on = a.scheduled_on
        elif a.month_start:
            on = dt.date(a.campaign.year, a.month_start, 1)
        else:
            on = dt.date(a.campaign.year, 12, 31)
        return (self.urgency, on, a.campaign.year, a.seq)


@dataclass
class LiaisonTodo:
    rows: list[TodoRow]
    months: list[CampaignMonths]
    declarations: list["OpenDeclaration"] = field(default_factory=list)

    def _count(self, urgency: int) -> int:
        return sum(1 for row in self.rows if row.urgency == urgency)

    @property
    def overdue(self) -> int:
        return self._count(0)

    @property
    def due_soon(self) -> int:
        return self._count(1)

    @property
    def late_unscheduled(self) -> int:
        return self._count(LATE_UNSCHEDULED)


def liaison_activities(scope: Scope) -> QuerySet[Activity]:
    """Activities of running campaigns hosted by the liaison's units, directly or by group."""
    hosts = Q(pk__in=[])
    for unit in scope.liaison_units:
        groups = [group for group, kinds in GROUP_KINDS.items() if unit.kind in kinds]
        hosts |= Q(activity__campaign__region_id=unit.region_id) & (
            Q(unit_id=unit.unit_id) | Q(group__in=groups)
        )
    return running_activities().filter(
        pk__in=ActivityHost.objects.filter(hosts).values("activity_id")
    )


def _urgency_order(items: Iterable[OpenDeadline]) -> list[OpenDeadline]:
    return sorted(items, key=lambda d: (_URGENCY.get(d.status, _NOT_URGENT), d.due_on))


@dataclass(frozen=True)
class OpenDeclaration:
    """A campaign taking declarations, for one of the liaison's units."""

    campaign: Campaign
    unit: Unit
    state_label: str  # "未填写" when the unit has not started one
    closes_on: dt.date | None


def open_declarations(scope: Scope) -> list[OpenDeclaration]:
    """Campaigns in their declaration phase where the liaison's units may declare (2 queries)."""
    region_ids = {u.region_id for u in scope.liaison_units}
    campaigns = list(
        Campaign.objects.filter(phase=CampaignPhase.DECLARATION, region_id__in=region_ids)
        .select_related("declaration_window")
        .order_by("region__path")
    )
    if not campaigns:
        return []
    unit_ids = [u.unit_id for u in scope.liaison_units]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    states = {
        (d.campaign_id, d.unit_id): d.get_state_display()
        for d in Declaration.objects.filter(campaign__in=campaigns, unit_id__in=unit_ids)
    }
    return [
        OpenDeclaration(
            campaign=campaign,
            unit=units[u.unit_id],
            state_label=states.get((campaign.pk, u.unit_id), "未填写"),
            closes_on=getattr(getattr(campaign, "declaration_window", None), "closes_on", None),
        )
        for campaign in campaigns
        for u in scope.liaison_units
        if u.region_id == campaign.region_id
    ]


def liaison_todo(scope: Scope, today: dt.date) -> LiaisonTodo | None:
    """The liaison's activities that wait for them, most urgent first (4 queries)."""
    if not scope.liaison_units:
        return None
    activities = (
        liaison_activities(scope)
        .filter(state__in=LIAISON_STEP_STATES)
        .select_related("campaign__rules")
        .prefetch_related(
            _hosts_prefetch(),
            Prefetch(
                "deadlines",
                queryset=ActivityDeadline.objects.filter(done_on__isnull=True),
                to_attr="open_deadlines",
            ),
        )
    )
    rows = [
        TodoRow(
            activity=activity,
            step=next_step(activity, today),
            deadlines=_urgency_order(
                OpenDeadline(
                    kind=d.get_kind_display(), due_on=d.due_on, status=deadlines.status(d, today)
                )
                for d in activity.open_deadlines
            ),
            late_unscheduled=_is_late_unscheduled(activity, today),
        )
        for activity in activities
    ]
    rows.sort(key=TodoRow.sort_key)
    return LiaisonTodo(
        rows=rows,
        months=counts_by_month(liaison_activities(scope)),
        declarations=open_declarations(scope),
    )


# --- Office admin -------------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueItem:
    activity: Activity
    kind: str
    due_on: dt.date
    days_over: int

    @property
    def seq(self) -> int:
        return self.activity.seq

    @property
    def title(self) -> str:
        return self.activity.title

    @property
    def campaign_slug(self) -> str:
        return self.activity.campaign.slug


@dataclass
class UnitOverdue:
    unit: str
    items: list[OverdueItem]


@dataclass
class OfficeTodo:
    campaigns: list[Campaign]
    reports: list[Activity]
    overdue: list[UnitOverdue]
    unscheduled: list[Activity]
    months: list[CampaignMonths]
    declarations: list = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return len({item.activity.pk for unit in self.overdue for item in unit.items})


def office_activities(scope: Scope) -> QuerySet[Activity]:
    return running_activities().filter(campaign__region_id__in=scope.admin_region_ids)


def reports_to_review(scope: Scope) -> QuerySet[Activity]:
    """Reported activities waiting for the office, longest waiting first."""
    reported_at = (
        ActivityEvent.objects.filter(activity=OuterRef("pk"), to_state=S.REPORTED)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        office_activities(scope)
        .filter(state=S.REPORTED)
        .annotate(reported_at=Subquery(reported_at))
        .select_related("campaign")
        .prefetch_related(_hosts_prefetch())
        .order_by("reported_at", "campaign_id", "seq")
    )


def overdue_by_unit(scope: Scope, today: dt.date) -> list[UnitOverdue]:
    """Open deadlines past their date, grouped by host (a unit, or a group such as 各街道).

    One query: each deadline comes once per host of its activity, so an activity two units
    host jointly is listed under both.
    """
    rows = (
        overdue_deadlines(today)
        .filter(activity__in=office_activities(scope))
        .annotate(host=Coalesce("activity__hosts__unit__name", "activity__hosts__text"))
        .select_related("activity__campaign")
        .order_by(F("host").asc(nulls_last=True), "due_on", "activity__seq", "kind")
    )
    groups = [
        UnitOverdue(
            unit=host or "未指定责任单位",
            items=[
                OverdueItem(
                    activity=d.activity,
                    kind=d.get_kind_display(),
                    due_on=d.due_on,
                    days_over=(today - d.due_on).days,
                )
                for d in items
            ],
        )
        for host, items in groupby(rows, key=lambda d: d.host)
    ]
    # Units with the most overdue first. Sorted here, not in SQL: databases order Chinese
    # names by different collations, and the page must read the same on all of them.
    groups.sort(key=lambda g: (-len(g.items), g.unit == "未指定责任单位", g.unit))
    return groups


def unscheduled_late_for_office(scope: Scope, today: dt.date) -> QuerySet[Activity]:
    return (
        office_activities(scope)
        .filter(late_unscheduled_q(today))
        .select_related("campaign")
        .prefetch_related(_hosts_prefetch())
        .order_by("campaign_id", "month_end", "seq")
    )


def declarations_to_review(scope: Scope) -> list:
    """The declarations waiting for the office's review in the admin's regions."""
    return list(review_queue(scope.admin_region_ids))


def office_todo(scope: Scope, today: dt.date) -> OfficeTodo | None:
    """The office's to-do for its regions (8 queries)."""
    if not scope.is_office_admin:
        return None
    return OfficeTodo(
        campaigns=list(
            Campaign.objects.filter(
                region_id__in=scope.admin_region_ids, phase=CampaignPhase.RUNNING
            ).order_by("-year", "region__path")
        ),
        reports=list(reports_to_review(scope)),
        overdue=overdue_by_unit(scope, today),
        unscheduled=list(unscheduled_late_for_office(scope, today)),
        months=counts_by_month(office_activities(scope)),
        declarations=declarations_to_review(scope),
    )


# --- Superior viewer and site superuser ---------------------------------------------------


@dataclass(frozen=True)
class RegionProgress:
    region: str
    parent: str | None
    order: tuple[int, int]
    year: int
    slug: str
    planned: int
    held: int
    reported: int
    published: int
    overdue: int


@dataclass
class Overview:
    rows: list[RegionProgress]

    @property
    def totals(self) -> dict[str, int]:
        names = ("planned", "held", "reported", "published", "overdue")
        return {name: sum(getattr(row, name) for row in self.rows) for name in names}


HELD_OR_LATER = (S.HELD, S.REPORTED, S.ACCEPTED, S.PUBLISHED)
REPORTED_OR_LATER = (S.REPORTED, S.ACCEPTED, S.PUBLISHED)


def region_overview(scope: Scope, today: dt.date) -> Overview | None:
    """Per running campaign of the viewer's subtree, how far it has got (one query).

    Counts are cumulative (an activity reported has also been held); "overdue" counts
    activities, not cancelled, with at least one open deadline past its date.
    """
    if not scope.sees_overview:
        return None
    campaigns = Campaign.objects.filter(phase=CampaignPhase.RUNNING)
    if not scope.is_superuser:
        subtree = Q(pk__in=[])
        for path in scope.viewer_paths:
            subtree |= Q(region__path__startswith=path)
        campaigns = campaigns.filter(subtree)
    live = Q(activities__state__in=[s for s in S.values if s != S.CANCELLED])
    rows = campaigns.annotate(
        planned=Count("activities", filter=live, distinct=True),
        held=Count("activities", filter=Q(activities__state__in=HELD_OR_LATER), distinct=True),
        reported=Count(
            "activities", filter=Q(activities__state__in=REPORTED_OR_LATER), distinct=True
        ),
        published=Count("activities", filter=Q(activities__state=S.PUBLISHED), distinct=True),
        overdue=Count(
            "activities",
            filter=live
            & Q(
                activities__deadlines__done_on__isnull=True,
                activities__deadlines__provisional=False,
                activities__deadlines__due_on__lt=today,
            ),
            distinct=True,
        ),
    ).values(
        "region_id",
        "region__name",
        "region__parent_id",
        "region__parent__name",
        "year",
        "slug",
        "planned",
        "held",
        "reported",
        "published",
        "overdue",
    )
    return Overview(
        rows=sorted(
            (
                RegionProgress(
                    region=row["region__name"],
                    parent=row["region__parent__name"],
                    order=(row["region__parent_id"] or 0, row["region_id"]),
                    year=row["year"],
                    slug=row["slug"],
                    planned=row["planned"],
                    held=row["held"],
                    reported=row["reported"],
                    published=row["published"],
                    overdue=row["overdue"],
                )
                for row in rows
            ),
            # Regions of one city together, in the order they were set up (the official order
            # as the configuration entered it); not by path, whose ids sort as text.
            key=lambda r: (*r.order, -r.year),
        )
    )


# --- The page -----------------------------------------------------------------------------


@dataclass
class Todo:
    scope: Scope
    liaison: LiaisonTodo | None
    office: OfficeTodo | None
    overview: Overview | None

    @property
    def is_empty(self) -> bool:
        return self.liaison is None and self.office is None and self.overview is None


def todo_for(user, today: dt.date) -> Todo:
    """Everything the to-do page shows for ``user``: one section per role they hold."""
    scope = scope_of(user)
    return Todo(
        scope=scope,
        liaison=liaison_todo(scope, today),
        office=office_todo(scope, today),
        overview=region_overview(scope, today),
    )
