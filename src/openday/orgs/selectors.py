"""Reads of the regions tree and of who may see which region."""

from django.db.models import Q, QuerySet

from openday.orgs.enums import Role
from openday.orgs.models import Membership, Region


def region_subtree(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(path__startswith=region.path)


def user_region_paths(user, roles: tuple[str, ...]) -> list[str]:
    """Paths of the regions where ``user`` holds one of ``roles``."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Membership.objects.filter(user=user, role__in=roles)
        .values_list("region__path", flat=True)
        .distinct()
    )


def visible_regions_q(user, field: str = "") -> Q:
    """A filter on ``<field>path`` for the regions a staff user may read.

    Office admins and liaisons read their own region; superior viewers their whole subtree;
    the site superuser everything. Nobody else reads anything.
    """
    prefix = f"{field}__" if field else ""
    if getattr(user, "is_superuser", False):
        return Q()
    memberships = (
        Membership.objects.filter(user=user).values_list("role", "region__path")
        if getattr(user, "is_authenticated", False)
        else []
    )
    q = Q(pk__in=[])
    for role, path in memberships:
        if role == Role.SUPERIOR_VIEWER:
            q |= Q(**{f"{prefix}path__startswith": path})
        else:
            q |= Q(**{f"{prefix}path": path})
    return q
