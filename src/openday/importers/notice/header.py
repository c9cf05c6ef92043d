"""Who issued the notice, when, under which number and title.

The signature (the office's name above the date) is the best witness for issuer and date; the
letterhead ("…办公室文件") and a "…印发" footer are fallbacks. The document number is the one
standing on its own line, never one cited in a sentence ("根据《…》（湘政务公开办发〔2023〕1号）").
Given a ``found`` dict, each reader puts there, under its fact's name, the lines it read the
fact from, as the document writes them.
"""

import datetime as dt
import re

from openday.importers.cells import compact_title
from openday.importers.limits import count
from openday.importers.notice.text import (
    DATE,
    Found,
    NoticeText,
    keep,
    normal,
    standalone_date,
    to_date,
    to_number,
)
from openday.orgs.names import looks_like_unit

_OPEN = re.escape("〔[［(（【")
_CLOSE = re.escape("〕]］)）】")
_DOC_NUMBER = re.compile(
    rf"[\u4e00-\u9fff]{{1,16}}[{_OPEN}](?:19|20)\d{{2}}[{_CLOSE}]第?\d{{1,4}}号"
    r"(?:签发人[:：].*)?"
)
_TITLE_END = re.compile(r"(通知|通报|方案|意见|函|决定)$")
_TITLE_HINT = re.compile(r"政务公开主题日.*(通知|方案|计划|安排表)$")
_SENTENCE_MARKS = re.compile(r"[。，,；;：:!?！？]")
# "XX办公室 2024年3月1日印发" (the footer), or office and date on one line.
_FOOTER = re.compile(rf"^(?P<issuer>.+?)(?:{DATE})(?:印发)?$")
_TITLE_YEAR = re.compile(r"(\d{4}|[〇○零一二三四五六七八九]{4})年")
_BODY_YEAR = re.compile(r"(\d{4})年度?[“\"]?政务公开主题日")
_SOURCE = re.compile(r"来源[:：](?P<issuer>[\u4e00-\u9fff“”]{4,40}?)(?=时间|发布|$)")
_LIST_START = re.compile(r"^(?:\d|附件|[（(一二三四五六七八九十])")


def doc_number(text: NoticeText, found: Found = None) -> str | None:
    for line in text.lines:
        if _DOC_NUMBER.fullmatch(normal(line)):
            keep(found, "doc_number", line)
            compact = re.sub(r"\s+", "", line)
            return re.sub(r"签发人[:：].*$", "", compact)
    return None


def title(text: NoticeText, found: Found = None) -> str | None:
    """ "关于印发《…》的通知", joined back when wrapped; else a "…政务公开主题日…方案" heading."""
    for index, line in enumerate(text.lines):
        compact = normal(line)
        if not compact.startswith("关于") or len(compact) > 100 or "。" in compact:
            continue
        parts = [line]
        for following in text.lines[index + 1 : index + 3]:
            if _TITLE_END.search(normal(" ".join(parts))):
                break
            parts.append(following)
        joined = compact_title(" ".join(parts))
        if _TITLE_END.search(joined) and len(joined) <= 100:
            keep(found, "title", *parts)
            return joined
    for line in text.lines[:15]:
        compact = normal(line)
        short = len(compact) <= 60 and not _SENTENCE_MARKS.search(compact)
        if short and _TITLE_HINT.search(compact):
            keep(found, "title", line)
            return compact_title(line)
    return None


def year_of(title_text: str | None, text: NoticeText, found: Found = None) -> int | None:
    """The campaign year: from the title, else from "2023 年“政务公开主题日”" in the text."""
    if title_text and (match := _TITLE_YEAR.search(normal(title_text))):
        if found and "title" in found:
            keep(found, "year", found["title"])
        return to_number(match[1])
    for index, sentence in enumerate(text.sentences):
        count(text.work, len(sentence))
        if match := _BODY_YEAR.search(sentence):
            keep(found, "year", text.quotes[index])
            return int(match[1])
    return None


def signature(text: NoticeText, found: Found = None) -> tuple[str | None, dt.date | None]:
    """Issuer and issue date from the signature block, the letterhead or a "…印发" footer."""
    issuer, issued_on = None, None
    for index, line in enumerate(text.lines):
        if issued_on := standalone_date(line):
            issuer = _issuer_above(text.lines[:index])
            keep(found, "issued_on", line)
            if issuer:
                wrapped = normal_keep(text.lines[index - 1]) != issuer
                keep(found, "issuer", *text.lines[index - 1 - wrapped : index])
            break
    if issuer is None or issued_on is None:
        for line in text.lines:
            match = _FOOTER.match(normal(line))
            if match and _is_office(match["issuer"]):
                issuer = issuer or match["issuer"]
                keep(found, "issuer", line)
                if issued_on is None:
                    issued_on = to_date(match["year"], match["month"], match["day"])
                    keep(found, "issued_on", line)
                break
    return issuer or _letterhead(text, found), issued_on


def _issuer_above(lines: list[str]) -> str | None:
    if not lines or not _is_office(lines[-1]):
        return None
    name = normal_keep(lines[-1])
    # A long name wrapped over two lines: the first part ends in mid-phrase ("…转变和").
    if len(lines) >= 2:
        head = normal(lines[-2])
        if (
            len(head) <= 30
            and not looks_like_unit(head)
            and not _SENTENCE_MARKS.search(head)
            and not _LIST_START.match(head)
        ):
            name = normal_keep(lines[-2]) + name
    return name


def _is_office(line: str) -> bool:
    compact = normal(line)
    return (
        4 <= len(compact) <= 40 and looks_like_unit(compact) and not _SENTENCE_MARKS.search(compact)
    )


def _letterhead(text: NoticeText, found: Found = None) -> str | None:
    for line in text.lines[:10]:
        compact = normal_keep(line)
        if compact.endswith("文件") and _is_office(compact.removesuffix("文件")):
            keep(found, "issuer", line)
            return compact.removesuffix("文件")
    for line in text.lines[:10]:
        if match := _SOURCE.search(normal(line)):
            keep(found, "issuer", line)
            return match["issuer"]
    return None


def normal_keep(line: str) -> str:
    """Spaces removed, characters kept as the document writes them."""
    return re.sub(r"\s+", "", line)
