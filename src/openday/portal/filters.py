"""Search and filter of a column's plan (``/column/<slug>/?unit=&month=&kind=&state=&q=``).

A plain GET form, so it works with JavaScript off. ``PlanFilter.from_query`` reads the query
string and never fails: a value it cannot use (an unknown unit, month 13, a query of 10,000
characters, control characters) is dropped with a note in Chinese that the page shows, and the
rest of the filter still applies. ``apply_filter`` narrows a queryset of activities;
``filter_groups`` keeps the column's month grouping (and the rows as it loaded them).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.activities.selectors import MonthGroup
from openday.campaigns.enums import FormKind
from openday.campaigns.models import Campaign
from openday.core.text import one_line
from openday.orgs.models import Unit
from openday.portal.selectors import public_unit, unit_host_q

PARAMS = ("unit", "month", "kind", "state", "q")
MAX_QUERY_CHARS = 50


@dataclass(frozen=True)
class StateChoice:
    value: str
    label: str
    states: tuple[str, ...]


# The public's words for where an activity stands; the workbench's finer states (filed,
# accepted …) are the office's business.
STATE_CHOICES = (
    StateChoice(
        "planned",
        "未开展",
        (
            ActivityState.PLANNED,
            ActivityState.SCHEDULED,
            ActivityState.FILED,
            ActivityState.ANNOUNCED,
        ),
    ),
    StateChoice(
        "held",
        "已开展",
        (
            ActivityState.HELD,
            ActivityState.REPORTED,
            ActivityState.ACCEPTED,
            ActivityState.PUBLISHED,
        ),
    ),
    StateChoice("published", "已发布活动报道", (ActivityState.PUBLISHED,)),
    StateChoice("postponed", "已延期", (ActivityState.POSTPONED,)),
    StateChoice("cancelled", "已取消", (ActivityState.CANCELLED,)),
)
_STATES = {choice.value: choice for choice in STATE_CHOICES}


@dataclass(frozen=True)
class PlanFilter:
    """What the visitor asked for, as far as it can be used; ``notes`` says what was not."""

    unit: Unit | None = None
    month: int | None = None
    kind: str = ""
    state: str = ""
    q: str = ""
    notes: tuple[str, ...] = ()
    # Whether the query string named any filter at all (even one that was then dropped).
    asked: bool = False

    @classmethod
    def from_query(cls, query: Mapping[str, str], campaign: Campaign) -> "PlanFilter":
        asked = any(query.get(name, "") != "" for name in PARAMS)
        if not asked:
            return cls()
        notes: list[str] = []
        unit = _unit(query.get("unit", ""), campaign, notes)
        month = _month(query.get("month", ""), notes)
        kind = _choice(query.get("kind", ""), FormKind.values, "活动形式", notes)
        state = _choice(query.get("state", ""), _STATES, "活动状态", notes)
        q = _text(query.get("q", ""), notes)
        return cls(unit, month, kind, state, q, tuple(notes), asked=True)

    @property
    def active(self) -> bool:
        """Whether anything usable narrows the plan."""
        return bool(self.unit or self.month or self.kind or self.state or self.q)

    @property
    def kind_label(self) -> str:
        return FormKind(self.kind).label if self.kind else ""

    @property
    def state_label(self) -> str:
        return _STATES[self.state].label if self.state else ""

    def query_string(self) -> str:
        """The usable part of the filter, as a query string (for links and the calendar)."""
        values = {
            "unit": self.unit.pk if self.unit else "",
            "month": self.month or "",
            "kind": self.kind,
            "state": self.state,
            "q": self.q,
        }
        return urlencode({k: v for k, v in values.items() if v != ""})


def _unit(raw: str, campaign: Campaign, notes: list[str]) -> Unit | None:
    raw = raw.strip()
    if not raw:
        return None
    unit = (
        public_unit(campaign, int(raw))
        if raw.isascii() and raw.isdigit() and len(raw) < 10
        else None
    )
    if unit is None:
        notes.append("没有找到所选的责任单位，已忽略该条件。")
    return unit


def _month(raw: str, notes: list[str]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 2 and 1 <= int(raw) <= 12:
        return int(raw)
    notes.append("月份应为 1 至 12 月，已忽略该条件。")
    return None


def _choice(raw: str, allowed: Iterable[str], label: str, notes: list[str]) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    if raw in allowed:
        return raw
    notes.append(f"没有这样的{label}，已忽略该条件。")
    return ""


def _text(raw: str, notes: list[str]) -> str:
    text = one_line(raw)
    if text != raw.strip():
        notes.append("搜索词中的控制字符和换行已去除。")
    if len(text) > MAX_QUERY_CHARS:
        notes.append(f"搜索词不能超过 {MAX_QUERY_CHARS} 个字，已忽略。")
        return ""
    return text


def apply_filter(plan_filter: PlanFilter, activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """``activities`` narrowed to what ``plan_filter`` asks for. A month matches every row
    whose months cover it (5-6月 is found under 6); a unit matches the rows it hosts, by name
    or as a member of a group host (各街道办事处)."""
    if plan_filter.unit is not None:
        hosted = Activity.objects.filter(unit_host_q(plan_filter.unit)).values("pk")
        activities = activities.filter(pk__in=hosted)
    if plan_filter.month is not None:
        m = plan_filter.month
        activities = activities.filter(
            Q(month_start__lte=m) & (Q(month_end__gte=m) | Q(month_end__isnull=True, month_start=m))
        )
    if plan_filter.kind:
        activities = activities.filter(
            pk__in=Activity.objects.filter(forms__kind=plan_filter.kind).values("pk")
        )
    if plan_filter.state:
        activities = activities.filter(state__in=_STATES[plan_filter.state].states)
    if plan_filter.q:
        activities = activities.filter(title__icontains=plan_filter.q)
    return activities


def filter_groups(
    plan_filter: PlanFilter, campaign: Campaign, groups: list[MonthGroup]
) -> list[MonthGroup]:
    """The column's month groups with only the rows ``plan_filter`` matches (one query), the
    rows as the column loaded them, months without a match left out."""
    if not plan_filter.active:
        return groups
    matched = set(
        apply_filter(plan_filter, Activity.objects.filter(campaign=campaign)).values_list(
            "pk", flat=True
        )
    )
    narrowed = [
        MonthGroup(month=group.month, activities=[a for a in group.activities if a.pk in matched])
        for group in groups
    ]
    return [group for group in narrowed if group.activities]


@dataclass
class FilterOptions:
    """What the form offers, read from the plan rows already on the page (no query)."""

    units: list[tuple[int, str]] = field(default_factory=list)
    months: list[int] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)
    states: tuple[StateChoice, ...] = STATE_CHOICES

    @property
    def unit_ids(self) -> set[int]:
        return {unit_id for unit_id, _name in self.units}


def filter_options(groups: Iterable[MonthGroup]) -> FilterOptions:
    """Units named as hosts (as the plan writes them), the months the rows cover and the
    kinds of their forms, from ``groups`` with forms and hosts prefetched."""
    units: dict[int, str] = {}
    months: set[int] = set()
    kinds: set[str] = set()
    for group in groups:
        for activity in group.activities:
            for host in activity.hosts.all():
                if host.unit_id:
                    units.setdefault(host.unit_id, host.text)
            for form in activity.forms.all():
                kinds.add(form.kind)
            if activity.month_start:
                months.update(
                    range(activity.month_start, (activity.month_end or activity.month_start) + 1)
                )
    return FilterOptions(
        units=sorted(units.items(), key=lambda item: item[1]),
        months=sorted(months),
        kinds=[(kind.value, kind.label) for kind in FormKind if kind.value in kinds],
    )
