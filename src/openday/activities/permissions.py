"""Who may do what to an activity. The single place services and views ask.

Reading: the office admins of the campaign's region and the superior offices above it read
every activity; a unit liaison reads only the activities their unit hosts (directly, or as
one of a group such as 各街道办事处). Everything else is 404, so a guessed URL tells nothing.
"""

from django.core.exceptions import PermissionDenied as Forbidden
from django.db.models import Q
from django.http import Http404

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import campaigns_visible_to
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Membership, Unit

# Actions a unit liaison may take on their own unit's activity; the rest is the office's.
LIAISON_ACTIONS = frozenset({"schedule", "file", "announce", "hold", "report", "postpone"})


def is_office_admin(user, activity: Activity) -> bool:
    if user is None:
        return True  # the system itself: commands, jobs
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role=Role.OFFICE_ADMIN, region_id=activity.campaign.region_id
    ).exists()


def hosts_activity(user, activity: Activity) -> bool:
    """True when the user is liaison of a host unit, directly or through a group host."""
    if user is None or not user.is_authenticated:
        return False
    units = Membership.objects.filter(
        user=user, role=Role.UNIT_LIAISON, region_id=activity.campaign.region_id
    ).values_list("unit_id", "unit__kind")
    if not units:
        return False
    unit_ids = {unit_id for unit_id, _ in units}
    kinds = {kind for _, kind in units}
    for host in activity.hosts.all():
        if host.unit_id in unit_ids:
            return True
        if host.group and kinds & set(GROUP_KINDS[host.group]):
            return True
    return False


def reads_whole_region(user, campaign: Campaign) -> bool:
    """Office admin of the campaign's region, superior viewer above it, or superuser."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    region = campaign.region
    ancestors = [int(pk) for pk in region.path.strip("/").split("/") if pk]
    return Membership.objects.filter(
        Q(role=Role.OFFICE_ADMIN, region_id=region.pk)
        | Q(role=Role.SUPERIOR_VIEWER, region_id__in=ancestors),
        user=user,
    ).exists()


def can_read(user, activity: Activity) -> bool:
    return reads_whole_region(user, activity.campaign) or hosts_activity(user, activity)


def can_download_filing(user, activity: Activity) -> bool:
    """The filed plan names people and phones: the office and the host unit only."""
    return is_office_admin(user, activity) or hosts_activity(user, activity)


def can_take(user, activity: Activity, action: str) -> bool:
    if is_office_admin(user, activity):
        return True
    return action in LIAISON_ACTIONS and hosts_activity(user, activity)


def actions_allowed(user, activity: Activity, actions: list[str]) -> list[str]:
    """The ``actions`` the user may take, asking the database at most twice (not per action)."""
    if is_office_admin(user, activity):
        return list(actions)
    if not any(action in LIAISON_ACTIONS for action in actions):
        return []
    hosts = hosts_activity(user, activity)
    return [action for action in actions if action in LIAISON_ACTIONS and hosts]


def access_activity(user, slug: str, seq: int, *, action: str | None = None) -> Activity:
    """The activity behind a staff URL: 404 when the user may not read it (another region,
    or another unit's activity for a liaison), 403 when ``action`` is given and the user may
    not take it."""
    activity = (
        Activity.objects.filter(
            campaign__in=campaigns_visible_to(user), campaign__slug=slug, seq=seq
        )
        .select_related("campaign__region", "campaign__rules")
        .prefetch_related("hosts__unit")
        .first()
    )
    if activity is None or not can_read(user, activity):
        raise Http404("没有找到该活动。")
    if action is not None and not can_take(user, activity, action):
        raise Forbidden("您没有权限办理该活动。")
    return activity


def liaison_units(user, campaign: Campaign):
    """The units of the campaign's region the user is liaison of."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    return Unit.objects.filter(
        region_id=campaign.region_id,
        memberships__user=user,
        memberships__role=Role.UNIT_LIAISON,
    ).distinct()


def access_unit(user, campaign: Campaign, unit_id: int) -> Unit:
    """A unit of the campaign's region whose data (statistics, banner) the user may read:
    any unit for the office and superior viewers, their own units for a liaison; else 404."""
    units = Unit.objects.filter(region_id=campaign.region_id)
    if not reads_whole_region(user, campaign):
        units = liaison_units(user, campaign)
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("没有找到该单位。")
    return unit


def readable_seqs(user, campaign: Campaign) -> set[int] | None:
    """The 序号 of the campaign's activities the user may open; None means all of them."""
    if reads_whole_region(user, campaign):
        return None
    units = Membership.objects.filter(
        user=user, role=Role.UNIT_LIAISON, region_id=campaign.region_id
    ).values_list("unit_id", "unit__kind")
    unit_ids = {unit_id for unit_id, _ in units}
    groups = [g for g, kinds in GROUP_KINDS.items() if {k for _, k in units} & set(kinds)]
    return set(
        Activity.objects.filter(campaign=campaign)
        .filter(Q(hosts__unit_id__in=unit_ids) | Q(hosts__group__in=groups))
        .values_list("seq", flat=True)
    )
