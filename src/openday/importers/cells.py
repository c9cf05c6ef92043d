"""Cell values of a plan table → typed values: months, forms, units, text.

Pure functions: they see strings and return values or raise ``CellError``; the parser adds the
file name and row to the message.
"""

import calendar
import re
import unicodedata
from dataclasses import dataclass

from openday.campaigns.enums import FormKind
from openday.campaigns.kinds import kind_of
from openday.importers.numerals import to_number
from openday.orgs.names import clean_text, looks_like_unit


class CellError(ValueError):
    """A cell holds a value that cannot be right (a 13th month). ``str()`` is Chinese."""


class CellWarning(ValueError):
    """A cell cannot be read but may stay empty; the row imports with a warning."""


_BLANK_MONTH = {"", "-", "—", "–", "/", "无"}
# Words that leave the date open: alone they name no time, beside a date they mark it tentative.
_TENTATIVE_RE = re.compile(
    r"[（(]?(?:具体)?(?:时间|日期)?(?:暂定|待定|另定|未定|另行通知|拟定)[)）]?"
)
_RANGE_SEP = r"(?:-|~|～|—|–|至|到|－)"
_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_RANGE = re.compile(rf"^{_NUM}月?{_RANGE_SEP}{_NUM}月")
_SINGLE = re.compile(rf"^{_NUM}月")
_DOTTED = re.compile(r"^(\d{1,2})[.．](\d{1,2})$")  # "5.15": May 15th, as notices write it
_BARE = re.compile(r"^(\d{1,2})$")
_ISO = re.compile(r"^(\d{1,2})[-/](\d{1,2})$")
_YEAR = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})(?:年度?|[.．/-])")
# "9月12日", "10月15", "9/12" after a year: the first day a cell names.
_MONTH_DAY = re.compile(rf"^{_NUM}月{_NUM}[日号]?")
_NUMERIC_DAY = re.compile(r"^(\d{1,2})[-/.．](\d{1,2})(?:日|号)?(?![\d月])")
# What may follow a day: more days ("、16日"), or the end of a range ("至5日", "-7月5日").
_MORE_DAYS = re.compile(rf"^(?:[、，,和及]|{_RANGE_SEP})(?:{_NUM}月)?{_NUM}[日号]?(?![月\d])")
_PART = re.compile(rf"^{_NUM}月(上|中|下)(?:、?(上|中|下))?旬")
_PART_WORDS = {"初": "上", "中": "中", "底": "下", "末": "下"}
_PART_OF = re.compile(rf"^{_NUM}月(初|中|底|末)")
_TEN_DAYS = {"上": (1, 10), "中": (11, 20), "下": (21, 31)}
_SPANS = {
    "全年": (1, 12),
    "上半年": (1, 6),
    "下半年": (7, 12),
    "第一季度": (1, 3),
    "一季度": (1, 3),
    "第二季度": (4, 6),
    "二季度": (4, 6),
    "第三季度": (7, 9),
    "三季度": (7, 9),
    "第四季度": (10, 12),
    "四季度": (10, 12),
}


@dataclass(frozen=True)
class DateText:
    """What an 活动时间 cell says, at whatever precision it says it.

    ``days``: the first and last (month, day) the cell names: exact days ("9月12日",
    "10月15、16日", "6月3日至5日") when ``exact``, the days of a part of a month ("3月中旬")
    otherwise; None when only months are named. ``year`` is the year the cell itself names.
    """

    months: tuple[int, int] | None = None
    days: tuple[tuple[int, int], tuple[int, int]] | None = None
    exact: bool = False
    tentative: bool = False
    year: int | None = None


def _checked(start: int, end: int, raw: str) -> tuple[int, int]:
    for month in (start, end):
        if not 1 <= month <= 12:
            raise CellError(f"活动时间“{raw}”中的月份 {month} 不存在（应为 1 至 12 月）")
    if end < start:
        raise CellError(f"活动时间“{raw}”的结束月份早于开始月份")
    return start, end


def _day(month: int, day: int, raw: str, year: int | None) -> tuple[int, int]:
    _checked(month, month, raw)
    # February 29th exists when the year is not known yet (the parser checks it again).
    last = calendar.monthrange(year or 2024, month)[1]
    if not 1 <= day <= last:
        raise CellError(f"活动时间“{raw}”中的日期 {month}月{day}日 不存在")
    return month, day


def parse_months(raw: str) -> tuple[int, int] | None:
    """ "3 月" → (3, 3); "5-6 月" → (5, 6); blank or "待定" → None.

    Raises ``CellError`` for a month that cannot exist and ``CellWarning`` for text that names
    no month at all.
    """
    return parse_date_text(raw).months


