"""``openday holidays import FILE`` and ``openday holidays list [--year YYYY]``: the holiday
arrangements an admin enters for a year the calendar library does not know yet.

``openday holidays read-notice FILE`` reads the State Council's notice as published
(``openday.workdays.holiday_notice``) and prints every date it sets in the ``list`` format;
``openday holidays import --notice FILE`` saves them. A notice that contradicts the calendar
library for a year it knows is refused, with the differing days, unless ``--override``.

The file format is described in ``openday.workdays.arrangement_file``. An import is all or
nothing and re-importing the same file changes nothing; ``--replace`` makes the file the whole
arrangement of its years (dates it lacks are removed); ``--dry-run`` saves nothing. ``list``
prints the same format, so its output can be imported again.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from openday.workdays.arrangement_file import (
    ArrangementFileError,
    format_arrangement,
    library_conflicts,
    parse_arrangements,
    read_arrangement_file,
)
from openday.workdays.calendar import LIBRARY_YEARS
from openday.workdays.holiday_notice import (
    HolidayNotice,
    HolidayNoticeError,
    library_differences,
    read_holiday_notice,
)
from openday.workdays.management.commands._common import (
    domain_errors_as_command_errors,
    parse_year,
)
from openday.workdays.selectors import holiday_arrangement_list
from openday.workdays.services import holiday_arrangements_import, holiday_notice_import


def _usage() -> str:
    return _(
        "用法：openday holidays import 文件 [--replace] [--dry-run]，"
        "openday holidays import --notice 通知文件 [--replace] [--override] [--dry-run]，"
        "openday holidays read-notice 通知文件，"
        "或 openday holidays list [--year 年份]"
    )


def _read_notice(path: Path) -> HolidayNotice:
    text = read_arrangement_file(path)
    try:
        return read_holiday_notice(text)
    except HolidayNoticeError as exc:
        raise CommandError(
            _("无法读取通知“%(name)s”（%(count)d 处问题），未导入任何内容：")
            % {"name": path.name, "count": len(exc.errors)}
            + "\n"
            + exc.message
        ) from exc


class Command(BaseCommand):
    help = "导入或列出节假日安排（用于日历库尚未收录的年份）"

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so every message is Chinese.
        parser.add_argument("values", nargs="*", metavar="import 文件 | list")
        parser.add_argument("--year", help="list：只列出这一年")
        parser.add_argument(
            "--replace", action="store_true", help="import：删除文件所涉年份中文件未列出的日期"
        )
        parser.add_argument("--dry-run", action="store_true", help="import：只检查，不保存")
        parser.add_argument("--notice", help="import：导入国务院办公厅节假日安排通知（原文）")
        parser.add_argument(
            "--override",
            action="store_true",
            help="import --notice：通知与日历库不一致时仍以通知为准",
        )

    def handle(
        self,
        *,
        values,
        year=None,
        replace=False,
        dry_run=False,
        notice=None,
        override=False,
        **options,
    ):
        action, *rest = values or [""]
        with domain_errors_as_command_errors():
            if notice is not None and action != "import":
                raise CommandError(_("--notice 只用于 import。") + _usage())
            if override and notice is None:
                raise CommandError(_("--override 只用于 import --notice。"))
            if action == "read-notice":
                if len(rest) != 1 or year is not None or replace or dry_run:
                    raise CommandError(_("read-notice 只接受一个通知文件。") + _usage())
                self._read_notice(Path(rest[0]))
            elif action == "import" and notice is not None:
                if rest or year is not None:
                    raise CommandError(_("import --notice 不接受其他文件或 --year。") + _usage())
                self._import_notice(
                    Path(notice), replace=replace, override=override, dry_run=dry_run
                )
            elif action == "import":
                if len(rest) != 1:
                    raise CommandError(_("请给出一个要导入的文件。") + _usage())
                if year is not None:
                    raise CommandError(_("--year 只用于 list；导入的年份由文件中的日期决定。"))
                self._import(Path(rest[0]), replace=replace, dry_run=dry_run)
            elif action == "list":
                if rest:
                    raise CommandError(_("list 不接受其他参数。") + _usage())
                if replace or dry_run:
                    raise CommandError(_("--replace 和 --dry-run 只用于 import。"))
                self._list(parse_year(year) if year is not None else None)
            else:
                raise CommandError(_usage())

    def _read_notice(self, path: Path) -> None:
        notice = _read_notice(path)
        self.stdout.write(
            "\n".join(
                format_arrangement(day.date, day.workday, day.name, notice.source)
                for day in notice.dates
            )
        )
        for note in notice.notes:
            self.stderr.write(_("说明：%(note)s") % {"note": note})
        for difference in library_differences(notice):
            self.stderr.write(
                self.style.WARNING(
                    _("警告：%(difference)s") % {"difference": difference.describe()}
                )
            )

    def _import_notice(self, path: Path, *, replace: bool, override: bool, dry_run: bool) -> None:
        notice = _read_notice(path)
        summary = holiday_notice_import(
            notice=notice, replace=replace, override=override, dry_run=dry_run
        )
        counts = {
            "source": notice.source,
            "year": notice.year,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "deleted": summary.deleted,
            "moved": summary.refreshed,
        }
        if dry_run:
            message = _(
                "试运行，未保存：%(source)s（%(year)d 年）将新增 %(created)d 条，"
                "更新 %(updated)d 条，未变 %(unchanged)d 条"
            )
        else:
            message = _(
                "已导入%(source)s（%(year)d 年）：新增 %(created)d 条，"
                "更新 %(updated)d 条，未变 %(unchanged)d 条"
            )
        if replace:
            message += _("，删除 %(deleted)d 条")
        if not dry_run:
            message += _("；%(moved)d 个活动期限随之调整")
        self.stdout.write(message % counts)

    def _import(self, path: Path, *, replace: bool, dry_run: bool) -> None:
        text = read_arrangement_file(path)
        try:
            lines = parse_arrangements(text)
        except ArrangementFileError as exc:
            raise CommandError(
                _("文件“%(name)s”有 %(count)d 处错误，未导入任何内容：")
                % {"name": path.name, "count": len(exc.errors)}
                + "\n"
                + exc.message
            ) from exc
        summary = holiday_arrangements_import(lines=lines, replace=replace, dry_run=dry_run)
        for warning in library_conflicts(lines):
            self.stderr.write(self.style.WARNING(_("警告：%(warning)s") % {"warning": warning}))
        counts = {
            "years": "、".join(str(year) for year in summary.years),
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "deleted": summary.deleted,
        }
        if dry_run:
            message = _(
                "试运行，未保存：%(years)s 年节假日安排将新增 %(created)d 条，"
                "更新 %(updated)d 条，未变 %(unchanged)d 条"
            )
        else:
            message = _(
                "已导入 %(years)s 年节假日安排：新增 %(created)d 条，"
                "更新 %(updated)d 条，未变 %(unchanged)d 条"
            )
        if replace:
            message += _("，删除 %(deleted)d 条")
        self.stdout.write(message % counts)

    def _list(self, year: int | None) -> None:
        rows = list(holiday_arrangement_list(year=year))
        if not rows:
            message = (
                _("%(year)d 年没有录入节假日安排。") % {"year": year}
                if year is not None
                else _("还没有录入任何节假日安排。")
            )
            if year in LIBRARY_YEARS:
                message += _(
                    "该年的安排已由日历库提供，可用 openday workdays --year %(year)d 查看。"
                ) % {"year": year}
            self.stderr.write(message)
            return
        self.stdout.write(
            "\n".join(
                format_arrangement(row.date, row.is_workday, row.name, row.note) for row in rows
            )
        )
