"""Reads of the regions tree and of who may see which region."""

from django.db.models import Q, QuerySet

from openday.core.scope import Grant, Scope, scope_of
from openday.orgs.enums import Role
from openday.orgs.models import Membership, Region


def region_subtree(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(path__startswith=region.path)


def membership_grants(user) -> list[Grant]:
    """Every membership of ``user`` as grants, in one query: what ``Scope`` is built from."""
    return [
        Grant(
            role=role,
            region_id=region_id,
            region_path=path,
            unit_id=unit_id,
            unit_kind=unit_kind or "",
            unit_active=unit_active is not False,
        )
        for role, region_id, path, unit_id, unit_kind, unit_active in Membership.objects.filter(
            user=user
        )
        .order_by("pk")
        .values_list(
            "role", "region_id", "region__path", "unit_id", "unit__kind", "unit__is_active"
        )
    ]


def user_region_paths(who, roles: tuple[str, ...]) -> list[str]:
    """Paths of the regions where ``who`` (a user or a Scope) holds one of ``roles``."""
    return sorted({grant.region_path for grant in scope_of(who).with_role(*roles)})


def reads_region(who, region: Region) -> bool:
    """Office admin of ``region``, superior viewer above it (or of it), the superuser, the
    system: who reads everything a region does."""
    scope: Scope = scope_of(who)
    if scope.sees_everything:
        return True
    return any(
        (grant.role == Role.OFFICE_ADMIN and grant.region_id == region.pk)
        or (grant.role == Role.SUPERIOR_VIEWER and region.path.startswith(grant.region_path))
        for grant in scope.grants
    )


def administers_region(who, region_id: int) -> bool:
    """Office admin of the region, or the superuser / the system."""
    scope = scope_of(who)
    return scope.sees_everything or scope.has(Role.OFFICE_ADMIN, region_id=region_id)


def visible_regions_q(who, field: str = "") -> Q:
    """A filter on ``<field>path`` for the regions a staff user (or Scope) may read.

    Office admins and liaisons read their own region; superior viewers their whole subtree;
    the site superuser everything. Nobody else reads anything.
    """
    prefix = f"{field}__" if field else ""
    scope = scope_of(who)
    if scope.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for grant in scope.grants:
        if grant.role == Role.SUPERIOR_VIEWER:
            q |= Q(**{f"{prefix}path__startswith": grant.region_path})
        else:
            q |= Q(**{f"{prefix}path": grant.region_path})
    return q
