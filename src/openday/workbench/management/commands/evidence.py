"""``openday evidence --campaign SLUG -o FILE.zip``: the campaign's evidence pack (佐证材料包)
— the notice, the plan, 附件2, the assessment, every activity's filing, report, photos and
attachments, the media links and an index.html that opens offline — as the campaign page's
download gives it.

It lives in the staff front end, not in ``reports``, because the pack holds the assessment's
.xlsx and ``reports`` may not import the assessment (sibling layers). The file is written
beside the target and renamed when complete: a failure leaves no half-written pack. Like a
backup, it is readable by its owner only: filing documents name people and their phones.
"""

import os
import tempfile
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from openday.campaigns.models import Campaign
from openday.reports.evidence import write_evidence
from openday.workbench.views.evidence import evidence_parts


def _write_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "所在目录不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录"
    if isinstance(exc, PermissionError):
        return "没有写入权限"
    return exc.strerror or str(exc)


class Command(BaseCommand):
    help = "导出年度活动的佐证材料包（.zip，含通知、计划表、统计表、考核表、各活动材料和目录）"

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so the messages are Chinese like the rest.
        parser.add_argument("--campaign", help="年度活动标识（slug）")
        parser.add_argument("-o", "--output", help="输出文件路径（.zip）")

    def handle(self, *args, campaign=None, output=None, **options):
        if not campaign:
            raise CommandError("请用 --campaign 指定年度活动标识")
        if not output:
            raise CommandError("请用 -o 指定输出文件（.zip）")
        target = Path(output)
        if target.is_dir():
            raise CommandError(f"无法写入 {output}：这是一个目录")
        try:
            found = Campaign.objects.select_related("region").filter(slug=campaign).first()
        except DatabaseError as exc:
            raise CommandError(f"无法读取数据库（是否已运行 openday migrate？）：{exc}") from exc
        if found is None:
            raise CommandError(f"找不到标识为“{campaign}”的年度活动")
        today = timezone.localdate()
        try:
            handle, temporary = tempfile.mkstemp(
                prefix=".evidence-", suffix=".zip", dir=target.parent if str(target.parent) else "."
            )
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{_write_error(exc)}") from exc
        try:
            with os.fdopen(handle, "wb") as out:
                size = write_evidence(
                    found, out, today=today, parts=evidence_parts(found, today=today)
                )
            os.replace(temporary, target)
        except OSError as exc:
            Path(temporary).unlink(missing_ok=True)
            raise CommandError(f"无法写入 {output}：{_write_error(exc)}") from exc
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        with zipfile.ZipFile(target) as archive:
            names = archive.namelist()
        folders = {name.split("/")[1] for name in names if name.startswith("活动/")}
        photos = sum(1 for name in names if "/照片/" in name)
        self.stdout.write(
            f"已导出佐证材料包到 {output}：{len(names)} 个文件，{len(folders)} 项活动，"
            f"照片 {photos} 张，{size / 1024 / 1024:.1f} MB"
        )
