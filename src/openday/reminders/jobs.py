"""Periodic jobs and when they are due; ``run_due_jobs`` is what ``openday run-scheduler`` runs.

A job is due from its moment on (month start: day 1 at 08:00 local time) until the month is
over, so a scheduler that missed its tick catches up; the occasion keys make every rerun a
no-op.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Prefetch, Q
from django.urls import reverse

from openday.activities.materials import banner_lines
from openday.activities.models import Activity, ActivityDeadline, ActivityHost
from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import GROUP_KINDS, Role
from openday.orgs.models import Membership, Unit
from openday.reminders.models import Notification
from openday.reminders.services import Draft, notification_record

MONTH_START_AT = dt.time(8, 0)


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    drafts: Callable[[dt.datetime], Iterator[Draft]]


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


def month_start_drafts(as_of: dt.datetime) -> Iterator[Draft]:
    year, month = as_of.year, as_of.month
    liaisons = (
        Membership.objects.filter(role=Role.UNIT_LIAISON, unit__is_active=True)
        .select_related("user", "unit")
        .order_by("unit_id", "user_id")
    )
    for membership in liaisons:
        unit = membership.unit
        occasion = f"month-start:{year:04d}-{month:02d}:unit-{unit.pk}"
        if Notification.objects.filter(recipient=membership.user, occasion=occasion).exists():
            continue
        count, body = month_start_body(unit, year, month)
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


def month_start_due(as_of: dt.datetime) -> bool:
    return (as_of.day, as_of.time()) >= (1, MONTH_START_AT)


JOBS = [Job(name="month-start", label="月初提醒", drafts=month_start_drafts)]
DUE = {"month-start": month_start_due}


@dataclass(frozen=True)
class Queued:
    job: str
    notification: Notification


def run_due_jobs(as_of: dt.datetime) -> list[Queued]:
    """Run every job due at ``as_of`` (an aware datetime); what was newly recorded and queued."""
    queued = []
    for job in JOBS:
        if not DUE[job.name](as_of):
            continue
        for draft in job.drafts(as_of):
            notification = notification_record(draft=draft)
            if notification is not None:
                queued.append(Queued(job=job.name, notification=notification))
    return queued
