"""Periodic jobs and when they are due; ``run_due_jobs`` is what ``openday run-scheduler`` runs.

A ``Job`` says when it is due (``due(as_of)``) and words its notifications (``drafts(as_of)``);
``as_of`` is an aware datetime in local time. A job stays due after its moment, so a scheduler
that missed its tick catches up; the occasion keys make every rerun a no-op. Registering a job
is one line in ``JOBS``.

- ``month-start`` (月初提醒): from 08:00 on the first working day of the month (2023-10-07,
  a 调休 Saturday, after National Day) until the month is over. Each unit's liaisons get the
  unit's activities of the month. Occasion ``month-start:YYYY-MM:unit-{unit pk}``.
- ``deadline-soon`` (临近截止提醒): every day from 08:00. An open deadline due today or at most
  the campaign's ``remind_before_workdays`` working days after today (with 2, a Monday
  deadline is reminded from Thursday) goes to the liaisons of the activity's hosts. Occasion
  ``deadline-soon:{deadline pk}:{due_on ISO}``: a moved deadline is reminded again, the same
  date never twice.
- ``deadline-missed`` (逾期提醒): on working days from 08:00, for open deadlines past their
  date. Each liaison of the hosts gets one notice per deadline, occasion
  ``deadline-missed:{deadline pk}:{due_on ISO}``. The office admins of the campaign's region
  get instead one digest a day listing what became overdue since their previous digest,
  occasion ``overdue-digest:{region pk}:{date ISO}``: a district has hundreds of deadlines,
  one notice each would bury the inbox, and the full list is on the workbench. Working days
  only, so the misses of a weekend or a holiday reach the office as one digest when it opens.
  A new admin's first digest lists everything overdue at the time.

What is reminded: the not yet met deadlines (``done_on`` empty) of activities in running
campaigns. Never those of a cancelled activity. A postponed activity's deadlines are
recomputed by ``deadlines.refresh`` (its filing reopened), so they are reminded at their new
dates. Before the date a filing deadline is reminded only while the plan can still be filed
(scheduled or postponed), not when the activity was announced or held without one. Missed is
what ``deadlines.status`` calls overdue: a provisional date (resting on an unpublished holiday
arrangement) is never declared missed, while its reminder before the date says it may move.

The deadline jobs' queries grow with the regions, not the deadlines: the deadlines come with
their activity, campaign, rules and hosts; the hosts' liaisons and the occasions already
recorded are one query each; ``notification_record`` then inserts what is new.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from openday.activities.enums import DeadlineKind
from openday.activities.lifecycle import TRANSITIONS
from openday.activities.materials import banner_lines
from openday.activities.models import Activity, ActivityDeadline, ActivityHost
from openday.activities.selectors import open_deadlines, overdue_deadlines
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import REMIND_BEFORE_MAX, Campaign, CampaignRules
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Membership, Region, Unit
from openday.reminders.models import Notification
from openday.reminders.month_end import month_end_drafts, month_end_due
from openday.reminders.recipients import host_memberships_by_activity, office_admins
from openday.reminders.services import Draft, draft_title, notification_record
from openday.workdays.calendar import WorkdayCalendar

MONTH_START_AT = dt.time(8, 0)
DEADLINE_SOON_AT = dt.time(8, 0)
DEADLINE_MISSED_AT = dt.time(8, 0)


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    due: Callable[[dt.datetime], bool]
    drafts: Callable[[dt.datetime], Iterable[Draft]]


def daily_from(at: dt.time) -> Callable[[dt.datetime], bool]:
    """Due every day from ``at`` on."""
    return lambda as_of: as_of.time() >= at


def workdays_from(at: dt.time) -> Callable[[dt.datetime], bool]:
    """Due on working days (调休 weekends included, holidays not) from ``at`` on."""
    return lambda as_of: as_of.time() >= at and WorkdayCalendar().is_workday(as_of.date()).workday


# --- Wording ---------------------------------------------------------------------------------


def _day(on: dt.date) -> str:
    return f"{on.month}月{on.day}日"


def _date(on: dt.date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def _activity_named(activity: Activity) -> str:
    return f"《{activity.campaign.title}》第{activity.seq}项“{activity.title}”"


def _activity_link(activity: Activity) -> str:
    return reverse(
        "staff:activity-detail", kwargs={"slug": activity.campaign.slug, "seq": activity.seq}
    )


# What the hosts do to meet each kind of deadline, after "请在截止前" or "请尽快".
_TO_DO = {
    DeadlineKind.FILING: "报备具体活动方案（写明分管领导、责任科室和具体负责人）",
    DeadlineKind.REPORT: "报送活动情况、现场照片等活动资料",
    DeadlineKind.PUBLICITY: "完成宣传报道，并在系统中登记媒体报道",
}
# The base date of each kind, as the activity stands to it.
_BASE = {
    DeadlineKind.FILING: "定于{date}开展",
    DeadlineKind.REPORT: "于{date}开展",
    DeadlineKind.PUBLICITY: "于{date}开展",
}
PROVISIONAL_NOTE = "注：该截止日期依据未公布的节假日安排推算，安排公布后可能调整。"


def _about(deadline: ActivityDeadline) -> str:
    base = _BASE[deadline.kind].format(date=_date(deadline.base_date))
    return f"{_activity_named(deadline.activity)}（{base}）的{deadline.get_kind_display()}"


# --- Month start -----------------------------------------------------------------------------


def first_workday(year: int, month: int, *, calendar: WorkdayCalendar | None = None) -> dt.date:
    """The first working day of the month: the 1st, or the next working day after it."""
    return (calendar or WorkdayCalendar()).add_workdays(dt.date(year, month, 1), 0).date


def month_start_due(as_of: dt.datetime) -> bool:
    first = first_workday(as_of.year, as_of.month)
    return (as_of.date(), as_of.time()) >= (first, MONTH_START_AT)


def month_activities(unit: Unit, year: int, month: int):
    """Activities of running campaigns in ``unit``'s region, hosted by it directly or by one of
    its groups, whose months cover ``month`` of ``year``."""
    groups = [group for group, kinds in GROUP_KINDS.items() if unit.kind in kinds]
    hosts = ActivityHost.objects.filter(Q(unit=unit) | Q(group__in=groups))
    return (
        Activity.objects.filter(
            campaign__phase=CampaignPhase.RUNNING,
            campaign__region_id=unit.region_id,
            campaign__year=year,
            month_start__lte=month,
            month_end__gte=month,
            pk__in=hosts.values("activity_id"),
        )
        .select_related("campaign__rules")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=ActivityDeadline.objects.filter(done_on__isnull=True).order_by("due_on"),
                to_attr="open_deadlines",
            )
        )
        .order_by("campaign_id", "seq")
    )


def _activity_line(activity: Activity) -> str:
    months = (
        f"{activity.month_start}月"
        if activity.month_start == activity.month_end
        else f"{activity.month_start}—{activity.month_end}月"
    )
    when = activity.scheduled_on.isoformat() if activity.scheduled_on else "日期待定"
    line = f"{activity.seq}. {activity.title}（{months}，{when}）"
    deadlines = "；".join(
        f"{d.get_kind_display()}截止 {d.due_on.isoformat()}" for d in activity.open_deadlines
    )
    return f"{line}\n   {deadlines}" if deadlines else line


def _requirements(campaign, unit: Unit) -> list[str]:
    rules = getattr(campaign, "rules", None)
    lines = []
    if rules and rules.min_staff:
        lines.append(f"现场工作人员不少于{rules.min_staff}人")
    banner = banner_lines(campaign, unit)
    lines.extend(f"会标：{line}" for line in banner.lines)
    if rules and rules.site_requirements:
        lines.append(f"现场标识：{rules.site_requirements}")
    if campaign.logo:
        lines.append("现场使用活动LOGO")
    return lines


def month_start_body(unit: Unit, year: int, month: int) -> tuple[int, str]:
    """The count and the wording: per campaign, its activities, then its requirements."""
    activities = list(month_activities(unit, year, month))
    parts = [f"{unit.name}{year}年{month}月承办的主题日活动共{len(activities)}场。"]
    for _campaign_id, group in groupby(activities, key=lambda a: a.campaign_id):
        rows = list(group)
        campaign = rows[0].campaign
        parts.append(f"\n《{campaign.title}》")
        parts.extend(_activity_line(activity) for activity in rows)
        requirements = _requirements(campaign, unit)
        if requirements:
            parts.append("活动要求：")
            parts.extend(f"- {line}" for line in requirements)
    return len(activities), "\n".join(parts)


@dataclass(frozen=True)
class _MonthHosts:
    """Who hosts something in a month: units named, and (region, group) pairs."""

    units: frozenset[int]
    groups: frozenset[tuple[int, str]]

    def may_host(self, unit: Unit) -> bool:
        if unit.pk in self.units:
            return True
        return any(
            (unit.region_id, group) in self.groups
            for group, kinds in GROUP_KINDS.items()
            if unit.kind in kinds
        )


def _month_hosts(year: int, month: int) -> _MonthHosts:
    """One query, so a rerun skips at once the many units with nothing that month."""
    rows = ActivityHost.objects.filter(
        activity__campaign__phase=CampaignPhase.RUNNING,
        activity__campaign__year=year,
        activity__month_start__lte=month,
        activity__month_end__gte=month,
    ).values_list("activity__campaign__region_id", "unit_id", "group")
    units, groups = set(), set()
    for region_id, unit_id, group in rows.distinct():
        if unit_id:
            units.add(unit_id)
        if group:
            groups.add((region_id, group))
    return _MonthHosts(frozenset(units), frozenset(groups))


def month_start_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    year, month = as_of.year, as_of.month
    prefix = f"month-start:{year:04d}-{month:02d}:"
    sent = set(
        Notification.objects.filter(occasion__startswith=prefix).values_list(
            "recipient_id", "occasion"
        )
    )
    liaisons = (
        Membership.objects.filter(role=Role.UNIT_LIAISON, unit__is_active=True)
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    )
    hosts = _month_hosts(year, month)
    bodies: dict[int, tuple[int, str]] = {}
    for membership in liaisons:
        unit = membership.unit
        occasion = f"{prefix}unit-{unit.pk}"
        if (membership.user_id, occasion) in sent or not hosts.may_host(unit):
            continue
        if unit.pk not in bodies:
            bodies[unit.pk] = month_start_body(unit, year, month)
        count, body = bodies[unit.pk]
        if not count:
            continue
        yield Draft(
            recipient=membership.user,
            occasion=occasion,
            title=f"{month}月主题日活动提醒：{unit.name}本月{count}场",
            body=body,
            link=reverse("staff:home"),
            item_type="orgs.unit",
            item_id=unit.pk,
        )


# --- Deadlines -------------------------------------------------------------------------------

# States from which the plan can still be filed (scheduled, postponed).
FILABLE_STATES = frozenset(frm for (frm, _to), action in TRANSITIONS.items() if action == "file")
DEFAULT_REMIND_BEFORE = CampaignRules._meta.get_field("remind_before_workdays").default


def running_open_deadlines():
    """Deadlines not yet met of activities in running campaigns, cancelled ones left out, with
    what the wording and the recipients need."""
    return (
        open_deadlines()
        .filter(activity__campaign__phase=CampaignPhase.RUNNING)
        .select_related("activity__campaign__region", "activity__campaign__rules")
        .prefetch_related("activity__hosts")
        .order_by("due_on", "activity__campaign_id", "activity__seq", "kind")
    )


def remind_before(campaign: Campaign) -> int:
    rules = getattr(campaign, "rules", None)
    return DEFAULT_REMIND_BEFORE if rules is None else rules.remind_before_workdays


def _recorded(occasions: Iterable[str]) -> set[tuple[int, str]]:
    """(recipient pk, occasion) pairs already recorded among ``occasions``."""
    return set(
        Notification.objects.filter(occasion__in=set(occasions)).values_list(
            "recipient_id", "occasion"
        )
    )


def _liaison_drafts(
    deadlines: list[ActivityDeadline],
    occasion: Callable[[ActivityDeadline], str],
    words: Callable[[ActivityDeadline], tuple[str, str]],
) -> Iterator[Draft]:
    """One draft per active liaison of each deadline's hosts, unless already recorded."""
    memberships = host_memberships_by_activity([d.activity for d in deadlines])
    occasions = {d.pk: occasion(d) for d in deadlines}
    recorded = _recorded(occasions.values())
    for deadline in deadlines:
        key = occasions[deadline.pk]
        users = {m.user.pk: m.user for m in memberships[deadline.activity.pk] if m.user.is_active}
        waiting = [users[pk] for pk in sorted(users) if (pk, key) not in recorded]
        if not waiting:
            continue
        title, body = words(deadline)
        for user in waiting:
            yield Draft(
                recipient=user,
                occasion=key,
                title=title,
                body=body,
                link=_activity_link(deadline.activity),
                item_type="activities.activity",
                item_id=deadline.activity.pk,
            )


