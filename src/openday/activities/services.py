"""Workflows of plan activities.

- ``plan_replace``: make a campaign's plan equal to a list of rows (import, re-import, compile),
  keeping activities that did not change and refusing to drop one that has started.
- The lifecycle (``activities.lifecycle``): ``activity_schedule``, ``activity_file``,
  ``activity_announce``, ``activity_mark_held``, ``activity_report``, ``activity_accept``,
  ``activity_return``, ``activity_publish``, ``activity_postpone``, ``activity_cancel``; and
  ``activity_record_publicity`` for the media deadline. Each checks the transition table and
  the actor's rights, records an event and an audit entry, and refreshes the deadlines.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from openday.activities import deadlines, lifecycle
from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityEvent,
    ActivityForm,
    ActivityHost,
)
from openday.activities.permissions import can_take
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_content_changed
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.orgs.models import Unit


@dataclass(frozen=True)
class HostInput:
    text: str
    unit: Unit | None = None
    group: str = ""


@dataclass(frozen=True)
class PlanRowInput:
    seq: int
    month_start: int | None
    month_end: int | None
    title: str
    forms: list[tuple[str, str]]  # (text, kind)
    hosts: list[HostInput]
    brief: str = ""


@dataclass
class PlanChange:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def _signature(seq, month_start, month_end, title, brief, forms, hosts) -> tuple:
    return (seq, month_start, month_end, title, brief, tuple(forms), tuple(hosts))


def _row_signature(row: PlanRowInput) -> tuple:
    return _signature(
        row.seq,
        row.month_start,
        row.month_end,
        row.title,
        row.brief,
        row.forms,
        [(h.text, h.unit.pk if h.unit else None, h.group) for h in row.hosts],
    )


def _activity_signature(activity: Activity) -> tuple:
    return _signature(
        activity.seq,
        activity.month_start,
        activity.month_end,
        activity.title,
        activity.brief,
        [(f.text, f.kind) for f in activity.forms.all()],
        [(h.text, h.unit_id, h.group) for h in activity.hosts.all()],
    )


def plan_replace(
    *, actor=None, campaign: Campaign, rows: list[PlanRowInput], source: str = ""
) -> PlanChange:
    """Make the campaign's plan exactly ``rows``, matched to existing activities by 序号."""
    change = PlanChange()
    with transaction.atomic():
        existing = {
            a.seq: a
            for a in Activity.objects.select_for_update()
            .filter(campaign=campaign)
            .prefetch_related("forms", "hosts")
        }
        wanted = {row.seq for row in rows}
        started = [
            a
            for seq, a in existing.items()
            if seq not in wanted and a.state != ActivityState.PLANNED
        ]
        if started:
            names = "、".join(f"第 {a.seq} 条“{a.title}”" for a in started[:5])
            raise DomainError(f"新计划中没有{names}，但这些活动已在进行中，不能删除。")
        stale = [a for seq, a in existing.items() if seq not in wanted]
        change.deleted = sorted(a.seq for a in stale)
        Activity.objects.filter(pk__in=[a.pk for a in stale]).delete()

        new_forms, new_hosts = [], []
        for row in rows:
            activity = existing.get(row.seq)
            if activity is not None and _activity_signature(activity) == _row_signature(row):
                change.unchanged.append(row.seq)
                continue
            if activity is None:
                activity = Activity(campaign=campaign, seq=row.seq)
                change.created.append(row.seq)
            else:
                activity.forms.all().delete()
                activity.hosts.all().delete()
                change.updated.append(row.seq)
            activity.month_start, activity.month_end = row.month_start, row.month_end
            activity.title, activity.brief = row.title, row.brief
            activity.save()
            new_forms += [
                ActivityForm(activity=activity, position=i, text=text, kind=kind)
                for i, (text, kind) in enumerate(row.forms)
            ]
            new_hosts += [
                ActivityHost(activity=activity, position=i, unit=h.unit, group=h.group, text=h.text)
                for i, h in enumerate(row.hosts)
            ]
        ActivityForm.objects.bulk_create(new_forms)
        ActivityHost.objects.bulk_create(new_hosts)
        if change.changed:
            campaign_content_changed(campaign)
            audit_record(
                actor=actor,
                action="plan.replace",
                obj=campaign,
                region=campaign.region,
                after={
                    "created": change.created,
                    "updated": change.updated,
                    "deleted": change.deleted,
                    "unchanged": len(change.unchanged),
                },
                comment=source,
            )
    return change


# --- lifecycle ------------------------------------------------------------------------------


