"""The campaign's materials page: the LOGO, the banner wording, the statistics downloads.

Everyone who may read the campaign gets the page. A unit liaison sees the banner filled with
their unit's name and the statistics (附件2) of their unit only; the office and superior
viewers see the wording with placeholders, the whole campaign's statistics and each unit's.
Only the office uploads the LOGO.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from openday.activities.forms.materials import LogoForm
from openday.activities.materials import banner_lines, campaign_set_logo
from openday.activities.models import ActivityHost
from openday.activities.permissions import liaison_units, reads_whole_region
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign, can_manage_campaign
from openday.core.http import stream
from openday.orgs.enums import GROUP_KINDS
from openday.orgs.models import Unit


@dataclass(frozen=True)
class UnitMaterials:
    unit: Unit
    banner: list[str]


def hosting_units(campaign: Campaign) -> list[Unit]:
    """Units of the region that host an activity of the campaign, themselves or in a group."""
    hosts = ActivityHost.objects.filter(activity__campaign=campaign)
    direct = set(hosts.exclude(unit=None).values_list("unit_id", flat=True))
    kinds = {
        kind
        for group in hosts.exclude(group="").values_list("group", flat=True).distinct()
        for kind in GROUP_KINDS[group]
    }
    units = Unit.objects.filter(region_id=campaign.region_id).order_by("kind", "name")
    return [unit for unit in units if unit.pk in direct or (unit.is_active and unit.kind in kinds)]


def _render(request, campaign: Campaign, form: LogoForm | None, *, status: int = 200):
    whole = reads_whole_region(request.scope, campaign)
    own_units = [] if whole else list(liaison_units(request.scope, campaign))
    return render(
        request,
        "activities/campaign_materials.html",
        {
            "campaign": campaign,
            "can_manage": can_manage_campaign(request.scope, campaign),
            "form": form,
            "reads_whole_region": whole,
            "template_banner": banner_lines(campaign, None),
            "own": [UnitMaterials(u, banner_lines(campaign, u).lines) for u in own_units],
            "units": hosting_units(campaign) if whole else [],
            "site_requirements": getattr(getattr(campaign, "rules", None), "site_requirements", ""),
            "nav": "campaigns",
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def campaign_materials(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    can_manage = can_manage_campaign(request.scope, campaign)
    if request.method != "POST":
        return _render(request, campaign, LogoForm() if can_manage else None)
    if not can_manage:
        raise PermissionDenied("只有本地区公开办可以上传活动LOGO。")
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        campaign_set_logo(actor=request.user, campaign=campaign, logo=form.cleaned_data["logo"])
        messages.success(request, f"活动LOGO“{form.cleaned_data['logo'].name}”已上传。")
        return redirect("staff:campaign-materials", slug=slug)
    return _render(request, campaign, form, status=400)


@require_safe
@login_required
def campaign_logo(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    if not campaign.logo:
        raise Http404("公开办还没有上传活动LOGO。")
    download = request.GET.get("download") == "1"
    return stream(campaign.logo, filename=campaign.logo_name, attachment=download)
