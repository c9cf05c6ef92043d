"""Periodic jobs and when they are due; ``run_due_jobs`` is what ``openday run-scheduler`` runs.

A ``Job`` says when it is due (``due(as_of)``) and words its notifications (``drafts(as_of)``);
``as_of`` is an aware datetime in local time. A job stays due after its moment, so a scheduler
that missed its tick catches up; the occasion keys make every rerun a no-op. Registering a job
is one line in ``JOBS``; each lives in its module, whose docstring says when it is due, whom it
tells and its occasion key:

- ``month-start`` (月初提醒): ``jobs.month_start``.
- ``deadline-soon`` (临近截止提醒) and ``deadline-missed`` (逾期提醒): ``jobs.deadlines``; the
  office's overdue digest that goes with the latter: ``jobs.digests``.
- ``month-end`` (月末总结): ``jobs.month_end``.
- ``signup-day-before`` (报名活动前一天提醒) and ``public-emails`` (发送公众邮件):
  ``jobs.signups``; they record and send e-mails to the public (no account, so no
  notification) and yield no drafts.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from openday.reminders.jobs.deadlines import (
    DEADLINE_MISSED_AT,
    DEADLINE_SOON_AT,
    deadline_missed_drafts,
    deadline_soon_drafts,
)
from openday.reminders.jobs.month_end import month_end_drafts, month_end_due
from openday.reminders.jobs.month_start import (
    first_workday,
    month_start_drafts,
    month_start_due,
)
from openday.reminders.jobs.signups import (
    SIGNUP_DAY_BEFORE_AT,
    public_emails_drafts,
    signup_day_before_drafts,
)
from openday.reminders.models import Notification
from openday.reminders.services import Draft, notification_record
from openday.workdays.calendar import WorkdayCalendar

__all__ = ["JOBS", "Job", "Queued", "first_workday", "month_start_due", "run_due_jobs"]


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
    Job(
        "signup-day-before",
        "报名活动前一天提醒",
        due=daily_from(SIGNUP_DAY_BEFORE_AT),
        drafts=signup_day_before_drafts,
    ),
    # Last, so what the jobs above recorded goes out in the same run.
    Job("public-emails", "发送公众邮件", due=lambda as_of: True, drafts=public_emails_drafts),
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
