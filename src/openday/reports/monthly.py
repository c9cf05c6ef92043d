"""The month's summary of a campaign (月末总结): the staff page, the .docx briefing and the
month-end notification all read ``monthly_summary``; ``monthly_briefing`` lays it out for the
document renderer.

Which activities a month holds: an activity is dated by the day it was held, else the day it
is scheduled for; one without a date belongs to every month of its plan range
(``month_start``..``month_end``) of the campaign's year. Cancelled ones are counted apart and
nowhere else.

Counts are cumulative, as on the overview: held includes reported and published, reported
(handed in: reported, accepted or published, ``statistics.COUNTED_STATES``) includes
published. A returned report is back to held and counts as held only; its headcount, groups and
media wait until it is handed in again.

Overdue is as of ``today`` and over the whole campaign, not only the month's activities: open
deadlines (not done, due before ``today``, not resting on an unpublished holiday arrangement)
of activities not cancelled — the office to-do's rule. Kept to the month, an activity held at
the end of a month whose report falls due in the next would appear in no summary at all.

Events and hosts: the totals count events — a joint row's lead and each of its parts held on
its own once each, a part held with its lead not at all (the lead's event covers it), a row
only its parts hold not at all. The lines per unit count hosts: a unit answers for the
activities it hosts directly or through a group host (各街道办事处 stands for every active
street of the region), as in ``statistics``, the month-start reminder and the liaison's
to-do; of a joint row, the lead answers for the row and each other unit for its part, which
counts as held once the lead's event was when it is held with the lead. An activity no unit
answers for sits on a line named by its host text (or 未指定责任单位) and counts in no unit's
coverage.

At most seven queries, whatever the size of the plan.
"""

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from openday.activities.enums import ActivityState, DeadlineKind, JointRole, ReportGroup
from openday.activities.lifecycle import HELD_STATES
from openday.activities.models import (
    Activity,
    ActivityHost,
    MediaReport,
    ReportAttendance,
    acting_host_q,
    has_steps_q,
)
from openday.activities.selectors import overdue_deadlines
from openday.campaigns.models import Campaign
from openday.core.formats import date_label, year_month_label
from openday.orgs.enums import GROUP_KINDS, UnitKind
from openday.orgs.models import Unit
from openday.reports.renderers.briefing import Briefing, Section
from openday.reports.statistics import COUNTED_STATES
from openday.reports.tables import Table

NO_HOST = "未指定责任单位"


@dataclass(frozen=True)
class OverdueItem:
    seq: int | str  # the activity's reference: its 序号, "23-2" for a part
    title: str
    kind: str  # the deadline's label: 方案报备, 材料报送, 媒体宣传
    due_on: dt.date
    days_over: int


@dataclass(frozen=True)
class UnitOverdue:
    unit: str
    items: tuple[OverdueItem, ...]


@dataclass(frozen=True)
class UnitRow:
    unit: str
    unit_id: int | None  # None: a host no unit of the region answers for
    planned: int
    held: int
    reported: int
    published: int
    overdue: int


@dataclass(frozen=True)
class GroupCount:
    group: str  # the label: 人大代表, 政协委员, ...
    count: int


@dataclass(frozen=True)
class MediaItem:
    seq: int
    activity: str
    outlet: str
    title: str
    url: str
    published_on: dt.date


@dataclass(frozen=True)
class MonthlySummary:
    region: str
    year: int
    month: int
    today: dt.date
    planned: int  # not cancelled
    cancelled: int
    held: int
    reported: int
    published: int
    headcount: int
    attendance: tuple[GroupCount, ...]  # groups that came, in the report form's order
    units_planned: int
    units_held: int
    media_count: int
    media_outlets: int
    media: tuple[MediaItem, ...]
    units: tuple[UnitRow, ...]
    overdue: tuple[UnitOverdue, ...]
    overdue_count: int  # deadlines, each once however many units host its activity
    overdue_activities: int
    parts: int = 0  # parts of joint rows (hosts beyond the lead), not cancelled
    parts_held: int = 0

    @property
    def title(self) -> str:
        return f"{self.region}{year_month_label(self.year, self.month)}政务公开主题日活动月末总结"


