"""What the .xlsx and .docx renderers share: fonts, text widths and column widths."""

import math

from openday.reports.tables import Table

TITLE_FONT = "黑体"
BODY_FONT = "宋体"
TITLE_SIZE = 18  # 小二
BODY_SIZE = 11
MARK_SIZE = 14  # "附件1" above the title: 黑体, smaller than the title

# A column whose header and values are this short (in CJK characters) is sized to fit them on
# one line, so "序号" and "5-6月" never wrap however wide the other columns ask to be.
_SHORT = 6
# A header this short is kept on one line, so "活动覆盖人数(人)" never leaves its ")" alone on a
# second line; a longer one wraps. Half a character spare: fonts differ on "(" and digits.
_HEADER_ONE_LINE = 9
_SPARE = 0.5


def text_width(text: str) -> float:
    """Width in CJK characters: Latin letters and digits are about half as wide."""
    return sum(1.0 if ord(char) >= 0x2E80 or char in "“”‘’" else 0.55 for char in str(text))


def line_count(text: str, characters: float) -> int:
    """Lines ``text`` takes wrapped in a column ``characters`` CJK characters wide."""
    return sum(
        max(1, math.ceil(text_width(line) / max(characters, 1))) for line in str(text).split("\n")
    )


def fit_widths(table: Table, total: float, char: float, padding: float) -> list[float]:
    """Column widths summing to ``total`` (any unit; ``char`` is one CJK character and
    ``padding`` a cell's inner margins in it), shared out by the table's relative widths but
    never narrower than a short column's longest text, a short header, or anything in a
    column that must not wrap."""
    columns = list(zip(table.header, *table.rows, strict=True))
    needs = []
    for index, column in enumerate(columns):
        if index in table.nowrap_columns:
            longest = max(text_width(value) for value in column) + _SPARE
        else:
            longest = max(
                (text_width(value) for value in column if text_width(value) <= _SHORT), default=0
            )
            header = text_width(column[0])
            if _SHORT < header <= _HEADER_ONE_LINE:
                longest = max(longest, header + _SPARE)
        needs.append(longest * char + padding)
    fixed: dict[int, float] = {}
    while True:
        free = [index for index in range(len(needs)) if index not in fixed]
        room = total - sum(fixed.values())
        share = sum(table.widths[index] for index in free)
        widths = {index: room * table.widths[index] / share for index in free} if share else {}
        narrow = {index: needs[index] for index, width in widths.items() if width < needs[index]}
        fixed.update(narrow)
        if not narrow or len(narrow) == len(free):
            break
    widths.update(fixed)
    return [widths[index] for index in range(len(needs))]


def page_breaks(
    heights: list[float], runs: list[tuple[int, int]], first_room: float, room: float
) -> list[int]:
    """Row indexes after which a page should end so that no run of merged rows (a month)
    straddles two pages: a merged cell shows its text on its first page only. A run taller
    than a page is split where the page is full. ``first_room`` is the first page's height
    left under the title, ``room`` a later page's under the repeated header."""
    starts = dict(runs)
    groups, index = [], 0
    while index < len(heights):
        last = starts.get(index, index)
        groups.append((index, last))
        index = last + 1
    breaks: list[int] = []
    used, capacity = 0.0, first_room
    for first, last in groups:
        height = sum(heights[first : last + 1])
        if used + height <= capacity:
            used += height
            continue
        if used and height <= room:
            breaks.append(first - 1)
            used, capacity = height, room
            continue
        for index in range(first, last + 1):
            if used and used + heights[index] > capacity:
                breaks.append(index - 1)
                used, capacity = 0.0, room
            used += heights[index]
    return breaks
