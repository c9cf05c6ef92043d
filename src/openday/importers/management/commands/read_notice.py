from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openday.core.errors import DomainError
from openday.importers.notice import Deadline, Declaration, NoticeFacts, notice_read
from openday.importers.notice.campaign import document_label

NOT_STATED = "未说明"
# How ``--sources`` names each rule, as the lines above do.
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
    return [
        ("发文机关", _text(facts.issuer)),
        ("文号", _text(facts.doc_number)),
        ("成文日期", _text(facts.issued_on)),
        ("标题", _text(facts.title)),
        ("年度", _text(facts.year)),
        ("计划场次", _text(facts.planned_count)),
        ("活动形式", "、".join(facts.forms) or NOT_STATED),
        ("方案报备", _deadline(facts.filing_lead, "活动前")),
        ("情况报送", _deadline(facts.report_due, "活动后", "内")),
        ("媒体宣传", _deadline(facts.publicity_due, "活动后", "内")),
        ("现场工作人员", f"不少于 {facts.min_staff} 人" if facts.min_staff else NOT_STATED),
        ("主题申报", _declaration(facts.declaration)),
        ("发布日期", _text(facts.published_on)),
        ("联系方式", "，".join(v for v in contact.values() if v) or NOT_STATED),
        ("主送单位", _text(facts.addressees)),
        ("会标", "；".join(facts.banner_templates) or NOT_STATED),
        ("统一LOGO", _yes(facts.logo_required)),
        ("图片体现LOGO", _yes(facts.logo_on_photos)),
        ("主题方向", "、".join(facts.theme_areas) or NOT_STATED),
        ("活动起始", _text(facts.starts_on)),
        ("报送内容", "、".join(facts.report_contents) or NOT_STATED),
        ("报送对象", _text(facts.recipient)),
        ("专栏名称", _text(facts.column_name)),
        ("专栏网站", _text(facts.column_site)),
        ("纳入考核", _text(facts.assessment)),
        ("依据文件", "；".join(map(document_label, facts.basis_documents)) or NOT_STATED),
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
