"""Deadlines of an activity from its campaign's rules, on Chinese working days.

Each rule counts from a base date: filing counts back from the scheduled date, confirming
that it was held (确认开展) counts on from the scheduled date, report and publicity count on
from the day it was held. Until there is a base date (most plan rows give
only a month) the deadline does not exist yet. ``refresh`` is the one place deadlines are
(re)computed, and ``refresh_rules`` what moves when a campaign's rules change; ``status`` says
how a deadline stands on a given day; ``rule_label`` is how a
rule reads on every page ("活动开展前 5 个工作日", "活动结束后 3 天内").
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from openday.activities.enums import ActivityState, DeadlineKind, DeadlineStatus
from openday.activities.models import Activity, ActivityDeadline
from openday.campaigns.models import Campaign, CampaignRules
from openday.workdays.calendar import add_workdays

DUE_SOON_DAYS = 3


# The date each kind of deadline counts from.
KIND_BASES = {
    DeadlineKind.FILING: "scheduled_on",
    DeadlineKind.HOLD: "scheduled_on",
    DeadlineKind.REPORT: "held_on",
    DeadlineKind.PUBLICITY: "held_on",
}

# How a rule reads, by its base: the words before the count, and after the unit. The wording
# is the notices' own ("活动开展前5个工作日", "活动结束后5个工作日内").
_BASE_WORDS = {"scheduled_on": ("活动开展前", ""), "held_on": ("活动结束后", "内")}
# A rule that counts on from the scheduled date (confirming it was held) reads as such.
_AFTER_SCHEDULED_WORDS = ("活动日期后", "内")


def rule_label(days: int, *, working: bool, base: str, after: bool = False) -> str:
    """A deadline rule as every page words it: "活动开展前 5 个工作日", "活动结束后 3 天内".

    ``days`` counts from ``base`` ("scheduled_on" or "held_on"); its sign is ignored, the base
    says which side of the activity the deadline falls (so a lead of 0 still reads "前"), except
    that ``after`` a scheduled date it reads "活动日期后 1 个工作日内".
    """
    words = _AFTER_SCHEDULED_WORDS if after and base == "scheduled_on" else _BASE_WORDS[base]
    before_count, after_unit = words
    unit = "个工作日" if working else "天"
    return f"{before_count} {abs(days)} {unit}{after_unit}"


@dataclass(frozen=True)
class Rule:
    kind: str
    days: int  # negative: before the base date
    working: bool
    base: str  # "scheduled_on" or "held_on"

    @property
    def label(self) -> str:
        return rule_label(
            self.days, working=self.working, base=self.base, after=self.kind == DeadlineKind.HOLD
        )


# The rule fields each kind of deadline is resolved from ("filing_lead_days", "…_working"),
# in the order of the lifecycle.
_RULE_PREFIX = {
    DeadlineKind.FILING: "filing_lead_",
    DeadlineKind.HOLD: "hold_confirm_",
    DeadlineKind.REPORT: "report_due_",
    DeadlineKind.PUBLICITY: "publicity_due_",
}


def campaign_rules(rules: CampaignRules | None) -> list[Rule]:
    """The deadline rules a campaign's rules set, in the order of the lifecycle."""
    if rules is None:
        return []
    found = []
    for kind, prefix in _RULE_PREFIX.items():
        days = getattr(rules, f"{prefix}days")
        if days is None:
            continue
        if kind == DeadlineKind.FILING:
            days = -days  # the filing lead counts back from the scheduled date
        found.append(Rule(kind, days, getattr(rules, f"{prefix}working"), KIND_BASES[kind]))
    return found


def rules_of(activity: Activity) -> list[Rule]:
    """The activity's rules: none for one without steps of its own (a part held with its
    lead, a joint row only its parts hold)."""
    if not activity.has_steps:
        return []
    return campaign_rules(getattr(activity.campaign, "rules", None))


def rule_of(deadline: ActivityDeadline) -> Rule:
    """The rule a deadline was resolved from, as it was stored with it."""
    return Rule(deadline.kind, deadline.rule_days, deadline.rule_working, KIND_BASES[deadline.kind])


def resolve(rule: Rule, base: dt.date) -> tuple[dt.date, bool]:
    """The due date of ``rule`` from ``base`` and whether it rests on an unknown calendar."""
    if rule.working:
        answer = add_workdays(base, rule.days)
        return answer.date, answer.provisional
    return base + dt.timedelta(days=rule.days), False


def refresh(activity: Activity) -> list[ActivityDeadline]:
    """Recompute the activity's deadlines; keeps ``done_on`` of those already met."""
    existing = {d.kind: d for d in activity.deadlines.all()}
    kept = []
    for rule in rules_of(activity):
        base = getattr(activity, rule.base)
        if base is None:
            continue
        if (
            rule.kind == DeadlineKind.HOLD
            and rule.kind not in existing
            and activity.state not in _STEP_AHEAD[rule.kind]
        ):
            # Held (or cancelled) before the rule reached it: nothing left to confirm.
            continue
        deadline = existing.pop(rule.kind, None) or ActivityDeadline(
            activity=activity, kind=rule.kind
        )
        _apply(deadline, rule, base)
        deadline.save()
        kept.append(deadline)
    ActivityDeadline.objects.filter(pk__in=[d.pk for d in existing.values()]).delete()
    return kept


