"""The State Council's holiday notice, read as it is published → the dates it sets. No database.

A 国务院办公厅关于YYYY年部分节假日安排的通知 has one numbered line per holiday::

    一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。
    三、清明节：4月5日放假，4月7日（星期一）补休。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。…

Each line's sentences (split at “。”) are read clause by clause (split at “，” outside
brackets), and every clause must be one of: ``日期[至日期]放假[调休][N天]``, ``共N天``,
``与周末连休``, ``不调休``, ``日期[、日期]补休`` (a weekday off, the older wording) or
``日期[、日期]上班`` (a weekend working day). A sentence that starts with “鼓励” (2024's 除夕,
2026's closing words) is advice, kept as a note and never a date. Anything else in a holiday's
line is refused, naming the line: a national calendar is not guessed.

What is checked, beyond the wording: the year (from the title or “现将YYYY年…”), every date
exists and lies in that year or the December before, “共N天” equals the span, a “（星期六）”
annotation matches the date, a 上班 day is a weekend and a 补休 day a weekday, no date is set
twice two ways. Text is bounded (``MAX_CHARS``) and every pattern is anchored, so reading is
linear in the text's length.

Dates a notice does not name keep the ordinary rule (weekdays work, weekends off): that is what
“与周末连休” means, and the weekend days of a 放假调休 span are named by it anyway.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from openday.core.formats import weekday_label
from openday.core.text import strip_controls
from openday.workdays.arrangement_file import ArrangementFileError, ArrangementLine
from openday.workdays.calendar import library_day

MAX_CHARS = 20_000
MAX_LINE = 1_000
MAX_SPAN = 15  # the longest span ever announced is 10 days (2020's extended 春节)

HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}

# After NFKC the full-width “：，（）” of the published text are ASCII; both are accepted.
_NAMES = "|".join(HOLIDAYS)
_NUMERAL = "[一二三四五六七八九十]{1,3}"
_ITEM = re.compile(rf"({_NUMERAL})、(?:\d{{4}}年)?((?:{_NAMES})(?:[、和](?:{_NAMES}))*):(.*)")
# A notice that changes one holiday of a year already announced (2019's 劳动节): its items
# name no holiday, they start with the date.
_ADJUSTMENT = re.compile(rf".{{0,30}}关于调整(\d{{4}})年({_NAMES})(?:假期)?(?:放假)?安排的通知.*")
_ADJUSTED_ITEM = re.compile(rf"({_NUMERAL})、(\d.*)")
# A numbered line with a colon and a date that names no holiday we know: refused, not skipped.
_OTHER_ITEM = re.compile(rf"{_NUMERAL}、([^:]{{1,40}}):(.*)")
# Where an item starts inside a line (web copies that run the paragraphs together).
_ITEM_START = re.compile(rf"(?<=[。\s])(?={_NUMERAL}、(?:\d{{4}}年)?(?:{_NAMES}))")
_TITLE_YEAR = re.compile(r".{0,30}关于(\d{4})年(?:部分节假日安排的通知)?")
_INTRO_YEAR = re.compile(rf".{{0,60}}现将(\d{{4}})年(?:{_NAMES}).*")
_EXTENSION = re.compile(r".{0,30}关于延长(\d{4})年.{1,10}假期的通知")
_NUMBER = re.compile(r"(国办发明电[〔\[(]\d{4}[〕\])]\d{1,3}号)")

_ANNOTATION = r"(?:\(([^()]{1,20})\))?"
_DATE = rf"(?:(\d{{4}})年)?(\d{{1,2}})月(\d{{1,2}})日{_ANNOTATION}"
_END = rf"(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日{_ANNOTATION}"
_DATE_ONLY = re.compile(_DATE)
_DATE_LIST = rf"{_DATE}(?:、{_DATE})*"
_OFF = re.compile(rf"{_DATE}(?:至{_END})?放假(?:调休)?(?:(\d{{1,2}})天)?")
_TOTAL = re.compile(r"共(\d{1,2})天")
_JOINED = re.compile(r"与(?:周末|周六|周日|星期六|星期日)连休")
_NO_SWAP = re.compile(r"不调休")
_COMPENSATED = re.compile(rf"({_DATE_LIST})补休")
_WORKING = re.compile(rf"({_DATE_LIST})上班")
_ADVICE = "鼓励"
_SETS_DAYS = re.compile("放假|上班|补休|调休")


@dataclass(frozen=True)
class NoticeDate:
    """One date the notice sets: off (放假, 补休) or a working day (上班)."""

    date: dt.date
    workday: bool
    name: str
    line: int

    @property
    def state(self) -> str:
        return "work" if self.workday else "off"


@dataclass(frozen=True)
class HolidayNotice:
    year: int
    number: str  # 国办发明电〔2024〕12号, or "" when the text leaves it out
    dates: tuple[NoticeDate, ...]  # in date order
    notes: tuple[str, ...] = ()  # advice (“鼓励……”) read and not counted
    adjusts: str = ""  # the one holiday a 关于调整…的通知 changes; "" for a year's notice

    @property
    def source(self) -> str:
        """What each saved date's note says it came from."""
        return self.number or _("%(year)d年部分节假日安排的通知") % {"year": self.year}

    def arrangement_lines(self) -> list[ArrangementLine]:
        """The dates as the ``holidays import`` list has them (the line is the notice's)."""
        return [
            ArrangementLine(day.line, day.date, day.workday, day.name, self.source)
            for day in self.dates
        ]

    def years(self) -> set[int]:
        return {day.date.year for day in self.dates}


