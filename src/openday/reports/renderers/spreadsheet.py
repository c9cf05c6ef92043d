"""``Table`` → .xlsx (the printed layout, openpyxl) and → .csv (the bare data).

Both write a clean copy of the table (``layout.clean_table``), so a control character typed by
a liaison never breaks a file, and neither ever carries a formula: .xlsx cells of text are
strings (``_put``), CSV cells go through ``core.text.csv_cell``.
"""

import csv
import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from openday.core.text import csv_cell, looks_like_formula, one_line
from openday.reports.renderers.layout import (
    BODY_FONT,
    BODY_SIZE,
    MARK_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
    clean_table,
    fit_widths,
    line_count,
    page_breaks,
)
from openday.reports.tables import Cell, Table, merge_runs

# Printable width of A4 landscape with the margins below, in Excel column units (one unit is a
# Latin digit of the default font): about 140; a little less so fit-to-width rarely shrinks.
_TOTAL_WIDTH = 132
_CJK_WIDTH = 2.0  # an 11 pt CJK character in column units
_CELL_PADDING = 1.5
_LINE_HEIGHT = 15  # points per line of 11 pt text
_ROW_PADDING = 6
_MARGIN_Y = 0.7  # inches
# A4 landscape is 8.27 in high; what the margins leave, in points, less a little for rounding.
_PAGE_HEIGHT = (8.27 - 2 * _MARGIN_Y) * 72 - 6
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Excel's limits: characters in a cell (counted in UTF-16 units), a row's height in points, a
# column's width in its units. Past them Excel "repairs" the file or refuses it.
_MAX_CELL_UNITS = 32767
_MAX_ROW_HEIGHT = 409
_MAX_COLUMN_WIDTH = 255
_CUT = "…"


def _sheet_name(title: str) -> str:
    """What Excel accepts as a sheet's name: none of the characters it forbids, no quote at
    either end, at most 31 characters, and not its reserved "History"."""
    name = _SHEET_NAME_FORBIDDEN.sub("", one_line(title))[:31].strip("'")
    if name.lower() == "history":
        name = f"{name}1"
    return name or "Sheet1"


def _fit_cell(text: str) -> str:
    """``text`` cut to what one Excel cell holds, marked with an ellipsis when cut."""
    if len(text) <= _MAX_CELL_UNITS // 2:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > _MAX_CELL_UNITS - len(_CUT):
            return text[:index] + _CUT
    return text


def _put(sheet, row: int, column: int, value: Cell):
    """Write ``value``: text always as a string, never a formula, an error code or a number
    even if it reads like one ("=HYPERLINK(…)", "#N/A"); one that looks like a formula also
    gets Excel's quote prefix, so editing the cell keeps it text. Numbers stay numbers."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        text = _fit_cell(value)
        cell.value = text
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _write_title(sheet, table: Table) -> int:
    """The mark ("附件1", left, on a line of its own as notices print it), the title and the
    subtitle lines, each merged across the table; returns the header's row."""
    last_letter = get_column_letter(len(table.header))
    title_row = 2 if table.mark else 1
    if table.mark:
        mark = _put(sheet, 1, 1, table.mark)
        mark.font = Font(name=TITLE_FONT, size=MARK_SIZE)
        mark.alignment = Alignment(horizontal="left", vertical="center")
        sheet.merge_cells(f"A1:{last_letter}1")
        sheet.row_dimensions[1].height = 24
    title = _put(sheet, title_row, 1, table.title)
    title.font = Font(name=TITLE_FONT, size=TITLE_SIZE, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(f"A{title_row}:{last_letter}{title_row}")
    sheet.row_dimensions[title_row].height = 40
    for row, line in enumerate(table.subtitle_lines, start=title_row + 1):
        cell = _put(sheet, row, 1, line)
        cell.font = Font(name=BODY_FONT, size=BODY_SIZE)
        cell.alignment = Alignment(horizontal="left", vertical="center")
        sheet.merge_cells(f"A{row}:{last_letter}{row}")
        sheet.row_dimensions[row].height = 22
    return title_row + 1 + len(table.subtitle_lines)


def _write_grid(sheet, table: Table, header_row: int, widths: list[float]) -> list[float]:
    """The header and rows, bordered and wrapped; returns each row's height, header first."""
    side = Side(style="thin", color="000000")
    border = Border(left=side, right=side, top=side, bottom=side)
    fonts = [Font(name=BODY_FONT, size=BODY_SIZE, bold=True), Font(name=BODY_FONT, size=BODY_SIZE)]
    heights = []
    for offset, values in enumerate([table.header, *table.rows]):
        lines = 1
        for column, value in enumerate(values):
            cell = _put(sheet, header_row + offset, column + 1, value)
            cell.font = fonts[bool(offset)]
            cell.border = border
            align = table.align(column) if offset else "center"
            indent = 1 if align == "left" else 0
            cell.alignment = Alignment(
                horizontal=align, vertical="center", wrap_text=True, indent=indent
            )
            characters = (widths[column] - _CELL_PADDING) / _CJK_WIDTH
            lines = max(lines, line_count(value, characters))
        # Set, because Excel does not grow rows for wrapped text on its own.
        heights.append(min(lines * _LINE_HEIGHT + _ROW_PADDING, _MAX_ROW_HEIGHT))
        sheet.row_dimensions[header_row + offset].height = heights[-1]
    return heights


def _merge_months(sheet, table: Table, header_row: int, heights: list[float]) -> None:
    runs = merge_runs(table)
    if not runs:
        return
    letter = get_column_letter(table.merge_column + 1)
    for first, last in runs:
        sheet.merge_cells(f"{letter}{header_row + 1 + first}:{letter}{header_row + 1 + last}")
    # A merged cell shows its text on its first page only, so pages break between months. The
    # heights are ours and fit-to-width only ever shrinks: breaks placed by them hold.
    above_header = sum(sheet.row_dimensions[row].height for row in range(1, header_row))
    first_room = _PAGE_HEIGHT - above_header - heights[0]
    for index in page_breaks(heights[1:], runs, first_room, _PAGE_HEIGHT - heights[0]):
        sheet.row_breaks.append(Break(id=header_row + 1 + index))


def _set_up_printing(sheet, header_row: int) -> None:
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = _MARGIN_Y
    # The footer sits inside the bottom margin; openpyxl's default (0.5) would clip it.
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.oddFooter.center.text = _("第 &P 页，共 &N 页")


def render_xlsx(table: Table) -> bytes:
    table = clean_table(table)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_name(table.title)
    workbook.properties.title = table.title
    widths = fit_widths(table, _TOTAL_WIDTH, _CJK_WIDTH, _CELL_PADDING)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            round(width, 1), _MAX_COLUMN_WIDTH
        )
    header_row = _write_title(sheet, table)
    heights = _write_grid(sheet, table, header_row, widths)
    _merge_months(sheet, table, header_row, heights)
    _set_up_printing(sheet, header_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_csv(table: Table) -> bytes:
    """Header and rows, every value written out: a CSV is data, not a printed page, so the
    title and merged cells stay out. UTF-8 with a BOM so Excel reads the Chinese correctly.
    Text that a spreadsheet would run as a formula is neutralised (``csv_cell``); the numbers
    the table computed are written as numbers."""
    table = clean_table(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [table.header, *table.rows]:
        writer.writerow([csv_cell(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue().encode("utf-8-sig")
