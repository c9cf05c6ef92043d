"""The office admin's section of the to-do page, for the regions they administer: reports
waiting for review, overdue deadlines by host unit, activities still without a date late in
their month, the monthly counts and the declarations to review.

What is overdue (``activities.selectors.overdue_deadlines``) and what is late without a date
(``activities.selectors.unscheduled_late_q``) are the domain's rules; this module groups and
orders them for the page.
"""

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from openday.activities.enums import ActivityState as S
from openday.activities.enums import NoticeReview
from openday.activities.models import Activity, ActivityEvent, NoticeSubmission
from openday.activities.selectors import overdue_deadlines, unscheduled_late_q
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.core.scope import scope_of
from openday.declarations.selectors import declarations_to_review as review_queue
from openday.orgs.enums import Role
from openday.orgs.selectors import units_without_liaison
from openday.workbench.selectors.counts import (
    CampaignMonths,
    counts_by_month,
    hosts_prefetch,
    running_activities,
)

NO_HOST = "未指定责任单位"


@dataclass(frozen=True)
class OverdueItem:
    activity: Activity
    kind: str
    due_on: dt.date
    days_over: int

    @property
    def seq(self) -> str:
        """The activity's reference: its 序号, or "23-2" for a part of a joint row."""
        return self.activity.ref

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
    # Units' 活动预告 waiting for the office's review before they go public.
    notices: list[NoticeSubmission]
    overdue: list[UnitOverdue]
    unscheduled: list[Activity]
    months: list[CampaignMonths]
    declarations: list = field(default_factory=list)
    # Active units with no active liaison: their reminders and returned reports reach no one.
    units_without_liaison: list = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return len({item.activity.pk for unit in self.overdue for item in unit.items})


def office_region_ids(who) -> set[int]:
    """The regions whose office ``who`` (a user or a Scope) administers."""
    return scope_of(who).region_ids(Role.OFFICE_ADMIN)


def office_activities(who) -> QuerySet[Activity]:
    return running_activities().filter(campaign__region_id__in=office_region_ids(who))


def reports_to_review(who) -> QuerySet[Activity]:
    """Reported activities waiting for the office, longest waiting first."""
    reported_at = (
        ActivityEvent.objects.filter(activity=OuterRef("pk"), to_state=S.REPORTED)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    return (
        office_activities(who)
        .filter(state=S.REPORTED)
        .annotate(reported_at=Subquery(reported_at))
        .select_related("campaign")
        .prefetch_related(hosts_prefetch())
        .order_by("reported_at", "campaign_id", "seq")
    )


def notices_to_review(who) -> QuerySet[NoticeSubmission]:
    """Units' 活动预告 handed in and not yet reviewed, the earliest handed in first."""
    return (
        NoticeSubmission.objects.filter(
            activity__in=office_activities(who), review=NoticeReview.SUBMITTED
        )
        .select_related("activity__campaign")
        .order_by("created_at", "pk")
    )


def overdue_by_unit(who, today: dt.date) -> list[UnitOverdue]:
    """Open deadlines past their date, grouped by host (a unit, or a group such as 各街道).

    One query: each deadline comes once per host of its activity, so an activity two units
    host jointly is listed under both.
    """
    rows = (
        overdue_deadlines(today)
        .filter(activity__in=office_activities(who))
        .annotate(host=Coalesce("activity__hosts__unit__name", "activity__hosts__text"))
        .select_related("activity__campaign")
        .order_by(F("host").asc(nulls_last=True), "due_on", "activity__seq", "kind")
    )
    groups = [
        UnitOverdue(
            unit=host or NO_HOST,
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
    groups.sort(key=lambda g: (-len(g.items), g.unit == NO_HOST, g.unit))
    return groups


def unscheduled_late_for_office(who, today: dt.date) -> QuerySet[Activity]:
    return (
        office_activities(who)
        .filter(unscheduled_late_q(today))
        .select_related("campaign")
        .prefetch_related(hosts_prefetch())
        .order_by("campaign_id", "month_end", "seq")
    )


def declarations_to_review(who) -> list:
    """The declarations waiting for the office's review in the admin's regions."""
    return list(review_queue(office_region_ids(who)))


def office_todo(who, today: dt.date) -> OfficeTodo | None:
    """The office's to-do for its regions (10 queries: campaigns, reports and their hosts,
    notices to review, overdue deadlines, late activities and their hosts, monthly counts,
    declarations, units without a liaison); None for someone who administers no region."""
    scope = scope_of(who)
    region_ids = office_region_ids(scope)
    if not region_ids:
        return None
    return OfficeTodo(
        campaigns=list(
            Campaign.objects.filter(region_id__in=region_ids, phase=CampaignPhase.RUNNING).order_by(
                "-year", "region__path"
            )
        ),
        reports=list(reports_to_review(scope)),
        notices=list(notices_to_review(scope)),
        overdue=overdue_by_unit(scope, today),
        unscheduled=list(unscheduled_late_for_office(scope, today)),
        months=counts_by_month(office_activities(scope)),
        declarations=declarations_to_review(scope),
        units_without_liaison=list(units_without_liaison(region_ids)),
    )