class HolidayNoticeError(ArrangementFileError):
    """The text is not a notice that can be read; ``errors`` names each line that is wrong."""


@dataclass(frozen=True)
class LibraryDifference:
    """A date where the notice and the calendar library disagree."""

    date: dt.date
    notice_workday: bool
    notice_name: str
    library_workday: bool
    library_name: str

    def describe(self) -> str:
        return _("%(date)s：通知为%(notice)s，日历库为%(library)s") % {
            "date": self.date.isoformat(),
            "notice": describe_state(self.notice_workday, self.notice_name),
            "library": describe_state(self.library_workday, self.library_name),
        }


def describe_state(workday: bool, name: str) -> str:
    """“上班（国庆节调休上班）”, “放假（春节）”, or “上班”/“休息” for an ordinary day."""
    if not name:
        return _("上班") if workday else _("休息")
    return (_("上班（%(name)s）") if workday else _("放假（%(name)s）")) % {"name": name}


# --- Reading --------------------------------------------------------------------------------


def _normalise(line: str) -> str:
    # NFKC turns full-width punctuation and digits into ASCII; blanks mean nothing in Chinese
    # text (web copies indent with U+3000 or break “2017 年”).
    return "".join(unicodedata.normalize("NFKC", line).split())


def _split_clauses(sentence: str) -> list[str]:
    """Split at commas outside brackets: “（农历正月初九，星期日）” stays one clause."""
    clauses, depth, start = [], 0, 0
    for index, ch in enumerate(sentence):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch in ",;" and depth == 0:
            clauses.append(sentence[start:index])
            start = index + 1
    clauses.append(sentence[start:])
    return [clause for clause in clauses if clause]


