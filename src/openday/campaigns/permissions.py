"""The choke point for reaching a campaign from user input.

``access_campaign`` answers 404 when the user may not see the campaign at all and 403 when
they see it but may not change it — so a guessed slug reveals nothing about other regions.
Every function takes the request's ``Scope`` (a user is turned into theirs).
"""

from django.http import Http404

from openday.campaigns.models import Campaign
from openday.core.errors import PermissionDenied
from openday.core.scope import Scope, scope_of
from openday.orgs.enums import RegionLevel, Role
from openday.orgs.models import Region
from openday.orgs.selectors import administers_region, visible_regions_q


def campaigns_visible_to(scope: Scope):
    return Campaign.objects.filter(visible_regions_q(scope, "region")).select_related(
        "region", "rules"
    )


def can_manage_campaign(scope: Scope, campaign: Campaign) -> bool:
    scope = scope_of(scope)
    if scope.is_system:
        return False  # the workbench's rights are people's; commands call services directly
    return administers_region(scope, campaign.region_id)


def regions_managed_by(scope: Scope):
    """The regions whose campaigns the user may open: where they are an office admin."""
    scope = scope_of(scope)
    if scope.is_superuser:
        return Region.objects.filter(level=RegionLevel.COUNTY)
    return Region.objects.filter(pk__in=scope.region_ids(Role.OFFICE_ADMIN))


def can_manage_region(scope: Scope, region) -> bool:
    scope = scope_of(scope)
    if not scope.is_authenticated:
        return False
    if scope.is_superuser:
        return region.level == RegionLevel.COUNTY
    return scope.has(Role.OFFICE_ADMIN, region_id=region.pk)


def access_campaign(scope: Scope, slug: str, *, for_write: bool = False) -> Campaign:
    campaign = campaigns_visible_to(scope).filter(slug=slug).first()
    if campaign is None:
        raise Http404("没有找到该年度活动。")
    if for_write and not can_manage_campaign(scope, campaign):
        raise PermissionDenied("您没有修改该年度活动的权限。")
    return campaign
