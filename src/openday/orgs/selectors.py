"""Reads of the regions tree, of who may see which region, and of a region's units and people."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from openday.core.scope import Grant, Scope, scope_of
from openday.orgs.enums import Role
from openday.orgs.models import Account, Membership, Region, Unit, UnitAlias


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
            region_slug=slug,
        )
        for role, region_id, path, unit_id, unit_kind, unit_active, slug in (
            Membership.objects.filter(user=user)
            .order_by("pk")
            .values_list(
                "role",
                "region_id",
                "region__path",
                "unit_id",
                "unit__kind",
                "unit__is_active",
                "region__slug",
            )
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


def active_liaisons(unit_ref) -> QuerySet[Membership]:
    return Membership.objects.filter(unit=unit_ref, role=Role.UNIT_LIAISON, user__is_active=True)


def units_of_region(region: Region) -> QuerySet[Unit]:
    """The region's units with their aliases and the number of active liaisons."""
    return (
        Unit.objects.filter(region=region)
        .annotate(
            liaison_count=Count(
                "memberships",
                filter=Q(memberships__role=Role.UNIT_LIAISON, memberships__user__is_active=True),
            )
        )
        .prefetch_related(Prefetch("aliases", queryset=UnitAlias.objects.order_by("alias")))
        .order_by("-is_active", "kind", "name")
    )


def units_without_liaison(region_ids) -> QuerySet[Unit]:
    """Active units of the regions with no active liaison: nobody there gets their reminders."""
    return (
        Unit.objects.filter(region_id__in=region_ids, is_active=True)
        .filter(~Exists(active_liaisons(OuterRef("pk"))))
        .select_related("region")
        .order_by("region__path", "kind", "name")
    )


def people_of_region(region: Region) -> QuerySet:
    """Everyone with a membership in the region, with those memberships (and their units)."""
    return (
        get_user_model()
        .objects.filter(memberships__region=region)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(region=region)
                .select_related("unit")
                .order_by("role", "unit__name"),
                to_attr="region_memberships",
            )
        )
        .order_by("-is_active", "username")
    )


def must_change_password(user) -> bool:
    """Whether the person's password was set by someone else and is still unchanged."""
    return Account.objects.filter(user=user, must_change_password=True).exists()


def office_name(region: Region) -> str:
    """The name of the region's openness office, else "<region>政务公开办"."""
    office = getattr(region, "office", None)
    return office.name if office else f"{region.name}政务公开办"
