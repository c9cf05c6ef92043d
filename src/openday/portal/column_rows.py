"""The plan of a public column, read lean and drawn once: the hot path of the column page.

The column is the page everyone opens, and a 50-row plan drawn through the template engine
(a tag and a lookup per field, a ``{% url %}`` per link, a queryset per ``.all()``) cost
most of its uncached render. Here the plan is three queries of plain values — every activity
of the campaign (rows and the parts of joint rows, each with whether its notice is public),
the rows' forms and every host — turned into ``PlanRow``s whose HTML is drawn once in Python,
escaped like the template would, with each link made from one ``reverse`` per kind.
``campaign_column.html`` writes ``{{ activity.html }}`` per row; the markup below is the
``<li class="plan-item">`` the template used to draw, byte for byte.

``column_plan`` returns the month groups ``filter_groups`` narrows (rows keep their ``pk``)
and the ``FilterOptions`` the search form offers, read from the same rows.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from openday.activities.enums import ActivityState
from openday.activities.lifecycle import HELD_STATES, NOT_HELD_LABEL, NOT_HELD_STATES
from openday.activities.models import Activity, ActivityForm, ActivityHost, ActivityNotice
from openday.activities.selectors import (
    NOTICE_PUBLIC_STATES,
    UPCOMING_STATES,
    MonthGroup,
    by_month,
)
from openday.campaigns.enums import FormKind
from openday.campaigns.models import Campaign
from openday.core.formats import plan_time_label
from openday.portal.filters import FilterOptions

_HELD_STATES = frozenset(HELD_STATES)
_NOTICE_PUBLIC = frozenset(NOTICE_PUBLIC_STATES)
_NOT_HELD = frozenset(NOT_HELD_STATES)
_UPCOMING = frozenset(UPCOMING_STATES)
_STATE_LABELS = {state.value: str(state.label) for state in ActivityState}
# A reference no campaign has, reversed once and replaced by each row's (see ``_linker``).
_SENTINEL = "987654321"


@dataclass(frozen=True)
class PartLine:
    """A part of a joint row as the column shows it: its unit, where it stands in the public's
    words (``activities.selectors.PartLine.public_label``), its report's URL once published."""

    unit: str
    label: str
    report_url: str
    held: bool


@dataclass
class PlanRow:
    """A plan row with what the column shows of it; ``html`` is its ``<li>``."""

    pk: int
    seq: int
    ref: str
    title: str
    state: str
    month_start: int | None
    month_end: int | None
    time_label: str
    invitees: str
    forms: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    hosts: list[tuple[int | None, str]] = field(default_factory=list)  # (unit id, text)
    parts: list[PartLine] = field(default_factory=list)
    notice_public: bool = False
    html: str = ""

    @property
    def parts_held(self) -> int:
        return sum(line.held for line in self.parts)


def _linker(name: str, slug: str) -> Callable[[str], str]:
    """The URL of ``name`` for a reference, from one ``reverse``: the path around a sentinel
    reference, escaped once (a slug is ASCII, so it never needs it)."""
    url = reverse(name, args=[slug, _SENTINEL])
    if url.count(_SENTINEL) != 1:  # the slug itself holds the sentinel: reverse each time
        return lambda ref: escape(reverse(name, args=[slug, ref]))
    before, after = (escape(piece) for piece in url.split(_SENTINEL))
    return lambda ref: f"{before}{ref}{after}"


def _ref(seq: int, part_no: int) -> str:
    return f"{seq}-{part_no}" if part_no else str(seq)


def _part_label(state: str, with_lead: bool, held: bool) -> str:
    if with_lead:
        return "随牵头单位一同开展"
    if state == ActivityState.PUBLISHED:
        return "已开展，报道已发布"
    if state == ActivityState.CANCELLED:
        return "已取消"
    return "已开展" if held else "待开展"


@dataclass
class ColumnPlan:
    """The plan by month, the search form's options, and what the plan's activities (rows and
    parts) say of the page's other sections: whether any notice can be upcoming from the day
    on (``activities.selectors.upcoming_notices``) and whether any report is published, so
    that a column without either asks nothing more."""

    months: list[MonthGroup]
    options: FilterOptions
    any_upcoming: bool = False
    any_published: bool = False


