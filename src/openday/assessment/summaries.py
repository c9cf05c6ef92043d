"""The year-end summary's workflow (年度工作总结).

- ``year_summary_save``: the region's office stores the text it edited in the browser (title,
  body, issuing office, date), all or nothing, audited ``year_summary.save`` with the lengths
  before and after (the text itself stays in the row, not in the log).
"""

import datetime as dt

from django.db import transaction

from openday.assessment.models import YearSummary
from openday.campaigns.models import Campaign
from openday.campaigns.services import require_manager
from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors
from openday.core.text import one_line, strip_controls

TITLE_MAX = 120
BODY_MAX = 20000
ISSUER_MAX = 120


def _problems(title: str, body: str, issued_by: str, issued_on) -> list[DomainError]:
    problems = []
    for value, label, field, limit in (
        (title, "标题", "title", TITLE_MAX),
        (body, "正文", "body", BODY_MAX),
        (issued_by, "发文机关", "issued_by", ISSUER_MAX),
    ):
        if not value:
            problems.append(DomainError(f"请填写{label}。", field=field))
        elif len(value) > limit:
            problems.append(
                DomainError(f"{label}最多 {limit} 个字，现在有 {len(value)} 个字。", field=field)
            )
    if not isinstance(issued_on, dt.date):
        problems.append(DomainError("请填写成文日期。", field="issued_on"))
    return problems


def year_summary_of(campaign: Campaign) -> YearSummary | None:
    return YearSummary.objects.filter(campaign=campaign).first()


def year_summary_save(
    *, actor, campaign: Campaign, title: str, body: str, issued_by: str, issued_on: dt.date
) -> YearSummary:
    require_manager(actor, campaign, "编辑年度工作总结")
    title = one_line(title or "").strip()
    body = strip_controls(body or "").strip()
    issued_by = one_line(issued_by or "").strip()
    problems = _problems(title, body, issued_by, issued_on)
    if problems:
        raise DomainErrors.of(problems)
    with transaction.atomic():
        summary = YearSummary.objects.select_for_update().filter(campaign=campaign).first()
        before = {"body_chars": len(summary.body)} if summary else None
        if summary is None:
            summary = YearSummary(campaign=campaign)
        summary.title, summary.body = title, body
        summary.issued_by, summary.issued_on = issued_by, issued_on
        summary.save()
        audit_record(
            actor=actor,
            action="year_summary.save",
            obj=campaign,
            region=campaign.region,
            before=before,
            after={
                "title": title,
                "body_chars": len(body),
                "issued_by": issued_by,
                "issued_on": issued_on.isoformat(),
            },
        )
    return summary
