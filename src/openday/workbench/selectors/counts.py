"""What "running" means on the to-do page, and the table of activities by month and state that
the liaison's and the office's sections both show."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from openday.activities.enums import ActivityState as S
from openday.activities.models import Activity, ActivityHost, has_steps_q
from openday.campaigns.enums import CampaignPhase
from openday.core.formats import months_label


def running_activities() -> QuerySet[Activity]:
    """Activities of running campaigns: a draft or closed campaign has nothing left to do."""
    return Activity.objects.filter(campaign__phase=CampaignPhase.RUNNING)


def hosts_prefetch() -> Prefetch:
    return Prefetch("hosts", queryset=ActivityHost.objects.order_by("position", "pk"))


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
    """One grouped query: per campaign, per start month ("待定" last), per state column.
    Events, not hosts: a joint row's lead and its parts held on their own count once each."""
    aggregates = {
        f"c{i}": Count("id", filter=Q(state__in=states))
        for i, (_label, states) in enumerate(STATE_COLUMNS)
    }
    rows = (
        activities.filter(has_steps_q())
        .order_by()
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
            # Databases disagree on where NULL sorts; the undated row always comes last.
            undated[row["campaign_id"]] = line
        else:
            table.rows.append(line)
    for campaign_id, line in undated.items():
        tables[campaign_id].rows.append(line)
    return list(tables.values())
