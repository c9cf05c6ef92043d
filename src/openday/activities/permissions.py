"""Who may do what to an activity. The single place services and views ask.

Reading: the office admins of the campaign's region and the superior offices above it read
every activity; a unit liaison reads only the activities their unit hosts (directly, or as
one of a group such as 各街道办事处) — of a joint row, the lead reads the row and every other
host unit its own part (``Activity.acting_hosts``). Everything else is 404, so a guessed URL
tells nothing.

Every function takes a ``Scope`` (or a user, or None for the system, turned into one): the
memberships are read once per request, however many checks a page makes.
"""

from django.db.models import Q
from django.http import Http404

from openday.activities.models import Activity, ActivityHost, acting_host_q
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import campaigns_visible_to
from openday.core.errors import PermissionDenied
from openday.core.scope import Scope, scope_of
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Unit
from openday.orgs.selectors import administers_region, reads_region

# Actions a unit liaison may take on their own unit's activity; the rest is the office's.
LIAISON_ACTIONS = frozenset({"schedule", "file", "announce", "hold", "report", "postpone"})


def is_office_admin(scope: Scope, activity: Activity) -> bool:
    return administers_region(scope, activity.campaign.region_id)


def _liaison_groups(scope: Scope, region_id: int) -> set[str]:
    """The group hosts (各街道办事处 …) that include one of the user's units."""
    kinds = scope.unit_kinds(Role.UNIT_LIAISON, region_id=region_id)
    return {group for group, members in GROUP_KINDS.items() if kinds & set(members)}


def hosts_activity(scope: Scope, activity: Activity) -> bool:
    """True when the user is liaison of a host unit, directly or through a group host."""
    scope = scope_of(scope)
    if not scope.is_authenticated:
        return False
    region_id = activity.campaign.region_id
    unit_ids = scope.unit_ids(Role.UNIT_LIAISON, region_id=region_id)
    if not unit_ids:
        return False
    groups = _liaison_groups(scope, region_id)
    return any(
        host.unit_id in unit_ids or (host.group and host.group in groups)
        for host in activity.acting_hosts()
    )


def reads_whole_region(scope: Scope, campaign: Campaign) -> bool:
    """Office admin of the campaign's region, superior viewer above it, or superuser."""
    return reads_region(scope, campaign.region)


def can_read(scope: Scope, activity: Activity) -> bool:
    return reads_whole_region(scope, activity.campaign) or hosts_activity(scope, activity)


def can_download_filing(scope: Scope, activity: Activity) -> bool:
    """The filed plan names people and phones: the office and the host unit only."""
    return is_office_admin(scope, activity) or hosts_activity(scope, activity)


def can_take(scope: Scope, activity: Activity, action: str) -> bool:
    if is_office_admin(scope, activity):
        return True
    return action in LIAISON_ACTIONS and hosts_activity(scope, activity)


def can_set_part_mode(scope: Scope, activity: Activity) -> bool:
    """Whether a part of a joint row is held with its lead is the office's choice, or the
    part's own unit's."""
    return is_office_admin(scope, activity) or hosts_activity(scope, activity)


def actions_allowed(scope: Scope, activity: Activity, actions: list[str]) -> list[str]:
    """The ``actions`` the user may take."""
    if is_office_admin(scope, activity):
        return list(actions)
    if not any(action in LIAISON_ACTIONS for action in actions):
        return []
    hosts = hosts_activity(scope, activity)
    return [action for action in actions if action in LIAISON_ACTIONS and hosts]


def access_activity(scope: Scope, slug: str, seq, *, action: str | None = None) -> Activity:
    """The activity behind a staff URL (``seq`` is its reference: "23", or "23-2" for a
    part): 404 when the user may not read it (another region, or another unit's activity for
    a liaison), 403 when ``action`` is given and the user may not take it."""
    scope = scope_of(scope)
    activity = (
        Activity.objects.filter(campaign__in=campaigns_visible_to(scope), campaign__slug=slug)
        .by_ref(seq)
        .select_related("campaign__region", "campaign__rules")
        .prefetch_related("hosts__unit")
        .first()
    )
    if activity is None or not can_read(scope, activity):
        raise Http404("没有找到该活动。")
    if action is not None and not can_take(scope, activity, action):
        raise PermissionDenied("您没有权限办理该活动。")
    return activity


def liaison_units(scope: Scope, campaign: Campaign):
    """The units of the campaign's region the user is liaison of."""
    scope = scope_of(scope)
    return Unit.objects.filter(
        pk__in=scope.unit_ids(Role.UNIT_LIAISON, region_id=campaign.region_id)
    )


def access_unit(scope: Scope, campaign: Campaign, unit_id: int) -> Unit:
    """A unit of the campaign's region whose data (statistics, banner) the user may read:
    any unit for the office and superior viewers, their own units for a liaison; else 404."""
    units = Unit.objects.filter(region_id=campaign.region_id)
    if not reads_whole_region(scope, campaign):
        units = liaison_units(scope, campaign)
    unit = units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("没有找到该单位。")
    return unit


def readable_refs(scope: Scope, campaign: Campaign) -> dict[int, str] | None:
    """For each 序号 of the plan the user may open, the activity to open: the row, or for
    the host of a part of a joint row, the part ("23-2"). None means every row."""
    scope = scope_of(scope)
    if reads_whole_region(scope, campaign):
        return None
    unit_ids = scope.unit_ids(Role.UNIT_LIAISON, region_id=campaign.region_id)
    groups = _liaison_groups(scope, campaign.region_id)
    if not unit_ids:
        return {}
    hosts = ActivityHost.objects.filter(acting_host_q()).filter(
        Q(unit_id__in=unit_ids) | Q(group__in=groups)
    )
    found = (
        Activity.objects.filter(campaign=campaign, pk__in=hosts.values("activity_id"))
        .order_by("seq", "part_no")
        .values_list("seq", "part_no")
    )
    refs: dict[int, str] = {}
    for seq, part_no in found:
        refs.setdefault(seq, f"{seq}-{part_no}" if part_no else str(seq))
    return refs