def _transition(
    *,
    actor,
    activity: Activity,
    target: str,
    comment: str = "",
    data: dict | None = None,
    apply: Callable[[Activity], None] | None = None,
) -> Activity:
    """Move ``activity`` to ``target``: check, change, record, recompute — in one transaction."""
    with transaction.atomic():
        locked = (
            # Lock only the activity row: PostgreSQL refuses FOR UPDATE on the nullable
            # side of the outer join to the campaign's rules.
            Activity.objects.select_for_update(of=("self",))
            .select_related("campaign__region", "campaign__rules")
            .get(pk=activity.pk)
        )
        action = lifecycle.TRANSITIONS.get((locked.state, target))
        if action is None:
            raise DomainError(lifecycle.refusal(locked.state, target))
        if not can_take(actor, locked, action):
            raise PermissionDenied(f"您没有权限对该活动执行“{lifecycle.ACTION_LABELS[action]}”。")
        before = locked.state
        if apply:
            apply(locked)
        locked.state = target
        locked.save()
        ActivityEvent.objects.create(
            activity=locked,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
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
            after={"state": target, **(data or {})},
            comment=comment,
        )
        deadlines.refresh(locked)
        campaign_content_changed(locked.campaign)
    activity.refresh_from_db()
    return activity


def _mark_done(activity: Activity, kind: str, on: dt.date) -> None:
    ActivityDeadline.objects.filter(activity=activity, kind=kind, done_on__isnull=True).update(
        done_on=on
    )


def _check_date_in_year(activity: Activity, on: dt.date, field: str) -> None:
    if on.year != activity.campaign.year:
        raise DomainError(f"日期 {on:%Y-%m-%d} 不在 {activity.campaign.year} 年内。", field=field)


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
) -> Activity:
    _check_date_in_year(activity, on, "scheduled_on")
    if start_time and end_time and end_time <= start_time:
        raise DomainError("结束时间应晚于开始时间。", field="end_time")

    def apply(a: Activity) -> None:
        a.scheduled_on, a.start_time, a.end_time, a.venue = on, start_time, end_time, venue.strip()

    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.SCHEDULED,
        data={"scheduled_on": on.isoformat(), "venue": venue.strip()},
        apply=apply,
    )


def activity_file(
    *, actor, activity: Activity, comment: str = "", on: dt.date | None = None
) -> Activity:
    on = on or timezone.localdate()
    activity = _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.FILED,
        comment=comment,
        data={"filed_on": on.isoformat()},
    )
    _mark_done(activity, DeadlineKind.FILING, on)
    return activity


def activity_announce(*, actor, activity: Activity, comment: str = "") -> Activity:
    return _transition(
        actor=actor, activity=activity, target=ActivityState.ANNOUNCED, comment=comment
    )


def activity_mark_held(
    *, actor, activity: Activity, held_on: dt.date | None = None, today: dt.date | None = None
) -> Activity:
    today = today or timezone.localdate()
    held_on = held_on or activity.scheduled_on or today
    if held_on > today:
        raise DomainError(
            f"开展日期 {held_on:%Y-%m-%d} 还没有到，不能确认已开展。", field="held_on"
        )
    _check_date_in_year(activity, held_on, "held_on")

    def apply(a: Activity) -> None:
        a.held_on = held_on

    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.HELD,
        data={"held_on": held_on.isoformat()},
        apply=apply,
    )


def activity_report(
    *, actor, activity: Activity, comment: str = "", on: dt.date | None = None
) -> Activity:
    on = on or timezone.localdate()
    activity = _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.REPORTED,
        comment=comment,
        data={"reported_on": on.isoformat()},
    )
    _mark_done(activity, DeadlineKind.REPORT, on)
    return activity


def activity_accept(*, actor, activity: Activity, comment: str = "") -> Activity:
    return _transition(
        actor=actor, activity=activity, target=ActivityState.ACCEPTED, comment=comment
    )


def activity_return(*, actor, activity: Activity, comment: str) -> Activity:
    comment = _required(comment, "退回原因", "comment")

    def apply(a: Activity) -> None:
        # The report is due again: the earlier submission no longer counts as done.
        ActivityDeadline.objects.filter(activity=a, kind=DeadlineKind.REPORT).update(done_on=None)

    return _transition(
        actor=actor, activity=activity, target=ActivityState.HELD, comment=comment, apply=apply
    )


def activity_publish(*, actor, activity: Activity) -> Activity:
    return _transition(actor=actor, activity=activity, target=ActivityState.PUBLISHED)


def activity_postpone(*, actor, activity: Activity, new_date: dt.date, reason: str) -> Activity:
    reason = _required(reason, "延期原因", "reason")
    _check_date_in_year(activity, new_date, "new_date")
    if activity.scheduled_on and new_date == activity.scheduled_on:
        raise DomainError("新日期与原定日期相同。", field="new_date")
    old = activity.scheduled_on

    def apply(a: Activity) -> None:
        a.scheduled_on = new_date
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
    reason = _required(reason, "取消原因", "reason")
    return _transition(
        actor=actor, activity=activity, target=ActivityState.CANCELLED, comment=reason
    )


def activity_record_publicity(*, actor, activity: Activity, on: dt.date) -> None:
    """The first media report is out: the publicity deadline is met on ``on``."""
    if not can_take(actor, activity, "report"):
        raise PermissionDenied("您没有权限登记该活动的宣传报道。")
    if activity.held_on is None or on < activity.held_on:
        raise DomainError("宣传报道日期不能早于活动开展日期。", field="on")
    _mark_done(activity, DeadlineKind.PUBLICITY, on)
