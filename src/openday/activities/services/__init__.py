"""Workflows of plan activities.

- ``plan_replace`` (``plan``): make a campaign's plan equal to a list of rows (import,
  re-import, compile), keeping activities that did not change and refusing to drop one that
  has started.
- The lifecycle (``activities.lifecycle`` holds the table; ``transitions``):
  ``activity_schedule``, ``activity_mark_held``, ``activity_accept``, ``activity_return``,
  ``activity_publish``, ``activity_postpone``, ``activity_cancel``; and
  ``activity_record_publicity`` for the media deadline.
- With materials: ``activity_file`` (``filing``: the plan document and who answers for it),
  ``activity_announce`` (``notice``: the public notice), ``activity_report`` (``report``: the
  numbers, media, photos, video, write-up and attachments, all or nothing).

Each checks the transition table and the actor's rights, records an event and an audit entry,
refreshes the deadlines and bumps the campaign's content version (the public column's cache).
"""

from openday.activities.services.filing import FilingInput, activity_file, check_phone
from openday.activities.services.notice import NoticeInput, activity_announce
from openday.activities.services.plan import HostInput, PlanChange, PlanRowInput, plan_replace
from openday.activities.services.report import MediaInput, ReportInput, activity_report
from openday.activities.services.transitions import (
    _transition,
    activity_accept,
    activity_cancel,
    activity_mark_held,
    activity_postpone,
    activity_publish,
    activity_record_publicity,
    activity_return,
    activity_schedule,
)

__all__ = [
    "FilingInput",
    "HostInput",
    "MediaInput",
    "NoticeInput",
    "PlanChange",
    "PlanRowInput",
    "ReportInput",
    "_transition",
    "activity_accept",
    "activity_announce",
    "activity_cancel",
    "activity_file",
    "activity_mark_held",
    "activity_postpone",
    "activity_publish",
    "activity_record_publicity",
    "activity_report",
    "activity_return",
    "activity_schedule",
    "check_phone",
    "plan_replace",
]
