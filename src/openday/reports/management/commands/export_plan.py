"""``openday export-plan --campaign SLUG --format xlsx -o plan.xlsx``: a campaign's plan table
in the official layout (附件1 of the notice), as .xlsx, .docx or .csv."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from openday.campaigns.models import Campaign
from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_csv, render_docx, render_xlsx

RENDERERS = {"xlsx": render_xlsx, "docx": render_docx, "csv": render_csv}
_CHOICES = "、".join(RENDERERS)


def _write_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return _("所在目录不存在")
    if isinstance(exc, IsADirectoryError):
        return _("这是一个目录")
    if isinstance(exc, PermissionError):
        return _("没有写入权限")
    return exc.strerror or str(exc)


class Command(BaseCommand):
    help = "导出活动计划表（xlsx、docx 或 csv），版式同通知附件中的计划表"

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so the messages are Chinese like the rest.
        parser.add_argument("--campaign", help="年度活动标识（slug）")
        parser.add_argument(
            "--format", dest="file_format", help="xlsx、docx 或 csv；省略时按输出文件的扩展名"
        )
        parser.add_argument("-o", "--output", help="输出文件路径")

    def handle(self, *args, campaign=None, file_format=None, output=None, **options):
        if not campaign:
            raise CommandError(_("请用 --campaign 指定年度活动标识"))
        if not output:
            raise CommandError(_("请用 -o 指定输出文件"))
        file_format = (file_format or Path(output).suffix.lstrip(".")).lower()
        if not file_format:
            raise CommandError(_("请用 --format 指定导出格式：%(choices)s") % {"choices": _CHOICES})
        if file_format not in RENDERERS:
            raise CommandError(
                _("不支持的导出格式“%(format)s”，可选：%(choices)s")
                % {"format": file_format, "choices": _CHOICES}
            )
        try:
            found = Campaign.objects.select_related("region").filter(slug=campaign).first()
            if found is None:
                raise CommandError(_("找不到标识为“%(slug)s”的年度活动") % {"slug": campaign})
            table = plan_table(found)
        except DatabaseError as exc:
            # Typically a database that was never migrated: say so instead of a traceback.
            raise CommandError(
                _("无法读取数据库（是否已运行 openday migrate？）：%(reason)s") % {"reason": exc}
            ) from exc
        content = RENDERERS[file_format](table)
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("无法写入 %(path)s：%(reason)s") % {"path": output, "reason": _write_error(exc)}
            ) from exc
        self.stdout.write(
            _("已导出 %(count)d 条计划到 %(path)s") % {"count": len(table.rows), "path": output}
        )