def _soon_occasion(deadline: ActivityDeadline) -> str:
    return f"deadline-soon:{deadline.pk}:{deadline.due_on.isoformat()}"


def deadline_soon_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    today = as_of.date()
    calendar = WorkdayCalendar()
    # Past the longest lead any campaign may set; each campaign's own lead is checked below.
    horizon = calendar.add_workdays(today, REMIND_BEFORE_MAX + 1).date
    candidates = list(
        running_open_deadlines()
        .filter(due_on__gte=today, due_on__lt=horizon)
        .filter(~Q(kind=DeadlineKind.FILING) | Q(activity__state__in=FILABLE_STATES))
    )
    left: dict[int, int] = {}
    for deadline in candidates:
        count = calendar.workdays_between(today, deadline.due_on).count
        if count <= remind_before(deadline.activity.campaign):
            left[deadline.pk] = count
    due = [d for d in candidates if d.pk in left]

    def words(deadline: ActivityDeadline) -> tuple[str, str]:
        kind = deadline.get_kind_display()
        title = draft_title(
            f"{kind}即将到期：", deadline.activity.title, f"（{_day(deadline.due_on)}截止）"
        )
        if deadline.due_on == today:
            when = "今天截止"
        elif left[deadline.pk]:
            when = f"距截止还有{left[deadline.pk]}个工作日"
        else:
            when = "截止前已没有工作日"
        lines = [
            f"{_about(deadline)}将于{_date(deadline.due_on)}截止，{when}。",
            f"请在截止前{_TO_DO[deadline.kind]}。",
        ]
        if deadline.provisional:
            lines.append(PROVISIONAL_NOTE)
        return title, "\n".join(lines)

    yield from _liaison_drafts(due, _soon_occasion, words)