def month_activities(campaign: Campaign, year: int, month: int) -> QuerySet[Activity]:
    """The campaign's activities of ``month`` of ``year``, cancelled ones included."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    in_month = Q(dated_on__gte=first, dated_on__lte=last)
    if year == campaign.year:
        in_month |= Q(dated_on__isnull=True, month_start__lte=month, month_end__gte=month)
    return (
        Activity.objects.filter(campaign=campaign)
        .annotate(dated_on=Coalesce("held_on", "scheduled_on"))
        .filter(in_month)
    )


def _overdue_rows(campaign: Campaign, today: dt.date) -> list[dict]:
    return list(
        overdue_deadlines(today)
        .filter(activity__campaign=campaign)
        .values(
            "pk",
            "activity_id",
            "activity__seq",
            "activity__part_no",
            "activity__title",
            "kind",
            "due_on",
        )
        .order_by("due_on", "activity__seq", "activity__part_no", "kind")
    )


_KIND_ORDER = {kind: index for index, kind in enumerate(UnitKind.values)}


# Lines of hosts no unit covers come after the units, 未指定责任单位 last.
_TEXT_LINE, _NO_HOST_LINE = 100, 101


class _Hosts:
    """Who answers for each activity: ``keys[activity_id]`` are its lines' keys, ``(kind
    order, name, unit id)`` for a unit and ``(_TEXT_LINE, host text, 0)`` for a host no unit
    covers; keys sort in the table's order."""

    def __init__(self, campaign: Campaign, activity_ids: set[int]):
        rows = list(
            ActivityHost.objects.filter(acting_host_q(), activity_id__in=activity_ids)
            .values("activity_id", "unit_id", "unit__name", "unit__kind", "group", "text")
            .order_by("activity_id", "position", "pk")
        )
        by_kind: dict[str, list[tuple]] = defaultdict(list)
        if any(row["group"] for row in rows):
            units = Unit.objects.filter(region_id=campaign.region_id, is_active=True).order_by()
            for pk, name, kind in units.values_list("pk", "name", "kind"):
                by_kind[kind].append((_KIND_ORDER.get(kind, len(_KIND_ORDER)), name, pk))
        self.keys: dict[int, set[tuple]] = {pk: set() for pk in activity_ids}
        for row in rows:
            found = self.keys[row["activity_id"]]
            if row["unit_id"] is not None:
                order = _KIND_ORDER.get(row["unit__kind"], len(_KIND_ORDER))
                found.add((order, row["unit__name"], row["unit_id"]))
                continue
            covered = [unit for kind in GROUP_KINDS[row["group"]] for unit in by_kind[kind]]
            found.update(covered or [(_TEXT_LINE, row["text"], 0)])
        for found in self.keys.values():
            if not found:
                found.add((_NO_HOST_LINE, NO_HOST, 0))


def _attendance(counted_ids: list[int]) -> tuple[GroupCount, ...]:
    totals = dict(
        ReportAttendance.objects.filter(report__activity_id__in=counted_ids)
        .values("group")
        .annotate(total=Sum("count"))
        .order_by()
        .values_list("group", "total")
    )
    return tuple(
        GroupCount(group=group.label, count=totals[group.value])
        for group in ReportGroup
        if totals.get(group.value)
    )


def _media(counted_ids: list[int]) -> tuple[MediaItem, ...]:
    rows = (
        MediaReport.objects.filter(report__activity_id__in=counted_ids)
        .order_by("published_on", "report__activity__seq", "position", "pk")
        .values_list(
            "report__activity__seq",
            "report__activity__title",
            "outlet",
            "title",
            "url",
            "published_on",
        )
    )
    return tuple(MediaItem(*row) for row in rows)


