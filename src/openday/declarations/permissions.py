"""Who may see and do what with declarations. The single place services and views ask.

A unit's declaration is the business of that unit's liaisons, the office of its region (who
review it) and the superior offices above (who read it). A liaison of another unit does not
learn that it exists: access answers 404, as for another region.
"""

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404

from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign, can_manage_campaign
from openday.declarations.models import Declaration
from openday.orgs.enums import Role
from openday.orgs.models import Membership, Unit


def liaison_unit_ids(user, campaign: Campaign) -> set[int]:
    """The units of the campaign's region for which ``user`` is a liaison."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(
            user=user,
            role=Role.UNIT_LIAISON,
            unit__region_id=campaign.region_id,
            unit__is_active=True,
        ).values_list("unit_id", flat=True)
    )


def is_liaison_of(user, unit: Unit) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, role=Role.UNIT_LIAISON, unit=unit).exists()


def can_review(user, campaign: Campaign) -> bool:
    """Open the window, accept, return, merge, compile and publish: the region's office."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return can_manage_campaign(user, campaign)


def reads_all(user, campaign: Campaign) -> bool:
    """Every unit's declaration: the region's office, superior offices above, the superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for role, path in Membership.objects.filter(
        user=user, role__in=(Role.OFFICE_ADMIN, Role.SUPERIOR_VIEWER)
    ).values_list("role", "region__path"):
        if role == Role.OFFICE_ADMIN and path == campaign.region.path:
            return True
        if role == Role.SUPERIOR_VIEWER and campaign.region.path.startswith(path):
            return True
    return False


def can_read(user, declaration: Declaration) -> bool:
    return reads_all(user, declaration.campaign) or is_liaison_of(user, declaration.unit)


def access_campaign_declarations(user, slug: str, *, review: bool = False) -> Campaign:
    """The campaign behind a declarations URL: 404 when not visible; with ``review``, 403
    unless the user is its office."""
    campaign = access_campaign(user, slug)
    if review and not can_review(user, campaign):
        raise Forbidden("只有本级政务公开办可以办理。")
    return campaign


def access_all_declarations(user, slug: str) -> Campaign:
    """Every unit's declarations at once (lists, exports): the office and superior offices."""
    campaign = access_campaign(user, slug)
    if not reads_all(user, campaign):
        raise Forbidden("只有政务公开办可以查看全部单位的申报。")
    return campaign


def access_unit_for_declaring(user, slug: str, unit_id: int) -> tuple[Campaign, Unit]:
    """The campaign and unit behind the liaison's form: 404 when the unit is not the user's
    and not one the user may read about; 403 for the office and superior offices."""
    campaign = access_campaign(user, slug)
    unit = Unit.objects.filter(pk=unit_id, region_id=campaign.region_id, is_active=True).first()
    if unit is None:
        raise Http404("没有找到该单位。")
    if is_liaison_of(user, unit):
        return campaign, unit
    if reads_all(user, campaign):
        raise Forbidden("只有该单位的联络员可以填写主题申报。")
    raise Http404("没有找到该单位。")


def access_declaration(user, slug: str, pk: int, *, review: bool = False) -> Declaration:
    """A declaration behind a URL: 404 unless the user may read it; with ``review``, 403
    unless the user is the campaign's office."""
    campaign = access_campaign(user, slug)
    declaration = (
        Declaration.objects.filter(campaign=campaign, pk=pk)
        .select_related("campaign__region", "campaign__rules", "unit", "reviewer")
        .first()
    )
    if declaration is None or not can_read(user, declaration):
        raise Http404("没有找到该申报。")
    if review and not can_review(user, campaign):
        raise Forbidden("只有本级政务公开办可以审核主题申报。")
    return declaration
