"""``activity_file``: hand in the detailed plan (方案报备) with who answers for it."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import Activity, ActivityFiling
from openday.activities.services.files import file_journal
from openday.activities.services.transitions import _mark_done, _person, _required, _transition
from openday.activities.uploads import CheckedFile
from openday.core.errors import DomainError
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

        activity = _transition(
            actor=actor,
            activity=activity,
            target=ActivityState.FILED,
            comment=(filing.comment or "").strip(),
            apply=apply,
        )
        _mark_done(activity, DeadlineKind.FILING, on)
    return activity
