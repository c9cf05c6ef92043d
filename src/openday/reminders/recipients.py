"""Who is told: the liaisons of a unit or of an activity's hosts, and a region's office admins.

Every job and event notice asks here, so "who hears about this" has one answer.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from openday.activities.models import Activity
from openday.activities.selectors import host_scope
from openday.orgs.enums import Role
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


def _host_liaisons(region_ids, unit_ids, kinds) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            role=Role.UNIT_LIAISON, region_id__in=region_ids, unit__is_active=True
        )
        .filter(Q(unit_id__in=unit_ids) | Q(unit__kind__in=kinds))
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    )


def activity_host_memberships(activity: Activity) -> QuerySet[Membership]:
    """Liaison memberships of the units hosting ``activity``: named hosts, and every unit of the
    campaign's region that a group host (各街道办事处, …) covers. One row per liaison and unit."""
    unit_ids, kinds = host_scope(activity)
    return _host_liaisons([activity.campaign.region_id], unit_ids, kinds)


def host_memberships_by_activity(activities) -> dict[int, list[Membership]]:
    """``activity_host_memberships`` of many activities in one query: activity pk → its rows.

    Load the activities with their hosts and campaigns, or each one costs queries of its own.
    """
    scopes = {a.pk: (a.campaign.region_id, *host_scope(a)) for a in activities}
    if not scopes:
        return {}
    rows = list(
        _host_liaisons(
            {region_id for region_id, _, _ in scopes.values()},
            set().union(*(unit_ids for _, unit_ids, _ in scopes.values())),
            set().union(*(kinds for _, _, kinds in scopes.values())),
        )
    )
    return {
        pk: [
            m
            for m in rows
            if m.region_id == region_id and (m.unit_id in unit_ids or m.unit.kind in kinds)
        ]
        for pk, (region_id, unit_ids, kinds) in scopes.items()
    }


def activity_liaisons(activity: Activity) -> QuerySet:
    """The active users who are liaison of a unit hosting ``activity``, each once."""
    return _users(activity_host_memberships(activity))


def office_admins(region: Region) -> QuerySet:
    """The active users who administer ``region``'s office."""
    return _users(Membership.objects.filter(role=Role.OFFICE_ADMIN, region=region))
