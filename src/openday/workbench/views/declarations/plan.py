"""The plan page: the accepted themes, merging several units' themes into one plan item,
compiling the plan and publishing it (the office only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from openday.activities.selectors import plan_activities
from openday.campaigns.models import Campaign
from openday.campaigns.selectors import plan_is_published
from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.declarations import selectors, services
from openday.declarations.forms import MergeForm
from openday.declarations.models import DeclarationMerge
from openday.declarations.permissions import (
    access_all_declarations,
    access_campaign_declarations,
    can_review,
)
from openday.declarations.selectors import accepted_items, declaration_counts, declaration_merges
from openday.reports.plan_export import plan_table


def _merge_choices(campaign: Campaign) -> list[tuple[int, str]]:
    return [
        (item.pk, f"{item.declaration.unit.name}：{item.title}")
        for item in accepted_items(campaign)
        if item.merged_into_id is None
    ]


def _render_plan(
    request: HttpRequest, campaign: Campaign, *, merge_form=None, status=200
) -> HttpResponse:
    reviewing = can_review(request.scope, campaign)
    open_phase = campaign.phase in services.OPEN_PHASES
    items = list(accepted_items(campaign))
    has_plan = plan_activities(campaign).exists()
    rows = selectors.declaration_list(campaign)
    selected = set()
    if merge_form is not None and merge_form.is_bound:
        selected = {int(v) for v in merge_form.data.getlist("items") if v.isdigit()}
    return render(
        request,
        "declarations/plan_review.html",
        {
            "campaign": campaign,
            "items": items,
            "merges": declaration_merges(campaign),
            "merge_form": merge_form
            or (MergeForm(choices=_merge_choices(campaign)) if reviewing and open_phase else None),
            "counts": declaration_counts(rows),
            "selected": selected,
            "table": plan_table(campaign) if has_plan else None,
            "can_act": reviewing and open_phase,
            "can_publish": reviewing and open_phase and has_plan,
            "published": plan_is_published(campaign),
            "nav": "home",
        },
        status=status,
    )


@require_safe
@login_required
def plan_review(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_all_declarations(request.scope, slug)
    return _render_plan(request, campaign)


@require_POST
@login_required
def merge_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.scope, slug, review=True)
    form = MergeForm(request.POST, choices=_merge_choices(campaign))
    if form.is_valid():
        data = form.cleaned_data
        chosen = [item for item in accepted_items(campaign) if item.pk in set(data["items"])]
        try:
            merge = services.declaration_merge(
                actor=request.user,
                campaign=campaign,
                items=chosen,
                title=data["title"],
                month_start=data["month_start"],
                month_end=data["month_end"],
                brief=data["brief"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, f"已将 {len(chosen)} 个主题合并为“{merge.title}”，请重新编制计划。"
            )
            return redirect("staff:plan-review", slug=slug)
    return _render_plan(request, campaign, merge_form=form, status=400)


@require_POST
@login_required
def merge_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = access_campaign_declarations(request.scope, slug, review=True)
    merge = DeclarationMerge.objects.filter(campaign=campaign, pk=pk).first()
    if merge is None:
        raise Http404("没有找到该合并。")
    try:
        services.declaration_unmerge(actor=request.user, merge=merge)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已撤销合并“{merge.title}”，请重新编制计划。")
    return redirect("staff:plan-review", slug=slug)


@require_POST
@login_required
def plan_compile(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.scope, slug, review=True)
    try:
        change = services.plan_compile(actor=request.user, campaign=campaign)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        total = len(change.created) + len(change.updated) + len(change.unchanged)
        messages.success(request, f"已编制计划：共 {total} 项，请核对后发布。")
    return redirect("staff:plan-review", slug=slug)


@require_POST
@login_required
def plan_publish(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.scope, slug, review=True)
    try:
        services.plan_publish(actor=request.user, campaign=campaign)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("staff:plan-review", slug=slug)
    messages.success(request, "计划已发布，公开专栏现已显示全年活动计划。")
    return redirect("staff:campaign-detail", slug=slug)
