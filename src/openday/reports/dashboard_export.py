"""The dashboard's tables, the region comparison and the assessment as .xlsx.

Each ``DataTable`` of ``reports.dashboard`` (or any title, header and rows, as the assessment
gives them) becomes a ``Table`` with its cells formatted — a rate as "85.0%", a missing value
as "—" — and ``renderers.render_xlsx`` (openpyxl) writes it: control characters stripped by
``layout.clean_table``, text never a formula, the printed layout of every openday table.
"""

from collections.abc import Sequence

from openday.reports.dashboard import DataTable
from openday.reports.renderers import render_xlsx
from openday.reports.tables import Cell, Table

MISSING = "—"


def cell(value, *, percent: bool = False) -> Cell:
    """A typed value as the table shows it."""
    if value is None:
        return MISSING
    if percent:
        return f"{value:.1f}%"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool):
        return "是" if value else "否"
    return value if isinstance(value, int) else str(value)


def format_row(row: Sequence, percent_columns: Sequence[int] = ()) -> list[Cell]:
    return [cell(value, percent=index in percent_columns) for index, value in enumerate(row)]


def formatted_rows(table: DataTable) -> list[list[Cell]]:
    """The table's rows and its totals line, formatted."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    return [format_row(row, table.percent_columns) for row in rows]


def data_table(table: DataTable, *, subtitle: str = "") -> Table:
    width = len(table.header)
    return Table(
        title=table.title,
        header=list(table.header),
        rows=formatted_rows(table),
        column_widths=[24, *([10] * (width - 1))],
        column_align=["left", *(["center"] * (width - 1))],
        subtitle_lines=[line for line in (subtitle, table.note) if line],
    )


def dashboard_xlsx(table: DataTable, *, subtitle: str = "") -> bytes:
    """One table of the dashboard (or the comparison) as an .xlsx file."""
    return render_xlsx(data_table(table, subtitle=subtitle))


def rows_xlsx(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence],
    *,
    widths: Sequence[float] | None = None,
    subtitle: str = "",
) -> bytes:
    """Any rows of typed values (the assessment's) as an .xlsx file."""
    width = len(header)
    return render_xlsx(
        Table(
            title=title,
            header=list(header),
            rows=[[cell(value) for value in row] for row in rows],
            column_widths=list(widths) if widths else None,
            column_align=[
                "left" if index == 0 or index == width - 1 else "center" for index in range(width)
            ],
            subtitle_lines=[subtitle] if subtitle else [],
        )
    )
