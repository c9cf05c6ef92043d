"""Cell values of a plan table → typed values: months, forms, units, text.

Pure functions: they see strings and return values or raise ``CellError``; the parser adds the
file name and row to the message.
"""

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


_BLANK_MONTH = {"", "-", "—", "–", "/", "待定", "另定", "暂定", "未定", "无"}
_RANGE_SEP = r"(?:-|~|～|—|–|至|到|－)"
_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_RANGE = re.compile(rf"^{_NUM}月?{_RANGE_SEP}{_NUM}月")
_SINGLE = re.compile(rf"^{_NUM}月")
_DOTTED = re.compile(r"^(\d{1,2})[.．](\d{1,2})$")  # "5.15": May 15th, as notices write it
_BARE = re.compile(r"^(\d{1,2})$")
_ISO = re.compile(r"^(\d{1,2})[-/](\d{1,2})$")
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


def _checked(start: int, end: int, raw: str) -> tuple[int, int]:
    for month in (start, end):
        if not 1 <= month <= 12:
            raise CellError(f"活动时间“{raw}”中的月份 {month} 不存在（应为 1 至 12 月）")
    if end < start:
        raise CellError(f"活动时间“{raw}”的结束月份早于开始月份")
    return start, end


def parse_months(raw: str) -> tuple[int, int] | None:
    """ "3 月" → (3, 3); "5-6 月" → (5, 6); blank or "待定" → None.

    Raises ``CellError`` for a month that cannot exist and ``CellWarning`` for text that names
    no month at all.
    """
    text = unicodedata.normalize("NFKC", raw).replace(" ", "").strip()
    text = re.sub(r"^\d{4}(年|[.．/-])", "", text)  # a leading year
    if text in _BLANK_MONTH:
        return None
    for word, span in _SPANS.items():
        if text.startswith(word):
            return span
    if match := _RANGE.match(text):
        return _checked(to_number(match[1]), to_number(match[2]), raw)
    if match := _SINGLE.match(text):
        month = to_number(match[1])
        return _checked(month, month, raw)
    for pattern in (_DOTTED, _ISO, _BARE):
        if match := pattern.match(text):
            month = int(match[1])
            return _checked(month, month, raw)
    raise CellWarning(f"无法识别活动时间“{raw}”，已按时间待定处理")


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
