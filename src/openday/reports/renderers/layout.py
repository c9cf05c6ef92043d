"""What the .xlsx and .docx renderers share: fonts, text widths and column widths."""

import math

from openday.reports.tables import Table

TITLE_FONT = "黑体"
BODY_FONT = "宋体"
TITLE_SIZE = 18  # 小二
BODY_SIZE = 11

# A column whose header and values are this short (in CJK characters) is sized to fit them on
# one line, so "序号" and "5-6月" never wrap however wide the other columns ask to be.
_SHORT = 6


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
    never narrower than a short column's longest text."""
    columns = list(zip(table.header, *table.rows, strict=True)) if table.rows else []
    columns = columns or [(words,) for words in table.header]
    needs = [
        max((text_width(value) for value in column if text_width(value) <= _SHORT), default=0)
        * char
        + padding
        for column in columns
    ]
    fixed: dict[int, float] = {}
    while True:
        free = [index for index in range(len(needs)) if index not in fixed]
        room = total - sum(fixed.values())
        share = sum(table.widths[index] for index in free)
        widths = {index: room * table.widths[index] / share for index in free} if share else {}
        narrow = {index: needs[index] for index, width in widths.items() if width < needs[index]}
        if not narrow or len(narrow) == len(free):
            fixed.update(narrow)
            break
        fixed.update(narrow)
    widths.update(fixed)
    return [widths[index] for index in range(len(needs))]
