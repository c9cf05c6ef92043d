"""What a notice states in its prose beyond the rules: who must act, the banner wording, the
LOGO, the theme areas, when activities start, what a report contains, who receives it, the
column, what the campaign counts towards and the documents it implements.

Each reader returns None (or []) when the notice is silent and, given a ``where`` dict, notes
the index of the sentence it read the fact from (``NoticeText.quotes``). Values are taken from
the sentence as the document writes it (full-width marks kept), with its spaces removed — except
the banner wording, kept line for line as written (a banner is printed as the notice shows it).
Every pattern is bounded; each pass over the sentences counts its characters (``Work``).
"""

import datetime as dt
import re

from openday.campaigns.enums import FormKind
from openday.campaigns.kinds import kind_of
from openday.importers.limits import count
from openday.importers.notice.text import (
    MARKER,
    Found,
    NoticeText,
    Where,
    keep,
    normal,
    note,
    to_date,
)

_PUNCT = ",，。;；:：、"


def compact(text: str) -> str:
    """Spaces removed, every other character as the document writes it."""
    return re.sub(r"\s+", "", text)


def _pieces(text: NoticeText):
    """(index, sentence as written without spaces), counting the characters scanned."""
    for index, quote in enumerate(text.quotes):
        count(text.work, len(quote))
        yield index, compact(quote)


# --- who must act -----------------------------------------------------------------------------

_ADDRESSEE_LINES = 40


def addressees(text: NoticeText, found: Found = None) -> str | None:
    """The salutation line ("各街道办事处、区直各相关单位：") as written, without its colon."""
    for line in text.lines[:_ADDRESSEE_LINES]:
        written = compact(line)
        if not written.endswith((":", "：")) or not 3 <= len(written) <= 80:
            continue
        body = written[:-1]
        if "各" not in body or "。" in body or MARKER.match(normal(body)):
            continue
        if body.startswith(("附件", "填报单位", "联系人")):
            continue
        keep(found, "addressees", line)
        return body
    return None


# --- banner wording ---------------------------------------------------------------------------

# "××××单位": a run of placeholder marks. ASCII x only in capitals and beside Chinese text: an
# e-mail address ("lxxxzspfwj@…") is no placeholder.
_PLACEHOLDER = re.compile(r"[×Ｘ＊*○□]{2,8}|(?<![A-Za-z0-9])X{2,8}(?![A-Za-z0-9])")
_BANNER_MAX = 60
_UNIT_WORDS = ("单位", "部门", "局", "办", "委")


def banner_templates(text: NoticeText, where: Where = None) -> list[str]:
    """Lines giving a banner's wording with a placeholder for the unit, as written."""
    templates = []
    for line in text.lines:
        count(text.work, len(line))
        written = compact(line)
        if (
            len(written) > _BANNER_MAX
            or "活动" not in written
            or "@" in written
            or re.search(r"[。;；:：]", written)
            or not _PLACEHOLDER.search(written)
        ):
            continue
        templates.append(line.strip())
    if templates and where is not None:
        first = normal(templates[0])
        for index, sentence in enumerate(text.sentences):
            if first in sentence:
                note(where, "banner_templates", index)
                break
    return list(dict.fromkeys(templates))


def banner_placeholders(template: str, year: int | None) -> str:
    """ "××××单位 2023 年“…”活动暨××××" → "{unit} {year} 年“…”活动暨{theme}" (the rules'
    placeholders); the first placeholder is the unit, any later one the theme."""
    marks = list(_PLACEHOLDER.finditer(template))
    if not marks:
        return template
    pieces, last = [], 0
    for number, mark in enumerate(marks):
        pieces.append(template[last : mark.start()])
        end = mark.end()
        if number == 0:
            # The kind word after the mark is part of a unit's name ("××局" → "{unit}").
            end += next((len(w) for w in _UNIT_WORDS if template.startswith(w, end)), 0)
            pieces.append("{unit}")
        else:
            pieces.append("{theme}")
        last = end
    pieces.append(template[last:])
    filled = "".join(pieces)
    return filled.replace(str(year), "{year}", 1) if year else filled


# --- LOGO -------------------------------------------------------------------------------------

_LOGO = re.compile(r"LOGO|logo|Logo|徽标")
_REQUIRED = re.compile(r"要|须|应|统一|张贴|设置|显示|使用|体现|悬挂")
_PHOTO = re.compile(r"图片|照片|相片")


def logo(text: NoticeText, where: Where = None) -> tuple[bool | None, bool | None]:
    """(on site, on photos): True where the notice requires the unified LOGO, else None."""
    on_site = on_photos = None
    for index, sentence in _pieces(text):
        if not _LOGO.search(sentence) or not _REQUIRED.search(sentence):
            continue
        if on_site is None:
            on_site = True
            note(where, "logo_required", index)
        if on_photos is None and _PHOTO.search(sentence):
            on_photos = True
            note(where, "logo_on_photos", index)
    return on_site, on_photos


# --- theme areas ------------------------------------------------------------------------------