def calendar_bound(years: set[int]) -> QuerySet[ActivityDeadline]:
    """The working-day deadlines that count through one of ``years``: those a change of the
    years' holiday arrangement can move."""
    return ActivityDeadline.objects.filter(rule_working=True).filter(
        Q(base_date__year__in=years) | Q(due_on__year__in=years)
    )


def refresh_years(years: set[int]) -> int:
    """Re-resolve every working-day deadline that counts through one of ``years``.

    Called when a year's holiday arrangement changes. Returns how many due dates moved.
    """
    moved = 0
    for deadline in calendar_bound(years):
        due_on, provisional = resolve(rule_of(deadline), deadline.base_date)
        if (due_on, provisional) != (deadline.due_on, deadline.provisional):
            deadline.due_on, deadline.provisional = due_on, provisional
            deadline.save(update_fields=["due_on", "provisional"])
            moved += 1
    return moved


# The states in which a deadline's step is still ahead: a rule set now gives these activities
# the deadline; an activity past the step has nothing left to do by it.
_STEP_AHEAD = {
    DeadlineKind.FILING: frozenset({ActivityState.SCHEDULED, ActivityState.POSTPONED}),
    DeadlineKind.HOLD: frozenset(
        {
            ActivityState.SCHEDULED,
            ActivityState.FILED,
            ActivityState.ANNOUNCED,
            ActivityState.POSTPONED,
        }
    ),
    DeadlineKind.REPORT: frozenset({ActivityState.HELD}),
    DeadlineKind.PUBLICITY: frozenset({ActivityState.HELD}),
}


def refresh_rules(campaign: Campaign, changed: set[str]) -> int:
    """The campaign's rules ``changed``: bring its open deadlines in line, in the caller's
    transaction (registered with ``campaigns.rules.on_rules_changed``).

    Only the kinds whose rule changed, only deadlines not met yet, only activities not
    cancelled: each is resolved again under the rule now in force; a rule just set gives the
    activities whose step is still ahead their deadline; a rule removed drops the open
    deadlines it set. A met deadline keeps the rule it was met under. Returns how many
    deadlines were created, moved or dropped.
    """
    kinds = [
        kind
        for kind, prefix in _RULE_PREFIX.items()
        if any(name.startswith(prefix) for name in changed)
    ]
    if not kinds:
        return 0
    in_force = {rule.kind: rule for rule in campaign_rules(getattr(campaign, "rules", None))}
    touched = 0
    activities = (
        Activity.objects.filter(campaign=campaign)
        .exclude(state=ActivityState.CANCELLED)
        .prefetch_related("deadlines")
    )
    for activity in activities:
        if not activity.has_steps:
            continue
        stored = {deadline.kind: deadline for deadline in activity.deadlines.all()}
        for kind in kinds:
            touched += _refresh_kind(activity, kind, in_force.get(kind), stored.get(kind))
    return touched


def _refresh_kind(
    activity: Activity, kind: str, rule: Rule | None, deadline: ActivityDeadline | None
) -> int:
    if deadline is not None and deadline.done_on is not None:
        return 0
    if rule is None:
        if deadline is None:
            return 0
        deadline.delete()
        return 1
    base = getattr(activity, rule.base)
    if base is None or (deadline is None and activity.state not in _STEP_AHEAD[kind]):
        return 0
    new = deadline is None
    if new:
        deadline = ActivityDeadline(activity=activity, kind=kind)
    if not _apply(deadline, rule, base) and not new:
        return 0
    deadline.save()
    return 1


def _apply(deadline: ActivityDeadline, rule: Rule, base: dt.date) -> bool:
    """Set the deadline's rule, base and due date from ``rule`` counted from ``base``; whether
    any of them changed. The caller saves."""
    due_on, provisional = resolve(rule, base)
    resolved = (rule.days, rule.working, base, due_on, provisional)
    stored = (
        deadline.rule_days,
        deadline.rule_working,
        deadline.base_date,
        deadline.due_on,
        deadline.provisional,
    )
    (
        deadline.rule_days,
        deadline.rule_working,
        deadline.base_date,
        deadline.due_on,
        deadline.provisional,
    ) = resolved
    return stored != resolved


def status(deadline: ActivityDeadline, today: dt.date) -> DeadlineStatus:
    if deadline.done_on is not None:
        if deadline.done_on <= deadline.due_on:
            return DeadlineStatus.DONE_ON_TIME
        return DeadlineStatus.DONE_LATE
    if deadline.provisional:
        return DeadlineStatus.PROVISIONAL
    if today > deadline.due_on:
        return DeadlineStatus.OVERDUE
    if (deadline.due_on - today).days <= DUE_SOON_DAYS:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME
