"""What a campaign notice (实施方案 / 通知) states, read from its text.

``notice_read(path)`` returns ``NoticeFacts``: issuer, number, date, title, year, planned count,
forms, deadlines, staff minimum and the declaration rule. A fact the notice does not state stays
None (or []); nothing is filled in from defaults. It never touches the database; the page that
creates a campaign from a notice shows these facts for correction before anything is saved.

- ``text``: lines → one searchable text, numerals and dates
- ``header``: issuer, document number, issue date, title, year
- ``rules``: planned count, forms, deadlines, staff, declaration, contact
- ``prose``: addressees, banner wording, LOGO, theme areas, start month, report contents,
  recipient, column, assessment, basis documents, and forms named only in sentences
- ``campaign``: the facts as the fields a campaign keeps (``Campaign.notice_facts`` and others)

``NoticeFacts.sources`` holds, for each fact found, the sentence (or, for the header, the
lines) it was read from as the notice writes it (``SOURCE_KEYS``); ``notice_sources`` reads
them again from a campaign's kept text (``Campaign.source_text``), so a page can show each
rule beside its sentence.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from openday.campaigns.kinds import kind_of
from openday.core.errors import DomainError
from openday.importers.errors import PlanFileError
from openday.importers.limits import Limits, Work, limits_with
from openday.importers.notice import header, prose, rules
from openday.importers.notice.rules import Deadline, Declaration
from openday.importers.notice.text import NoticeText, published_date
from openday.importers.readers import read_source

__all__ = [
    "SOURCE_KEYS",
    "SOURCE_LABELS",
    "Deadline",
    "Declaration",
    "NoticeFacts",
    "NoticeFileError",
    "notice_facts",
    "notice_read",
    "notice_sources",
]

# What ``sources`` may name, with how a page or ``read_notice`` labels each: the facts, in the
# order of ``as_dict``, then the sentences behind the banner and site rules, which the notice
# states as prose only.
SOURCE_LABELS = {
    "issuer": "发文机关",
    "doc_number": "文号",
    "issued_on": "成文日期",
    "title": "标题",
    "year": "年度",
    "planned_count": "计划场次",
    "forms": "活动形式",
    "filing_lead": "方案报备",
    "report_due": "情况报送",
    "publicity_due": "媒体宣传",
    "min_staff": "现场工作人员",
    "banner_templates": "会标",
    "site_requirements": "现场标识",
    "declaration": "主题申报",
    "declaration_due_on": "申报截止",
    "published_on": "发布日期",
    "contact": "联系方式",
    "addressees": "主送单位",
    "logo_required": "统一LOGO",
    "logo_on_photos": "图片体现LOGO",
    "theme_areas": "主题方向",
    "starts_on": "活动起始",
    "report_contents": "报送内容",
    "recipient": "报送对象",
    "column_name": "专栏名称",
    "column_site": "专栏网站",
    "assessment": "纳入考核",
    "basis_documents": "依据文件",
}
SOURCE_KEYS = tuple(SOURCE_LABELS)


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
    # Stated in prose (``prose``): None or [] when the notice is silent.
    addressees: str | None = None
    banner_templates: list[str] = field(default_factory=list)
    logo_required: bool | None = None
    logo_on_photos: bool | None = None
    theme_areas: list[str] = field(default_factory=list)
    starts_on: dt.date | None = None
    report_contents: list[str] = field(default_factory=list)
    recipient: str | None = None
    column_name: str | None = None
    column_site: str | None = None
    assessment: str | None = None
    # [{"title": "…的通知", "number": "湘政务公开办发〔2023〕1号" or None}]
    basis_documents: list[dict] = field(default_factory=list)
    # The notice's prose, for Campaign.source_text.
    text: str = field(default="", repr=False)
    # Fact → the sentence it was read from (``SOURCE_KEYS``), as the notice writes it.
    sources: dict[str, str] = field(default_factory=dict, repr=False)
    # What the reader changed on the way in (control characters removed), for the page.
    warnings: list[str] = field(default_factory=list, repr=False)

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
            "addressees": self.addressees,
            "banner_templates": self.banner_templates,
            "logo_required": self.logo_required,
            "logo_on_photos": self.logo_on_photos,
            "theme_areas": self.theme_areas,
            "starts_on": day(self.starts_on),
            "report_contents": self.report_contents,
            "recipient": self.recipient,
            "column_name": self.column_name,
            "column_site": self.column_site,
            "assessment": self.assessment,
            "basis_documents": self.basis_documents,
        }

    def as_json(self, *, sources: bool = False) -> str:
        """``read-notice --json``; with ``sources``, one more key: ``"sources"``."""
        data = self.as_dict()
        if sources:
            data["sources"] = self.sources
        return json.dumps(data, ensure_ascii=False, indent=2)


def notice_read(
    path: Path | str,
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    work: Work | None = None,
) -> NoticeFacts:
    """Read a notice (.txt or .docx) and return what it states.

    Raises ``NoticeFileError`` with a Chinese message when the file cannot be read as a notice
    (or is past one of the ``limits``, which default to the settings).
    """
    path = Path(path)
    limits = limits_with(limits, max_bytes)
    try:
        source = read_source(path, limits=limits, work=work)
    except PlanFileError as exc:
        raise NoticeFileError(exc.message) from exc
    if sum(len(line) for _, line in source.lines) > limits.max_notice_chars:
        raise NoticeFileError(
            f"文件“{path.name}”的正文超过 {limits.max_notice_chars} 字的上限，"
            f"不像一份通知，无法读取。"
        )
    if not any(line.strip() for _, line in source.lines):
        raise NoticeFileError(
            f"文件“{path.name}”中没有通知正文；"
            "请提供通知的 .txt 或 .docx 文件（表格文件无法读取通知）。"
        )
    facts = notice_facts(NoticeText.from_lines([line for _, line in source.lines], work))
    if warning := source.control_warning():
        facts.warnings.append(warning)
    return facts


def notice_facts(text: NoticeText) -> NoticeFacts:
    """The facts of an already read notice text (the page may pass pasted text)."""
    # Where each fact was read: lines as written (``lines``), or sentences by index (``where``).
    lines: dict[str, str] = {}
    where: dict[str, int] = {}
    issuer, issued_on = header.signature(text, lines)
    title = header.title(text, lines)
    year = header.year_of(title, text, lines)
    forms = rules.forms(text, lines) or prose.prose_forms(text, where)
    found = rules.deadlines(text, where)
    declaration = rules.declaration(
        text, listed_forms=forms, year=year, issued_on=issued_on, where=where
    )
    return NoticeFacts(
        issuer=issuer,
        doc_number=header.doc_number(text, lines),
        issued_on=issued_on,
        title=title,
        year=year,
        planned_count=rules.planned_count(text, where),
        forms=forms,
        filing_lead=found.filing_lead,
        report_due=found.report_due,
        publicity_due=found.publicity_due,
        min_staff=rules.min_staff(text, where),
        declaration=declaration,
        published_on=published_date(text.lines, lines),
        contact=rules.contact(text, where),
        **_prose(text, year=year, issuer=issuer, lines=lines, where=where),
        text="\n".join(text.lines),
        sources=_quoted(text, where, lines),
    )


def _prose(
    text: NoticeText,
    *,
    year: int | None,
    issuer: str | None,
    lines: dict[str, str],
    where: dict[str, int],
) -> dict:
    logo_required, logo_on_photos = prose.logo(text, where)
    column_name, column_site = prose.column(text, where)
    return {
        "addressees": prose.addressees(text, lines),
        "banner_templates": prose.banner_templates(text, where),
        "logo_required": logo_required,
        "logo_on_photos": logo_on_photos,
        "theme_areas": prose.theme_areas(text, where),
        "starts_on": prose.starts_on(text, year=year, where=where),
        "report_contents": prose.report_contents(text, where),
        "recipient": prose.recipient(text, issuer=issuer, where=where),
        "column_name": column_name,
        "column_site": column_site,
        "assessment": prose.assessment(text, where),
        "basis_documents": prose.basis_documents(text, where),
    }


def _quoted(text: NoticeText, where: dict[str, int], lines: dict[str, str]) -> dict[str, str]:
    rules.wording(text, where)
    quoted = lines | {key: text.quotes[index] for key, index in where.items()}
    return {key: quoted[key] for key in SOURCE_KEYS if key in quoted}


def notice_sources(source_text: str) -> dict[str, str]:
    """The sentences behind each rule, read again from a campaign's kept notice text."""
    if not source_text.strip():
        return {}
    return notice_facts(NoticeText.from_lines(source_text.splitlines())).sources