_ITEM = rf"[^{_PUNCT}“”\"]{{2,12}}"
_THEME_AREAS = re.compile(
    rf"(?:突出|聚焦|围绕|立足|紧扣|重点围绕)((?:{_ITEM}、){{1,19}}{_ITEM})"
    r"等(?:重大|重点|关键|重要)?(?:主题|领域)"
)


def theme_areas(text: NoticeText, where: Where = None) -> list[str]:
    """ "着力突出经济发展、科技创新、…等重大主题" → the areas, in order."""
    for index, sentence in _pieces(text):
        if match := _THEME_AREAS.search(sentence):
            note(where, "theme_areas", index)
            return list(dict.fromkeys(match[1].split("、")))
    return []


# --- when activities start --------------------------------------------------------------------

_CN_MONTH_DIGITS = "一二三四五六七八九十"
_STARTS = re.compile(
    rf"(?<![\d{_CN_MONTH_DIGITS}])(?:(?P<year>(?:19|20)\d{{2}})年)?"
    rf"(?P<month>\d{{1,2}}|[{_CN_MONTH_DIGITS}]{{1,3}})月份?(?:起|开始)(?!草)"
)


def starts_on(text: NoticeText, *, year: int | None, where: Where = None) -> dt.date | None:
    """ "2023年4月开始，各单位…组织开展…活动" → 2023-04-01 (the first of that month)."""
    for index, sentence in _pieces(text):
        if "活动" not in sentence:
            continue
        for match in _STARTS.finditer(sentence):
            which = int(match["year"]) if match["year"] else year
            if which is None:
                continue
            if (day := to_date(which, match["month"], "1")) is not None:
                note(where, "starts_on", index)
                return day
    return None


# --- what a report contains -------------------------------------------------------------------

_CONTAINS = re.compile(r"[（(](?:含|包含|包括)([^（()）]{2,80})[)）]")
_REPORTING = re.compile(r"报送|上报|报告|资料|材料|总结|报市|报区|报县")
_LAST_ITEM = re.compile(r"和|及|以及|与")


def report_contents(text: NoticeText, where: Where = None) -> list[str]:
    """ "报送整套活动资料（含活动方案、图片、总结和附件 2）" → 活动方案、图片、总结、附件2."""
    for index, sentence in _pieces(text):
        for match in _CONTAINS.finditer(sentence):
            around = sentence[max(0, match.start() - 12) : match.end() + 12]
            if not _REPORTING.search(around.replace(match[0], "")):
                continue
            items = match[1].rstrip("等").split("、")
            items[-1:] = [p for p in _LAST_ITEM.split(items[-1].removesuffix("等")) if p]
            items = [item.strip('“”"') for item in items if item]
            if items:
                note(where, "report_contents", index)
                return list(dict.fromkeys(items))
    return []


# --- who receives filings and reports ---------------------------------------------------------

_SENDS = re.compile(
    rf"(?:报送至|报送到|报送给|提交至|提交到|发送至|报至|报送|提交|报)([^\s{_PUNCT}（()）“”]{{2,30}})"
)
_OFFICE_END = ("局", "办", "办公室", "中心", "委员会", "委", "部", "组", "处", "科", "室", "站")
_ALIAS = re.compile(r"[（(]以下简称[“\"]?([^”\"（()）]{2,16})[”\"]?[)）]")
_LEVELS = ("新区", "市", "区", "县", "镇", "乡")


def _aliases(text: NoticeText) -> dict[str, str]:
    """ "市政务公开和政务服务工作领导小组办公室（以下简称“市政务公开办”）" → short: full."""
    found = {}
    for _, sentence in _pieces(text):
        for match in _ALIAS.finditer(sentence):
            before = re.split(
                rf"[{_PUNCT}（()）“”\"]", sentence[max(0, match.start() - 40) : match.start()]
            )
            if before[-1]:
                found[match[1]] = before[-1]
    return found


def _same_body(name: str, issuer: str) -> bool:
    """Whether ``name`` is how the notice names its own issuer ("新区政务公开…办公室")."""
    if issuer.endswith(name) or name.endswith(issuer):
        return True
    return any(name.startswith(level) and issuer.endswith(name[len(level) :]) for level in _LEVELS)


def recipient(text: NoticeText, *, issuer: str | None, where: Where = None) -> str | None:
    """Who filings and reports go to, when not the issuer (大祥区: 区行政审批服务局)."""
    aliases = None
    for index, sentence in _pieces(text):
        for match in _SENDS.finditer(sentence):
            name = match[1]
            if not name.endswith(_OFFICE_END):
                continue
            if aliases is None:
                aliases = _aliases(text)
            full = aliases.get(name, name)
            if issuer and (_same_body(full, compact(issuer)) or _same_body(name, compact(issuer))):
                return None
            note(where, "recipient", index)
            return name
    return None


# --- the column -------------------------------------------------------------------------------