def monthly_summary(campaign: Campaign, year: int, month: int, *, today: dt.date) -> MonthlySummary:
    """The summary of ``month`` of ``year`` for ``campaign`` as it stands on ``today``."""
    activities = month_activities(campaign, year, month)
    live = ~Q(state=ActivityState.CANCELLED)
    counted = Q(state__in=COUNTED_STATES)
    totals = activities.filter(has_steps_q()).aggregate(
        planned=Count("pk", filter=live),
        cancelled=Count("pk", filter=~live),
        held=Count("pk", filter=Q(state__in=HELD_STATES)),
        reported=Count("pk", filter=counted),
        published=Count("pk", filter=Q(state=ActivityState.PUBLISHED)),
        headcount=Coalesce(Sum("report__headcount", filter=counted), 0),
    )
    # Each unit's line: a part held with its lead stands where the lead stands.
    states, part_ids = {}, set()
    for pk, state, with_lead, lead_id, lead_state in (
        activities.exclude(state=ActivityState.CANCELLED)
        .exclude(joint=JointRole.SHARED)
        .order_by()
        .values_list("pk", "state", "with_lead", "lead_id", "lead__state")
    ):
        states[pk] = lead_state if with_lead else state
        if lead_id is not None:
            part_ids.add(pk)
    overdue_rows = _overdue_rows(campaign, today)
    hosts = _Hosts(campaign, set(states) | {row["activity_id"] for row in overdue_rows})

    counts: dict[tuple, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(("planned", "held", "reported", "published", "overdue"), 0)
    )
    for activity_id, state in states.items():
        for key in hosts.keys[activity_id]:
            line = counts[key]
            line["planned"] += 1
            line["held"] += state in HELD_STATES
            line["reported"] += state in COUNTED_STATES
            line["published"] += state == ActivityState.PUBLISHED
    overdue: dict[tuple, list[OverdueItem]] = defaultdict(list)
    for row in overdue_rows:
        part_no = row["activity__part_no"]
        item = OverdueItem(
            seq=f"{row['activity__seq']}-{part_no}" if part_no else row["activity__seq"],
            title=row["activity__title"],
            kind=DeadlineKind(row["kind"]).label,
            due_on=row["due_on"],
            days_over=(today - row["due_on"]).days,
        )
        for key in hosts.keys[row["activity_id"]]:
            overdue[key].append(item)
            counts[key]["overdue"] += 1

    units = tuple(
        UnitRow(unit=key[1], unit_id=key[2] or None, **line) for key, line in sorted(counts.items())
    )
    counted_ids = [pk for pk, state in states.items() if state in COUNTED_STATES]
    media = _media(counted_ids)
    return MonthlySummary(
        region=campaign.region.name,
        year=year,
        month=month,
        today=today,
        **totals,
        attendance=_attendance(counted_ids),
        units_planned=sum(1 for row in units if row.unit_id is not None and row.planned),
        units_held=sum(1 for row in units if row.unit_id is not None and row.held),
        media_count=len(media),
        media_outlets=len({item.outlet.strip() for item in media}),
        media=media,
        units=units,
        # Units with the most first; then in the table's order.
        overdue=tuple(
            UnitOverdue(unit=key[1], items=tuple(items))
            for key, items in sorted(overdue.items(), key=lambda pair: (-len(pair[1]), pair[0]))
        ),
        overdue_count=len(overdue_rows),
        overdue_activities=len({row["activity_id"] for row in overdue_rows}),
        parts=sum(1 for pk in states if pk in part_ids),
        parts_held=sum(
            1 for pk, state in states.items() if pk in part_ids and state in HELD_STATES
        ),
    )


# --- Wording ----------------------------------------------------------------------------------


