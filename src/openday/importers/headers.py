"""Header words of plan tables → column keys, whatever the document calls its columns.

Besides the campaign's plan columns (``PlanColumn``), a table may have columns the activity
keeps as details (活动地点, 邀请对象, 拟参与人数, 备注: ``DETAIL_KEYS``); any other column of a
header row is kept under ``extra:<header words>`` and reported.
"""

import re
import unicodedata

from openday.campaigns.enums import PlanColumn

_WORDS: dict[str, tuple[str, ...]] = {
    PlanColumn.SEQ: ("序号", "编号", "序", "No", "NO"),
    PlanColumn.MONTH: (
        "活动时间",
        "开展时间",
        "时间",
        "活动月份",
        "月份",
        "计划时间",
        "时间安排",
        "举办时间",
        "实施时间",
        "计划开展时间",
        "活动日期",
        "开展月份",
        "拟开展时间",
    ),
    PlanColumn.TITLE: ("活动主题", "主题", "活动名称", "活动项目", "主题名称", "活动主题名称"),
    PlanColumn.FORMS: ("活动形式", "活动方式", "形式", "方式", "开展形式", "开展方式", "活动类型"),
    PlanColumn.UNITS: (
        "责任单位",
        "单位",
        "承办单位",
        "牵头单位",
        "主办单位",
        "实施单位",
        "责任部门",
        "承办部门",
        "主办部门",
        "牵头部门",
        "单位名称",
        "部门",
        "组织单位",
        "活动单位",
        "责任单位（部门）",
        "牵头责任单位",
    ),
    PlanColumn.BRIEF: ("活动简介", "简介", "内容简介", "主要内容", "活动内容", "具体内容"),
}
VENUE, INVITEES, SIZE, NOTE = "venue", "invitees", "expected_size", "note"
DETAIL_KEYS = (VENUE, INVITEES, SIZE, NOTE)
EXTRA = "extra:"
_WORDS[VENUE] = ("活动地点", "地点", "举办地点", "开展地点", "活动场所", "活动地址", "地址")
_WORDS[INVITEES] = (
    "邀请对象",
    "活动邀请对象",
    "参与对象",
    "参加对象",
    "活动对象",
    "邀请人员",
    "参与人员",
    "拟邀请对象",
)
_WORDS[SIZE] = (
    "拟参与人数",
    "参与人数",
    "预计参与人数",
    "参加人数",
    "拟参加人数",
    "拟邀请人数",
    "活动规模",
    "规模",
)
_WORDS[NOTE] = ("备注", "说明", "备注说明")
_LOOKUP = {word: key for key, words in _WORDS.items() for word in words}
_BRACKETS = re.compile(r"[（(][^（()）]*[)）]")


def header_key(text: str) -> str | None:
    """ "活动时间(月份)" → "month"; "活动方式" → "forms"; anything else → None."""
    word = unicodedata.normalize("NFKC", text).replace(" ", "").strip().lstrip("#").strip("：:")
    if not word:
        return None
    return _LOOKUP.get(word) or _LOOKUP.get(_BRACKETS.sub("", word))


def is_extra(key: str) -> bool:
    return key.startswith(EXTRA)


def extra_key(text: str) -> str:
    """The key of a column no known header word names: ``extra:`` and its words, folded (NFKC)
    and without spaces."""
    return EXTRA + unicodedata.normalize("NFKC", text).replace(" ", "").strip()


def could_be_header(text: str) -> bool:
    """An unknown column's header: short words, not a number, a date or a sentence."""
    word = unicodedata.normalize("NFKC", text).strip()
    return 0 < len(word) <= 16 and not any(ch.isdigit() for ch in word) and "。" not in word


def header_mapping(cells: list[str]) -> dict[int, str] | None:
    """Column index → key when ``cells`` reads as a plan table's header row, else None.

    A header names at least three different known columns, one of them the activity's title,
    and most of its non-empty cells are known header words. The others become
    ``extra:<words>`` columns; a second title column ("活动主题" beside "活动名称") is the
    brief where the table has none.
    """
    mapping: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue
        key = header_key(cell)
        if key == PlanColumn.TITLE and key in mapping.values():
            key = PlanColumn.BRIEF
        if key is None or key in mapping.values():
            unknown[index] = cell
            continue
        mapping[index] = key
    keys = set(mapping.values())
    if PlanColumn.TITLE not in keys and PlanColumn.BRIEF in keys:
        # "活动内容" names the activity where no 活动主题 column exists.
        index = next(i for i, k in mapping.items() if k == PlanColumn.BRIEF)
        mapping[index] = PlanColumn.TITLE
        keys = set(mapping.values())
    if len(keys) < 3 or PlanColumn.TITLE not in keys:
        return None
    if len(unknown) > max(1, len(mapping) // 2) or not all(map(could_be_header, unknown.values())):
        return None
    for index, cell in unknown.items():
        mapping[index] = extra_key(cell)
    return dict(sorted(mapping.items()))
