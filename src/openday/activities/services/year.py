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

from openday.activities import deadlines
from openday.activities.lifecycle import NOT_HELD_STATES
from openday.activities.models import Activity
from openday.activities.selectors import campaign_totals, unfinished_activities
from openday.activities.services.parts import parts_sync
from openday.activities.services.transitions import activity_cancel
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.services import (
    campaign_content_changed,
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
        count = Activity.objects.rows().filter(campaign=locked).count()
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


# The day counts of every deadline rule (``deadlines.refresh_rules`` reads the kinds from them).
RULE_FIELDS = ("filing_lead_days", "hold_confirm_days", "report_due_days", "publicity_due_days")


def campaign_refresh(*, actor, campaign: Campaign) -> dict[str, int]:
    """Bring a campaign's activities in line with what this version knows: every joint row
    has its parts (``parts.parts_sync``) and every activity the deadlines its rules give it
    now (a 确认开展 deadline for one scheduled before that rule existed). Idempotent; audited
    when anything changed. Returns the counts."""
    require_manager(actor, campaign, "更新年度活动")
    with transaction.atomic():
        locked = _locked(campaign)
        require_open_year(locked, "更新")
        parts_before = Activity.objects.parts().filter(campaign=locked).count()
        rows = (
            Activity.objects.rows()
            .filter(campaign=locked)
            .select_related("campaign")
            .prefetch_related("hosts__unit", "forms")
        )
        for row in rows:
            parts_sync(row)
        # Every rule as if just set: open deadlines re-resolved, missing ones given to the
        # activities whose step is still ahead; met ones keep the rule they were met under.
        touched = deadlines.refresh_rules(locked, set(RULE_FIELDS))
        counts = {
            "parts": Activity.objects.parts().filter(campaign=locked).count() - parts_before,
            "deadlines": touched,
        }
        if any(counts.values()):
            campaign_content_changed(locked)
            audit_record(
                actor=actor,
                action="campaign.refresh",
                obj=locked,
                region=locked.region,
                after=counts,
            )
    return counts


def _check_cancellations(
    unfinished: dict[int, list[Activity]], cancel: Mapping[int, str]
) -> dict[int, str]:
    reasons = {}
    for seq, reason in sorted(cancel.items()):
        found = unfinished.get(seq)
        if not found:
            raise DomainError(f"第 {seq} 项不是本年度未完成的活动，不能取消。", field="cancel")
        # A joint row's lead and parts are cancelled together, those not held yet.
        activity = next((a for a in found if a.state in NOT_HELD_STATES), found[0])
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


def _decided(activity: Activity) -> int | str:
    """How the year's end records an activity: its 序号, or "23-2" for a part."""
    return activity.ref if activity.part_no else activity.seq


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
        unfinished: dict[int, list[Activity]] = {}
        for activity in unfinished_activities(locked):
            unfinished.setdefault(activity.seq, []).append(activity)
        reasons = _check_cancellations(unfinished, cancel or {})
        cancelled, kept = [], []
        for seq, activities in unfinished.items():
            for activity in activities:
                if seq in reasons and activity.state in NOT_HELD_STATES:
                    activity_cancel(actor=actor, activity=activity, reason=reasons[seq])
                    cancelled.append(_decided(activity))
                else:
                    kept.append(activity)
        decisions = {
            "cancelled": cancelled,
            "kept_not_held": [_decided(a) for a in kept if a.state in NOT_HELD_STATES],
            "kept_held": [_decided(a) for a in kept if a.state not in NOT_HELD_STATES],
        }
        stats = {**campaign_totals(locked), "closed_on": on.isoformat()}
        campaign_record_close(actor=actor, campaign=locked, on=on, stats=stats, decisions=decisions)
    campaign.refresh_from_db()
    return campaign
