"""The assessment (考核) of a campaign's units: a score per unit with every point explained.

Eight criteria (``enums.Criterion``), each with a weight. A criterion looks at items — an
activity, a deadline, a report, an opinion — and each item is met or not; the criterion's
points are ``weight × met / items``, rounded to two decimals, and its reasons name every item
not met by its reference ("第12号", "第23-2号") and dates. A criterion with no item for the unit
deducts nothing (its full weight: 无应考核事项). The score is the sum of the points. A unit
whose activities are all cancelled or not yet due is not assessed (不参与考核), never 0.

Which activities a unit answers for: the activities it carries (``acting_host_q``: a joint
row's lead, its own part, a group host such as 各街道办事处 for every active unit of its kinds);
a part held with its lead stands where its lead stands (its held state and dates) and has no
deadline or report of its own. A row only its parts hold is nobody's.

The criteria:

- 按计划开展: each activity due (held, or its date passed, or without a date its last planned
  month over) — met when held, or postponed (a postponement always gives its reason).
- 方案报备 / 材料报送 / 媒体宣传: each deadline of that kind met, or open past its date (not on
  an unpublished holiday arrangement) — met when done on or before its date. A late one
  reads "逾期 N 个工作日" (or "N 天" for a rule of calendar days).
- 材料完整: each report handed in — met with photos, an 活动概况, a headcount and the staff on
  site (the numbers of 附件2).
- 现场工作人员: each report handed in — met when its staff on site reach the rule's minimum.
- 公众参与: each activity due whose form asks the public in (现场观摩, 座谈交流) — met when
  online sign-up was open.
- 留言回应: each opinion on the unit's activities (not hidden, not a duplicate) received at
  least N working days ago or answered — met when answered within N working days.

Defaults: a criterion weighs its default (``DEFAULT_WEIGHTS``) when the campaign has the rule
behind it, else nothing: the plan itself for 按计划开展, ``filing_lead_days``,
``report_due_days`` (for 材料报送 and 材料完整), ``publicity_due_days``, ``min_staff``, a
form of the plan that asks the public in; 留言回应 has no rule in a notice, so it weighs
nothing until the office gives it a weight.

Nine queries at most, whatever the number of activities.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q

from openday.activities.enums import ActivityState, DeadlineKind, JointRole
from openday.activities.lifecycle import HELD_STATES, REPORTED_STATES
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityForm,
    ActivityHost,
    ActivityReport,
    acting_host_q,
)
from openday.assessment.enums import Criterion
from openday.assessment.models import AssessmentWeights
from openday.campaigns.enums import FormKind
from openday.campaigns.models import Campaign
from openday.orgs.enums import GROUP_KINDS, UnitKind
from openday.orgs.models import Unit
from openday.participation.enums import OpinionState
from openday.participation.models import Opinion, SignupSettings
from openday.workdays.calendar import WorkdayCalendar

COUNTED_STATES = REPORTED_STATES
# Forms that ask the public to come: their activities should offer sign-up.
PARTICIPATORY_KINDS = (FormKind.SITE_VISIT, FormKind.DISCUSSION)
DEFAULT_WEIGHTS = {
    Criterion.HELD: 20,
    Criterion.FILING: 15,
    Criterion.REPORT: 15,
    Criterion.MATERIALS: 15,
    Criterion.PUBLICITY: 10,
    Criterion.STAFF: 10,
    Criterion.PARTICIPATION: 10,
    Criterion.REPLIES: 5,
}
DEFAULT_REPLY_DAYS = 5
NOT_ASSESSED = "不参与考核"
_DEADLINE_CRITERIA = {
    DeadlineKind.FILING: (Criterion.FILING, "未报备"),
    DeadlineKind.REPORT: (Criterion.REPORT, "未报送"),
    DeadlineKind.PUBLICITY: (Criterion.PUBLICITY, "未完成宣传"),
}


# --- weights ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weights:
    weights: dict[str, int]
    reply_days: int = DEFAULT_REPLY_DAYS
    stored: bool = False  # set by the office, or the defaults from the rules


def has_rule(campaign: Campaign) -> dict[str, bool]:
    """Whether the campaign has the rule behind each criterion (one query: the forms)."""
    rules = getattr(campaign, "rules", None)

    def rule(name: str) -> bool:
        return rules is not None and getattr(rules, name) is not None

    participatory = ActivityForm.objects.filter(
        activity__campaign=campaign, kind__in=PARTICIPATORY_KINDS
    ).exists()
    return {
        Criterion.HELD: True,
        Criterion.FILING: rule("filing_lead_days"),
        Criterion.REPORT: rule("report_due_days"),
        Criterion.MATERIALS: rule("report_due_days"),
        Criterion.PUBLICITY: rule("publicity_due_days"),
        Criterion.STAFF: rule("min_staff"),
        Criterion.PARTICIPATION: participatory,
        Criterion.REPLIES: False,
    }


def default_weights(campaign: Campaign) -> Weights:
    ruled = has_rule(campaign)
    return Weights(
        weights={key.value: DEFAULT_WEIGHTS[key] if ruled[key] else 0 for key in Criterion}
    )


def weights_of(campaign: Campaign) -> Weights:
    """The office's weights, or the defaults from the rules."""
    stored = AssessmentWeights.objects.filter(campaign=campaign).first()
    if stored is None:
        return default_weights(campaign)
    return Weights(weights=stored.as_dict(), reply_days=stored.reply_days, stored=True)


