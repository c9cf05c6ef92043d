"""Who may see and run an activity's or a campaign's participation. The one place views and
services ask.

- Reading follows the activity: the region's office, the superior viewers above it and the
  host unit's liaisons (``activities.permissions.can_read``); everyone else gets a 404.
- Running it (sign-up settings, check-in, moderation, replies) is the office's and the host
  unit's; a viewer who reads it gets 403.
- Phone numbers are shown whole to the office and the host unit only; everyone else reads
  them masked (138****1234), in pages and exports.
- Opinions on the campaign as a whole are the office's: a liaison sees only the opinions on
  the activities their unit hosts.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from openday.activities.models import Activity, ref_lookup
from openday.activities.permissions import (
    access_activity,
    hosts_activity,
    is_office_admin,
    readable_refs,
    reads_whole_region,
)
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign
from openday.core.errors import PermissionDenied
from openday.core.scope import Scope, scope_of
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Unit
from openday.orgs.selectors import administers_region
from openday.participation.models import Opinion, Questionnaire

REFUSED = "只有本地区政务公开办和承办单位可以办理本活动的报名和留言。"


def runs_participation(scope: Scope, activity: Activity) -> bool:
    """The region's office (and the superuser) or a host unit's liaison."""
    scope = scope_of(scope)
    return is_office_admin(scope, activity) or hosts_activity(scope, activity)


def sees_full_phone(scope: Scope, activity: Activity) -> bool:
    return runs_participation(scope, activity)


def access_participation(scope: Scope, slug: str, seq, *, run: bool = False) -> Activity:
    """The activity behind a staff participation URL: 404 when the user may not read it,
    403 when ``run`` and the user may not run its participation."""
    activity = access_activity(scope, slug, seq)
    if run and not runs_participation(scope, activity):
        raise PermissionDenied(REFUSED)
    return activity


def access_campaign_participation(scope: Scope, slug: str) -> Campaign:
    """A campaign whose participation the user may read (404 otherwise)."""
    return access_campaign(scope, slug)


def manages_campaign_participation(scope: Scope, campaign: Campaign) -> bool:
    """The office of the campaign's region: retention, opinions on the campaign itself."""
    return administers_region(scope_of(scope), campaign.region_id)


def opinions_visible_to(scope: Scope, campaign: Campaign) -> QuerySet[Opinion]:
    """The campaign's opinions the user may read: all for the office and the viewers above,
    those on their units' activities for a liaison."""
    opinions = Opinion.objects.filter(campaign=campaign)
    refs = readable_activity_refs(scope, campaign)
    if refs is None:
        return opinions
    reachable = Q(pk__in=[])
    for ref in refs:
        reachable |= Q(**ref_lookup(ref, "activity__"))
    return opinions.filter(reachable)


def readable_activity_refs(scope: Scope, campaign: Campaign) -> list[str] | None:
    """The activities ("23", "23-2") of the campaign the user may read; None: all."""
    refs = readable_refs(scope, campaign)
    return None if refs is None else list(refs.values())


def can_moderate(scope: Scope, opinion: Opinion) -> bool:
    scope = scope_of(scope)
    if administers_region(scope, opinion.campaign.region_id):
        return True
    return opinion.activity is not None and hosts_activity(scope, opinion.activity)


def access_opinion(scope: Scope, slug: str, pk: int, *, moderate: bool = False) -> Opinion:
    """An opinion through its campaign's URL: 404 when the user may not read it (another
    region, another unit's activity, another campaign's opinion), 403 when ``moderate`` and
    the user only reads it."""
    scope = scope_of(scope)
    campaign = access_campaign(scope, slug)
    opinion = (
        opinions_visible_to(scope, campaign)
        .filter(pk=pk)
        .select_related("campaign__region", "activity", "duplicate_of")
        .prefetch_related("activity__hosts__unit")
        .first()
    )
    if opinion is None:
        raise Http404("没有找到该留言。")
    if moderate and not can_moderate(scope, opinion):
        raise PermissionDenied(REFUSED)
    return opinion


def replying_unit(scope: Scope, opinion: Opinion) -> Unit | None:
    """The unit a reply speaks for: None for the office (and the superuser), else the first
    of the liaison's units that hosts the activity (directly or through a group)."""
    scope = scope_of(scope)
    if administers_region(scope, opinion.campaign.region_id) or opinion.activity is None:
        return None
    unit_ids = scope.unit_ids(Role.UNIT_LIAISON, region_id=opinion.campaign.region_id)
    hosts = opinion.activity.acting_hosts()
    for host in hosts:
        if host.unit_id in unit_ids:
            return host.unit
    # Through a group host (各街道办事处): the liaison's own unit of that kind.
    groups = {host.group for host in hosts if host.group}
    return (
        Unit.objects.filter(pk__in=unit_ids).filter(Q(kind__in=_kinds_of(groups))).first()
        if groups
        else None
    )


def _kinds_of(groups: set[str]) -> set[str]:
    from_groups: set[str] = set()
    for group in groups:
        from_groups |= set(GROUP_KINDS.get(group, ()))
    return from_groups


def reads_all_of_campaign(scope: Scope, campaign: Campaign) -> bool:
    return reads_whole_region(scope_of(scope), campaign)


# --- questionnaires -------------------------------------------------------------------------

QUESTIONNAIRE_REFUSED = "只有本地区政务公开办和活动的承办单位可以管理该问卷。"


def runs_questionnaire(scope: Scope, questionnaire: Questionnaire) -> bool:
    """The region's office; for a questionnaire about an activity, its host unit too."""
    scope = scope_of(scope)
    if administers_region(scope, questionnaire.campaign.region_id):
        return True
    return questionnaire.activity is not None and hosts_activity(scope, questionnaire.activity)


def may_create_questionnaire(scope: Scope, campaign: Campaign, activity: Activity | None) -> bool:
    """The office for anything; a liaison for an activity their unit hosts."""
    scope = scope_of(scope)
    if administers_region(scope, campaign.region_id):
        return True
    return activity is not None and hosts_activity(scope, activity)


def questionnaires_visible_to(scope: Scope, campaign: Campaign) -> QuerySet[Questionnaire]:
    """All of the campaign's questionnaires for the office and the viewers above; for a
    liaison, those about their units' activities (not the campaign-wide ones)."""
    questionnaires = Questionnaire.objects.filter(campaign=campaign)
    refs = readable_activity_refs(scope, campaign)
    if refs is None:
        return questionnaires
    reachable = Q(pk__in=[])
    for ref in refs:
        reachable |= Q(**ref_lookup(ref, "activity__"))
    return questionnaires.filter(reachable)


def access_questionnaire(scope: Scope, slug: str, pk: int, *, run: bool = False) -> Questionnaire:
    """A questionnaire through its campaign's URL: 404 when the user may not read it (another
    region, another unit's activity, another campaign's), 403 when ``run`` and they only
    read it."""
    scope = scope_of(scope)
    campaign = access_campaign(scope, slug)
    questionnaire = (
        questionnaires_visible_to(scope, campaign)
        .filter(pk=pk)
        .select_related("campaign__region", "activity__campaign__region")
        .prefetch_related("activity__hosts__unit")
        .first()
    )
    if questionnaire is None:
        raise Http404("没有找到该问卷。")
    if run and not runs_questionnaire(scope, questionnaire):
        raise PermissionDenied(QUESTIONNAIRE_REFUSED)
    return questionnaire
