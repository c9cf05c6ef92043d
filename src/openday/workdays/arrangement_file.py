"""A year's holiday arrangement as a simple text/CSV list → validated lines. No database here.

One date a line: ``日期,状态[,名称[,备注]]``, separated by commas (also full-width “，”) or tabs::

    # 2027 年部分节假日安排
    2027-01-01,off,元旦
    2027-02-07,work,春节调休上班

The state is ``off``/``休``/``休息``/``放假`` or ``work``/``班``/``上班``. Dates may also be
written 2027/1/1, 2027.1.1 or 2027年1月1日. ``#`` starts a comment; blank lines and a header line
(``日期,状态,名称``) are skipped. UTF-8 (with or without BOM), GBK and UTF-16 files are read.

``parse_arrangements`` collects every line's error before failing, so the whole file is fixed
in one pass; ``library_conflicts`` lists the lines that contradict the published calendar.
"""

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from openday.core.errors import DomainError
from openday.workdays.calendar import library_day

MAX_BYTES = 1024 * 1024
MAX_NAME = 50  # HolidayArrangement.name
MAX_LISTED_ERRORS = 20

_OFF = {"off", "休", "休息", "放假"}
_WORK = {"work", "班", "上班"}
_SEPARATOR = re.compile(r"[,，\t]")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_HEADER = {"日期", "date"}


@dataclass(frozen=True)
class ArrangementLine:
    line: int
    date: dt.date
    workday: bool
    name: str = ""
    note: str = ""


class ArrangementFileError(DomainError):
    """The file cannot be imported; ``errors`` lists each problem, naming its line."""

    def __init__(self, errors: list[str]):
        shown = errors[:MAX_LISTED_ERRORS]
        if len(errors) > len(shown):
            shown = [
                *shown,
                _("……另有 %(count)d 处错误未列出。") % {"count": len(errors) - len(shown)},
            ]
        super().__init__("\n".join(shown))
        self.errors = errors


def read_arrangement_file(path: Path) -> str:
    """The file's text; a clear message when it is missing, too big or not text."""
    try:
        if path.is_dir():
            raise ArrangementFileError([_("“%(path)s”是一个目录，不是文件。") % {"path": path}])
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArrangementFileError([_("找不到文件“%(path)s”。") % {"path": path}]) from None
    except PermissionError:
        raise ArrangementFileError([_("没有权限读取文件“%(path)s”。") % {"path": path}]) from None
    except OSError as exc:
        raise ArrangementFileError(
            [_("无法读取文件“%(path)s”：%(reason)s") % {"path": path, "reason": exc.strerror}]
        ) from None
    if len(data) > MAX_BYTES:
        raise ArrangementFileError(
            [_("文件“%(path)s”超过 1 MB，不像是节假日安排列表。") % {"path": path}]
        )
    return decode_text(path.name, data)


def decode_text(name: str, data: bytes) -> str:
    # Excel saves “Unicode text” as UTF-16 with a BOM and CSV in the system's GBK.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    message = _("文件“%(name)s”不是文本文件，或文字编码无法识别（支持 UTF-8 和 GBK）。")
    raise ArrangementFileError([message % {"name": name}])


def parse_date(text: str) -> dt.date | None:
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _state(text: str) -> bool | None:
    value = text.strip().lower()
    if value in _WORK:
        return True
    if value in _OFF:
        return False
    return None


def parse_arrangements(text: str) -> list[ArrangementLine]:
    """Every line of the list, or ``ArrangementFileError`` listing every line that is wrong."""
    lines: list[ArrangementLine] = []
    errors: list[str] = []
    seen: dict[dt.date, int] = {}
    first = True
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("#", 1)[0]
        cells = [cell.strip().strip('"').strip() for cell in _SEPARATOR.split(content, maxsplit=3)]
        if not any(cells):
            continue
        if first and cells[0].lower() in _HEADER:
            first = False
            continue
        first = False
        where = _("第 %(line)d 行") % {"line": number}
        day = parse_date(cells[0])
        if day is None:
            errors.append(
                _("%(where)s：“%(value)s”不是有效的日期，应写成 2027-01-01 这样的格式。")
                % {"where": where, "value": cells[0]}
            )
        if len(cells) < 2 or not cells[1]:
            errors.append(
                _("%(where)s：缺少状态，每行应写成“日期,休或班,名称”，如 2027-01-01,休,元旦。")
                % {"where": where}
            )
            continue
        workday = _state(cells[1])
        if workday is None:
            errors.append(
                _("%(where)s：无法识别状态“%(value)s”，应为 off（休）或 work（班）。")
                % {"where": where, "value": cells[1]}
            )
        name = cells[2] if len(cells) > 2 else ""
        if len(name) > MAX_NAME:
            errors.append(
                _("%(where)s：名称过长（最多 %(max)d 个字）。") % {"where": where, "max": MAX_NAME}
            )
        if day is None or workday is None:
            continue
        if day in seen:
            errors.append(
                _("%(where)s：日期 %(date)s 与第 %(other)d 行重复。")
                % {"where": where, "date": day.isoformat(), "other": seen[day]}
            )
            continue
        seen[day] = number
        note = cells[3] if len(cells) > 3 else ""
        lines.append(ArrangementLine(number, day, workday, name, note))
    if errors:
        raise ArrangementFileError(errors)
    if not lines:
        raise ArrangementFileError(
            [_("文件中没有节假日安排：每行写一个日期，如 2027-01-01,休,元旦。")]
        )
    return lines


def format_arrangement(day: dt.date, workday: bool, name: str = "", note: str = "") -> str:
    """One line of the list format (what ``holidays list`` prints and ``import`` reads)."""
    cells = [day.isoformat(), "work" if workday else "off", _one_line(name), _one_line(note)]
    return ",".join(cells).rstrip(",")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _official_wording(workday: bool, name: str) -> str:
    if not name:
        return _("工作日") if workday else _("周末")
    return name if workday else _("%(name)s放假") % {"name": name}


def library_conflict(day: dt.date, workday: bool) -> str | None:
    """What is wrong when the library, for a year it covers, says otherwise about ``day``."""
    known = library_day(day)
    if known is None or known[0] == workday:
        return None
    return _("%(date)s 标为%(state)s，与已公布的安排（%(official)s）不一致") % {
        "date": day.isoformat(),
        "state": _("上班") if workday else _("放假"),
        "official": _official_wording(*known),
    }


def library_conflicts(lines: list[ArrangementLine]) -> list[str]:
    """Warnings for lines that contradict the library in a year it covers (kept, not refused:
    the admin may be correcting the library)."""
    warnings = []
    for line in lines:
        conflict = library_conflict(line.date, line.workday)
        if conflict:
            warnings.append(
                _("第 %(line)d 行：%(conflict)s；以本文件为准，请核对。")
                % {"line": line.line, "conflict": conflict}
            )
    return warnings