# --- results ---------------------------------------------------------------------------------


@dataclass
class CriterionResult:
    key: str
    label: str
    weight: int
    met: int = 0
    items: int = 0
    reasons: list[str] = field(default_factory=list)
    points: float = 0.0

    @property
    def summary(self) -> str:
        """ "方案报备 2/3 按时" — how many items were met of how many."""
        if not self.weight:
            return f"{self.label}：不计分"
        if not self.items:
            return f"{self.label}：无应考核事项，不扣分"
        return f"{self.label} {self.met}/{self.items} {_MET_WORD[self.key]}"

    def explained(self) -> str:
        """The summary and every reason: "方案报备 2/3 按时：第12号 逾期 2 个工作日"."""
        if self.reasons and self.weight:
            return f"{self.summary}：{'；'.join(self.reasons)}"
        return self.summary


_MET_WORD = {
    Criterion.HELD: "按计划开展",
    Criterion.FILING: "按时",
    Criterion.REPORT: "按时",
    Criterion.MATERIALS: "完整",
    Criterion.PUBLICITY: "按时",
    Criterion.STAFF: "达标",
    Criterion.PARTICIPATION: "已开放报名",
    Criterion.REPLIES: "按时回应",
}


@dataclass
class UnitResult:
    unit_id: int
    name: str
    kind: str
    assessed: bool
    score: float | None
    criteria: list[CriterionResult]
    rank: int | None = None

    @property
    def score_label(self) -> str:
        return NOT_ASSESSED if not self.assessed else f"{self.score:g}"


