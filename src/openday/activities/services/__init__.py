"""Workflows of plan activities.

- ``plan_replace`` (``plan``): make a campaign's plan equal to a list of rows (import,
  re-import, compile), keeping activities that did not change and refusing to drop one that
  has started; ``plan_row_add``, ``plan_row_update``, ``plan_row_remove``: one row at a time
  by the office (序号 stay as they are; a row under way is cancelled, never removed).
- The lifecycle (``activities.lifecycle`` holds the table; ``transitions``):
  ``activity_schedule``, ``activity_mark_held``, ``activity_accept``, ``activity_return``,
  ``activity_publish``, ``activity_postpone``, ``activity_cancel``; and
  ``activity_record_publicity`` for the media deadline. Every date they set passes ``dates``:
  inside the year and not before the campaign's ``starts_on``, a reason (计划调整) outside the
  planned months, a held date never before the announced or scheduled one;
  ``dates.date_warnings`` names a non-working day (a warning, never a refusal).
- With materials: ``activity_file`` (``filing``: the plan document and who answers for it;
  after the activity went past filing without it, filed late while its deadline is open),
  ``activity_announce`` (``notice``: the public notice), ``activity_report`` (``report``: the
  numbers, media, photos, video, write-up and attachments, all or nothing).

- The year (``year``): ``campaign_publish`` (the plan goes public, the one rule for every
  path), ``campaign_close`` (the year ends; unfinished activities cancelled or kept as not
  held; the numbers frozen) and ``campaign_refresh`` (joint rows get their parts and every
  activity the deadlines its rules give it now, for data older than either).
- Joint rows (``parts``): ``parts_sync`` gives a row hosted by several units one part per
  host unit beyond its lead, each an activity with its own steps; ``part_set_with_lead`` says
  whether a part is held with its lead instead.

- Review and corrections (``notice``, ``corrections``): ``notice_approve`` / ``notice_return``
  (the office's review of a unit's 活动预告 when the campaign asks for it),
  ``notice_withdraw`` / ``report_withdraw``, ``notice_correct`` / ``report_correct`` (更正),
  ``report_photos_set`` (which photos the column shows) and ``activity_urge`` (督办).

Each checks the transition table and the actor's rights, records an event and an audit entry,
refreshes the deadlines and bumps the campaign's content version (the public column's cache).
"""

from openday.activities.services.corrections import (
    PhotoChoice,
    activity_urge,
    notice_correct,
    notice_withdraw,
    report_correct,
    report_photos_set,
    report_withdraw,
)
from openday.activities.services.filing import FilingInput, activity_file, check_phone
from openday.activities.services.notice import (
    NoticeInput,
    activity_announce,
    notice_approve,
    notice_return,
)
from openday.activities.services.parts import part_set_with_lead, parts_sync
from openday.activities.services.plan import (
    HostInput,
    PlanChange,
    PlanRowEdit,
    PlanRowInput,
    plan_replace,
    plan_row_add,
    plan_row_remove,
    plan_row_update,
)
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
from openday.activities.services.year import campaign_close, campaign_publish, campaign_refresh

__all__ = [
    "FilingInput",
    "HostInput",
    "MediaInput",
    "NoticeInput",
    "PhotoChoice",
    "PlanChange",
    "PlanRowEdit",
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
    "activity_urge",
    "campaign_close",
    "campaign_publish",
    "campaign_refresh",
    "check_phone",
    "notice_approve",
    "notice_correct",
    "notice_return",
    "notice_withdraw",
    "part_set_with_lead",
    "parts_sync",
    "plan_replace",
    "plan_row_add",
    "plan_row_remove",
    "plan_row_update",
    "report_correct",
    "report_photos_set",
    "report_withdraw",
]
