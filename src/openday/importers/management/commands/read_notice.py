from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openday.core.errors import DomainError
from openday.importers.notice import (
    SOURCE_LABELS,
    Deadline,
    Declaration,
    NoticeFacts,
    notice_read,
)
from openday.importers.notice.campaign import document_label

NOT_STATED = "未说明"


class Command(BaseCommand):
    help = "读取活动通知（.txt/.docx）中写明的发文信息和规则；--json 以 JSON 输出。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="通知文件")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument(
            "--sources",
            action="store_true",
            help="同时列出每项信息所依据的通知原文（JSON 中为另加的 sources 键）",
        )

    def handle(self, *args, file: Path, json: bool, sources: bool = False, **options):
        try:
            facts = notice_read(file, max_bytes=settings.IMPORT_MAX_BYTES)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if json:
            self.stdout.write(facts.as_json(sources=sources))
            return
        for label, value in text_lines(facts):
            self.stdout.write(f"{label}: {value}")
        if sources:
            self.stdout.write("")
            self.stdout.write("依据原文:")
            for key, sentence in facts.sources.items():
                self.stdout.write(f"  {SOURCE_LABELS[key]}: {sentence}")


def text_lines(facts: NoticeFacts) -> list[tuple[str, str]]:
    contact = facts.contact or {}
    label = SOURCE_LABELS
    return [
        (label["issuer"], _text(facts.issuer)),
        (label["doc_number"], _text(facts.doc_number)),
        (label["issued_on"], _text(facts.issued_on)),
        (label["title"], _text(facts.title)),
        (label["year"], _text(facts.year)),
        (label["planned_count"], _text(facts.planned_count)),
        (label["forms"], "、".join(facts.forms) or NOT_STATED),
        (label["filing_lead"], _deadline(facts.filing_lead, "活动前")),
        (label["report_due"], _deadline(facts.report_due, "活动后", "内")),
        (label["publicity_due"], _deadline(facts.publicity_due, "活动后", "内")),
        (label["min_staff"], f"不少于 {facts.min_staff} 人" if facts.min_staff else NOT_STATED),
        (label["declaration"], _declaration(facts.declaration)),
        (label["published_on"], _text(facts.published_on)),
        (label["contact"], "，".join(v for v in contact.values() if v) or NOT_STATED),
        (label["addressees"], _text(facts.addressees)),
        (label["banner_templates"], "；".join(facts.banner_templates) or NOT_STATED),
        (label["logo_required"], _yes(facts.logo_required)),
        (label["logo_on_photos"], _yes(facts.logo_on_photos)),
        (label["theme_areas"], "、".join(facts.theme_areas) or NOT_STATED),
        (label["starts_on"], _text(facts.starts_on)),
        (label["report_contents"], "、".join(facts.report_contents) or NOT_STATED),
        (label["recipient"], _text(facts.recipient)),
        (label["column_name"], _text(facts.column_name)),
        (label["column_site"], _text(facts.column_site)),
        (label["assessment"], _text(facts.assessment)),
        (
            label["basis_documents"],
            "；".join(map(document_label, facts.basis_documents)) or NOT_STATED,
        ),
    ]


def _yes(value: bool | None) -> str:
    return "是" if value else NOT_STATED


def _text(value) -> str:
    return NOT_STATED if value is None else str(value)


def _deadline(deadline: Deadline | None, side: str, within: str = "") -> str:
    if deadline is None:
        return NOT_STATED
    unit = "个工作日" if deadline.working else "日"
    return f"{side} {deadline.days} {unit}{within}"


def _declaration(declaration: Declaration | None) -> str:
    if declaration is None:
        return NOT_STATED
    low, high = declaration.themes_min, declaration.themes_per_unit
    if high and low and low != high:
        count = f"每单位 {low} 至 {high} 个主题"
    elif high or low:
        count = f"每单位{'' if high else '至少'} {high or low} 个主题"
    else:
        count = "主题数未说明"
    parts = [count]
    if declaration.required_kinds:
        parts.append(f"其中须有{'或'.join(declaration.required_kinds)}")
    due = declaration.due_on
    parts.append(f"{due.isoformat()} 前报送" if due else "截止日期未说明")
    return "；".join(parts)
