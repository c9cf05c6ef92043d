"""Staff pages of campaigns: the list, one campaign with its plan, and the plan's export.

Every campaign is reached through ``access_campaign``; reading is enough for the export.
"""

from urllib.parse import quote

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from openday.activities.selectors import plan_counts_by_month
from openday.campaigns.permissions import access_campaign
from openday.campaigns.selectors import campaign_list_for_user, plan_is_published
from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_csv, render_docx, render_xlsx

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


@require_safe
@login_required
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.user, slug)
    counts = plan_counts_by_month(campaign)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "table": plan_table(campaign),
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
