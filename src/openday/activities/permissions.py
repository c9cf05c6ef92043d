"""Who may do what to an activity. The single place services and views ask."""

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404

from openday.activities.models import Activity
from openday.campaigns.permissions import campaigns_visible_to
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Membership

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


def can_take(user, activity: Activity, action: str) -> bool:
    if is_office_admin(user, activity):
        return True
    return action in LIAISON_ACTIONS and hosts_activity(user, activity)


def access_activity(user, slug: str, seq: int, *, action: str | None = None) -> Activity:
    """The activity behind a staff URL: 404 when its campaign is not visible to the user,
    403 when ``action`` is given and the user may not take it."""
    activity = (
        Activity.objects.filter(
            campaign__in=campaigns_visible_to(user), campaign__slug=slug, seq=seq
        )
        .select_related("campaign__region", "campaign__rules")
        .prefetch_related("hosts__unit")
        .first()
    )
    if activity is None:
        raise Http404("没有找到该活动。")
    if action is not None and not can_take(user, activity, action):
        raise Forbidden("您没有权限办理该活动。")
    return activity
