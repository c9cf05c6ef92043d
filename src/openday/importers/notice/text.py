"""A notice as text to search: tidy lines, one flat normalised text, numbers and dates.

Notices arrive with their sentences broken over blank lines (PDF conversion), full-width digits,
spaces around numbers ("提前 5 个工作日") and Chinese numerals ("提前三个工作日",
"二〇二四年三月一日"). Everything here is pure: strings in, values out.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from openday.importers.limits import Work, count
from openday.importers.numerals import to_number
from openday.orgs.names import clean_text

CN_DIGITS = "〇○零一二两三四五六七八九"
CN_NUMERALS = CN_DIGITS + "十百"
# An amount written in digits or Chinese numerals: "5", "三", "十五", "二〇二四". Bounded and
# whole (never the tail of a longer run): an unbounded run let a pattern walk 100 KB of digits
# from each start, and a 5,000-digit "count" is no count at all.
NUM = (
    rf"(?:(?<!\d)\d{{1,6}}(?!\d)"
    rf"|(?<![{CN_NUMERALS}])[{CN_NUMERALS}]{{1,6}}(?![{CN_NUMERALS}]))"
)
_YEAR = rf"(?:\d{{4}}|[{CN_DIGITS}]{{4}})"
_MONTH_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE = rf"(?P<year>{_YEAR})年(?P<month>{_MONTH_DAY})月(?P<day>{_MONTH_DAY})[日号]"
_STANDALONE_DATE = re.compile(rf"^{DATE}$")
_PUBLISHED = re.compile(r"(?:发布)?(?:时间|日期)[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")


# The start of a heading or a list item: "三、", "（一）", "一)", "(1)", "1." — and "附件".
MARKER = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]{1,3})[、.．]"
    r"|[（(](?P<pcn>[一二三四五六七八九十]{1,3})[)）]"
    r"|(?P<hcn>[一二三四五六七八九十]{1,3})[)）]"
    r"|[（(](?P<pd>\d{1,2})[)）]"
    r"|(?P<d>\d{1,2})[、.．)）](?!\d))"
)
_BREAKS_BEFORE = re.compile(r"^(?:#|、|附件)")
_SENTENCE_END = r"[。\n!?]"
_MARKDOWN = re.compile(r"^(?:#+|[-*>]\s+)\s*")

# Where a reader read its fact: sentence indexes (``NoticeText.quotes``) by fact name, or the
# lines as the document writes them; None when nobody asks.
Where = dict[str, int] | None
Found = dict[str, str] | None


def note(where: Where, key: str, index: int) -> None:
    """Note the first sentence ``key`` was read from."""
    if where is not None:
        where.setdefault(key, index)


def keep(found: Found, key: str, *lines: str) -> None:
    """Keep the first lines ``key`` was read from, as written (stripped, joined by a space)."""
    if found is not None:
        found.setdefault(key, " ".join(line.strip() for line in lines))


def to_date(year: str | int, month: str, day: str) -> dt.date | None:
    """A calendar date from matched parts; None when the parts name no real day."""
    try:
        return dt.date(to_number(str(year)), to_number(month), to_number(day))
    except ValueError:
        return None


def normal(text: str) -> str:
    """For matching: full-width forms folded (NFKC) and every space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def marker_style(line: str) -> str | None:
    """Which numbering a line starts with: "cn" (三、), "pcn" (（一）), "pd" ((1)), "d" (1.)."""
    match = MARKER.match(normal(line))
    if not match:
        return None
    style = next(name for name, value in match.groupdict().items() if value)
    return "pcn" if style == "hcn" else style


def strip_marker(line: str) -> str:
    return MARKER.sub("", normal(line), count=1)


@dataclass
class NoticeText:
    """The prose of a notice: table rows (tab-separated lines) are left out."""

    lines: list[str]
    flat: str = ""
    # Counts what the readers scan (``importers.limits.Work``); None when nobody asks.
    work: Work | None = field(default=None, repr=False, compare=False)
    sentences: list[str] = field(default_factory=list)
    # Each sentence as the document writes it (its spaces and full-width marks kept), for
    # showing where a fact was read; ``sentences[i]`` is the searchable form of ``quotes[i]``.
    quotes: list[str] = field(default_factory=list, repr=False)

    @classmethod
    def from_lines(cls, raw_lines: list[str], work: Work | None = None) -> "NoticeText":
        lines = []
        # A .docx paragraph may hold several lines (soft breaks between office and date).
        for raw in (piece for block in raw_lines for piece in block.splitlines()):
            count(work, 1 + len(raw))
            if "\t" in raw:
                continue
            line = clean_text(_MARKDOWN.sub("", raw.strip()).replace("**", ""))
            if line:
                lines.append(line)
        text = cls(lines=lines, work=work)
        text.flat = text._flatten()
        text.sentences = [s for s in re.split(_SENTENCE_END, text.flat) if s]
        text.quotes = text._quotes()
        return text

    def _quotes(self) -> list[str]:
        """The sentences in the document's own characters.

        ``flat`` is built line by line from ``normal``; built again character by character,
        each searchable character remembers what the document had (with the spaces before
        it). A line whose characters do not normalise one by one as they do together (never
        seen in Chinese prose) is quoted in its searchable form.
        """
        shown: list[str] = []
        for index, line in enumerate(self.lines):
            compact = normal(line)
            if index and (MARKER.match(compact) or _BREAKS_BEFORE.match(compact)):
                shown.append("")
            pieces, pending = [], []
            for ch in line:
                piece = normal(ch)
                if not piece:
                    pending.append(ch)
                    continue
                pieces.append((piece, "".join(pending) + ch))
                pending = []
            if "".join(piece for piece, _ in pieces) != compact:
                shown.extend(compact)
                continue
            for piece, original in pieces:
                shown.extend([original] + [""] * (len(piece) - 1))
        quotes = []
        for match in re.finditer(rf"[^{_SENTENCE_END[1:-1]}]+", self.flat):
            end = match.end()
            closing = shown[end] if end < len(shown) and self.flat[end] != "\n" else ""
            quotes.append(("".join(shown[match.start() : end]) + closing).strip())
        return quotes

    def _flatten(self) -> str:
        """One text; a line break ends a sentence only before a heading or list item.

        A sentence broken over lines ("参加的" / "工作人员 6 人以上") is joined back.
        """
        parts = []
        for index, line in enumerate(self.lines):
            compact = normal(line)
            starts_block = bool(MARKER.match(compact) or _BREAKS_BEFORE.match(compact))
            if index and starts_block:
                parts.append("\n")
            parts.append(compact)
        return "".join(parts)


def standalone_date(line: str) -> dt.date | None:
    """A line that is only a date ("2023 年 3 月 3 日", "二〇二四年三月一日")."""
    match = _STANDALONE_DATE.match(normal(line))
    return to_date(match["year"], match["month"], match["day"]) if match else None


def published_date(lines: list[str], found: Found = None) -> dt.date | None:
    """The posting date of a web page ("来源:… 时间:2025-05-14"), which is not the issue date."""
    for line in lines[:12]:
        if match := _PUBLISHED.search(normal(line)):
            keep(found, "published_on", line)
            return to_date(match[1], match[2], match[3])
    return None
