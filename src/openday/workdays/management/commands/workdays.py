"""``openday workdays DATE [N]`` and ``openday workdays --year YYYY``: the working-day calendar.

- ``DATE`` → ``workday`` or ``off``;
- ``DATE N`` → the ISO date N working days after DATE (before it when N < 0; see
  ``openday.workdays.calendar`` for how days are counted);
- ``--year YYYY`` → every date of the year, ``2026-10-01 off``, one a line.

Each line ends in `` provisional`` when it rests on a year with no published arrangement.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from openday.workdays.arrangement_file import parse_date
from openday.workdays.calendar import WorkdayCalendar
from openday.workdays.management.commands._common import (
    domain_errors_as_command_errors,
    parse_year,
)

MAX_N = 10000
_INTEGER = re.compile(r"[+-]?\d+")


def _line(text: str, provisional: bool) -> str:
    return f"{text} provisional" if provisional else text


def _state(workday: bool) -> str:
    return "workday" if workday else "off"


class Command(BaseCommand):
    help = "查询工作日：openday workdays 日期 [N]，或 openday workdays --year 年份 列出全年"

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so every message is Chinese.
        parser.add_argument("values", nargs="*", metavar="日期 [N]")
        parser.add_argument("--year", help="列出这一年的每一天")

    def handle(self, *, values, year=None, **options):
        calendar = WorkdayCalendar()
        with domain_errors_as_command_errors():
            if year is not None:
                if values:
                    raise CommandError(_("--year 不能与日期同时使用。"))
                days = calendar.year(parse_year(year))
                output = "\n".join(
                    _line(f"{day.date.isoformat()} {_state(day.workday)}", day.provisional)
                    for day in days
                )
            elif not values:
                raise CommandError(
                    _("请给出日期，如 openday workdays 2026-10-01；或用 --year 2026 列出全年。")
                )
            elif len(values) > 2:
                raise CommandError(
                    _("参数过多：只接受日期和工作日数，如 openday workdays 2026-09-30 5。")
                )
            else:
                day = self._date(values[0])
                if len(values) == 1:
                    answer = calendar.is_workday(day)
                    output = _line(_state(answer.workday), answer.provisional)
                else:
                    result = calendar.add_workdays(day, self._count(values[1]))
                    output = _line(result.date.isoformat(), result.provisional)
        self.stdout.write(output)

    @staticmethod
    def _date(text: str):
        day = parse_date(text)
        if day is None:
            raise CommandError(
                _("日期“%(value)s”无效，应写成 2026-10-01 这样的格式。") % {"value": text}
            )
        return day

    @staticmethod
    def _count(text: str) -> int:
        if not _INTEGER.fullmatch(text.strip()):
            raise CommandError(
                _("工作日数“%(value)s”无效，应为整数，如 5 或 -5。") % {"value": text}
            )
        n = int(text)
        if abs(n) > MAX_N:
            raise CommandError(_("工作日数应在 -%(max)d 到 %(max)d 之间。") % {"max": MAX_N})
        return n
