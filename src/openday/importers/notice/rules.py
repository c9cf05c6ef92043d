"""The rules a notice states: planned count, forms, deadlines, staff, declaration, contact.

Each reader returns None (or an empty list) when the notice does not state the rule; a value is
never filled in from a default or from another jurisdiction's habit. Readers given a ``where``
dict note in it, under the fact's name, the index of the sentence they read it from
(``NoticeText.quotes`` holds it as the document writes it); ``wording`` finds the sentences
about banners and on-site marks, which the notice states as prose only.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from openday.campaigns.enums import FormKind
from openday.campaigns.kinds import kind_of
from openday.importers.limits import count
from openday.importers.notice.text import (
    CN_NUMERALS,
    NUM,
    Found,
    NoticeText,
    Where,
    keep,
    marker_style,
    normal,
    note,
    strip_marker,
    to_date,
)
from openday.importers.numerals import to_number


@dataclass(frozen=True)
class Deadline:
    days: int
    working: bool

    def as_dict(self) -> dict:
        return {"days": self.days, "working": self.working}


@dataclass
class Declaration:
    themes_per_unit: int | None
    required_kinds: list[str] = field(default_factory=list)
    due_on: dt.date | None = None
    # "申报1至2个主题": the least a unit may declare; equals themes_per_unit when exact.
    themes_min: int | None = None

    def as_dict(self) -> dict:
        return {
            "themes_per_unit": self.themes_per_unit,
            "required_kinds": self.required_kinds,
            "due_on": self.due_on.isoformat() if self.due_on else None,
        }


# --- planned count, staff ---------------------------------------------------------------------

_PLANNED = re.compile(rf"(?:全年|年内|年度|计划|共计)[^。;,:每]{{0,12}}?({NUM})(?:场次|场|次)")
_STAFF = [
    re.compile(rf"工作人员[^。;,]{{0,6}}?(?:不少于|不得少于|不低于|至少)?({NUM})(?:名|人)"),
    re.compile(rf"(?:不少于|不得少于|不低于|至少)({NUM})(?:名|人)(?:以上)?的?(?:现场)?工作人员"),
]


def planned_count(text: NoticeText, where: Where = None) -> int | None:
    """ "全年计划开展 50 场" → 50."""
    for index, sentence in enumerate(text.sentences):
        count(text.work, len(sentence))
        if match := _PLANNED.search(sentence):
            note(where, "planned_count", index)
            return to_number(match[1])
    return None


def min_staff(text: NoticeText, where: Where = None) -> int | None:
    """ "工作人员 6 人以上", "不少于5名工作人员" → the number."""
    for index, sentence in enumerate(text.sentences):
        count(text.work, len(sentence))
        for pattern in _STAFF:
            if match := pattern.search(sentence):
                note(where, "min_staff", index)
                return to_number(match[1])
    return None


# --- banners and on-site marks: prose, quoted as it stands -------------------------------------

_WORDING = {
    "banner_templates": re.compile(r"会标|横幅|电子屏"),
    "site_requirements": re.compile(r"LOGO|标识|字样", re.IGNORECASE),
}


_QUOTABLE = 12


def wording(text: NoticeText, where: Where) -> None:
    """Note the first sentence about the banner and the first about marks on site (a short
    heading such as "（一）标识统一" says nothing to quote)."""
    for key, pattern in _WORDING.items():
        for index, sentence in enumerate(text.sentences):
            count(text.work, len(sentence))
            if len(sentence) >= _QUOTABLE and pattern.search(sentence):
                note(where, key, index)
                break


# --- forms ------------------------------------------------------------------------------------

_FORMS_HEADING = re.compile(
    r"^(?:活动|主要活动|主要|开展)?(?:形式|方式)(?:及内容|和内容)?(?::(?P<rest>.*))?$"
)
_SECTION_END = re.compile(r"^(?:、|附件)")
_NAME_END = re.compile(r"[。:,;(（]")
_QUOTES = "“”\"'‘’《》「」"
_LIST_RUN = re.compile(r"((?:[^、,。;:]{2,12}、)+[^、,。;:]{2,12})")
_LIST_LEAD = re.compile(r"^.*?(?:包括|主要有|分为|采取|采用|可以是|有|为)")
_LIST_TAIL = re.compile(r"(?:活动)?(?:形式|方式)$")
# Form names a notice may write without a list marker ("现场观摩邀请…", 湘江新区).
KNOWN_FORMS = (
    "实地调研",
    "现场观摩",
    "座谈交流",
    "政策发布",
    "政策解读",
    "政策宣传",
    "现场宣讲",
    "问卷调查",
    "调查征集",
    "意见征集",
    "其他形式",
)
MAX_SECTION_LINES = 40


def forms(text: NoticeText, found: Found = None) -> list[str]:
    """The forms listed in the notice's "活动形式" section, in order; [] without one.

    ``found["forms"]``: the heading and the lines that name the forms, as written.
    """
    for index, line in enumerate(text.lines):
        heading = _FORMS_HEADING.match(strip_marker(line))
        if not heading:
            continue
        section = _section(text.lines, index, marker_style(line))
        names = _listed_items(section)
        if not names:
            names = _inline_list([heading["rest"] or "", *section[:2]])
        if names:
            if found is not None:
                naming = [s for s in section if any(name in normal(s) for name in names)]
                keep(found, "forms", line, *naming)
            return list(dict.fromkeys(names))
    return []


def _section(lines: list[str], start: int, style: str | None) -> list[str]:
    section = []
    for line in lines[start + 1 : start + 1 + MAX_SECTION_LINES]:
        line_style = marker_style(line)
        if line_style == "cn" or (style and line_style == style) or _SECTION_END.match(line):
            break
        section.append(line)
    return section


def _listed_items(section: list[str]) -> list[str]:
    item_style, names = None, []
    for line in section:
        style = marker_style(line)
        if style is None:
            compact = normal(line)
            # An item whose marker was lost ("现场观摩邀请…"): only a known form name counts.
            if compact.startswith(KNOWN_FORMS) and (item_style or compact[4:5] in "。:,"):
                names.append(compact[:4])
            continue
        item_style = item_style or style
        if style == item_style and (name := _item_name(strip_marker(line))):
            names.append(name)
    return names if item_style or len(names) >= 2 else []


def _item_name(rest: str) -> str | None:
    cut = _NAME_END.search(rest)
    name = (rest[: cut.start()] if cut else rest).strip(_QUOTES)
    if 2 <= len(name) <= 10:
        return name
    for known in KNOWN_FORMS:
        if rest.startswith(known):
            return known
    return None


def _inline_list(texts: list[str]) -> list[str]:
    """ "活动形式：包括实地调研、现场观摩、座谈交流、问卷调查等。" → the four names."""
    for raw in texts:
        match = _LIST_RUN.search(normal(raw))
        if not match:
            continue
        parts = match[1].split("、")
        parts[0] = _LIST_LEAD.sub("", parts[0])
        last = _LIST_TAIL.sub("", parts[-1].split("等")[0])
        pieces = re.split(r"[和及或]", last)
        parts[-1:] = pieces if all(len(p) >= 2 for p in pieces) else [last]
        names = [p.strip(_QUOTES) for p in parts]
        # A list of forms, not of anything else: short names, nearly all of a known kind.
        recognised = sum(kind_of(n) != FormKind.OTHER for n in names)
        if (
            len(names) >= 2
            and all(2 <= len(n) <= 8 for n in names)
            and recognised >= len(names) - 1
        ):
            return names
    return []


# --- deadlines --------------------------------------------------------------------------------

# "5个工作日", "3 日", "三天" — not the day of a date ("3月31日", "31日前").
_DURATION = re.compile(rf"(?<![\d.月年号第{CN_NUMERALS}])({NUM})(个)?(工作日|自然日|日|天)")
_BEFORE = re.compile(r"(?:提前|前)(?:至少|不少于)?的?$")
_AFTER = re.compile(r"后的?$")
_FILING = re.compile(r"方案|报备")
_REPORT = re.compile(r"报送|上报|报告|提交|材料|资料|总结|报(?![道刊纸名])")
_PUBLICITY = re.compile(r"宣传|报道|发布|推送|新闻|媒体")
_DECLARING = re.compile(r"申报|主题(?!日)")  # "主题日" is the campaign's name
_WINDOW = 40
# Longer than anything ``_BEFORE``/``_AFTER`` can match ("提前不少于的": 6 characters).
_LOOK_BEHIND = 8


@dataclass
class Deadlines:
    filing_lead: Deadline | None = None
    report_due: Deadline | None = None
    publicity_due: Deadline | None = None


def deadlines(text: NoticeText, where: Where = None) -> Deadlines:
    """Plan filing before the activity; report and media publicity after it.

    "提前5个工作日…方案" and "活动开展前 3 日内报送具体活动方案" are the filing lead; "（活动
    后）5个工作日内报送" the report; "活动开展后的 3 天内…宣传报道" the publicity. The first
    statement of each wins.
    """
    found = Deadlines()
    for index, sentence in enumerate(text.sentences):
        count(text.work, len(sentence))
        for match in _DURATION.finditer(sentence):
            deadline = Deadline(to_number(match[1]), working=match[3] == "工作日")
            # Only the few characters around the duration: slicing and searching the whole
            # sentence for each of its durations grew with the square of its length.
            start, end = match.span()
            before = sentence[max(0, start - _LOOK_BEHIND) : start]
            after = sentence[end : end + _WINDOW]
            count(text.work, len(before) + len(after))
            counted_before = _BEFORE.search(before) or (
                after.startswith(("前", "之前", "以前")) and (match[2] or match[3] != "日")
            )
            if counted_before:
                if found.filing_lead is None and _FILING.search(sentence):
                    found.filing_lead = deadline
                    note(where, "filing_lead", index)
                continue
            if not (after.startswith("内") or _AFTER.search(before)):
                continue
            window = after.split(";")[0]  # this clause only
            if _DECLARING.search(window):
                continue
            if _REPORT.search(window):
                found.report_due = found.report_due or deadline
                note(where, "report_due", index)
            elif _PUBLICITY.search(window):
                found.publicity_due = found.publicity_due or deadline
                note(where, "publicity_due", index)
    return found


# --- declaration ------------------------------------------------------------------------------

_THEMES = re.compile(
    rf"(?P<least>至少|不少于)?(?:确定|申报|报送|提交|上报|选报|推荐|策划)(?P<least2>至少|不少于)?"
    rf"[^。;,]{{0,6}}?(?P<low>{NUM})(?:(?:至|到|-|~|—|－)(?P<high>{NUM}))?个[^。;,个]{{0,4}}?主题"
)
_DUE = re.compile(
    r"(?:(?P<year>\d{4}|[〇○零一二三四五六七八九]{4})年)?"
    r"(?P<month>\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})[日号](?:\([^)]{0,6}\))?(?:前|之前|以前)"
)
_REQUIRED = re.compile(r"其中[^。;)]*")
_QUOTED = re.compile(r"[“\"‘「]([^”\"’」]{2,8})[”\"’」]")


def declaration(
    text: NoticeText,
    *,
    listed_forms: list[str],
    year: int | None,
    issued_on: dt.date | None,
    where: Where = None,
) -> Declaration | None:
    """The theme declaration rule: themes per unit, required forms, due date; None if unstated."""
    for index, sentence in enumerate(text.sentences):
        count(text.work, len(sentence))
        themes = _THEMES.search(sentence)
        if not themes and not ("申报" in sentence and _DUE.search(sentence)):
            continue
        low = to_number(themes["low"]) if themes else None
        high = to_number(themes["high"]) if themes and themes["high"] else None
        at_least = bool(themes and (themes["least"] or themes["least2"]))
        result = Declaration(
            themes_per_unit=high or (None if at_least else low),
            themes_min=low,
            required_kinds=_required(sentence, listed_forms),
        )
        # The due date is in the same sentence (湘江新区) or a later one about the declaration.
        note(where, "declaration", index)
        later = [
            (number, s)
            for number, s in enumerate(text.sentences[index + 1 :], start=index + 1)
            if _DECLARING.search(s)
        ]
        for number, candidate in [(index, sentence), *later]:
            if due := _DUE.search(candidate):
                result.due_on = _due_date(due, year=year, issued_on=issued_on)
                note(where, "declaration_due_on", number)
                break
        return result
    return None


def _required(sentence: str, listed_forms: list[str]) -> list[str]:
    """ "(其中一个主题为“实地调研”或“现场观摩”)" → the names, as the notice writes them."""
    clause = _REQUIRED.search(sentence)
    if not clause:
        return []
    quoted = _QUOTED.findall(clause[0])
    if quoted:
        return list(dict.fromkeys(quoted))
    names = set(KNOWN_FORMS) | set(listed_forms)
    found = sorted((clause[0].find(n), n) for n in names if n in clause[0])
    return [name for _, name in found]


def _due_date(match: re.Match, *, year: int | None, issued_on: dt.date | None) -> dt.date | None:
    if match["year"]:
        return to_date(match["year"], match["month"], match["day"])
    base = issued_on.year if issued_on else year
    if base is None:
        return None
    due = to_date(base, match["month"], match["day"])
    # A notice of late December may set a due date in January of the next year.
    if due and issued_on and due < issued_on:
        due = to_date(base + 1, match["month"], match["day"])
    return due


# --- contact ----------------------------------------------------------------------------------

_CONTACT_NAME = re.compile(
    r"联系人[:：](?!联系|电话|手机|邮箱)"
    r"([\u4e00-\u9fff·]{2,4}?)(?=[^\u4e00-\u9fff·]|电话|联系|手机|邮箱|$)"
)
_PHONE = re.compile(r"(?:电话|手机|座机)[:：]?(1\d{10}|(?:0\d{2,3}-?)?\d{7,8})(?!\d)")
# An address is found from its "@" outwards: the pattern ``[A-Za-z0-9._%+-]+@…`` searched from
# every position ran over the whole run of name characters each time (100 KB of digits: 9.5 s).
_EMAIL_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")
_EMAIL_HOST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
MAX_EMAIL_LOCAL = 64  # RFC 5321's limits
MAX_EMAIL_DOMAIN = 255


def contact(text: NoticeText, where: Where = None) -> dict | None:
    """The first contact person, phone and email the notice gives for handing things in."""
    found = {
        "name": (m[1] if (m := _CONTACT_NAME.search(text.flat)) else None),
        "phone": (m[1] if (m := _PHONE.search(text.flat)) else None),
        "email": find_email(text.flat, text),
    }
    for index, sentence in enumerate(text.sentences):
        count(text.work, len(sentence))
        if any(value and value in sentence for value in found.values()):
            note(where, "contact", index)
            break
    return found if any(found.values()) else None


def find_email(flat: str, text: NoticeText | None = None) -> str | None:
    """The first e-mail address in ``flat``; linear in its length."""
    at = flat.find("@")
    while at != -1:
        start = at
        while start > 0 and at - start < MAX_EMAIL_LOCAL and flat[start - 1] in _EMAIL_LOCAL:
            start -= 1
        end = at + 1
        while end < len(flat) and end - at <= MAX_EMAIL_DOMAIN and flat[end] in _EMAIL_HOST:
            end += 1
        if text is not None:
            count(text.work, end - start)
        if start < at and (domain := _EMAIL_DOMAIN.match(flat, at + 1, end)):
            return flat[start : domain.end()]
        at = flat.find("@", at + 1)
    return None
