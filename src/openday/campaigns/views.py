"""Staff pages of campaigns: the list, one campaign with its plan (each row linking to its
activity's page) and the activities still without a date late in their month, and the export.

Every campaign is reached through ``access_campaign``; reading is enough for the export.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.activities.enums import ActivityState
from openday.activities.selectors import plan_activities, plan_counts_by_month, unscheduled_late
from openday.campaigns.enums import PlanColumn
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign
from openday.campaigns.selectors import campaign_list_for_user, plan_is_published
from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_csv, render_docx, render_xlsx
from openday.reports.tables import Table

EXPORTS = {
    "xlsx": (
        render_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "csv": (render_csv, "text/csv; charset=utf-8"),
}


class StaffLoginView(auth_views.LoginView):
    template_name = "campaigns/staff_login.html"
    redirect_authenticated_user = True


def attachment_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the real name as RFC 5987
    ``filename*`` (UTF-8, percent-encoded), which every current browser prefers."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@require_safe
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/campaign_list.html",
        {"campaigns": campaign_list_for_user(request.user), "nav": "home"},
    )


@dataclass(frozen=True)
class PlanRow:
    """A row of the plan table on the staff page, with what it needs to link to its activity."""

    cells: list
    seq: int
    state: str
    state_label: str


def plan_rows(campaign: Campaign, table: Table) -> list[PlanRow]:
    # Both come from ``plan_activities`` in 序号 order, so the rows pair up one to one.
    states = plan_activities(campaign).prefetch_related(None).values_list("seq", "state")
    return [
        PlanRow(cells=cells, seq=seq, state=state, state_label=ActivityState(state).label)
        for cells, (seq, state) in zip(table.rows, states, strict=False)
    ]


@require_safe
@login_required
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    counts = plan_counts_by_month(campaign)
    table = plan_table(campaign)
    keys = [key for key, _words in campaign.columns]
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "table": table,
            "plan_rows": plan_rows(campaign, table),
            # The theme links to the activity's page; a layout without one links the state.
            "link_column": keys.index(PlanColumn.TITLE) if PlanColumn.TITLE in keys else None,
            "unscheduled": unscheduled_late(campaign, timezone.localdate()),
            "counts": counts,
            "total": sum(row["count"] for row in counts),
            "plan_published": plan_is_published(campaign),
            "export_formats": list(EXPORTS),
            "nav": "home",
        },
    )


@require_safe
@login_required
def campaign_plan_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    renderer, content_type = EXPORTS[fmt]
    response = HttpResponse(renderer(plan_table(campaign)), content_type=content_type)
    response.headers["Content-Disposition"] = attachment_disposition(
        f"{campaign.display_plan_title}.{fmt}", f"{campaign.slug}-plan.{fmt}"
    )
    # Staff data: never kept by a shared cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
