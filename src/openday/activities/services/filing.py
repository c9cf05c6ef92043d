"""``activity_file``: hand in the detailed plan (方案报备) with who answers for it.

Before the activity it is the lifecycle's "file" move. Once the activity was announced or held
without it, the plan can still be handed in while a filing deadline is open (``late_filing``):
the state stays, the event is "file_late" (补报方案), and the deadline is met that day — late.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openday.activities import lifecycle
from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import Activity, ActivityFiling
from openday.activities.permissions import can_take
from openday.activities.services.files import file_journal
from openday.activities.services.transitions import (
    _locked,
    _mark_done,
    _person,
    _record,
    _required,
    _transition,
)
from openday.activities.uploads import CheckedFile
from openday.core.errors import DomainError, PermissionDenied
from openday.core.storage import fresh_name

# An 11-digit mobile number, or a landline with its area code (0731-85123456, 073185123456),
# optionally with an extension.
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def check_phone(phone: str, field: str = "phone") -> str:
    phone = re.sub(r"[\s（）()]", "", phone or "")
    if not phone:
        raise DomainError("请填写联系电话。", field=field)
    if not _PHONE.match(phone):
        raise DomainError(
            f"联系电话“{phone}”格式不正确，请填写 11 位手机号码或带区号的固定电话"
            "（如 0731-85123456）。",
            field=field,
        )
    return phone


@dataclass(frozen=True)
class FilingInput:
    document: CheckedFile | None
    leader: str
    section: str
    person: str
    phone: str
    comment: str = ""


# Past the filing step: announced, held, and on to published.
AFTER_FILING_STATES = frozenset(
    {
        ActivityState.ANNOUNCED,
        ActivityState.HELD,
        ActivityState.REPORTED,
        ActivityState.ACCEPTED,
        ActivityState.PUBLISHED,
    }
)


def late_filing(activity: Activity) -> bool:
    """True when the plan can be filed late: the activity went past the filing step without
    it and its filing deadline is still open (``ActivityDeadline.done_on`` empty)."""
    # Reads ``activity.deadlines`` (prefetched by a page that shows them: no query of its own).
    return activity.state in AFTER_FILING_STATES and any(
        deadline.kind == DeadlineKind.FILING and deadline.done_on is None
        for deadline in activity.deadlines.all()
    )


def filing_open(activity: Activity) -> bool:
    """Whether the plan can be filed now: the lifecycle's move, or late (``late_filing``)."""
    return lifecycle.can_move(activity.state, ActivityState.FILED) or late_filing(activity)


def activity_file(
    *, actor, activity: Activity, filing: FilingInput, on: dt.date | None = None
) -> Activity:
    """File the plan: the document (.docx/.pdf, checked by ``uploads.check_filing_document``),
    the leader in charge, the responsible section and the person doing it with a phone."""
    on = on or timezone.localdate()

    with transaction.atomic(), file_journal() as files:

        def apply(locked: Activity) -> dict:
            if not isinstance(filing.document, CheckedFile):
                raise DomainError("请上传具体活动方案（.docx 或 .pdf）。", field="document")
            record = ActivityFiling(
                activity=locked,
                leader=_required(filing.leader, "分管领导", "leader"),
                section=_required(filing.section, "责任科室", "section"),
                person=_required(filing.person, "具体负责人", "person"),
                phone=check_phone(filing.phone),
                comment=(filing.comment or "").strip(),
                filed_on=on,
                filed_by=_person(actor),
                document_name=filing.document.name,
                document_size=filing.document.size,
            )
            files.save(record.document, fresh_name(filing.document.suffix), filing.document.file)
            record.save()
            # The phone stays out of the history and the audit log's summary.
            return {
                "filed_on": on.isoformat(),
                "document": record.document_name,
                "leader": record.leader,
                "section": record.section,
                "person": record.person,
            }

        if late_filing(activity):
            locked = _locked(activity, "补报其活动方案")
            if not late_filing(locked):
                raise DomainError(lifecycle.refusal(locked.state, ActivityState.FILED))
            if not can_take(actor, locked, "file"):
                raise PermissionDenied("您没有权限补报该活动的活动方案。")
            data = apply(locked)
            _record(
                actor=actor,
                activity=locked,
                action="file_late",
                comment=(filing.comment or "").strip(),
                data=data,
            )
            activity.refresh_from_db()
        else:
            activity = _transition(
                actor=actor,
                activity=activity,
                target=ActivityState.FILED,
                comment=(filing.comment or "").strip(),
                apply=apply,
            )
        _mark_done(activity, DeadlineKind.FILING, on)
    return activity
