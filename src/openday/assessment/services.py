"""The assessment's workflows.

- ``assessment_set_weights``: the office gives each criterion its weight and the reply
  deadline (working days), audited (``assessment.weights``); refused for a closed year, whose
  scores are frozen.
- ``assessment_freeze``: compute a closed year's scores as of the day it closed and keep them
  (``AssessmentSnapshot``), audited (``assessment.freeze``); run by the listener of
  ``campaign.close`` (``events``) and idempotent: a second run keeps the first scores.
"""

from django.db import transaction

from openday.assessment.enums import Criterion
from openday.assessment.models import (
    REPLY_DAYS_MAX,
    REPLY_DAYS_MIN,
    WEIGHT_FIELDS,
    WEIGHT_MAX,
    AssessmentSnapshot,
    AssessmentWeights,
)
from openday.assessment.scoring import assess, weights_of
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.services import require_manager, require_open_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors


def _is_int(value) -> bool:
    return type(value) is int


def weight_problems(weights: dict, reply_days) -> list[DomainError]:
    problems = []
    for key in Criterion:
        value = weights.get(key.value)
        if not _is_int(value) or not 0 <= value <= WEIGHT_MAX:
            problems.append(
                DomainError(
                    f"“{key.label}”的权重应为 0 到 {WEIGHT_MAX} 之间的整数。",
                    field=WEIGHT_FIELDS[key.value],
                )
            )
    if not problems and not sum(weights[key.value] for key in Criterion):
        problems.append(DomainError("各项权重不能都为 0。"))
    if not _is_int(reply_days) or not REPLY_DAYS_MIN <= reply_days <= REPLY_DAYS_MAX:
        problems.append(
            DomainError(
                f"留言回应期限应为 {REPLY_DAYS_MIN} 到 {REPLY_DAYS_MAX} 之间的工作日数。",
                field="reply_days",
            )
        )
    return problems


def assessment_set_weights(
    *, actor, campaign: Campaign, weights: dict[str, int], reply_days: int
) -> AssessmentWeights:
    """Store the weights of every criterion (all of them, or nothing) and the reply deadline."""
    require_manager(actor, campaign, "设置考核权重")
    require_open_year(campaign, "修改考核权重")
    problems = weight_problems(weights, reply_days)
    if problems:
        raise DomainErrors.of(problems)
    with transaction.atomic():
        before = weights_of(campaign)
        stored, _created = AssessmentWeights.objects.select_for_update().get_or_create(
            campaign=campaign
        )
        for key, name in WEIGHT_FIELDS.items():
            setattr(stored, name, weights[key])
        stored.reply_days = reply_days
        stored.full_clean()
        stored.save()
        audit_record(
            actor=actor,
            action="assessment.weights",
            obj=campaign,
            region=campaign.region,
            before={"weights": before.weights, "reply_days": before.reply_days},
            after={"weights": stored.as_dict(), "reply_days": stored.reply_days},
        )
    return stored


def assessment_freeze(*, campaign: Campaign) -> AssessmentSnapshot | None:
    """Keep a closed year's scores as of the day it closed; None for a year not closed."""
    if campaign.phase != CampaignPhase.CLOSED or campaign.closed_on is None:
        return None
    with transaction.atomic():
        existing = AssessmentSnapshot.objects.select_for_update().filter(campaign=campaign).first()
        if existing is not None:
            return existing
        result = assess(campaign, today=campaign.closed_on)
        result.frozen = True
        snapshot = AssessmentSnapshot.objects.create(
            campaign=campaign, as_of=campaign.closed_on, data=result.to_dict()
        )
        audit_record(
            actor=None,
            action="assessment.freeze",
            obj=campaign,
            region=campaign.region,
            after={
                "as_of": campaign.closed_on.isoformat(),
                "units": len(result.units),
                "assessed": sum(1 for unit in result.units if unit.assessed),
            },
        )
    return snapshot
