"""What a campaign notice (实施方案 / 通知) states, read from its text.

``notice_read(path)`` returns ``NoticeFacts``: issuer, number, date, title, year, planned count,
forms, deadlines, staff minimum and the declaration rule. A fact the notice does not state stays
None (or []); nothing is filled in from defaults. It never touches the database; the page that
creates a campaign from a notice shows these facts for correction before anything is saved.

- ``text``: lines → one searchable text, numerals and dates
- ``header``: issuer, document number, issue date, title, year
- ``rules``: planned count, forms, deadlines, staff, declaration, contact
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from openday.campaigns.kinds import kind_of
from openday.core.errors import DomainError
from openday.importers.errors import PlanFileError
from openday.importers.notice import header, rules
from openday.importers.notice.rules import Deadline, Declaration
from openday.importers.notice.text import NoticeText, published_date
from openday.importers.readers import read_source

__all__ = [
    "Deadline",
    "Declaration",
    "NoticeFacts",
    "NoticeFileError",
    "notice_facts",
    "notice_read",
]


class NoticeFileError(DomainError):
    """A notice cannot be read; ``message`` is Chinese and names the file."""


@dataclass
class NoticeFacts:
    issuer: str | None = None
    doc_number: str | None = None
    issued_on: dt.date | None = None
    title: str | None = None
    year: int | None = None
    planned_count: int | None = None
    forms: list[str] = field(default_factory=list)
    filing_lead: Deadline | None = None
    report_due: Deadline | None = None
    publicity_due: Deadline | None = None
    min_staff: int | None = None
    declaration: Declaration | None = None
    # Beyond the campaign's rules: the web page's posting date and the contact for hand-ins.
    published_on: dt.date | None = None
    contact: dict | None = None
    # The notice's prose, for Campaign.source_text.
    text: str = field(default="", repr=False)

    @property
    def form_kinds(self) -> list[str]:
        return [kind_of(name).value for name in self.forms]

    def as_dict(self) -> dict:
        """The ``read-notice --json`` shape: the campaign keys first, then the extras."""

        def day(value: dt.date | None) -> str | None:
            return value.isoformat() if value else None

        def rule(value: Deadline | Declaration | None) -> dict | None:
            return value.as_dict() if value else None

        return {
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "issued_on": day(self.issued_on),
            "title": self.title,
            "year": self.year,
            "planned_count": self.planned_count,
            "forms": self.forms,
            "filing_lead": rule(self.filing_lead),
            "report_due": rule(self.report_due),
            "publicity_due": rule(self.publicity_due),
            "min_staff": self.min_staff,
            "declaration": rule(self.declaration),
            "declaration_themes_min": self.declaration.themes_min if self.declaration else None,
            "form_kinds": self.form_kinds,
            "published_on": day(self.published_on),
            "contact": self.contact,
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def notice_read(path: Path | str, *, max_bytes: int | None = None) -> NoticeFacts:
    """Read a notice (.txt or .docx) and return what it states.

    Raises ``NoticeFileError`` with a Chinese message when the file cannot be read as a notice.
    """
    path = Path(path)
    try:
        source = read_source(path, max_bytes=max_bytes)
    except PlanFileError as exc:
        raise NoticeFileError(exc.message) from exc
    if not any(line.strip() for _, line in source.lines):
        raise NoticeFileError(
            f"文件“{path.name}”中没有通知正文；"
            "请提供通知的 .txt 或 .docx 文件（表格文件无法读取通知）。"
        )
    return notice_facts(NoticeText.from_lines([line for _, line in source.lines]))


def notice_facts(text: NoticeText) -> NoticeFacts:
    """The facts of an already read notice text (the page may pass pasted text)."""
    issuer, issued_on = header.signature(text)
    title = header.title(text)
    year = header.year_of(title, text)
    forms = rules.forms(text)
    found = rules.deadlines(text)
    return NoticeFacts(
        issuer=issuer,
        doc_number=header.doc_number(text),
        issued_on=issued_on,
        title=title,
        year=year,
        planned_count=rules.planned_count(text),
        forms=forms,
        filing_lead=found.filing_lead,
        report_due=found.report_due,
        publicity_due=found.publicity_due,
        min_staff=rules.min_staff(text),
        declaration=rules.declaration(text, listed_forms=forms, year=year, issued_on=issued_on),
        published_on=published_date(text.lines),
        contact=rules.contact(text),
        text="\n".join(text.lines),
    )
