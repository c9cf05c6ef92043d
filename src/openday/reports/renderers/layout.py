"""What the .xlsx and .docx renderers share: fonts, text widths, column widths, and the clean
copy of a table they write (no stored value can break a file)."""

import dataclasses
import math

from openday.core.text import one_line, strip_controls
from openday.reports.tables import Cell, Table

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


def clean_cell(value: Cell) -> Cell:
    """Text as a file can carry it: no control characters (XML refuses them), line breaks
    kept; numbers as they are."""
    return strip_controls(value) if isinstance(value, str) else value


def clean_table(table: Table) -> Table:
    """``table`` with every text a renderer writes cleaned: the title and the mark on one line,
    the other texts without control characters. Whatever a liaison typed, the file opens."""
    return dataclasses.replace(
        table,
        title=one_line(table.title),
        mark=one_line(table.mark),
        subtitle_lines=[strip_controls(line) for line in table.subtitle_lines],
        header=[strip_controls(str(words)) for words in table.header],
        rows=[[clean_cell(value) for value in row] for row in table.rows],
    )


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
    # A column that must not wrap gets at most a third of the page, and all of them together
    # never more than the page: a phone number typed as a paragraph still leaves room.
    needs = [
        min(need, total / 3) if index in table.nowrap_columns else need
        for index, need in enumerate(needs)
    ]
    if sum(needs) > total:
        scale = total / sum(needs)
        needs = [need * scale for need in needs]
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