@dataclass
class Assessment:
    campaign: str  # its slug
    title: str
    as_of: dt.date
    frozen: bool
    weights: dict[str, int]
    reply_days: int
    units: list[UnitResult]

    @property
    def total_weight(self) -> int:
        return sum(self.weights.values())

    def to_dict(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        for unit, result in zip(data["units"], self.units, strict=True):
            unit["score_label"] = result.score_label
            for criterion, each in zip(unit["criteria"], result.criteria, strict=True):
                criterion["summary"] = each.summary
                criterion["explained"] = each.explained()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Assessment":
        units = [
            UnitResult(
                **{
                    **{k: v for k, v in unit.items() if k not in ("criteria", "score_label")},
                    "criteria": [
                        CriterionResult(
                            **{k: v for k, v in c.items() if k not in ("summary", "explained")}
                        )
                        for c in unit["criteria"]
                    ],
                }
            )
            for unit in data["units"]
        ]
        return cls(
            **{
                **{k: v for k, v in data.items() if k != "units"},
                "as_of": dt.date.fromisoformat(data["as_of"]),
                "units": units,
            }
        )


# --- reading the campaign ----------------------------------------------------------------------


def _ref(seq: int, part_no: int) -> str:
    return f"第{seq}-{part_no}号" if part_no else f"第{seq}号"


def _short(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


@dataclass
class _Activity:
    pk: int
    ref: str
    state: str
    scheduled_on: dt.date | None
    month_end: int | None
    has_steps: bool

    def due(self, year: int, today: dt.date) -> bool:
        if self.state == ActivityState.CANCELLED:
            return False
        if self.state in HELD_STATES:
            return True
        if self.scheduled_on is not None:
            return self.scheduled_on < today
        if self.month_end is None:
            return False
        return year < today.year or (year == today.year and self.month_end < today.month)


def _activities(campaign: Campaign) -> dict[int, _Activity]:
    rows = (
        Activity.objects.filter(campaign=campaign)
        .exclude(joint=JointRole.SHARED)
        .order_by("seq", "part_no")
        .values_list(
            "pk",
            "seq",
            "part_no",
            "state",
            "scheduled_on",
            "month_end",
            "with_lead",
            "lead_id",
            "lead__state",
            "lead__scheduled_on",
        )
    )
    found = {}
    for pk, seq, part_no, state, on, month_end, with_lead, lead_id, lead_state, lead_on in rows:
        # A part held with its lead stands where its lead stands.
        with_its_lead = bool(with_lead and lead_id)
        found[pk] = _Activity(
            pk=pk,
            ref=_ref(seq, part_no),
            state=lead_state if with_its_lead else state,
            scheduled_on=lead_on if with_its_lead else on,
            month_end=month_end,
            has_steps=not with_its_lead,
        )
    return found


_KIND_ORDER = {kind: index for index, kind in enumerate(UnitKind.values)}


def _units_of(campaign: Campaign, activity_ids) -> tuple[dict[int, set[int]], dict[int, Unit]]:
    """Each activity's units (by id), and the units (two queries at most)."""
    rows = list(
        ActivityHost.objects.filter(acting_host_q(), activity_id__in=activity_ids)
        .select_related("unit")
        .order_by()
    )
    units: dict[int, Unit] = {host.unit_id: host.unit for host in rows if host.unit_id}
    by_kind: dict[str, list[Unit]] = defaultdict(list)
    if any(host.group for host in rows):
        for unit in Unit.objects.filter(region_id=campaign.region_id, is_active=True):
            by_kind[unit.kind].append(unit)
    hosts: dict[int, set[int]] = defaultdict(set)
    for host in rows:
        if host.unit_id:
            hosts[host.activity_id].add(host.unit_id)
            continue
        for kind in GROUP_KINDS[host.group]:
            for unit in by_kind[kind]:
                units[unit.pk] = unit
                hosts[host.activity_id].add(unit.pk)
    return hosts, units


def _late_words(calendar: WorkdayCalendar, due_on: dt.date, until: dt.date, working: bool) -> str:
    if working:
        return f"{calendar.workdays_between(due_on, until).count} 个工作日"
    return f"{(until - due_on).days} 天"


# --- scoring ---------------------------------------------------------------------------------


def assess(campaign: Campaign, *, today: dt.date, weights: Weights | None = None) -> Assessment:
    """The assessment of ``campaign``'s units as it stands on ``today``."""
    weights = weights or weights_of(campaign)
    calendar = WorkdayCalendar()
    activities = _activities(campaign)
    hosts, units = _units_of(campaign, list(activities))
    results: dict[int, dict[str, CriterionResult]] = {
        unit_id: {
            key.value: CriterionResult(key.value, key.label, weights.weights.get(key.value, 0))
            for key in Criterion
        }
        for unit_id in units
    }
    due_units: set[int] = set()

    def record(activity_id: int, key: str, met: bool, reason: str = "") -> None:
        for unit_id in hosts.get(activity_id, ()):
            result = results[unit_id][key]
            result.items += 1
            result.met += met
            if reason:
                result.reasons.append(reason)

    participatory = set(
        ActivityForm.objects.filter(activity_id__in=list(activities), kind__in=PARTICIPATORY_KINDS)
        .values_list("activity_id", flat=True)
        .distinct()
    )
    signup_open = set(
        SignupSettings.objects.filter(activity_id__in=list(activities), enabled=True).values_list(
            "activity_id", flat=True
        )
    )
    for activity in activities.values():
        if not activity.due(campaign.year, today):
            continue
        due_units.update(hosts.get(activity.pk, ()))
        if activity.state in HELD_STATES:
            record(activity.pk, Criterion.HELD, True)
        elif activity.state == ActivityState.POSTPONED:
            record(activity.pk, Criterion.HELD, True, f"{activity.ref} 已延期（已说明原因）")
        else:
            when = (
                f"活动日期{_short(activity.scheduled_on)}"
                if activity.scheduled_on
                else f"计划{activity.month_end}月前"
            )
            record(activity.pk, Criterion.HELD, False, f"{activity.ref} {when}，未确认开展")
        if activity.has_steps and activity.pk in participatory:
            opened = activity.pk in signup_open
            record(
                activity.pk,
                Criterion.PARTICIPATION,
                opened,
                "" if opened else f"{activity.ref} 邀请公众参与的活动未开放在线报名",
            )

    deadlines = ActivityDeadline.objects.filter(
        activity_id__in=list(activities), kind__in=list(_DEADLINE_CRITERIA)
    ).filter(
        Q(done_on__isnull=False)
        | Q(done_on__isnull=True, due_on__lt=today, provisional=False)
        & ~Q(activity__state=ActivityState.CANCELLED)
    )
    for deadline in deadlines.order_by("due_on", "pk"):
        key, missing = _DEADLINE_CRITERIA[deadline.kind]
        ref = activities[deadline.activity_id].ref
        if deadline.done_on is not None and deadline.done_on <= deadline.due_on:
            record(deadline.activity_id, key, True)
        elif deadline.done_on is not None:
            late = _late_words(calendar, deadline.due_on, deadline.done_on, deadline.rule_working)
            record(deadline.activity_id, key, False, f"{ref} 逾期 {late}")
        else:
            late = _late_words(calendar, deadline.due_on, today, deadline.rule_working)
            record(
                deadline.activity_id,
                key,
                False,
                f"{ref} {missing}，截止{_short(deadline.due_on)}，已逾期 {late}",
            )

    min_staff = getattr(getattr(campaign, "rules", None), "min_staff", None)
    reports = (
        ActivityReport.objects.filter(
            activity_id__in=list(activities), activity__state__in=COUNTED_STATES
        )
        .annotate(photo_count=Count("photos"))
        .order_by("activity__seq", "activity__part_no")
        .values_list("activity_id", "summary", "headcount", "staff_count", "photo_count")
    )
    for activity_id, summary, headcount, staff_count, photo_count in reports:
        ref = activities[activity_id].ref
        missing = [
            word
            for word, present in (
                ("活动照片", photo_count),
                ("活动概况", summary.strip()),
                ("覆盖人数", headcount),
                ("现场工作人员人数", staff_count),
            )
            if not present
        ]
        record(
            activity_id,
            Criterion.MATERIALS,
            not missing,
            f"{ref} 缺{'、'.join(missing)}" if missing else "",
        )
        if min_staff:
            enough = staff_count >= min_staff
            record(
                activity_id,
                Criterion.STAFF,
                enough,
                "" if enough else f"{ref} 现场工作人员 {staff_count} 人，少于 {min_staff} 人",
            )

    opinions = (
        Opinion.objects.filter(activity_id__in=list(activities))
        .exclude(state__in=[OpinionState.HIDDEN, OpinionState.DUPLICATE])
        .select_related("reply")
        .order_by("created_at", "pk")
    )
    for opinion in opinions:
        received = opinion.created_at.date()
        reply = getattr(opinion, "reply", None)
        ref = activities[opinion.activity_id].ref
        if reply is not None:
            took = calendar.workdays_between(received, reply.published_at.date()).count
            met = took <= weights.reply_days
            reason = "" if met else f"{ref} {_short(received)}的留言 {took} 个工作日后才回应"
            record(opinion.activity_id, Criterion.REPLIES, met, reason)
        elif calendar.workdays_between(received, today).count > weights.reply_days:
            record(
                opinion.activity_id,
                Criterion.REPLIES,
                False,
                f"{ref} {_short(received)}的留言超过 {weights.reply_days} 个工作日未回应",
            )

    unit_results = []
    for unit_id, criteria in results.items():
        unit = units[unit_id]
        assessed = unit_id in due_units
        for result in criteria.values():
            if not result.weight:
                result.points = 0.0
            elif not result.items:
                result.points = float(result.weight)
            else:
                result.points = round(result.weight * result.met / result.items, 2)
        score = round(sum(r.points for r in criteria.values()), 2) if assessed else None
        unit_results.append(
            UnitResult(
                unit_id=unit_id,
                name=unit.name,
                kind=unit.kind,
                assessed=assessed,
                score=score,
                criteria=list(criteria.values()),
            )
        )
    return Assessment(
        campaign=campaign.slug,
        title=f"{campaign.region.name}{campaign.year}年政务公开主题日活动考核",
        as_of=today,
        frozen=False,
        weights=dict(weights.weights),
        reply_days=weights.reply_days,
        units=ranked(unit_results),
    )


def ranked(units: list[UnitResult]) -> list[UnitResult]:
    """Assessed units by score, highest first (equal scores share a rank), then by kind and
    name; the units not assessed after them, without a rank."""
    assessed = sorted(
        (u for u in units if u.assessed),
        key=lambda u: (-u.score, _KIND_ORDER.get(u.kind, 99), u.name),
    )
    previous, rank = None, 0
    for position, unit in enumerate(assessed, start=1):
        if unit.score != previous:
            rank, previous = position, unit.score
        unit.rank = rank
    others = sorted(
        (u for u in units if not u.assessed), key=lambda u: (_KIND_ORDER.get(u.kind, 99), u.name)
    )
    return assessed + others


def as_of(campaign: Campaign, today: dt.date) -> dt.date:
    """The day a campaign is assessed as of: the day it closed, else ``today``."""
    return campaign.closed_on or today
