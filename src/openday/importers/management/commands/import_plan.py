from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openday.campaigns.models import Campaign
from openday.core.errors import DomainError
from openday.core.formats import months_label
from openday.importers.parse import parse_plan_file
from openday.importers.services import plan_import


class Command(BaseCommand):
    help = "导入计划表（.txt/.docx/.xlsx/.csv）到年度活动；--dry-run 只预览不保存。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="计划表文件")
        parser.add_argument(
            "--campaign", help="年度活动标识，如 tianxin-2023（预览时按其年度计算日期）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只预览，不保存")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出预览")

    def handle(self, *args, file: Path, campaign: str | None, dry_run: bool, json: bool, **options):
        try:
            target = None
            if campaign:
                target = Campaign.objects.select_related("region").filter(slug=campaign).first()
                if target is None:
                    raise CommandError(f"没有标识为“{campaign}”的年度活动。")
            if dry_run:
                # The campaign's year dates rows when the document names none.
                year = target.year if target else None
                plan = parse_plan_file(file, max_bytes=settings.IMPORT_MAX_BYTES, year=year)
                if json:
                    self.stdout.write(plan.preview_json())
                    return
                for row in plan.rows:
                    months = _when_label(row)
                    forms = "、".join(f.text for f in row.forms)
                    self.stdout.write(
                        f"{row.seq}\t{months}\t{row.title}\t{forms}\t{'、'.join(row.units)}"
                    )
                self._warnings(plan.warnings)
                self.stdout.write(f"预览：{len(plan.rows)} 条计划，未保存。")
                return
            if target is None:
                raise CommandError("请用 --campaign 指定年度活动，或用 --dry-run 只预览。")
            result = plan_import(campaign=target, path=file)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self._warnings(result.warnings)
        self.stdout.write(result.summary())

    def _warnings(self, warnings: list[str]) -> None:
        for warning in warnings:
            self.stderr.write(f"提示：{warning}")


def _when_label(row) -> str:
    """The row's time as the preview line shows it: months, then the days if any."""
    label = months_label(row.month_start, row.month_end)
    if row.date_start:
        end = f"至{row.date_end:%Y-%m-%d}" if row.date_end != row.date_start else ""
        label = (
            f"{row.date_start:%Y-%m-%d}{end}"
            if row.exact
            else f"{label}（{row.date_start:%m-%d}至{row.date_end:%m-%d}）"
        )
    return f"{label}（暂定）" if row.tentative else label
