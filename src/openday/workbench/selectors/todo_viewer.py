"""The overview section of the to-do page: per running campaign of a superior viewer's subtree
(every region for the site superuser), how far it has got, in one query."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from openday.activities.enums import ActivityState as S
from openday.activities.lifecycle import HELD_STATES
from openday.activities.models import has_steps_q
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.core.scope import scope_of
from openday.orgs.enums import Role
from openday.orgs.selectors import user_region_paths


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


HELD_OR_LATER = HELD_STATES
REPORTED_OR_LATER = (S.REPORTED, S.ACCEPTED, S.PUBLISHED)


def region_overview(who, today: dt.date) -> Overview | None:
    """Per running campaign of the viewer's subtree, how far it has got (one query); None for
    someone who is neither a superior viewer nor the superuser.

    Counts are cumulative (an activity reported has also been held); "overdue" counts
    activities, not cancelled, with at least one open deadline past its date.
    """
    scope = scope_of(who)
    paths = user_region_paths(scope, (Role.SUPERIOR_VIEWER,))
    if not (scope.is_superuser or paths):
        return None
    campaigns = Campaign.objects.filter(phase=CampaignPhase.RUNNING)
    if not scope.is_superuser:
        subtree = Q(pk__in=[])
        for path in paths:
            subtree |= Q(region__path__startswith=path)
        campaigns = campaigns.filter(subtree)
    # Events, not hosts: a part held with its lead, or a row only its parts hold, is none.
    live = Q(activities__state__in=[s for s in S.values if s != S.CANCELLED]) & has_steps_q(
        "activities__"
    )
    rows = campaigns.annotate(
        planned=Count("activities", filter=live, distinct=True),
        held=Count(
            "activities", filter=live & Q(activities__state__in=HELD_OR_LATER), distinct=True
        ),
        reported=Count(
            "activities", filter=live & Q(activities__state__in=REPORTED_OR_LATER), distinct=True
        ),
        published=Count(
            "activities", filter=live & Q(activities__state=S.PUBLISHED), distinct=True
        ),
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
