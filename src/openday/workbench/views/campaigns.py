"""Staff pages of campaigns: the list, one campaign with its plan (each row linking to its
activity's page) and the activities still without a date late in their month, and the export.

Every campaign is reached through ``access_campaign``; reading is enough for the export.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.activities import deadlines
from openday.activities.enums import DeadlineKind
from openday.activities.lifecycle import state_label
from openday.activities.permissions import readable_refs
from openday.activities.selectors import plan_activities, plan_counts_by_month, unscheduled_late
from openday.campaigns.enums import CampaignPhase, FormKind, PlanColumn
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import (
    access_campaign,
    can_manage_campaign,
    regions_managed_by,
)
from openday.campaigns.selectors import campaign_list_for_user, plan_is_published
from openday.core.formats import month_day_label
from openday.core.http import CSV, DOCX, XLSX, download
from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_csv, render_docx, render_xlsx
from openday.reports.tables import Table

EXPORTS = {
    "xlsx": (render_xlsx, XLSX),
    "docx": (render_docx, DOCX),
    "csv": (render_csv, CSV),
}


@require_safe
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "campaigns": campaign_list_for_user(request.scope),
            "can_open": regions_managed_by(request.scope).exists(),
            "nav": "campaigns",
        },
    )


@dataclass(frozen=True)
class PlanRow:
    """A row of the plan table on the staff page, with what it needs to link to its activity."""

    cells: list
    seq: int
    state: str
    state_label: str
    # The activity the row links to: the row itself, or the user's own part of a joint row.
    ref: str = ""
    # The reason the date left the planned months (计划调整), for the office to see.
    plan_adjustment: str = ""


def plan_rows(campaign: Campaign, table: Table, readable: dict[int, str] | None) -> list[PlanRow]:
    """``readable``: what each 序号 the user may open links to (None: every row) — a liaison
    links only their own rows and parts."""
    # Both come from ``plan_activities`` in 序号 order, so the rows pair up one to one.
    states = (
        plan_activities(campaign)
        .prefetch_related(None)
        .values_list("seq", "state", "plan_adjustment")
    )
    closed = campaign.phase == CampaignPhase.CLOSED
    return [
        PlanRow(
            cells=cells,
            seq=seq,
            state=state,
            state_label=state_label(state, year_closed=closed),
            ref=str(seq) if readable is None else readable.get(seq, ""),
            plan_adjustment=adjustment,
        )
        for cells, (seq, state, adjustment) in zip(table.rows, states, strict=False)
    ]


@require_safe
@login_required
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    counts = plan_counts_by_month(campaign)
    table = plan_table(campaign)
    readable = readable_refs(request.scope, campaign)
    unscheduled = unscheduled_late(campaign, timezone.localdate())
    keys = [key for key, _words in campaign.columns]
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "table": table,
            "plan_rows": plan_rows(campaign, table, readable),
            # The theme links to the activity's page; a layout without one links the state.
            "link_column": keys.index(PlanColumn.TITLE) if PlanColumn.TITLE in keys else None,
            "unscheduled": unscheduled
            if readable is None
            else [a for a in unscheduled if a.ref in readable.values()],
            "counts": counts,
            "total": sum(row["count"] for row in counts),
            "plan_published": plan_is_published(campaign),
            "export_formats": list(EXPORTS),
            "rules": rule_lines(getattr(campaign, "rules", None), campaign.year),
            "can_manage": can_manage_campaign(request.scope, campaign),
            # The office and the viewers above it read the whole region, and its summaries.
            "reads_region": readable is None,
            "nav": "campaigns",
        },
    )


def _reminder(rules) -> str | None:
    """When the hosts are reminded of a deadline; nothing to say without a deadline rule."""
    days = (rules.filing_lead_days, rules.report_due_days, rules.publicity_due_days)
    if all(count is None for count in days):
        return None
    if rules.remind_before_workdays == 0:
        return "截止当天提醒承办单位"
    return f"截止前 {rules.remind_before_workdays} 个工作日提醒承办单位"


def rule_lines(rules, year: int) -> list[tuple[str, str]]:
    """The campaign's rules as the lines units read on its page; unset rules are left out."""
    if rules is None:
        return []
    kinds = "、".join(FormKind(k).label for k in rules.declaration_required_kinds)
    due = rules.declaration_due_on
    worded = {rule.kind: rule.label for rule in deadlines.campaign_rules(rules)}
    lines = [
        ("方案报备", worded.get(DeadlineKind.FILING)),
        ("材料报送", worded.get(DeadlineKind.REPORT)),
        ("媒体宣传", worded.get(DeadlineKind.PUBLICITY)),
        ("确认开展", worded.get(DeadlineKind.HOLD)),
        ("截止提醒", _reminder(rules)),
        ("现场工作人员", f"不少于 {rules.min_staff} 人" if rules.min_staff else None),
        (
            "会标",
            "；".join(
                t.format(unit="××××单位", year=year, theme="××××") for t in rules.banner_templates
            )
            or None,
        ),
        ("现场标识", rules.site_requirements or None),
        (
            "主题申报",
            f"每单位 {rules.declaration_themes_per_unit} 个主题"
            + (f"，至少一个为{kinds}" if kinds else "")
            + (f"，{month_day_label(due)}前报送" if due else "")
            if rules.declaration_themes_per_unit
            else None,
        ),
        ("主题类别", "、".join(rules.declaration_categories) or None),
    ]
    return [(label, text) for label, text in lines if text]


@require_safe
@login_required
def campaign_plan_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    renderer, content_type = EXPORTS[fmt]
    return download(
        renderer(plan_table(campaign)),
        content_type=content_type,
        filename=f"{campaign.display_plan_title}.{fmt}",
        fallback=f"{campaign.slug}-plan.{fmt}",
    )
