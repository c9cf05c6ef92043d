"""The lifecycle's moves (``activities.lifecycle`` holds the table) and the simple ones.

``_transition`` is the one place an activity changes state: lock, check the table and the
actor's rights, apply, record an event and an audit entry, recompute deadlines and bump the
column's content version — in one transaction. The workflows with materials (filing, notice,
report) live beside this module and pass their writes in as ``apply``.

The audit entry (``activity.<action>``, ``after`` naming the ``event``: the ActivityEvent's
id) is the move's event: whoever tells the hosts of an accepted or returned report listens for
``activity.accept`` and ``activity.return`` (``openday.core.audit.on_action``) and hears of it
once the transaction commits, so a refused or rolled-back move tells no one.
"""

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from openday.activities import deadlines, lifecycle
from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import Activity, ActivityDeadline, ActivityEvent
from openday.activities.permissions import can_take, is_office_admin
from openday.activities.services.dates import (
    check_campaign_date,
    check_held_on,
    plan_adjustment,
)
from openday.campaigns.services import campaign_content_changed, require_open_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.core.scope import scope_of


def _transition(
    *,
    actor,
    activity: Activity,
    target: str,
    comment: str = "",
    data: dict | None = None,
    apply: Callable[[Activity], dict | None] | None = None,
    only: str | None = None,
) -> Activity:
    """Move ``activity`` to ``target``: check, change, record, recompute — in one transaction.

    ``apply`` runs on the locked row after the checks; what it returns joins the event's data.
    ``only`` names the one action the caller means where two reach the same state (a held
    activity is confirmed with "hold"; a report is sent back to held with "return", which
    needs its reason and tells the hosts).
    """
    with transaction.atomic():
        locked = _locked(activity)
        action = lifecycle.TRANSITIONS.get((locked.state, target))
        if action is None or (only is not None and action != only):
            raise DomainError(lifecycle.refusal(locked.state, target, only))
        if not can_take(actor, locked, action):
            raise PermissionDenied(f"您没有权限对该活动执行“{lifecycle.ACTION_LABELS[action]}”。")
        if not locked.has_steps and action != "cancel":
            raise DomainError(without_steps(locked))
        before = locked.state
        if apply:
            data = {**(data or {}), **(apply(locked) or {})}
        locked.state = target
        locked.save()
        event = ActivityEvent.objects.create(
            activity=locked,
            actor=_person(actor),
            action=action,
            from_state=before,
            to_state=target,
            comment=comment,
            data=data or {},
        )
        audit_record(
            actor=actor,
            action=f"activity.{action}",
            obj=locked,
            region=locked.campaign.region,
            before={"state": before},
            after={"state": target, **(data or {}), "event": event.pk},
            comment=comment,
        )
        deadlines.refresh(locked)
        campaign_content_changed(locked.campaign)
    activity.refresh_from_db()
    return activity


def without_steps(activity: Activity) -> str:
    """Why an activity without steps of its own takes none (``Activity.has_steps``)."""
    if activity.is_part:
        return (
            "该分项随牵头单位一同开展，由牵头单位报备、开展和报送材料；"
            "如需单独开展，请先将开展方式改为“单独开展”。"
        )
    return "该活动由各单位分别开展，没有牵头单位：请在各单位的分项中办理。"