def parse_date_text(raw: str) -> DateText:
    """An 活动时间 cell → ``DateText``: "2025年5-7月", "9月12日", "10月15、16日",
    "6月3日至5日", "3月中旬", "11月3日（暂定）", "下半年", "待定".

    Raises ``CellError`` for a month or day that cannot exist and ``CellWarning`` for text that
    names no time at all.
    """
    text = unicodedata.normalize("NFKC", raw).replace(" ", "").strip()
    tentative = _TENTATIVE_RE.search(text) is not None
    if tentative:
        text = _TENTATIVE_RE.sub("", text).strip("，,；;:：")
    year = None
    if match := _YEAR.match(text):
        year = to_number(match[1])
        text = text[match.end() :]
    if text in _BLANK_MONTH:
        return DateText(tentative=tentative, year=year)
    for word, span in _SPANS.items():
        if text.startswith(word):
            return DateText(months=span, tentative=tentative, year=year)
    if days := _days(text, raw, year):
        (first, last), exact = days
        months = _checked(first[0], last[0], raw)
        return DateText(months, (first, last), exact=exact, tentative=tentative, year=year)
    if match := _RANGE.match(text):
        months = _checked(to_number(match[1]), to_number(match[2]), raw)
        return DateText(months, tentative=tentative, year=year)
    if match := _SINGLE.match(text):
        month = to_number(match[1])
        return DateText(_checked(month, month, raw), tentative=tentative, year=year)
    for pattern in (_ISO, _BARE):
        if match := pattern.match(text):
            month = int(match[1])
            return DateText(_checked(month, month, raw), tentative=tentative, year=year)
    raise CellWarning(f"无法识别活动时间“{raw}”，已按时间待定处理")


def _days(text: str, raw: str, year: int | None):
    """((first, last), exact) for a cell naming days or a part of a month, else None."""
    if match := _PART.match(text) or _PART_OF.match(text):
        month = to_number(match[1])
        first = _PART_WORDS.get(match[2], match[2])
        last = _PART_WORDS.get(match[3], match[3]) if match.lastindex >= 3 and match[3] else first
        _checked(month, month, raw)
        end = min(_TEN_DAYS[last][1], calendar.monthrange(year or 2023, month)[1])
        return ((month, _TEN_DAYS[first][0]), (month, end)), False
    match = _MONTH_DAY.match(text)
    if match is None and (year is not None or _DOTTED.match(text)):
        match = _NUMERIC_DAY.match(text)  # "2025-09-12", "2025/9/12", "5.15"
    if match is None:
        return None
    month = to_number(match[1])
    first = last = _day(month, to_number(match[2]), raw, year)
    rest = text[match.end() :]
    while more := _MORE_DAYS.match(rest):
        if more[1]:
            month = to_number(more[1])
        last = _day(month, to_number(more[2]), raw, year)
        rest = rest[more.end() :]
    if last < first:
        raise CellError(f"活动时间“{raw}”的结束日期早于开始日期")
    return (first, last), True


# --- text -----------------------------------------------------------------------------------

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》（）「」"


_CJK_CHAR = re.compile(f"[{_CJK}]")


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of a wrapped cell: no space between Chinese text, one between words.

    One pass: only the last character of what is joined so far is looked at (searching the
    joined text for a last Chinese character each time grew with the square of the parts).
    """
    out: list[str] = []
    last = ""
    for part in (clean_text(p) for p in parts):
        if not part:
            continue
        if last and not (_CJK_CHAR.match(part[0]) or _CJK_CHAR.match(last)):
            out.append(" ")
        out.append(part)
        last = part[-1]
    return "".join(out)


def compact_title(text: str) -> str:
    """A document title without the spaces PDF conversion puts around numbers and words."""
    text = clean_text(text.lstrip("#").strip())
    return re.sub(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])", "", text)


# --- forms ----------------------------------------------------------------------------------

_LIST_SEP = re.compile(r"[、，,；;/／\s]+")
MAX_FORM_NAME = 8


@dataclass(frozen=True)
class FormValue:
    text: str
    kind: str

    @property
    def kind_label(self) -> str:
        return FormKind(self.kind).label


def split_forms(raw: str, vocabulary: dict[str, str] | None = None) -> list[FormValue]:
    """ "政策宣传、其他形式" → two forms; a sentence describing the activity stays one form."""
    text = clean_text(raw)
    if not text:
        return []
    parts = [p for p in _LIST_SEP.split(text) if p]
    is_list = len(parts) > 1 and all(len(p) <= MAX_FORM_NAME for p in parts)
    names = parts if is_list else [text]
    return [FormValue(name, kind_of(name, vocabulary).value) for name in names]


# --- units ----------------------------------------------------------------------------------

_UNIT_SEP = re.compile(r"[、，,；;/／]+")
_UNIT_NOTE = re.compile(r"[（(](牵头|配合|主办|协办|承办)[)）]$")


def split_units(raw: str) -> list[str]:
    """ "区应急管理局、各街道办事处" → two hosts; "供销合作社 联合社" (a wrapped name) → one."""
    units = []
    for part in _UNIT_SEP.split(clean_text(raw)):
        part = _UNIT_NOTE.sub("", part.strip())
        if not part:
            continue
        pieces = part.split(" ")
        if len(pieces) > 1 and all(len(p) >= 4 and looks_like_unit(p) for p in pieces):
            units.extend(pieces)
        else:
            units.append("".join(pieces))
    return units
