"""The year's moves that need its plan: publishing the plan and closing the year.

- ``campaign_publish``: the plan goes public and the campaign runs. A plan with rows is enough
  (imported, compiled or typed); no declaration window is needed. The one publication rule:
  ``declarations.services.plan_publish`` calls it too.
- ``campaign_close``: the year ends on a date. The office decides about each unfinished
  activity: cancel it with a reason, or keep it — an activity never held in a closed year then
  reads 未开展 (``lifecycle.state_label``). The year's numbers are frozen on the campaign.

They live here and not in ``campaigns`` because both read the plan and closing cancels
activities; ``campaigns`` sits below ``activities`` and never imports it. The campaign's own
row changes through ``campaigns.services`` (``campaign_set_phase``, ``campaign_record_close``),
and copying a campaign into the next year, which needs no activity, is
``campaigns.services.campaign_copy``.

Both record an audit entry (``plan.publish``, ``campaign.close``); the hosts hear of a
published plan through the listener subscribed to ``plan.publish``.
"""

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from openday.activities.lifecycle import NOT_HELD_STATES
from openday.activities.models import Activity
from openday.activities.selectors import campaign_totals, unfinished_activities
from openday.activities.services.transitions import activity_cancel
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.services import (
    campaign_record_close,
    campaign_set_phase,
    require_manager,
    require_open_year,
)
from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.core.formats import date_label

REASON_MAX = 500


def _locked(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=campaign.pk)
    )


def campaign_publish(*, actor, campaign: Campaign) -> Campaign:
    """Publish the campaign's plan: the campaign runs and its column shows the plan."""
    require_manager(actor, campaign, "发布计划")
    with transaction.atomic():
        locked = _locked(campaign)
        if locked.phase == CampaignPhase.RUNNING:
            raise DomainError("计划已发布。")
        require_open_year(locked, "发布计划")
        count = Activity.objects.filter(campaign=locked).count()
        if not count:
            raise DomainError("计划表还没有活动，请先编制计划。")
        audit_record(
            actor=actor,
            action="plan.publish",
            obj=locked,
            region=locked.region,
            after={"activities": count},
        )
        # Moving the phase bumps the content version, so cached column pages are rebuilt.
        campaign_set_phase(actor=actor, campaign=locked, phase=CampaignPhase.RUNNING)
    campaign.refresh_from_db()
    return campaign


def _check_cancellations(
    unfinished: dict[int, Activity], cancel: Mapping[int, str]
) -> dict[int, str]:
    reasons = {}
    for seq, reason in sorted(cancel.items()):
        activity = unfinished.get(seq)
        if activity is None:
            raise DomainError(f"第 {seq} 项不是本年度未完成的活动，不能取消。", field="cancel")
        if activity.state not in NOT_HELD_STATES:
            raise DomainError(
                f"第 {seq} 项“{activity.title}”已开展，不能取消；结束后保留其现状。",
                field="cancel",
            )
        reason = (reason or "").strip()
        if not reason:
            raise DomainError(f"请填写取消第 {seq} 项“{activity.title}”的原因。", field="cancel")
        if len(reason) > REASON_MAX:
            raise DomainError(f"第 {seq} 项的取消原因不能超过 {REASON_MAX} 个字。", field="cancel")
        reasons[seq] = reason
    return reasons


def campaign_close(
    *,
    actor,
    campaign: Campaign,
    on: dt.date,
    cancel: Mapping[int, str] | None = None,
) -> Campaign:
    """Close the year on ``on``. ``cancel`` maps the 序号 of unfinished activities not yet
    held to the reason they are cancelled for; every other unfinished activity is kept as it
    is (未开展 when it was never held). All or nothing."""
    require_manager(actor, campaign, "结束本年度")
    if on.year < campaign.year:
        raise DomainError(
            f"结束日期 {date_label(on)} 早于 {campaign.year} 年，请核对。", field="on"
        )
    with transaction.atomic():
        locked = _locked(campaign)
        if locked.phase == CampaignPhase.CLOSED:
            raise DomainError(
                f"{locked.region.name}{locked.year}年度已于{date_label(locked.closed_on)}结束。"
                if locked.closed_on
                else f"{locked.region.name}{locked.year}年度已结束。"
            )
        if locked.phase != CampaignPhase.RUNNING:
            raise DomainError(
                f"年度活动还在“{CampaignPhase(locked.phase).label}”阶段，计划尚未发布，"
                "不能结束本年度。"
            )
        unfinished = {a.seq: a for a in unfinished_activities(locked)}
        reasons = _check_cancellations(unfinished, cancel or {})
        for seq, reason in reasons.items():
            activity_cancel(actor=actor, activity=unfinished[seq], reason=reason)
        kept = [seq for seq in unfinished if seq not in reasons]
        decisions = {
            "cancelled": sorted(reasons),
            "kept_not_held": [s for s in kept if unfinished[s].state in NOT_HELD_STATES],
            "kept_held": [s for s in kept if unfinished[s].state not in NOT_HELD_STATES],
        }
        stats = {**campaign_totals(locked), "closed_on": on.isoformat()}
        campaign_record_close(actor=actor, campaign=locked, on=on, stats=stats, decisions=decisions)
    campaign.refresh_from_db()
    return campaign