def _person(actor):
    """The acting person for a ``…_by`` field; None when the system acts (commands, jobs)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(activity: Activity, what: str = "修改其活动") -> Activity:
    """The activity's row, locked for a change; a closed year's activities refuse any."""
    locked = (
        # Lock only the activity row: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join to the campaign's rules.
        Activity.objects.select_for_update(of=("self",))
        .select_related("campaign__region", "campaign__rules")
        .get(pk=activity.pk)
    )
    require_open_year(locked.campaign, what)
    return locked


def _record(
    *, actor, activity: Activity, action: str, comment: str = "", data: dict
) -> ActivityEvent:
    """An event that leaves the state as it is, and its audit entry (``activity.<action>``)."""
    event = ActivityEvent.objects.create(
        activity=activity,
        actor=_person(actor),
        action=action,
        from_state=activity.state,
        to_state=activity.state,
        comment=comment,
        data=data,
    )
    audit_record(
        actor=actor,
        action=f"activity.{action}",
        obj=activity,
        region=activity.campaign.region,
        before={"state": activity.state},
        after={"state": activity.state, **data, "event": event.pk},
        comment=comment,
    )
    return event


def _office_only(actor, activity: Activity, what: str) -> None:
    if not is_office_admin(scope_of(actor), activity):
        raise PermissionDenied(f"只有本地区政务公开办可以{what}。")


def _mark_done(activity: Activity, kind: str, on: dt.date) -> None:
    ActivityDeadline.objects.filter(activity=activity, kind=kind, done_on__isnull=True).update(
        done_on=on
    )


def _required(text: str, what: str, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", field=field)
    return text


def activity_schedule(
    *,
    actor,
    activity: Activity,
    on: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    venue: str = "",
    reason: str = "",
) -> Activity:
    """Fix the date. A date outside the plan row's months needs ``reason`` (计划调整), kept on
    the activity and in its history; a non-working day is allowed (``dates.date_warnings``
    says what the page tells)."""
    check_campaign_date(activity, on, "scheduled_on")
    adjustment = plan_adjustment(activity, on, reason)
    if start_time and end_time and end_time <= start_time:
        raise DomainError("结束时间应晚于开始时间。", field="end_time")

    def apply(a: Activity) -> None:
        a.scheduled_on, a.start_time, a.end_time, a.venue = on, start_time, end_time, venue.strip()
        a.plan_adjustment = adjustment

    data = {"scheduled_on": on.isoformat(), "venue": venue.strip()}
    if adjustment:
        data["plan_adjustment"] = adjustment
    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.SCHEDULED,
        data=data,
        apply=apply,
    )


def activity_mark_held(
    *, actor, activity: Activity, held_on: dt.date | None = None, today: dt.date | None = None
) -> Activity:
    """Confirm it was held on ``held_on`` (not after ``today``, not before the announced or
    the scheduled date); the 确认开展 deadline is met ``today``, late if past it."""
    today = today or timezone.localdate()
    held_on = held_on or activity.scheduled_on or today
    if held_on > today:
        raise DomainError(
            f"开展日期 {held_on:%Y-%m-%d} 还没有到，不能确认已开展。", field="held_on"
        )
    check_campaign_date(activity, held_on, "held_on")

    def apply(a: Activity) -> None:
        check_held_on(a, held_on)
        a.held_on = held_on

    with transaction.atomic():
        activity = _transition(
            actor=actor,
            activity=activity,
            target=ActivityState.HELD,
            data={"held_on": held_on.isoformat()},
            apply=apply,
            only="hold",
        )
        _mark_done(activity, DeadlineKind.HOLD, today)
    return activity


def activity_accept(*, actor, activity: Activity, comment: str = "") -> Activity:
    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.ACCEPTED,
        comment=comment,
        only="accept",
    )


def activity_return(*, actor, activity: Activity, comment: str) -> Activity:
    comment = _required(comment, "退回原因", "comment")

    def apply(a: Activity) -> None:
        # The report is due again: the earlier submission no longer counts as done.
        ActivityDeadline.objects.filter(activity=a, kind=DeadlineKind.REPORT).update(done_on=None)

    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.HELD,
        comment=comment,
        apply=apply,
        only="return",
    )


def activity_publish(*, actor, activity: Activity) -> Activity:
    return _transition(actor=actor, activity=activity, target=ActivityState.PUBLISHED)


def activity_postpone(*, actor, activity: Activity, new_date: dt.date, reason: str) -> Activity:
    reason = _required(reason, "延期原因", "reason")
    check_campaign_date(activity, new_date, "new_date")
    if activity.scheduled_on and new_date == activity.scheduled_on:
        raise DomainError("新日期与原定日期相同。", field="new_date")
    # Outside the planned months the postponement's reason (its event's comment) is the plan's
    # adjustment too; back inside them there is none.
    adjustment = plan_adjustment(activity, new_date, reason)
    old = activity.scheduled_on

    def apply(a: Activity) -> None:
        a.scheduled_on = new_date
        a.plan_adjustment = adjustment
        # A new date needs a new plan on file by the new deadline.
        ActivityDeadline.objects.filter(activity=a, kind=DeadlineKind.FILING).update(done_on=None)

    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.POSTPONED,
        comment=reason,
        data={"from": old.isoformat() if old else None, "to": new_date.isoformat()},
        apply=apply,
    )


def activity_cancel(*, actor, activity: Activity, reason: str) -> Activity:
    """Cancel it; the parts of a joint row held with its lead are cancelled with it."""
    reason = _required(reason, "取消原因", "reason")
    with transaction.atomic():
        cancelled = _transition(
            actor=actor, activity=activity, target=ActivityState.CANCELLED, comment=reason
        )
        followers = Activity.objects.filter(lead=cancelled, with_lead=True).exclude(
            state=ActivityState.CANCELLED
        )
        for part in followers:
            _transition(actor=actor, activity=part, target=ActivityState.CANCELLED, comment=reason)
    return cancelled


def activity_record_publicity(*, actor, activity: Activity, on: dt.date) -> None:
    """The first media report is out: the publicity deadline is met on ``on``."""
    if not can_take(actor, activity, "report"):
        raise PermissionDenied("您没有权限登记该活动的宣传报道。")
    require_open_year(activity.campaign)
    if activity.held_on is None or on < activity.held_on:
        raise DomainError("宣传报道日期不能早于活动开展日期。", field="on")
    _mark_done(activity, DeadlineKind.PUBLICITY, on)
