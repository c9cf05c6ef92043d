"""Header words of plan tables → column keys, whatever the document calls its columns."""

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
_LOOKUP = {word: key for key, words in _WORDS.items() for word in words}
_BRACKETS = re.compile(r"[（(][^（()）]*[)）]")


def header_key(text: str) -> str | None:
    """ "活动时间(月份)" → "month"; "活动方式" → "forms"; anything else → None."""
    word = unicodedata.normalize("NFKC", text).replace(" ", "").strip().lstrip("#").strip("：:")
    if not word:
        return None
    return _LOOKUP.get(word) or _LOOKUP.get(_BRACKETS.sub("", word))


def header_mapping(cells: list[str]) -> dict[int, str] | None:
    """Column index → key when ``cells`` reads as a plan table's header row, else None.

    A header names at least three different columns, one of them the activity's title, and
    (almost) every non-empty cell is a known header word.
    """
    mapping: dict[int, str] = {}
    unknown = 0
    for index, cell in enumerate(cells):
        if not cell.strip():
            continue
        key = header_key(cell)
        if key is None or key in mapping.values():
            unknown += 1
            continue
        mapping[index] = key
    keys = set(mapping.values())
    if PlanColumn.TITLE not in keys and PlanColumn.BRIEF in keys:
        # "活动内容" names the activity where no 活动主题 column exists.
        index = next(i for i, k in mapping.items() if k == PlanColumn.BRIEF)
        mapping[index] = PlanColumn.TITLE
        keys = set(mapping.values())
    if len(keys) < 3 or PlanColumn.TITLE not in keys or unknown > max(1, len(mapping) // 3):
        return None
    return mapping