def headline(summary: MonthlySummary) -> list[str]:
    """The headline numbers as sentences, for the page's lead and the briefing."""
    s = summary
    cancelled = f"（另有{s.cancelled}场已取消）" if s.cancelled else ""
    lines = [
        f"{s.month}月计划开展主题日活动{s.planned}场{cancelled}，已开展{s.held}场，"
        f"已报送活动材料{s.reported}场，已在专栏发布{s.published}场。"
    ]
    groups = "、".join(f"{g.group}{g.count}人" for g in s.attendance)
    coverage = f"活动覆盖{s.headcount}人" + (f"，其中{groups}" if groups else "")
    lines.append(
        f"{coverage}。计划开展活动的{s.units_planned}个单位中，{s.units_held}个已开展活动。"
    )
    if s.parts:
        lines.append(
            f"联合开展的活动按场次计入上述场数：参与联合开展的{s.parts}个单位分项中，"
            f"{s.parts_held}个已开展（含随牵头单位一同开展的）。"
        )
    lines.append(f"媒体宣传报道{s.media_count}条，涉及{s.media_outlets}家媒体。")
    if s.overdue_count:
        lines.append(
            f"截至{date_label(s.today)}，逾期未完成事项{s.overdue_count}项，"
            f"涉及{s.overdue_activities}场活动、{len(s.overdue)}个单位。"
        )
    else:
        lines.append(f"截至{date_label(s.today)}，没有逾期未完成的事项。")
    return lines


UNIT_HEADER = ["责任单位", "计划场次", "已开展", "已报送材料", "已发布", "逾期事项"]


def units_table(summary: MonthlySummary) -> Table:
    rows = [
        [row.unit, row.planned, row.held, row.reported, row.published, row.overdue]
        for row in summary.units
    ]
    total = [
        "合计",
        summary.planned,
        summary.held,
        summary.reported,
        summary.published,
        summary.overdue_count,
    ]
    return Table(
        title="各单位开展情况",
        header=UNIT_HEADER,
        rows=[*rows, total],
        column_widths=[30, 10, 10, 10, 10, 10],
        column_align=["left", "center", "center", "center", "center", "center"],
    )


def overdue_table(summary: MonthlySummary) -> Table:
    rows = [
        [group.unit, item.seq, item.title, item.kind, date_label(item.due_on), item.days_over]
        for group in summary.overdue
        for item in group.items
    ]
    return Table(
        title="逾期未完成事项",
        header=["责任单位", "序号", "活动主题", "事项", "截止日期", "逾期天数"],
        rows=rows,
        column_widths=[18, 6, 22, 10, 22, 8],
        column_align=["left", "center", "left", "center", "center", "center"],
        merge_column=0,
    )


def media_table(summary: MonthlySummary) -> Table:
    rows = [
        [item.seq, item.activity, item.outlet, item.title, date_label(item.published_on), item.url]
        for item in summary.media
    ]
    return Table(
        title="媒体宣传报道",
        header=["序号", "活动主题", "媒体名称", "报道标题", "报道日期", "报道网址"],
        rows=rows,
        column_widths=[6, 18, 12, 20, 24, 24],
        column_align=["center", "left", "center", "left", "center", "left"],
    )


def _table_section(heading: str, table: Table, empty: str) -> Section:
    """A section showing ``table``, or the sentence ``empty`` when the table has no rows."""
    if table.rows:
        return Section(heading=heading, table=table)
    return Section(heading=heading, paragraphs=[empty])


def monthly_briefing(summary: MonthlySummary) -> Briefing:
    """The briefing document: the headline numbers, then the units, the overdue, the media."""
    sections = [
        Section(heading="一、总体情况", paragraphs=headline(summary)),
        Section(heading="二、各单位开展情况", table=units_table(summary)),
        _table_section("三、逾期未完成事项", overdue_table(summary), "无。"),
        _table_section("四、媒体宣传报道", media_table(summary), "本月暂无媒体宣传报道。"),
    ]
    return Briefing(
        title=summary.title,
        subtitle=f"（统计截至{date_label(summary.today)}）",
        sections=sections,
    )
