"""A campaign's statistics dashboard (统计分析) and the comparison of the regions below a
superior office (地区对比): pure reads over querysets, a fixed number of queries whatever the
size of the plan.

Events, not hosts (as ``activities.selectors.campaign_totals`` and the month summary): the
totals, the months, the forms, the deadlines, the coverage and the media count each event
once — a row, or a part of a joint row held on its own; a part held with its lead is the
lead's event, a row only its parts hold is none. The table per unit counts hosts: a unit
answers for the events it carries (a joint row's lead, its own part, a group host such as
各街道办事处 for every active street of the region) and for a part held with its lead, which
stands where the lead stands.

An event's month is the month it was held, else the month it is scheduled for (in the
campaign's year), else the first month of its plan range; without any, 时间待定.

On-time rates per kind of deadline: done on time / (done + overdue), where overdue is a
deadline not met, past its date (not resting on an unpublished holiday arrangement), of an
activity not cancelled; a deadline still open before its date is not counted yet. Of a closed
year, a deadline never met counts against the rate although no page calls it overdue any more.

Selectors return typed rows (numbers, ``None`` where a rate has no denominator); pages and the
.xlsx writer (``dashboard_export``) format them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth

from openday.activities.enums import ActivityState, DeadlineKind, JointRole, ReportGroup
from openday.activities.lifecycle import HELD_STATES, REPORTED_STATES
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityForm,
    ActivityHost,
    ActivityReport,
    MediaReport,
    ReportAttendance,
    acting_host_q,
    has_steps_q,
)
from openday.activities.selectors import joint_part_counts
from openday.campaigns.enums import FormKind
from openday.campaigns.models import Campaign
from openday.orgs.enums import GROUP_KINDS, UnitKind
from openday.orgs.models import Region, Unit
from openday.participation import selectors as participation_selectors
from openday.participation.enums import OpinionState, SignupState
from openday.participation.models import Opinion, OpinionReply, Signup

COUNTED_STATES = REPORTED_STATES
NO_MONTH = "时间待定"

# The unit kinds the filter offers: 部门, 街道, 乡镇 (towns and townships together).
UNIT_KIND_FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "department": ("部门", (UnitKind.DEPARTMENT,)),
    "street": ("街道", (UnitKind.STREET,)),
    "town": ("乡镇", (UnitKind.TOWN, UnitKind.TOWNSHIP)),
}
# The kinds of deadline in the order of the lifecycle, with the words the dashboard uses.
DEADLINE_KINDS = (
    (DeadlineKind.FILING, "方案报备"),
    (DeadlineKind.HOLD, "按计划开展（确认开展）"),
    (DeadlineKind.REPORT, "材料报送"),
    (DeadlineKind.PUBLICITY, "媒体宣传"),
)


@dataclass(frozen=True)
class DashboardFilter:
    """What the page's GET filters narrow the events to; empty values narrow nothing."""

    unit_kind: str = ""  # a key of UNIT_KIND_FILTERS
    month_from: int | None = None
    month_to: int | None = None
    form_kind: str = ""  # a FormKind value

    @property
    def active(self) -> bool:
        return bool(self.unit_kind or self.month_from or self.month_to or self.form_kind)

    @property
    def unit_kinds(self) -> tuple[str, ...]:
        return UNIT_KIND_FILTERS[self.unit_kind][1] if self.unit_kind else ()