class _Reader:
    def __init__(self, year: int):
        self.year = year
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.dates: dict[dt.date, NoticeDate] = {}

    def error(self, line: int, message: str, **values) -> None:
        where = _("第 %(line)d 行") % {"line": line}
        self.errors.append(f"{where}：{message % values if values else message}")

    def date(self, line: int, year: str | None, month: str, day: str, note: str | None):
        value_year = int(year) if year else self.year
        try:
            value = dt.date(value_year, int(month), int(day))
        except ValueError:
            self.error(
                line,
                _("没有%(year)d年%(month)s月%(day)s日这一天。"),
                year=value_year,
                month=month,
                day=day,
            )
            return None
        if not self.year - 1 <= value.year <= self.year:
            self.error(
                line,
                _("%(date)s 不在%(year)d年的安排之内。"),
                date=_label(value),
                year=self.year,
            )
            return None
        self.check_weekday(line, value, note)
        return value

    def check_weekday(self, line: int, value: dt.date, note: str | None) -> None:
        for part in (note or "").split("、"):
            match = re.fullmatch(r"(?:星期|周)([一二三四五六日天])", part)
            if match and _WEEKDAYS[match.group(1)] != value.weekday():
                self.error(
                    line,
                    _("%(date)s 是%(actual)s，通知写的是“%(written)s”，请核对日期或年份。"),
                    date=_label(value),
                    actual=weekday_label(value),
                    written=part,
                )

    def put(self, line: int, value: dt.date, workday: bool, name: str) -> None:
        known = self.dates.get(value)
        if known is None:
            self.dates[value] = NoticeDate(value, workday, name, line)
        elif known.workday != workday:
            self.error(
                line,
                _("%(date)s 在第 %(other)d 行是%(before)s，这里又是%(now)s。"),
                date=_label(value),
                other=known.line,
                before=_("上班") if known.workday else _("放假"),
                now=_("上班") if workday else _("放假"),
            )

    def item(self, line: int, names: list[str], body: str) -> None:
        name = "、".join(names)
        span: list[dt.date] | None = None
        off_days = 0
        sentences = [sentence for sentence in body.split("。") if sentence]
        for index, sentence in enumerate(sentences):
            # The item is over at a sentence that is neither a date nor advice: the text after
            # it (the closing paragraph of a copy that runs the paragraphs together) is read
            # only if it still sets days.
            if (
                index
                and not sentence.startswith(_ADVICE)
                and not _DATE_ONLY.match(sentence)
                and not _SETS_DAYS.search("".join(sentences[index:]))
            ):
                break
            if sentence.startswith(_ADVICE):
                note = _("第 %(line)d 行：%(text)s。（倡议，不改变日期）")
                self.notes.append(note % {"line": line, "text": sentence})
                continue
            span = None
            for clause in _split_clauses(sentence):
                kind = self.clause(line, name, clause, span)
                if isinstance(kind, list):
                    span = kind
                    off_days += len(kind)
        if not off_days:
            self.error(line, _("%(name)s没有写明放假日期。"), name=name)

    def clause(self, line: int, name: str, clause: str, span: list[dt.date] | None):
        """Read one clause; a 放假 clause returns its days (for a following “共N天”)."""
        if match := _OFF.fullmatch(clause):
            return self.off(line, name, match)
        if match := _TOTAL.fullmatch(clause):
            if span is None:
                self.error(line, _("“%(text)s”前面没有放假日期。"), text=clause)
            else:
                self.check_total(line, span, int(match.group(1)))
            return None
        if _JOINED.fullmatch(clause) or _NO_SWAP.fullmatch(clause):
            return None
        for pattern, workday in ((_COMPENSATED, False), (_WORKING, True)):
            if match := pattern.fullmatch(clause):
                for found in _DATE_ONLY.finditer(match.group(1)):
                    value = self.date(line, *found.groups())
                    if value is not None:
                        self.swap(line, name, value, workday=workday)
                return None
        self.error(
            line,
            _(
                "看不懂“%(text)s”。每个节日应写成“X月X日至X日放假调休，共N天。X月X日（星期六）"
                "上班。”或“X月X日放假，X月X日（星期一）补休。”这样的句子。"
            ),
            text=clause,
        )
        return None

    def off(self, line: int, name: str, match: re.Match) -> list[dt.date] | None:
        year, month, day, note, end_year, end_month, end_day, end_note, days = match.groups()
        start = self.date(line, year, month, day, note)
        if start is None:
            return None
        end = start
        if end_day is not None:
            end = self.date(
                line, end_year or str(start.year), end_month or str(start.month), end_day, end_note
            )
            if end is None:
                return None
            if end < start:
                self.error(
                    line,
                    _("结束日期 %(end)s 早于开始日期 %(start)s。"),
                    end=_label(end),
                    start=_label(start),
                )
                return None
            if (end - start).days + 1 > MAX_SPAN:
                self.error(
                    line,
                    _("%(start)s 至 %(end)s 长达 %(days)d 天，不像是一个节日的假期，请核对。"),
                    start=_label(start),
                    end=_label(end),
                    days=(end - start).days + 1,
                )
                return None
        span = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
        if days is not None:
            self.check_total(line, span, int(days))
        for value in span:
            self.put(line, value, False, name)
        return span

    def check_total(self, line: int, span: list[dt.date], total: int) -> None:
        if total != len(span):
            self.error(
                line,
                _("写的是共 %(total)d 天，但 %(start)s 至 %(end)s 是 %(days)d 天。"),
                total=total,
                start=_label(span[0]),
                end=_label(span[-1]),
                days=len(span),
            )

    def swap(self, line: int, name: str, value: dt.date, *, workday: bool) -> None:
        weekend = value.weekday() >= 5
        if workday and not weekend:
            self.error(
                line,
                _("%(date)s 是%(weekday)s，本来就上班，不需要调休上班，请核对日期。"),
                date=_label(value),
                weekday=weekday_label(value),
            )
            return
        if not workday and weekend:
            self.error(
                line,
                _("%(date)s 是%(weekday)s，本来就休息，不需要补休，请核对日期。"),
                date=_label(value),
                weekday=weekday_label(value),
            )
            return
        self.put(line, value, workday, f"{name}调休上班" if workday else name)