def _load_rows(
    campaign: Campaign, report_url: Callable[[str], str], today: dt.date, plan: ColumnPlan
) -> list[PlanRow]:
    """The plan rows in 序号 order with their forms, hosts and parts (three queries); sets
    ``plan.any_upcoming`` and ``plan.any_published``."""
    public_notice = ActivityNotice.objects.filter(
        activity=OuterRef("pk"), withdrawn_at__isnull=True
    )
    activities = (
        Activity.objects.filter(campaign=campaign)
        .annotate(has_notice=Exists(public_notice))
        .order_by("seq", "part_no")
        .values_list(
            "pk",
            "seq",
            "part_no",
            "lead_id",
            "title",
            "state",
            "month_start",
            "month_end",
            "planned_start",
            "planned_end",
            "date_tentative",
            "invitees",
            "joint",
            "with_lead",
            "scheduled_on",
            "has_notice",
        )
    )
    hosts: dict[int, list[tuple[int | None, str]]] = defaultdict(list)
    for activity_id, unit_id, text in (
        ActivityHost.objects.filter(activity__campaign=campaign)
        .order_by("position", "pk")
        .values_list("activity_id", "unit_id", "text")
    ):
        hosts[activity_id].append((unit_id, text))
    forms: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for activity_id, kind, text in (
        ActivityForm.objects.filter(activity__campaign=campaign, activity__lead__isnull=True)
        .order_by("position", "pk")
        .values_list("activity_id", "kind", "text")
    ):
        forms[activity_id].append((kind, text))
    rows: dict[int, PlanRow] = {}
    joint: set[int] = set()
    parts = []
    for (
        pk,
        seq,
        part_no,
        lead_id,
        title,
        state,
        month_start,
        month_end,
        day_start,
        day_end,
        tentative,
        invitees,
        joint_role,
        with_lead,
        scheduled_on,
        has_notice,
    ) in activities:
        if state == ActivityState.PUBLISHED:
            plan.any_published = True
        elif has_notice and state in _UPCOMING and scheduled_on and scheduled_on >= today:
            plan.any_upcoming = True
        if lead_id is None:
            rows[pk] = PlanRow(
                pk=pk,
                seq=seq,
                ref=_ref(seq, part_no),
                title=title,
                state=state,
                month_start=month_start,
                month_end=month_end,
                time_label=plan_time_label(month_start, month_end, day_start, day_end, tentative),
                invitees=invitees,
                forms=forms.get(pk, []),
                hosts=hosts.get(pk, []),
                notice_public=has_notice and state in _NOTICE_PUBLIC,
            )
            if joint_role:
                joint.add(pk)
            continue
        parts.append((pk, seq, part_no, lead_id, state, with_lead))
    for pk, seq, part_no, lead_id, state, with_lead in parts:
        lead = rows.get(lead_id)
        if lead is None or lead_id not in joint:  # only a joint row lists its parts
            continue
        part_hosts = hosts.get(pk)
        held = lead.state in _HELD_STATES if with_lead else state in _HELD_STATES
        lead.parts.append(
            PartLine(
                unit=part_hosts[0][1] if part_hosts else "",
                label=_part_label(state, with_lead, held),
                report_url=report_url(_ref(seq, part_no))
                if state == ActivityState.PUBLISHED
                else "",
                held=held,
            )
        )
    return list(rows.values())


