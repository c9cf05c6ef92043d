"""A report as a format-neutral table: what selectors produce and every renderer consumes.

Selectors fill a ``Table`` with typed, already formatted cells; renderers only lay it out, so
one table gives the same content as .xlsx, .docx and .csv.
"""

from dataclasses import dataclass, field
from typing import Literal

Cell = str | int
Align = Literal["left", "center"]


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    # A column whose equal consecutive values are shown once (the official plan table writes
    # each month only on its first row).
    merge_column: int | None = None
    # Relative widths, one per column; renderers scale them to the printable width.
    column_widths: list[float] | None = None
    # Lines between the title and the table, such as "填报单位（公章）：".
    subtitle_lines: list[str] = field(default_factory=list)
    # Horizontal alignment per column; short codes read best centred, sentences left.
    column_align: list[Align] | None = None
    # The line above the title that marks an attachment of a notice ("附件1"), as printed.
    mark: str = ""
    # Columns whose values never wrap (phone numbers): each as wide as its longest value.
    nowrap_columns: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        width = len(self.header)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} cells, the header has {width}")
        for name in ("column_widths", "column_align"):
            value = getattr(self, name)
            if value is not None and len(value) != width:
                raise ValueError(f"{name} has {len(value)} entries, the header has {width}")
        if self.merge_column is not None and not 0 <= self.merge_column < width:
            raise ValueError(f"merge_column {self.merge_column} is not a column")
        for column in self.nowrap_columns:
            if not 0 <= column < width:
                raise ValueError(f"nowrap column {column} is not a column")

    @property
    def widths(self) -> list[float]:
        return self.column_widths or [1.0] * len(self.header)

    def align(self, column: int) -> Align:
        return self.column_align[column] if self.column_align else "center"


def merge_runs(table: Table, *, longest: int | None = None) -> list[tuple[int, int]]:
    """Runs of equal, non-empty consecutive values in the merge column: (first, last) row
    indexes, both inclusive, for runs of two rows or more. With ``longest``, a longer run is
    cut into runs of at most that many rows, each showing the value again."""
    if table.merge_column is None:
        return []
    runs: list[tuple[int, int]] = []
    start = 0
    values = [row[table.merge_column] for row in table.rows]
    for index in range(1, len(values) + 1):
        if index < len(values) and values[index] == values[start]:
            continue
        if values[start] != "":
            step = longest or index - start
            runs += [
                (first, min(first + step, index) - 1)
                for first in range(start, index, step)
                if min(first + step, index) - first > 1
            ]
        start = index
    return runs
