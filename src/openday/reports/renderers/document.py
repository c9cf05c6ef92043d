"""``Table`` → .docx (python-docx), laid out like the plan table attached to a notice.

It writes a clean copy of the table (``layout.clean_table``): a control character typed by a
liaison never breaks the file.
"""

import io
import re

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from openday.core.text import one_line
from openday.reports.renderers.layout import (
    BODY_FONT,
    BODY_SIZE,
    MARK_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
    clean_table,
    fit_widths,
)
from openday.reports.tables import Table, merge_runs

_PAGE = (Mm(297), Mm(210))
_MARGIN = Mm(20)
_CELL_PADDING = Pt(11)  # Word's default left and right cell margins, 0.19 cm each
_ROW_HEIGHT = Mm(7)
# At most this many rows share one merged cell: about a page of them. A longer month shows its
# name again on each run, so every printed page has it, and a reader that walks a merged cell
# up to its first row (python-docx does, recursively) never goes deep.
MERGED_ROWS = 20


def set_title(document, title: str) -> None:
    """The file's title property: one line, cut to the 255 characters the format allows
    (python-docx refuses more); the page itself shows the whole title."""
    document.core_properties.title = one_line(title)[:255]


def _set_font(target, name: str, size: float, *, bold: bool = False) -> None:
    """Name the font of a run or style for Latin text and, through rFonts/eastAsia, for Chinese:
    Word and LibreOffice take Chinese glyphs' font from eastAsia only."""
    target.font.name = name
    target.font.size = Pt(size)
    target.font.bold = bold
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _add_run(paragraph, text: str, name: str, size: float, *, bold: bool = False) -> None:
    _set_font(paragraph.add_run(text), name, size, bold=bold)


def _append(parent, tag: str, **attributes: str):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    parent.append(element)
    return element


def _add_field(paragraph, instruction: str) -> None:
    """A field Word and LibreOffice compute when they lay out the page (PAGE, NUMPAGES), in
    the run-per-part shape Word itself writes."""
    parts = (("w:fldChar", "begin"), ("w:instrText", instruction), ("w:fldChar", "separate"))
    parts += (("w:t", "1"), ("w:fldChar", "end"))
    for tag, value in parts:
        run = paragraph.add_run()
        _set_font(run, BODY_FONT, 9)
        if tag == "w:fldChar":
            _append(run._r, tag, fldCharType=value)
        else:
            _append(run._r, tag).text = value


def _add_page_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fields = {"%(page)s": "PAGE", "%(pages)s": "NUMPAGES"}
    for piece in re.split(r"(%\(pages?\)s)", _("第 %(page)s 页，共 %(pages)s 页")):
        if piece in fields:
            _add_field(paragraph, fields[piece])
        elif piece:
            _add_run(paragraph, piece, BODY_FONT, 9)


def set_up_page(document, *, size, margin, body_size: float) -> None:
    """Page ``size`` (width, height; wider than high is landscape), even margins, the page
    footer, and the body text in Chinese: what every openday .docx starts from."""
    section = document.sections[0]
    if size[0] > size[1]:
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = size
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)
    _add_page_footer(section)
    normal = document.styles["Normal"]
    _set_font(normal, BODY_FONT, body_size)
    # Chinese line breaking (no 、。 at a line start) and the Chinese font for ambiguous glyphs.
    _append(normal.element.get_or_add_rPr(), "w:lang", eastAsia="zh-CN")


def _write_title(document, table: Table) -> None:
    if table.mark:
        mark = document.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.LEFT
        mark.paragraph_format.space_after = Pt(6)
        _add_run(mark, table.mark, TITLE_FONT, MARK_SIZE)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(12)
    _add_run(title, table.title, TITLE_FONT, TITLE_SIZE, bold=True)
    for line in table.subtitle_lines:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(4)
        _add_run(paragraph, line, BODY_FONT, BODY_SIZE)


def add_grid(document, table: Table, *, usable, text_size: float):
    """An empty bordered grid for ``table``, centred, its columns fitted to ``usable`` width
    for text of ``text_size`` points."""
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # a fixed layout: Word keeps the widths below
    widths = [int(width) for width in fit_widths(table, usable, Pt(text_size), _CELL_PADDING)]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # Word reads each cell's width, LibreOffice the grid's
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return grid


def merge_down(grid, runs, column: int) -> None:
    """Merge each run's cells of ``column`` vertically (the header is grid row 0): the first
    cell restarts the merge, the others continue it. Written on the XML directly, linear in
    rows; python-docx's ``_Cell.merge`` recurses once per row and fails past about 1,000."""
    rows = grid._tbl.tr_lst
    for first, last in runs:
        rows[first + 1].tc_lst[column].vMerge = "restart"
        for index in range(first + 2, last + 2):
            rows[index].tc_lst[column].vMerge = "continue"


def merged_away_cells(table: Table, runs) -> set[tuple[int, int]]:
    """(grid row, column) of the cells a merged run covers below its first: left empty."""
    return {
        (index + 1, table.merge_column)
        for first, last in runs
        for index in range(first + 1, last + 1)
    }


def write_table(
    document,
    table: Table,
    *,
    usable,
    text_size: float,
    row_height=None,
    keep_runs_together: bool = False,
) -> None:
    """``table`` (cleaned: ``layout.clean_table``) as a bordered grid fitted to ``usable``
    width, in text of ``text_size`` points: rows never split across pages, the header repeated
    on every printed page, the merge column's runs merged down (at most ``MERGED_ROWS`` rows
    each). ``row_height``: each row at least this high. ``keep_runs_together``: a run's rows
    kept on one page."""
    grid = add_grid(document, table, usable=usable, text_size=text_size)
    runs = merge_runs(table, longest=MERGED_ROWS)
    merged_away = merged_away_cells(table, runs)
    # A merged month shows its text on its first page only; keeping its rows together moves a
    # month that would straddle a page break to the next page, so every row shows its month.
    kept_with_next = (
        {index + 1 for first, last in runs for index in range(first, last)}
        if keep_runs_together
        else set()
    )
    rows = zip(grid.rows, [table.header, *table.rows], strict=True)
    for row_index, (row, values) in enumerate(rows):
        if row_height is not None:
            row.height, row.height_rule = row_height, WD_ROW_HEIGHT_RULE.AT_LEAST
        tr_pr = row._tr.get_or_add_trPr()
        _append(tr_pr, "w:cantSplit")
        if row_index == 0:
            _append(tr_pr, "w:tblHeader")  # repeated at the top of every printed page
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            if row_index in kept_with_next:
                paragraph.paragraph_format.keep_with_next = True
            if (row_index, column) in merged_away:
                continue
            center = row_index == 0 or table.align(column) == "center"
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
            _add_run(paragraph, str(value), BODY_FONT, text_size, bold=row_index == 0)
    if table.merge_column is not None:
        merge_down(grid, runs, table.merge_column)


def render_docx(table: Table) -> bytes:
    table = clean_table(table)
    document = Document()
    set_title(document, table.title)
    set_up_page(document, size=_PAGE, margin=_MARGIN, body_size=BODY_SIZE)
    _write_title(document, table)
    write_table(
        document,
        table,
        usable=_PAGE[0] - 2 * _MARGIN,
        text_size=BODY_SIZE,
        row_height=_ROW_HEIGHT,
        keep_runs_together=True,
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