def _row_html(
    row: PlanRow,
    *,
    closed: bool,
    report_url: Callable[[str], str],
    notice_url: Callable[[str], str],
    signup_url: Callable[[str], str] | None = None,
) -> SafeString:
    """The row's ``<li>``, with the whitespace the template's tags left around it."""
    state = row.state
    title = escape(row.title)
    published = state == ActivityState.PUBLISHED
    report = report_url(row.ref) if published else ""
    heading = f'<a href="{report}">{title}</a>' if published else title
    if closed and state in _NOT_HELD:
        heading += f' <span class="pill pill-pending">{escape(NOT_HELD_LABEL)}</span>'
    elif state in (ActivityState.CANCELLED, ActivityState.POSTPONED):
        heading += f' <span class="pill pill-pending">{escape(_STATE_LABELS[state])}</span>'
    invitees = (
        f"<div><dt>邀请对象</dt><dd>{escape(row.invitees)}</dd></div>" if row.invitees else ""
    )
    forms = (
        '\n                <div><dt>活动形式</dt><dd><ul class="tags">'
        + "".join(f"<li>{escape(text)}</li>\n" for _kind, text in row.forms)
        + "</ul></dd></div>\n                "
        if row.forms
        else ""
    )
    hosts = (
        "\n                <div><dt>责任单位</dt><dd>"
        + "、".join(escape(text) for _unit, text in row.hosts)
        + "</dd></div>\n                "
        if row.hosts
        else ""
    )
    links = ""
    if row.notice_public or published:
        links = '<p class="plan-links">'
        if row.notice_public:
            links += f'<a href="{notice_url(row.ref)}">活动预告</a>'
        if signup_url is not None:
            links += f'<a href="{signup_url(row.ref)}">在线报名</a>'
        if published:
            links += f'<a href="{report}">活动报道</a>'
        links += "</p>"
    parts = ""
    if row.parts:
        lines = "".join(
            f"\n                  <li>{escape(line.unit)}："
            + (
                f'<a href="{line.report_url}">{escape(line.label)}</a>'
                if line.report_url
                else escape(line.label)
            )
            + "</li>\n                  "
            for line in row.parts
        )
        parts = (
            '\n              <details class="plan-parts">\n'
            f"                <summary>联合开展：{len(row.parts)} 个单位分项，"
            f"已开展 {row.parts_held} 个</summary>\n"
            f"                <ul>\n                  {lines}\n"
            "                </ul>\n              </details>\n              "
        )
    cancelled = " is-cancelled" if state == ActivityState.CANCELLED else ""
    return mark_safe(  # noqa: S308 -- every value above is escaped
        f'\n          <li class="plan-item{cancelled}">\n'
        f'            <div class="seq"><span class="visually-hidden">序号</span>{row.seq}</div>\n'
        '            <div class="plan-body">\n'
        f'              <h4 class="plan-item-title">{heading}</h4>\n'
        '              <dl class="plan-meta">\n'
        f"                <div><dt>活动时间</dt><dd>{escape(row.time_label)}</dd></div>\n"
        f"                {invitees}\n"
        f"                {forms}\n"
        f"                {hosts}\n"
        "              </dl>\n"
        f"              {links}\n"
        f"              {parts}\n"
        "            </div>\n"
        "          </li>\n          "
    )


def _options(groups: list[MonthGroup]) -> FilterOptions:
    """``portal.filters.filter_options`` of the rows: the same units, months and kinds."""
    units: dict[int, str] = {}
    months: set[int] = set()
    kinds: set[str] = set()
    for group in groups:
        for row in group.activities:
            for unit_id, text in row.hosts:
                if unit_id:
                    units.setdefault(unit_id, text)
            kinds.update(kind for kind, _text in row.forms)
            if row.month_start:
                months.update(range(row.month_start, (row.month_end or row.month_start) + 1))
    return FilterOptions(
        units=sorted(units.items(), key=lambda item: item[1]),
        months=sorted(months),
        kinds=[(kind.value, kind.label) for kind in FormKind if kind.value in kinds],
    )


def column_plan(
    campaign: Campaign, *, closed: bool, today: dt.date, signups: set[int] = frozenset()
) -> ColumnPlan:
    """The plan by start month (``activities.selectors.by_month``), each row a
    ``PlanRow`` with its ``html`` (drawn for a closed year when ``closed``), and what the
    search form offers. Three queries, whatever the plan's size."""
    report_url = _linker("portal:activity-report", campaign.slug)
    notice_url = _linker("portal:activity-notice", campaign.slug)
    signup_url = _linker("portal:signup-form", campaign.slug)
    plan = ColumnPlan(months=[], options=FilterOptions())
    rows = list(_load_rows(campaign, report_url, today, plan))
    for row in rows:
        row.html = _row_html(
            row,
            closed=closed,
            report_url=report_url,
            notice_url=notice_url,
            # Open for sign-up now (``signups``: the 参与互动 section's, no query of its own).
            signup_url=signup_url if row.pk in signups else None,
        )
    plan.months = by_month(rows)
    plan.options = _options(plan.months)
    return plan
