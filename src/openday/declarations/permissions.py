"""Who may see and do what with declarations. The single place services and views ask.

A unit's declaration is the business of that unit's liaisons, the office of its region (who
review it) and the superior offices above (who read it). A liaison of another unit does not
learn that it exists: access answers 404, as for another region.
"""

from django.http import Http404

from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign, can_manage_campaign
from openday.core.errors import PermissionDenied
from openday.core.scope import Scope, scope_of
from openday.declarations.models import Declaration
from openday.orgs.enums import Role
from openday.orgs.models import Unit
from openday.orgs.selectors import reads_region


def liaison_unit_ids(scope: Scope, campaign: Campaign) -> set[int]:
    """The active units of the campaign's region for which the user is a liaison."""
    return scope_of(scope).unit_ids(
        Role.UNIT_LIAISON, region_id=campaign.region_id, active_only=True
    )


def is_liaison_of(scope: Scope, unit: Unit) -> bool:
    return unit.pk in scope_of(scope).unit_ids(Role.UNIT_LIAISON, region_id=unit.region_id)


def can_review(scope: Scope, campaign: Campaign) -> bool:
    """Open the window, accept, return, merge, compile and publish: the region's office."""
    scope = scope_of(scope)
    return scope.is_authenticated and can_manage_campaign(scope, campaign)


def reads_all(scope: Scope, campaign: Campaign) -> bool:
    """Every unit's declaration: the region's office, superior offices above, the superuser."""
    scope = scope_of(scope)
    return scope.is_authenticated and reads_region(scope, campaign.region)


def can_read(scope: Scope, declaration: Declaration) -> bool:
    return reads_all(scope, declaration.campaign) or is_liaison_of(scope, declaration.unit)


def access_campaign_declarations(scope: Scope, slug: str, *, review: bool = False) -> Campaign:
    """The campaign behind a declarations URL: 404 when not visible; with ``review``, 403
    unless the user is its office."""
    campaign = access_campaign(scope, slug)
    if review and not can_review(scope, campaign):
        raise PermissionDenied("只有本级政务公开办可以办理。")
    return campaign


def access_all_declarations(scope: Scope, slug: str) -> Campaign:
    """Every unit's declarations at once (lists, exports): the office and superior offices."""
    campaign = access_campaign(scope, slug)
    if not reads_all(scope, campaign):
        raise PermissionDenied("只有政务公开办可以查看全部单位的申报。")
    return campaign


def access_unit_for_declaring(scope: Scope, slug: str, unit_id: int) -> tuple[Campaign, Unit]:
    """The campaign and unit behind the liaison's form: 404 when the unit is not the user's
    and not one the user may read about; 403 for the office and superior offices."""
    campaign = access_campaign(scope, slug)
    unit = Unit.objects.filter(pk=unit_id, region_id=campaign.region_id, is_active=True).first()
    if unit is None:
        raise Http404("没有找到该单位。")
    if is_liaison_of(scope, unit):
        return campaign, unit
    if reads_all(scope, campaign):
        raise PermissionDenied("只有该单位的联络员可以填写主题申报。")
    raise Http404("没有找到该单位。")


def access_declaration(scope: Scope, slug: str, pk: int, *, review: bool = False) -> Declaration:
    """A declaration behind a URL: 404 unless the user may read it; with ``review``, 403
    unless the user is the campaign's office."""
    campaign = access_campaign(scope, slug)
    declaration = (
        Declaration.objects.filter(campaign=campaign, pk=pk)
        .select_related("campaign__region", "campaign__rules", "unit", "reviewer")
        .first()
    )
    if declaration is None or not can_read(scope, declaration):
        raise Http404("没有找到该申报。")
    if review and not can_review(scope, campaign):
        raise PermissionDenied("只有本级政务公开办可以审核主题申报。")
    return declaration
