"""Who is told: the liaisons of a unit or of an activity's hosts, and a region's office admins.

Every job and event notice asks here, so "who hears about this" has one answer.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from openday.activities.models import Activity
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Membership, Region, Unit


def _users(memberships: QuerySet[Membership]) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .order_by("pk")
    )


def unit_liaisons(unit: Unit) -> QuerySet:
    """The active users who are liaison of ``unit``."""
    return _users(Membership.objects.filter(role=Role.UNIT_LIAISON, unit=unit))


def activity_host_memberships(activity: Activity) -> QuerySet[Membership]:
    """Liaison memberships of the units hosting ``activity``: named hosts, and every unit of the
    campaign's region that a group host (各街道办事处, …) covers. One row per liaison and unit."""
    hosts = list(activity.hosts.all())
    unit_ids = [host.unit_id for host in hosts if host.unit_id]
    kinds = [kind for host in hosts if host.group for kind in GROUP_KINDS[host.group]]
    return (
        Membership.objects.filter(
            role=Role.UNIT_LIAISON,
            region_id=activity.campaign.region_id,
            unit__is_active=True,
        )
        .filter(Q(unit_id__in=unit_ids) | Q(unit__kind__in=kinds))
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    )


def activity_liaisons(activity: Activity) -> QuerySet:
    """The active users who are liaison of a unit hosting ``activity``, each once."""
    return _users(activity_host_memberships(activity))


def office_admins(region: Region) -> QuerySet:
    """The active users who administer ``region``'s office."""
    return _users(Membership.objects.filter(role=Role.OFFICE_ADMIN, region=region))