def _missed_occasion(deadline: ActivityDeadline) -> str:
    return f"deadline-missed:{deadline.pk}:{deadline.due_on.isoformat()}"


def deadline_missed_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    today = as_of.date()
    missed = list(overdue_deadlines(today, running_open_deadlines()))

    def words(deadline: ActivityDeadline) -> tuple[str, str]:
        kind = deadline.get_kind_display()
        region = deadline.activity.campaign.region
        title = draft_title(
            f"{kind}已逾期：", deadline.activity.title, f"（{_day(deadline.due_on)}截止）"
        )
        days = (today - deadline.due_on).days
        lines = [
            f"{_about(deadline)}已于{_date(deadline.due_on)}截止，至今尚未完成，已逾期{days}天。",
            f"请尽快{_TO_DO[deadline.kind]}；确实无法完成的，请向{region.name}政务公开办说明情况。",
        ]
        return title, "\n".join(lines)

    yield from _liaison_drafts(missed, _missed_occasion, words)
    yield from overdue_digests(missed, today)


def _digest_line(number: int, deadline: ActivityDeadline, today: dt.date) -> str:
    activity = deadline.activity
    hosts = "、".join(host.text for host in activity.hosts.all()) or "未指定责任单位"
    return (
        f"{number}. {activity.title}（第{activity.seq}项，{hosts}）："
        f"{deadline.get_kind_display()}，{_day(deadline.due_on)}截止，"
        f"已逾期{(today - deadline.due_on).days}天"
    )


