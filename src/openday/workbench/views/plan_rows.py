"""The plan one row at a time, for the region's office admin: add a row, edit one, remove one.

The campaign is reached with ``access_campaign(for_write=True)`` (404 when not visible, 403
for those who only read it), the row with ``access_activity``. A new row takes the next free
序号; the others never change. A row under way is not removed: its page says to cancel it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.activities.enums import ActivityState
from openday.activities.forms.plan_rows import PlanRowForm
from openday.activities.permissions import access_activity
from openday.activities.services import plan_row_add as add_row
from openday.activities.services import plan_row_remove as remove_row
from openday.activities.services import plan_row_update as update_row
from openday.campaigns.permissions import access_campaign
from openday.core.errors import DomainError
from openday.core.forms import add_domain_error

REMOVE_REFUSED = (
    "第 {seq} 条已是“{state}”状态，不能从计划中删除；如不再开展，请在活动页面办理“取消”并说明原因。"
)


def _render_form(request, campaign, form, *, activity=None, status=200) -> HttpResponse:
    return render(
        request,
        "activities/plan_row_form.html",
        {"campaign": campaign, "activity": activity, "form": form, "nav": "campaigns"},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_row_add(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug, for_write=True)
    form = PlanRowForm(request.POST or None, campaign=campaign)
    if request.method == "POST":
        if form.is_valid():
            try:
                activity = add_row(actor=request.user, campaign=campaign, row=form.row())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request, f"已在计划表中新增第 {activity.seq} 条“{activity.title}”。"
                )
                return redirect("staff:activity-detail", slug=campaign.slug, seq=activity.seq)
        return _render_form(request, campaign, form, status=400)
    return _render_form(request, campaign, form)


@login_required
@require_http_methods(["GET", "POST"])
def plan_row_edit(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    campaign = access_campaign(request.scope, slug, for_write=True)
    activity = access_activity(request.scope, slug, seq)
    form = PlanRowForm(request.POST or None, campaign=campaign, activity=activity)
    if request.method == "POST":
        if form.is_valid():
            try:
                update_row(actor=request.user, activity=activity, row=form.row())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"第 {activity.seq} 条已保存。")
                return redirect("staff:activity-detail", slug=campaign.slug, seq=activity.seq)
        return _render_form(request, campaign, form, activity=activity, status=400)
    return _render_form(request, campaign, form, activity=activity)


@login_required
@require_http_methods(["GET", "POST"])
def plan_row_remove(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    """GET asks for confirmation (or says why the row cannot go); POST removes it."""
    campaign = access_campaign(request.scope, slug, for_write=True)
    activity = access_activity(request.scope, slug, seq)
    refusal = ""
    if activity.state != ActivityState.PLANNED:
        refusal = REMOVE_REFUSED.format(seq=seq, state=ActivityState(activity.state).label)
    if request.method == "POST":
        try:
            remove_row(actor=request.user, activity=activity)
        except DomainError as error:
            refusal = error.message
        else:
            messages.success(
                request, f"已从计划表中删除第 {seq} 条“{activity.title}”；其余各条的序号不变。"
            )
            return redirect("staff:campaign-detail", slug=campaign.slug)
    return render(
        request,
        "activities/plan_row_remove.html",
        {"campaign": campaign, "activity": activity, "refusal": refusal, "nav": "campaigns"},
        status=400 if request.method == "POST" else 200,
    )
