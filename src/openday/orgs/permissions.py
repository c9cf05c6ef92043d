"""The choke point for reaching a region's units and people from user input.

Only the region's office admins (and the site superuser) manage them. A member of the region
who is not its admin (a liaison) gets 403; anyone else 404, so a guessed slug or id tells
nothing about other regions.
"""

from django.contrib.auth import get_user_model
from django.http import Http404

from openday.core.errors import PermissionDenied
from openday.core.scope import Scope, scope_of
from openday.orgs.enums import Role
from openday.orgs.models import Membership, Region, Unit


def access_region_admin(scope: Scope, region_slug: str) -> Region:
    """The region, for its office admin or the superuser."""
    scope = scope_of(scope)
    region = Region.objects.filter(slug=region_slug).select_related("parent").first()
    if region is None:
        raise Http404("没有找到该地区。")
    if scope.is_superuser or scope.has(Role.OFFICE_ADMIN, region_id=region.pk):
        return region
    if region.pk in scope.region_ids(*Role.values):
        raise PermissionDenied("只有本级政务公开办管理员可以管理单位和人员。")
    raise Http404("没有找到该地区。")


def access_unit(scope: Scope, region_slug: str, unit_id: int) -> Unit:
    region = access_region_admin(scope, region_slug)
    unit = Unit.objects.filter(region=region, pk=unit_id).select_related("region").first()
    if unit is None:
        raise Http404("没有找到该单位。")
    return unit


def access_person(scope: Scope, region_slug: str, user_id: int):
    """A person with a membership in the region (returned with ``region``)."""
    region = access_region_admin(scope, region_slug)
    if not Membership.objects.filter(region=region, user_id=user_id).exists():
        raise Http404("没有找到该人员。")
    return region, get_user_model().objects.get(pk=user_id)