def _digest_body(region: Region, items: list[ActivityDeadline], today: dt.date, *, since) -> str:
    new = "（上次汇总以来新增）" if since else ""
    parts = [f"截至{_date(today)}，{region.name}以下{len(items)}项活动期限已过而尚未完成{new}："]
    ordered = sorted(items, key=lambda d: (d.activity.campaign_id, d.due_on, d.activity.seq))
    number = 0
    for _campaign_id, group in groupby(ordered, key=lambda d: d.activity.campaign_id):
        rows = list(group)
        parts.append(f"\n《{rows[0].activity.campaign.title}》")
        for deadline in rows:
            number += 1
            parts.append(_digest_line(number, deadline, today))
    parts.append("\n承办单位的联络员已分别收到逾期提醒；全部逾期事项见工作台“逾期事项”。")
    return "\n".join(parts)


def overdue_digests(missed: list[ActivityDeadline], today: dt.date) -> Iterator[Draft]:
    """One digest per office admin of each region: what went overdue since their last one.

    The previous digest at date P listed the deadlines open and due before P, so this one
    lists those due from P on; one query per region finds each admin's P.
    """
    by_region: dict[int, list[ActivityDeadline]] = defaultdict(list)
    for deadline in missed:
        by_region[deadline.activity.campaign.region_id].append(deadline)
    for items in by_region.values():
        region = items[0].activity.campaign.region
        prefix = f"overdue-digest:{region.pk}:"
        occasion = f"{prefix}{today.isoformat()}"
        admins = list(office_admins(region))
        latest = dict(
            Notification.objects.filter(recipient__in=admins, occasion__startswith=prefix)
            .order_by()
            .values("recipient_id")
            .annotate(latest=Max("occasion"))
            .values_list("recipient_id", "latest")
        )
        for admin in admins:
            previous = latest.get(admin.pk)
            if previous == occasion:
                continue
            since = dt.date.fromisoformat(previous.removeprefix(prefix)) if previous else None
            fresh = [d for d in items if since is None or d.due_on >= since]
            if not fresh:
                continue
            yield Draft(
                recipient=admin,
                occasion=occasion,
                title=f"逾期汇总：{region.name}新增{len(fresh)}项活动期限逾期（{_day(today)}）",
                body=_digest_body(region, fresh, today, since=since),
                link=reverse("staff:home"),
                item_type="orgs.region",
                item_id=region.pk,
            )


# --- Running ---------------------------------------------------------------------------------

JOBS = [
    Job("month-start", "月初提醒", due=month_start_due, drafts=month_start_drafts),
    Job(
        "deadline-soon",
        "临近截止提醒",
        due=daily_from(DEADLINE_SOON_AT),
        drafts=deadline_soon_drafts,
    ),
    Job(
        "deadline-missed",
        "逾期提醒",
        due=workdays_from(DEADLINE_MISSED_AT),
        drafts=deadline_missed_drafts,
    ),
    Job("month-end", "月末总结", due=month_end_due, drafts=month_end_drafts),
]


@dataclass(frozen=True)
class Queued:
    job: str
    notification: Notification


def run_due_jobs(as_of: dt.datetime, *, only: Iterable[str] | None = None) -> list[Queued]:
    """Run every job due at ``as_of`` (an aware datetime), or those of them named in ``only``;
    what was newly recorded and queued."""
    as_of = timezone.localtime(as_of)
    queued = []
    for job in JOBS:
        if (only is not None and job.name not in only) or not job.due(as_of):
            continue
        for draft in job.drafts(as_of):
            notification = notification_record(draft=draft)
            if notification is not None:
                queued.append(Queued(job=job.name, notification=notification))
    return queued
