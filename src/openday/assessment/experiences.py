"""Typical experiences (典型经验): a county's best activity on its way to the province.

Who takes which step — each only by the office at that level (``Role.OFFICE_ADMIN`` of that
region; superior viewers read and never act, the superuser and the system may do anything):

- ``experience_recommend``: the county office recommends one of its own published reports
  with a short text (≤ 500 characters), audited ``experience.recommend``;
- ``experience_withdraw``: the county office takes its recommendation back while the city has
  not selected it yet (``experience.withdraw``);
- ``experience_select``: the city office above the county selects it, with its comment
  (``experience.select``); from then on it shows on the county's public column under 典型经验;
- ``experience_forward``: the city office forwards a selected one to the province
  (``experience.forward``);
- ``experience_conclude``: the province office accepts it (采用) or notes it (已阅), with an
  optional comment (``experience.accept`` / ``experience.note``).

Who sees what (``experiences_for_region``): the county office (and viewers above it, on the
county's page) every recommendation of the county, withdrawn ones too; a city's page the live
recommendations of the counties below it; a province's page only those forwarded to it.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.assessment.models import (
    EXPERIENCE_COMMENT_MAX,
    EXPERIENCE_PUBLIC_STATES,
    EXPERIENCE_TEXT_MAX,
    ExperienceState,
    TypicalExperience,
)
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_content_changed
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.orgs.enums import RegionLevel
from openday.orgs.models import Region
from openday.orgs.selectors import administers_region

# The states each level's page lists.
_LEVEL_STATES = {
    RegionLevel.COUNTY: tuple(ExperienceState.values),
    RegionLevel.CITY: tuple(s for s in ExperienceState.values if s != ExperienceState.WITHDRAWN),
    RegionLevel.PROVINCE: (
        ExperienceState.FORWARDED,
        ExperienceState.ACCEPTED,
        ExperienceState.NOTED,
    ),
}
# The steps each level's office takes on its page, by the state they start from.
LEVEL_STEPS = {
    RegionLevel.COUNTY: {ExperienceState.RECOMMENDED: ("withdraw",)},
    RegionLevel.CITY: {
        ExperienceState.RECOMMENDED: ("select",),
        ExperienceState.SELECTED: ("forward",),
    },
    RegionLevel.PROVINCE: {ExperienceState.FORWARDED: ("accept", "note")},
}
STEP_LABELS = {
    "recommend": "推荐为典型经验",
    "withdraw": "撤回推荐",
    "select": "选用",
    "forward": "报送省级",
    "accept": "采用",
    "note": "已阅",
}


# --- reads ----------------------------------------------------------------------------------


def ancestor(region: Region, level: str) -> Region | None:
    """The region's nearest ancestor (or itself) of ``level``, from its materialised path."""
    if region.level == level:
        return region
    ids = [int(part) for part in region.path.strip("/").split("/") if part.isdecimal()]
    return Region.objects.filter(pk__in=ids, level=level).order_by("-path").first()


def experiences_for_region(region: Region) -> QuerySet[TypicalExperience]:
    """The experiences ``region``'s page lists: its own (a county), or those of the counties
    below it at the stage its level sees (``_LEVEL_STATES``); newest first."""
    states = _LEVEL_STATES.get(region.level, ())
    found = TypicalExperience.objects.filter(state__in=states)
    if region.level == RegionLevel.COUNTY:
        found = found.filter(campaign__region=region)
    else:
        found = found.filter(campaign__region__path__startswith=region.path)
    return found.select_related("activity", "campaign__region", "recommended_by").order_by(
        "-recommended_at", "-pk"
    )


def live_experience(activity: Activity) -> TypicalExperience | None:
    """The activity's recommendation not withdrawn, if any."""
    return (
        TypicalExperience.objects.filter(activity=activity)
        .exclude(state=ExperienceState.WITHDRAWN)
        .first()
    )


def public_experiences(campaign: Campaign) -> QuerySet[TypicalExperience]:
    """What the county's column lists under 典型经验: selected by the city (or further), of a
    report still published."""
    return (
        TypicalExperience.objects.filter(
            campaign=campaign,
            state__in=EXPERIENCE_PUBLIC_STATES,
            activity__state=ActivityState.PUBLISHED,
        )
        .select_related("activity")
        .order_by("activity__seq", "activity__part_no")
    )


def experience_counts(campaign: Campaign) -> dict[str, int]:
    """How many of the campaign's reports are recommended (live) and selected by the city."""
    live = TypicalExperience.objects.filter(campaign=campaign).exclude(
        state=ExperienceState.WITHDRAWN
    )
    return {
        "recommended": live.count(),
        "selected": live.filter(state__in=EXPERIENCE_PUBLIC_STATES).count(),
    }


def acts_at(who, region: Region) -> bool:
    """Whether ``who`` is the office of ``region`` (or the superuser / the system)."""
    return administers_region(who, region.pk)