def rate(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent, one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class DataTable:
    """A table of the dashboard: typed cells, the columns that are percentages, and the
    totals line (or none). The page and the .xlsx export read the same object."""

    name: str
    title: str
    header: list[str]
    rows: list[list]
    total: list | None = None
    percent_columns: tuple[int, ...] = ()
    note: str = ""


@dataclass
class Dashboard:
    campaign: Campaign
    today: dt.date
    filter: DashboardFilter
    totals: dict[str, int]
    tables: dict[str, DataTable] = field(default_factory=dict)
    months: list[dict] = field(default_factory=list)  # for the charts
    deadline_rates: list[dict] = field(default_factory=list)
    participation: dict[str, int | None] = field(default_factory=dict)


# --- which events ---------------------------------------------------------------------------


def _groups_covering(kinds: tuple[str, ...]) -> list[str]:
    return [group for group, members in GROUP_KINDS.items() if set(members) & set(kinds)]


def event_month(year: int):
    """The expression for an activity's month (see the module's docstring)."""
    return Case(
        When(held_on__year=year, then=ExtractMonth("held_on")),
        When(held_on__isnull=True, scheduled_on__year=year, then=ExtractMonth("scheduled_on")),
        default=F("month_start"),
        output_field=IntegerField(),
    )


def filtered_activities(campaign: Campaign, flt: DashboardFilter) -> QuerySet[Activity]:
    """The campaign's activities (events and the rest) the filter keeps, each with ``month``."""
    activities = Activity.objects.filter(campaign=campaign).annotate(
        month=event_month(campaign.year)
    )
    if flt.month_from:
        activities = activities.filter(month__gte=flt.month_from)
    if flt.month_to:
        activities = activities.filter(month__lte=flt.month_to)
    if flt.form_kind:
        activities = activities.filter(
            Exists(ActivityForm.objects.filter(activity=OuterRef("pk"), kind=flt.form_kind))
        )
    if flt.unit_kind:
        kinds = flt.unit_kinds
        hosts = ActivityHost.objects.filter(activity=OuterRef("pk")).filter(
            Q(unit__kind__in=kinds) | Q(group__in=_groups_covering(kinds))
        )
        # An activity belongs to its acting hosts; a part (held with its lead or not) to
        # its own unit, its one host.
        activities = activities.filter(Exists(hosts.filter(acting_host_q())))
    return activities


def filtered_events(campaign: Campaign, flt: DashboardFilter) -> QuerySet[Activity]:
    return filtered_activities(campaign, flt).filter(has_steps_q())


# --- the sections ---------------------------------------------------------------------------

_LIVE = ~Q(state=ActivityState.CANCELLED)


def _progress(prefix: str = "") -> dict:
    """Planned (not cancelled), held, reported and published counts, of ``prefix`` (a
    relation to activities, "" for activities themselves)."""

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    target = f"{prefix}id" if prefix else "id"
    live = ~q(state=ActivityState.CANCELLED)
    return {
        "planned": Count(target, filter=live, distinct=True),
        "held": Count(target, filter=q(state__in=HELD_STATES), distinct=True),
        "reported": Count(target, filter=q(state__in=COUNTED_STATES), distinct=True),
        "published": Count(target, filter=q(state=ActivityState.PUBLISHED), distinct=True),
    }


def _totals(events: QuerySet[Activity], activities: QuerySet[Activity]) -> dict[str, int]:
    counted = Q(state__in=COUNTED_STATES)
    totals = events.aggregate(
        **_progress(),
        cancelled=Count("id", filter=Q(state=ActivityState.CANCELLED)),
        headcount=Coalesce(Sum("report__headcount", filter=counted), 0),
    )
    totals.update(joint_part_counts(activities))
    return totals


def _month_label(month: int | None) -> str:
    return f"{month}月" if month else NO_MONTH


def _by_month(events: QuerySet[Activity], flt: DashboardFilter) -> list[dict]:
    rows = {
        row["month"]: row
        for row in events.order_by().values("month").annotate(**_progress()).order_by()
    }
    known = [month for month in rows if month]
    first = flt.month_from or min(known, default=0)
    last = flt.month_to or max(known, default=-1)
    empty = dict.fromkeys(("planned", "held", "reported", "published"), 0)
    months = [
        {"month": month, "label": _month_label(month), **empty, **rows.get(month, {})}
        for month in range(first, last + 1)
        if first
    ]
    if None in rows:
        months.append({**empty, **rows[None], "month": None, "label": NO_MONTH})
    for month in months:
        month["held_rate"] = rate(month["held"], month["planned"])
    return months


def _by_form(events: QuerySet[Activity]) -> list[list]:
    """Per form kind, the events of that kind (an event of two forms counts under both)."""
    rows = {
        row["kind"]: row
        for row in ActivityForm.objects.filter(activity__in=events.values("pk"))
        .order_by()
        .values("kind")
        .annotate(**_progress("activity__"))
    }
    return [
        [
            kind.label,
            rows[kind.value]["planned"],
            rows[kind.value]["held"],
            rows[kind.value]["reported"],
            rows[kind.value]["published"],
            rate(rows[kind.value]["held"], rows[kind.value]["planned"]),
        ]
        for kind in FormKind
        if kind.value in rows
    ]


def deadline_counts(deadlines: QuerySet[ActivityDeadline], today: dt.date) -> dict:
    """The aggregate of on-time, late and overdue deadlines, by kind, of ``deadlines``."""
    open_late = Q(done_on__isnull=True, due_on__lt=today, provisional=False) & ~Q(
        activity__state=ActivityState.CANCELLED
    )
    found = {
        row["kind"]: row
        for row in deadlines.order_by()
        .values("kind")
        .annotate(
            on_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
            late=Count("id", filter=Q(done_on__isnull=False, done_on__gt=F("due_on"))),
            overdue=Count("id", filter=open_late),
        )
    }
    return found


def _deadline_rates(events: QuerySet[Activity], today: dt.date) -> list[dict]:
    found = deadline_counts(
        ActivityDeadline.objects.filter(activity__in=events.values("pk")), today
    )
    rows = []
    for kind, label in DEADLINE_KINDS:
        counts = found.get(kind.value, {"on_time": 0, "late": 0, "overdue": 0})
        counted = counts["on_time"] + counts["late"] + counts["overdue"]
        rows.append(
            {
                "kind": kind.value,
                "label": label,
                "on_time": counts["on_time"],
                "late": counts["late"],
                "overdue": counts["overdue"],
                "counted": counted,
                "rate": rate(counts["on_time"], counted),
            }
        )
    return rows


def _coverage(events: QuerySet[Activity]) -> list[list]:
    counted = events.filter(state__in=COUNTED_STATES).values("pk")
    totals = dict(
        ReportAttendance.objects.filter(report__activity__in=counted)
        .order_by()
        .values("group")
        .annotate(total=Sum("count"))
        .values_list("group", "total")
    )
    return [[group.label, totals.get(group.value, 0)] for group in ReportGroup]


def _media(events: QuerySet[Activity]) -> dict[str, int]:
    counted = events.filter(state__in=COUNTED_STATES).values("pk")
    media = MediaReport.objects.filter(report__activity__in=counted)
    # Outlets are counted by their name as typed, trimmed by the database's own comparison.
    return media.aggregate(media=Count("id"), outlets=Count("outlet", distinct=True))


class _Hosts:
    """Who answers for each activity: ``keys[activity_id]`` are ``(kind order, name, unit id)``
    of the units among its acting hosts, a group host standing for every active unit of its
    kinds in the region (two queries at most)."""

    _ORDER = {kind: index for index, kind in enumerate(UnitKind.values)}

    def __init__(self, campaign: Campaign, activity_ids: set[int], kinds: tuple[str, ...]):
        rows = list(
            ActivityHost.objects.filter(acting_host_q(), activity_id__in=activity_ids)
            .order_by()
            .values_list("activity_id", "unit_id", "unit__name", "unit__kind", "group")
        )
        by_kind: dict[str, list[tuple]] = defaultdict(list)
        if any(group for *_rest, group in rows):
            units = Unit.objects.filter(region_id=campaign.region_id, is_active=True).order_by()
            for pk, name, kind in units.values_list("pk", "name", "kind"):
                by_kind[kind].append((self._ORDER.get(kind, 99), name, pk))
        self.keys: dict[int, set[tuple]] = defaultdict(set)
        for activity_id, unit_id, name, kind, group in rows:
            if unit_id is not None:
                if not kinds or kind in kinds:
                    self.keys[activity_id].add((self._ORDER.get(kind, 99), name, unit_id))
                continue
            for member_kind in GROUP_KINDS[group]:
                if not kinds or member_kind in kinds:
                    self.keys[activity_id].update(by_kind[member_kind])


def unit_states(activities: QuerySet[Activity]) -> dict[int, str]:
    """Each activity a unit answers for (events, and parts held with their lead), not a
    row only its parts hold, with the state its unit's line counts: a part held with its lead
    stands where the lead stands (one query)."""
    return {
        pk: (lead_state if with_lead and lead_id else state)
        for pk, state, with_lead, lead_id, lead_state in activities.exclude(joint=JointRole.SHARED)
        .order_by()
        .values_list("pk", "state", "with_lead", "lead_id", "lead__state")
    }


def _by_unit(
    campaign: Campaign, activities: QuerySet[Activity], flt: DashboardFilter, today: dt.date
) -> list[list]:
    states = unit_states(activities)
    hosts = _Hosts(campaign, set(states), flt.unit_kinds)
    headcounts = dict(
        ActivityReport.objects.filter(
            activity_id__in=list(states), activity__state__in=COUNTED_STATES
        )
        .order_by()
        .values_list("activity_id", "headcount")
    )
    overdue_by_activity: dict[int, int] = defaultdict(int)
    for activity_id in ActivityDeadline.objects.filter(
        activity_id__in=list(states), done_on__isnull=True, due_on__lt=today, provisional=False
    ).values_list("activity_id", flat=True):
        overdue_by_activity[activity_id] += 1
    lines: dict[tuple, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(
            ("planned", "held", "reported", "published", "headcount", "overdue"), 0
        )
    )
    for activity_id, state in states.items():
        if state == ActivityState.CANCELLED:
            continue
        for key in hosts.keys.get(activity_id, ()):
            line = lines[key]
            line["planned"] += 1
            line["held"] += state in HELD_STATES
            line["reported"] += state in COUNTED_STATES
            line["published"] += state == ActivityState.PUBLISHED
            line["headcount"] += headcounts.get(activity_id, 0)
            line["overdue"] += overdue_by_activity.get(activity_id, 0)
    return [
        [
            key[1],
            line["planned"],
            line["held"],
            line["reported"],
            line["published"],
            rate(line["held"], line["planned"]),
            line["headcount"],
            line["overdue"],
        ]
        for key, line in sorted(lines.items())
    ]


def _participation(campaign: Campaign, events: QuerySet[Activity], flt: DashboardFilter) -> dict:
    signups = Signup.objects.filter(activity__in=events.values("pk")).aggregate(
        signups=Count("id", filter=~Q(state=SignupState.CANCELLED)),
        people=Coalesce(Sum("party_size", filter=Q(state=SignupState.CONFIRMED)), 0),
        checked_in=Coalesce(
            Sum("party_size", filter=Q(state=SignupState.CONFIRMED, checked_in_at__isnull=False)),
            0,
        ),
    )
    about = Q(activity__in=events.values("pk"))
    if not flt.active:
        about |= Q(activity__isnull=True)  # opinions on the campaign as a whole
    opinions = Opinion.objects.filter(campaign=campaign).filter(about)
    counted = opinions.aggregate(
        opinions=Count("id"),
        opinions_published=Count("id", filter=Q(state=OpinionState.PUBLISHED)),
    )
    replies = OpinionReply.objects.filter(opinion__in=opinions).count()
    return {**signups, **counted, "replies": replies, "answers": questionnaire_answers(campaign)}


def questionnaire_answers(campaign: Campaign) -> int | None:
    """Questionnaire answers once participation counts them (``answer_counts``); None until
    then, which the page shows as 暂无."""
    answer_counts = getattr(participation_selectors, "answer_counts", None)
    if answer_counts is None:
        return None
    counts = answer_counts(campaign)
    if isinstance(counts, int):
        return counts
    if isinstance(counts, dict):
        return sum(value for value in counts.values() if isinstance(value, int))
    return None


# --- the page -------------------------------------------------------------------------------

PROGRESS_HEADER = ["计划场次", "已开展", "已报送材料", "已发布"]


def campaign_dashboard(campaign: Campaign, flt: DashboardFilter, *, today: dt.date) -> Dashboard:
    """The dashboard of ``campaign`` narrowed by ``flt``, as it stands on ``today``
    (15 queries at most, whatever the number of activities)."""
    activities = filtered_activities(campaign, flt)
    events = activities.filter(has_steps_q())
    totals = _totals(events, activities)
    months = _by_month(events, flt)
    rates = _deadline_rates(events, today)
    coverage = _coverage(events)
    media = _media(events)
    totals.update(media)
    participation = _participation(campaign, events, flt)
    units = _by_unit(campaign, activities, flt, today)
    forms = _by_form(events)
    tables = {
        "months": DataTable(
            "months",
            "各月活动进度（场次）",
            ["月份", *PROGRESS_HEADER, "开展率"],
            [
                [m["label"], m["planned"], m["held"], m["reported"], m["published"], m["held_rate"]]
                for m in months
            ],
            total=[
                "合计",
                totals["planned"],
                totals["held"],
                totals["reported"],
                totals["published"],
                rate(totals["held"], totals["planned"]),
            ],
            percent_columns=(5,),
        ),
        "units": DataTable(
            "units",
            "各单位开展情况",
            ["责任单位", *PROGRESS_HEADER, "开展率", "覆盖人数", "逾期事项"],
            units,
            percent_columns=(5,),
            note="按单位计：联合开展的活动计入每个承办单位；随牵头单位一同开展的分项随牵头单位计。",
        ),
        "forms": DataTable(
            "forms",
            "各活动形式开展情况（场次）",
            ["活动形式", *PROGRESS_HEADER, "开展率"],
            forms,
            percent_columns=(5,),
            note="一场活动有多种形式的，分别计入每种形式。",
        ),
        "deadlines": DataTable(
            "deadlines",
            "各环节按期完成率",
            ["环节", "按期完成", "逾期完成", "逾期未完成", "按期完成率"],
            [[r["label"], r["on_time"], r["late"], r["overdue"], r["rate"]] for r in rates],
            percent_columns=(4,),
            note="按期完成率 = 按期完成 ÷（已完成 + 逾期未完成）；未到期的不计。",
        ),
        "coverage": DataTable(
            "coverage",
            "活动覆盖人数及参加人员构成",
            ["参加人员类别", "人数"],
            coverage,
            total=["活动覆盖人数合计", totals["headcount"]],
            note="覆盖人数以已报送材料的活动为准；各类别人数为报送时填写的邀请对象人数。",
        ),
        "participation": DataTable(
            "participation",
            "公众参与情况",
            ["项目", "数量"],
            [
                ["在线报名（条）", participation["signups"]],
                ["报名成功人数", participation["people"]],
                ["现场签到人数", participation["checked_in"]],
                ["问卷答卷（份）", participation["answers"]],
                ["公众留言（条）", participation["opinions"]],
                ["已公开留言（条）", participation["opinions_published"]],
                ["已回应留言（条）", participation["replies"]],
            ],
        ),
    }
    return Dashboard(
        campaign=campaign,
        today=today,
        filter=flt,
        totals=totals,
        tables=tables,
        months=months,
        deadline_rates=rates,
        participation=participation,
    )


# --- the regions below a superior office ----------------------------------------------------

COMPARISON_COLUMNS = (
    ("region", "地区"),
    ("planned", "计划场次"),
    ("held", "已开展"),
    ("held_rate", "开展率"),
    ("reported", "已报送材料"),
    ("report_rate", "报送率"),
    ("published", "已发布"),
    ("publish_rate", "发布率"),
    ("on_time_rate", "按期完成率"),
    ("overdue", "逾期未完成"),
    ("headcount", "覆盖人数"),
    ("media", "媒体报道"),
)
COMPARISON_PERCENT = frozenset({"held_rate", "report_rate", "publish_rate", "on_time_rate"})


@dataclass(frozen=True)
class RegionRow:
    region: str
    parent: str
    slug: str  # the campaign's
    closed: bool
    values: dict

    def cells(self) -> list:
        return [
            self.values[key] if key != "region" else self.label for key, _l in COMPARISON_COLUMNS
        ]

    @property
    def label(self) -> str:
        return f"{self.parent} · {self.region}" if self.parent else self.region


@dataclass
class Comparison:
    region: Region
    year: int
    years: list[int]
    rows: list[RegionRow]
    sort: str
    months: list[dict]  # {"month", "label", "held", "published"} of every region together

    @property
    def table(self) -> DataTable:
        return DataTable(
            "comparison",
            f"{self.region.name}所辖地区{self.year}年政务公开主题日活动对比",
            [label for _key, label in COMPARISON_COLUMNS],
            [row.cells() for row in self.rows],
            percent_columns=tuple(
                index
                for index, (key, _l) in enumerate(COMPARISON_COLUMNS)
                if key in COMPARISON_PERCENT
            ),
        )

    @property
    def trend(self) -> DataTable:
        return DataTable(
            "trend",
            "各月开展情况（所辖地区合计，场次）",
            ["月份", "已开展", "已发布"],
            [[m["label"], m["held"], m["published"]] for m in self.months],
        )


def comparison_years(region: Region) -> list[int]:
    """The years with a campaign below ``region``, newest first (one query)."""
    return list(
        Campaign.objects.filter(region__path__startswith=region.path)
        .exclude(region=region)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def sort_rows(rows: list[RegionRow], sort: str) -> tuple[list[RegionRow], str]:
    """``rows`` sorted by the column ``sort`` names ("-" first: descending); rows without a
    value (a rate of nothing) last either way. An unknown column sorts by region."""
    key = sort.removeprefix("-")
    if key not in dict(COMPARISON_COLUMNS):
        key, sort = "region", "region"

    def value(row: RegionRow):
        return row.label if key == "region" else row.values.get(key)

    known = sorted((r for r in rows if value(r) is not None), key=value, reverse=sort[0] == "-")
    return known + [r for r in rows if value(r) is None], sort


def region_comparison(
    region: Region, year: int, *, today: dt.date, sort: str = "region", years=None
) -> Comparison:
    """One row per campaign of ``year`` of the regions below ``region``, with its progress,
    rates, coverage and media, sorted by ``sort`` (a column key, "-" first for descending);
    and the months of all of them together. Seven queries whatever their size."""
    campaigns = Campaign.objects.filter(region__path__startswith=region.path, year=year).exclude(
        region=region
    )
    found = list(
        campaigns.values("pk", "slug", "phase", "region__name", "region__parent__name", "region_id")
    )
    ids = [row["pk"] for row in found]
    event_ids = Activity.objects.filter(campaign_id__in=ids).filter(has_steps_q())
    # Counted on the activities grouped by campaign: one row each, so no DISTINCT over a join
    # of campaigns to activities (the slowest query of the page before).
    progress = {
        row["campaign_id"]: row
        for row in event_ids.order_by()
        .values("campaign_id")
        .annotate(
            planned=Count("id", filter=~Q(state=ActivityState.CANCELLED)),
            held=Count("id", filter=Q(state__in=HELD_STATES)),
            reported=Count("id", filter=Q(state__in=COUNTED_STATES)),
            published=Count("id", filter=Q(state=ActivityState.PUBLISHED)),
        )
    }
    nothing = dict.fromkeys(("planned", "held", "reported", "published"), 0)
    for row in found:
        row.update(progress.get(row["pk"], nothing))
    deadlines = {
        row["activity__campaign_id"]: row
        for row in ActivityDeadline.objects.filter(activity__in=event_ids.values("pk"))
        .order_by()
        .values("activity__campaign_id")
        .annotate(
            on_time=Count("id", filter=Q(done_on__isnull=False, done_on__lte=F("due_on"))),
            done=Count("id", filter=Q(done_on__isnull=False)),
            overdue=Count(
                "id",
                filter=Q(done_on__isnull=True, due_on__lt=today, provisional=False)
                & ~Q(activity__state=ActivityState.CANCELLED),
            ),
        )
    }
    counted = event_ids.filter(state__in=COUNTED_STATES)
    # Two queries: a sum of headcounts beside a count of media would multiply each other.
    headcounts = dict(
        ActivityReport.objects.filter(activity__in=counted.values("pk"))
        .order_by()
        .values("activity__campaign_id")
        .annotate(total=Sum("headcount"))
        .values_list("activity__campaign_id", "total")
    )
    media = dict(
        MediaReport.objects.filter(report__activity__in=counted.values("pk"))
        .order_by()
        .values("report__activity__campaign_id")
        .annotate(total=Count("id"))
        .values_list("report__activity__campaign_id", "total")
    )
    rows = []
    for row in found:
        late = deadlines.get(row["pk"], {"on_time": 0, "done": 0, "overdue": 0})
        values = {
            "planned": row["planned"],
            "held": row["held"],
            "held_rate": rate(row["held"], row["planned"]),
            "reported": row["reported"],
            "report_rate": rate(row["reported"], row["held"]),
            "published": row["published"],
            "publish_rate": rate(row["published"], row["reported"]),
            "on_time_rate": rate(late["on_time"], late["done"] + late["overdue"]),
            "overdue": late["overdue"],
            "headcount": headcounts.get(row["pk"]) or 0,
            "media": media.get(row["pk"], 0),
        }
        rows.append(
            RegionRow(
                region=row["region__name"],
                parent=row["region__parent__name"]
                if row["region__parent__name"] and row["region__parent__name"] != region.name
                else "",
                slug=row["slug"],
                closed=row["phase"] == "closed",
                values=values,
            )
        )
    rows, sort = sort_rows(rows, sort)
    # Grouped by the day held (at most 366 rows), summed into months here: extracting the
    # month in SQL runs a function per activity (a Python one on SQLite), ~3× slower.
    months = [
        {"month": month, "label": _month_label(month), "held": 0, "published": 0}
        for month in range(1, 13)
    ]
    day_rows = (
        event_ids.filter(held_on__year=year)
        .order_by()
        .values("held_on")
        .annotate(
            held=Count("id", filter=Q(state__in=HELD_STATES)),
            published=Count("id", filter=Q(state=ActivityState.PUBLISHED)),
        )
    )
    for row in day_rows:
        month = months[row["held_on"].month - 1]
        month["held"] += row["held"]
        month["published"] += row["published"]
    return Comparison(
        region=region,
        year=year,
        years=years if years is not None else comparison_years(region),
        rows=rows,
        sort=sort,
        months=months,
    )