_COLUMN = re.compile(
    r"在(?P<site>[^\s在,，。;；:：、“”\"]{0,16}?网站)(?:开设|设立|开辟)?"
    r"(?P<name>[“\"][^”\"]{0,40}专栏[”\"]|[“\"][^”\"]{1,40}[”\"](?:活动)?专栏"
    r"|[^,，。;；:：“”\"]{0,30}?专栏)"
)
_RESULTS = re.compile(
    r"在(?P<site>[^\s在,，。;；:：、“”\"]{0,16}?网站)(?:展示|公开|发布)[^,，。;；]{0,20}?"
    r"(?:成果|信息|动态)"
)
_GENERIC_COLUMNS = ("专栏", "活动专栏", "主题日专栏", "主题日活动专栏")


def column(text: NoticeText, where: Where = None) -> tuple[str | None, str | None]:
    """(name, site) of the column the activities are published in; the site alone when the
    notice names no column ("在政府网站开设活动专栏", "在…门户网站展示各单位活动成果")."""
    site = None
    for index, sentence in _pieces(text):
        if match := _COLUMN.search(sentence):
            name = match["name"]
            if name.startswith(("“", '"')) and name.endswith(("”", '"')):
                name = name[1:-1]
            named = name not in _GENERIC_COLUMNS
            if named:
                note(where, "column_name", index)
            note(where, "column_site", index)
            return (name if named else None), match["site"]
        if site is None and (match := _RESULTS.search(sentence)):
            site = match["site"]
            note(where, "column_site", index)
    return None, site


# --- what it counts towards -------------------------------------------------------------------

_ASSESSMENT = re.compile(r"纳入([^。;；,，]{2,60})")
_COUNTS = re.compile(r"考核|评估|考评|督查|任务|行动")


def assessment(text: NoticeText, where: Where = None) -> str | None:
    """ "纳入长沙市对浏阳市2023年政务公开绩效考核和湖南省第三方评估指标范围" → what follows 纳入."""
    for index, sentence in _pieces(text):
        for match in _ASSESSMENT.finditer(sentence):
            if _COUNTS.search(match[1]):
                note(where, "assessment", index)
                return match[1]
    return None


# --- the documents it implements --------------------------------------------------------------

_BASIS = re.compile(r"根据|依据|按照|贯彻落实|落实")
_NUMBER = re.compile(r"[（(]([^（()）]{2,30}?号)[)）]")
# "〔20231号": the closing bracket lost between year and number.
_LOST_BRACKET = re.compile(r"([〔\[［(（])((?:19|20)\d{2})(\d{1,4}号)$")
_OWN = ("见附件", "附件", "以下简称")
_SEPARATORS = "、,，和及与)）"


def basis_documents(text: NoticeText, where: Where = None) -> list[dict]:
    """The documents the notice implements: [{"title", "number"}] ("根据《…》（…号）")."""
    for index, sentence in _pieces(text):
        basis = _BASIS.search(sentence)
        if not basis or "》" not in sentence:
            continue
        # The clause after 根据: up to the first comma after its first title.
        clause = sentence[basis.end() :]
        first = clause.find("》")
        stop = re.search(r"[,，;；。]", clause[first:]) if first != -1 else None
        clause = clause[: first + stop.start()] if stop else clause
        documents = _titles(clause)
        if documents:
            note(where, "basis_documents", index)
            return documents
    return []


def _titles(clause: str) -> list[dict]:
    documents, start = [], 0
    while (end := clause.find("》", start)) != -1:
        opening = clause.rfind("《", start, end)
        title = (
            clause[opening + 1 : end] if opening != -1 else clause[start:end].lstrip(_SEPARATORS)
        )
        after = clause[end + 1 :]
        number = _NUMBER.match(after)
        start = end + 1 + (number.end() if number else 0)
        if not title or after.lstrip("（(").startswith(_OWN):
            continue
        documents.append({"title": title, "number": _repaired(number[1]) if number else None})
    return documents


def _repaired(number: str) -> str:
    return _LOST_BRACKET.sub(lambda m: f"{m[1]}{m[2]}〕{m[3]}", number)


# --- forms named in prose ---------------------------------------------------------------------

_FORM_ITEM = rf"[^\s{_PUNCT}和或及等“”\"]{{2,8}}"
_PROSE_FORMS = re.compile(
    rf"(?:开展|融合|结合|采取|采用|包括|通过)((?:{_FORM_ITEM}(?:、|和|或|及)){{1,11}}{_FORM_ITEM})"
    r"(?:等多种|等)?(?:形式|方式)"
)


def prose_forms(text: NoticeText, where: Where = None) -> list[str]:
    """Forms a notice without a forms section names in its sentences (浏阳市: "开展实地调研和
    现场观摩形式的…活动时，…可以融合座谈、互动交流、政策宣传、问卷调查等多种形式")."""
    for index, sentence in _pieces(text):
        names = []
        for match in _PROSE_FORMS.finditer(sentence):
            items = re.split(r"、|和|或|及", match[1])
            if sum(kind_of(item) != FormKind.OTHER for item in items) >= len(items) - 1:
                names.extend(items)
        if len(names) >= 2:
            note(where, "forms", index)
            return list(dict.fromkeys(names))
    return []
