"""The month-start reminder (月初提醒), job ``month-start``.

Due from 08:00 on the first working day of the month (2023-10-07, a 调休 Saturday, after
National Day) until the month is over. Each unit's liaisons get the unit's activities of the
month (hosted directly or through a group host such as 各街道办事处) and the campaign's
requirements. Occasion ``month-start:YYYY-MM:unit-{unit pk}``.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch, Q
from django.urls import reverse

from openday.activities.materials import banner_lines
from openday.activities.models import Activity, ActivityDeadline, ActivityHost
from openday.campaigns.enums import CampaignPhase
from openday.core.formats import year_month_label
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Membership, Unit
from openday.reminders.models import Notification
from openday.reminders.services import Draft
from openday.workdays.calendar import WorkdayCalendar

MONTH_START_AT = dt.time(8, 0)


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
    parts = [f"{unit.name}{year_month_label(year, month)}承办的主题日活动共{len(activities)}场。"]
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
            region_id=unit.region_id,
        )