# --- writes ---------------------------------------------------------------------------------


def _text(value: str, label: str, field: str, *, required: bool, limit: int) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(f"请填写{label}。", field=field)
    if len(text) > limit:
        raise DomainError(
            f"{label}最多 {limit} 个字，现在有 {len(text)} 个字，请精简后再提交。", field=field
        )
    return text


def _require_office(actor, region: Region | None, what: str) -> Region:
    if region is None:
        raise DomainError(f"该地区没有上级公开办，不能{what}。")
    if not acts_at(actor, region):
        raise PermissionDenied(f"只有{region.name}政务公开办的管理员可以{what}。")
    return region


def _snapshot(experience: TypicalExperience) -> dict:
    return {
        "activity": experience.activity.ref,
        "campaign": experience.campaign.slug,
        "state": experience.state,
    }


def experience_recommend(*, actor, activity: Activity, text: str) -> TypicalExperience:
    """The county office recommends one of its published reports as a typical experience."""
    campaign = activity.campaign
    _require_office(actor, campaign.region, "推荐典型经验")
    text = _text(text, "推荐理由", "text", required=True, limit=EXPERIENCE_TEXT_MAX)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.state != ActivityState.PUBLISHED:
            raise DomainError("只有已发布的活动报道可以推荐为典型经验。")
        if live_experience(locked) is not None:
            raise DomainError(f"第{locked.ref}号活动已推荐为典型经验，不能重复推荐。")
        experience = TypicalExperience.objects.create(
            activity=locked,
            campaign=campaign,
            text=text,
            recommended_by=actor if getattr(actor, "is_authenticated", False) else None,
            recommended_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="experience.recommend",
            obj=experience,
            region=campaign.region,
            after={**_snapshot(experience), "text": text},
        )
    return experience


def _step(
    *,
    actor,
    experience: TypicalExperience,
    target: str,
    office: Region | None,
    what: str,
    action: str,
    fields: dict | None = None,
) -> TypicalExperience:
    _require_office(actor, office, what)
    with transaction.atomic():
        locked = (
            TypicalExperience.objects.select_for_update()
            .select_related("activity", "campaign__region")
            .get(pk=experience.pk)
        )
        before = _snapshot(locked)
        was_public = locked.is_public
        try:
            locked.move(target, at=timezone.now())
        except ValueError:
            raise DomainError(
                f"该典型经验当前为“{locked.get_state_display()}”，不能{what}。"
            ) from None
        for name, value in (fields or {}).items():
            setattr(locked, name, value)
        locked.save()
        audit_record(
            actor=actor,
            action=action,
            obj=locked,
            region=locked.campaign.region,
            before=before,
            after={**_snapshot(locked), **(fields or {})},
        )
        if was_public != locked.is_public:
            # The county's cached column lists it, or no longer does.
            campaign_content_changed(locked.campaign)
    return locked


def experience_withdraw(*, actor, experience: TypicalExperience) -> TypicalExperience:
    """The county office takes back a recommendation the city has not selected yet."""
    return _step(
        actor=actor,
        experience=experience,
        target=ExperienceState.WITHDRAWN,
        office=experience.campaign.region,
        what="撤回推荐",
        action="experience.withdraw",
    )


def experience_select(
    *, actor, experience: TypicalExperience, comment: str = ""
) -> TypicalExperience:
    """The city office selects a recommendation of a county below it, with its comment."""
    comment = _text(comment, "市级意见", "comment", required=False, limit=EXPERIENCE_COMMENT_MAX)
    return _step(
        actor=actor,
        experience=experience,
        target=ExperienceState.SELECTED,
        office=ancestor(experience.campaign.region, RegionLevel.CITY),
        what="选用典型经验",
        action="experience.select",
        fields={"city_comment": comment},
    )


def experience_forward(*, actor, experience: TypicalExperience) -> TypicalExperience:
    """The city office forwards a selected experience to the province."""
    return _step(
        actor=actor,
        experience=experience,
        target=ExperienceState.FORWARDED,
        office=ancestor(experience.campaign.region, RegionLevel.CITY),
        what="报送典型经验",
        action="experience.forward",
    )


def experience_conclude(
    *, actor, experience: TypicalExperience, outcome: str, comment: str = ""
) -> TypicalExperience:
    """The province office accepts (``accepted``) or notes (``noted``) a forwarded one."""
    if outcome not in (ExperienceState.ACCEPTED, ExperienceState.NOTED):
        raise DomainError("省级办理结果应为“采用”或“已阅”。", field="outcome")
    comment = _text(comment, "省级意见", "comment", required=False, limit=EXPERIENCE_COMMENT_MAX)
    return _step(
        actor=actor,
        experience=experience,
        target=outcome,
        office=ancestor(experience.campaign.region, RegionLevel.PROVINCE),
        what="办理典型经验",
        action="experience.accept" if outcome == ExperienceState.ACCEPTED else "experience.note",
        fields={"province_comment": comment},
    )
