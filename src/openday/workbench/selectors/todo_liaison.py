"""The unit liaison's section of the to-do page: the activities their units host (directly,
or through a group host such as 各街道办事处), each with its next step and open deadlines,
most urgent first; the monthly counts; and the campaigns taking declarations from them.

The next step (``activities.steps``) and the late-without-a-date rule
(``activities.selectors.unscheduled_late_q``) are the domain's; this module only orders and
counts them for the page.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from openday.activities import deadlines
from openday.activities.enums import DeadlineStatus
from openday.activities.models import Activity, ActivityDeadline, ActivityHost, acting_host_q
from openday.activities.selectors import with_notice_waiting, with_unscheduled_late
from openday.activities.steps import LIAISON_STEP_STATES, next_step, step_label
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.core.scope import scope_of
from openday.declarations.models import Declaration
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Unit
from openday.workbench.selectors.counts import (
    CampaignMonths,
    counts_by_month,
    hosts_prefetch,
    running_activities,
)


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
        return step_label(self.step)

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


@dataclass(frozen=True)
class OpenDeclaration:
    """A campaign taking declarations, for one of the liaison's units."""

    campaign: Campaign
    unit: Unit
    state_label: str  # "未填写" when the unit has not started one
    closes_on: dt.date | None


@dataclass
class LiaisonTodo:
    rows: list[TodoRow]
    months: list[CampaignMonths]
    declarations: list[OpenDeclaration] = field(default_factory=list)

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


def liaison_activities(who) -> QuerySet[Activity]:
    """Activities of running campaigns hosted by the units ``who`` (a user or a Scope) is
    liaison of, directly or by group."""
    hosts = Q(pk__in=[])
    for grant in scope_of(who).with_role(Role.UNIT_LIAISON):
        groups = [group for group, kinds in GROUP_KINDS.items() if grant.unit_kind in kinds]
        hosts |= Q(activity__campaign__region_id=grant.region_id) & (
            Q(unit_id=grant.unit_id) | Q(group__in=groups)
        )
    return running_activities().filter(
        pk__in=ActivityHost.objects.filter(acting_host_q()).filter(hosts).values("activity_id")
    )


def _urgency_order(items: Iterable[OpenDeadline]) -> list[OpenDeadline]:
    return sorted(items, key=lambda d: (_URGENCY.get(d.status, _NOT_URGENT), d.due_on))


def open_declarations(who) -> list[OpenDeclaration]:
    """Campaigns in their declaration phase where the liaison's units may declare (1 query,
    3 when there is one)."""
    grants = scope_of(who).with_role(Role.UNIT_LIAISON)
    campaigns = list(
        Campaign.objects.filter(
            phase=CampaignPhase.DECLARATION, region_id__in={g.region_id for g in grants}
        )
        .select_related("declaration_window")
        .order_by("region__path")
    )
    if not campaigns:
        return []
    unit_ids = [g.unit_id for g in grants]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    states = {
        (d.campaign_id, d.unit_id): d.get_state_display()
        for d in Declaration.objects.filter(campaign__in=campaigns, unit_id__in=unit_ids)
    }
    return [
        OpenDeclaration(
            campaign=campaign,
            unit=units[g.unit_id],
            state_label=states.get((campaign.pk, g.unit_id), "未填写"),
            closes_on=getattr(getattr(campaign, "declaration_window", None), "closes_on", None),
        )
        for campaign in campaigns
        for g in grants
        if g.region_id == campaign.region_id
    ]


def liaison_todo(who, today: dt.date) -> LiaisonTodo | None:
    """The liaison's activities that wait for them, most urgent first (5 queries: rows, hosts,
    open deadlines, monthly counts, declaration campaigns); None for someone who is no
    liaison."""
    scope = scope_of(who)
    if not scope.has(Role.UNIT_LIAISON):
        return None
    activities = (
        with_notice_waiting(
            with_unscheduled_late(
                liaison_activities(scope).filter(state__in=LIAISON_STEP_STATES), today
            )
        )
        .select_related("campaign__rules")
        .prefetch_related(
            hosts_prefetch(),
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
            late_unscheduled=activity.is_unscheduled_late,
        )
        for activity in activities
    ]
    rows.sort(key=TodoRow.sort_key)
    return LiaisonTodo(
        rows=rows,
        months=counts_by_month(liaison_activities(scope)),
        declarations=open_declarations(scope),
    )
