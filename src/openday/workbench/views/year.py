"""Staff pages of the year's lifecycle, for the region's office admin: publish the plan, close
the year (deciding about each unfinished activity), copy the campaign into a new year.

Each reaches the campaign through ``access_campaign(..., for_write=True)`` (404 when it is not
visible, 403 when it is but may not be changed) and calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openday.activities.forms.year import CampaignCloseForm
from openday.activities.lifecycle import state_label
from openday.activities.selectors import unfinished_activities
from openday.activities.services import campaign_close, campaign_publish
from openday.campaigns.forms import CampaignCopyForm
from openday.campaigns.permissions import access_campaign
from openday.campaigns.services import campaign_copy, next_year_slug
from openday.core.errors import DomainError
from openday.core.formats import date_label
from openday.core.forms import add_domain_error


@require_POST
@login_required
def campaign_publish_view(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug, for_write=True)
    try:
        campaign_publish(actor=request.user, campaign=campaign)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "计划已发布，公开专栏现已显示全年活动计划。")
    return redirect("staff:campaign-detail", slug=campaign.slug)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_close_view(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug, for_write=True)
    unfinished = list(unfinished_activities(campaign))
    form = CampaignCloseForm(
        request.POST or None,
        unfinished=unfinished,
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        on = form.cleaned_data["on"]
        try:
            campaign_close(
                actor=request.user, campaign=campaign, on=on, cancel=form.cancellations()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"{campaign.region.name}{campaign.year}年度已于{date_label(on)}结束，"
                "统计数据已固定，专栏作为往年存档继续公开。",
            )
            return redirect("staff:campaign-detail", slug=campaign.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "campaigns/campaign_close.html",
        {
            "campaign": campaign,
            "form": form,
            "rows": [
                (activity, fate, reason, state_label(activity.state, year_closed=True))
                for activity, fate, reason in form.rows()
            ],
            "nav": "campaigns",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_copy_view(request: HttpRequest, slug: str) -> HttpResponse:
    source = access_campaign(request.scope, slug, for_write=True)
    year = source.year + 1
    form = CampaignCopyForm(
        request.POST or None, initial={"year": year, "slug": next_year_slug(source, year)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_copy(
                actor=request.user,
                source=source,
                year=form.cleaned_data["year"],
                slug=form.cleaned_data["slug"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"已由{source.year}年复制出{campaign.year}年度活动（筹备阶段）：活动形式、"
                "规则、LOGO 和会标已带入；请导入或编制计划表后发布。",
            )
            return redirect("staff:campaign-detail", slug=campaign.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "campaigns/campaign_copy.html",
        {"campaign": source, "form": form, "nav": "campaigns"},
        status=status,
    )