def _label(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, normalised text) with items run together in one line split apart."""
    result = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _normalise(raw)
        if not line:
            continue
        pieces = _ITEM_START.split(unicodedata.normalize("NFKC", raw).strip())
        if len(pieces) > 1:
            result.extend((number, _normalise(piece)) for piece in pieces if _normalise(piece))
        else:
            result.append((number, line))
    return result


def _year(lines: list[tuple[int, str]]) -> tuple[int | None, list[str]]:
    found: dict[int, int] = {}
    for number, line in lines[:40]:
        for pattern in (_TITLE_YEAR, _INTRO_YEAR):
            if match := pattern.fullmatch(line):
                found.setdefault(int(match.group(1)), number)
    if len(found) > 1:
        years = "、".join(f"{year}（第 {line} 行）" for year, line in sorted(found.items()))
        return None, [_("通知里写了不同的年份：%(years)s。") % {"years": years}]
    if not found:
        return None, [
            _(
                "找不到通知所安排的年份：请把标题“国务院办公厅关于YYYY年部分节假日安排的通知”"
                "或“经国务院批准，现将YYYY年元旦、春节……”一句一并粘贴。"
            )
        ]
    return next(iter(found)), []


def read_holiday_notice(text: str) -> HolidayNotice:
    """Every date the notice sets, or ``HolidayNoticeError`` naming every line that is wrong."""
    text = strip_controls(text or "")
    if len(text) > MAX_CHARS:
        raise HolidayNoticeError(
            [
                _("文字超过 %(max)d 字，不像是一份节假日安排通知，请只粘贴通知正文。")
                % {"max": MAX_CHARS}
            ]
        )
    lines = _lines(text)
    too_long = [number for number, line in lines if len(line) > MAX_LINE]
    if too_long:
        raise HolidayNoticeError(
            [
                _("第 %(line)d 行超过 %(max)d 字，不像是通知中的一行。")
                % {"line": number, "max": MAX_LINE}
                for number in too_long
            ]
        )
    for number, line in lines[:10]:
        if match := _EXTENSION.match(line):
            raise HolidayNoticeError(
                [
                    _(
                        "第 %(line)d 行：这是延长%(year)s年假期的通知，不是“部分节假日安排的通知”，"
                        "无法逐日读取；请在“节假日安排”中逐日录入它改动的日期。"
                    )
                    % {"line": number, "year": match.group(1)}
                ]
            )
    adjusts = ""
    if match := _ADJUSTMENT.fullmatch("".join(line for _number, line in lines[:3])):
        year, adjusts = int(match.group(1)), match.group(2)
    else:
        year, errors = _year(lines)
        if year is None:
            raise HolidayNoticeError(errors)
    reader = _Reader(year)
    number_text = ""
    seen: dict[str, int] = {}
    for number, line in lines:
        if not number_text and (found := _NUMBER.search(line)) and len(line) < 40:
            number_text = found.group(1).replace("[", "〔").replace("]", "〕")
        if adjusts:
            if match := _ADJUSTED_ITEM.fullmatch(line):
                reader.item(number, [adjusts], match.group(2))
        elif match := _ITEM.fullmatch(line):
            names = re.split("[、和]", match.group(2))
            for name in names:
                if name in seen:
                    message = _("%(name)s与第 %(other)d 行重复。")
                    reader.error(number, message, name=name, other=seen[name])
                seen.setdefault(name, number)
            reader.item(number, names, match.group(3))
        elif (match := _OTHER_ITEM.fullmatch(line)) and _DATE_ONLY.search(match.group(2)):
            reader.error(
                number,
                _("无法识别节日“%(name)s”（应为%(known)s之一）。"),
                name=match.group(1),
                known="、".join(HOLIDAYS),
            )
    if reader.errors:
        raise HolidayNoticeError(reader.errors)
    if not reader.dates:
        raise HolidayNoticeError(
            [
                _(
                    "%(year)d年的通知中没有找到任何节假日安排：应有“一、元旦：1月1日放假……”"
                    "这样的行。"
                )
                % {"year": year}
            ]
        )
    dates = tuple(sorted(reader.dates.values(), key=lambda day: day.date))
    return HolidayNotice(year, number_text, dates, tuple(reader.notes), adjusts)


# --- Comparing ------------------------------------------------------------------------------


def library_differences(notice: HolidayNotice) -> list[LibraryDifference]:
    """The dates the notice sets that the calendar library, for a year it knows, has the other
    way (working or not). Dates the notice leaves ordinary are not compared: a later notice
    (the next year's 元旦, an adjustment, 2020's extension) may have changed them."""
    differences = []
    for entry in notice.dates:
        known = library_day(entry.date)
        if known is not None and known[0] != entry.workday:
            differences.append(
                LibraryDifference(entry.date, entry.workday, entry.name, known[0], known[1])
            )
    return differences
