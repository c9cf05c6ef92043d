"""The choke point for reaching a campaign from user input.

``access_campaign`` answers 404 when the user may not see the campaign at all and 403 when
they see it but may not change it — so a guessed slug reveals nothing about other regions.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from openday.campaigns.models import Campaign
from openday.orgs.enums import RegionLevel, Role
from openday.orgs.models import Membership, Region
from openday.orgs.selectors import visible_regions_q


def campaigns_visible_to(user):
    return Campaign.objects.filter(visible_regions_q(user, "region")).select_related(
        "region", "rules"
    )


def can_manage_campaign(user, campaign: Campaign) -> bool:
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role=Role.OFFICE_ADMIN, region_id=campaign.region_id
    ).exists()


def regions_managed_by(user):
    """The regions whose campaigns ``user`` may open: where they are an office admin."""
    if user.is_superuser:
        return Region.objects.filter(level=RegionLevel.COUNTY)
    return Region.objects.filter(
        memberships__user=user, memberships__role=Role.OFFICE_ADMIN
    ).distinct()


def can_manage_region(user, region) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return regions_managed_by(user).filter(pk=region.pk).exists()


def access_campaign(user, slug: str, *, for_write: bool = False) -> Campaign:
    campaign = campaigns_visible_to(user).filter(slug=slug).first()
    if campaign is None:
        raise Http404("没有找到该活动方案。")
    if for_write and not can_manage_campaign(user, campaign):
        raise PermissionDenied("您没有修改该活动方案的权限。")
    return campaign
