"""A ``Briefing`` → .docx (python-docx): a titled document of numbered sections, each made of
paragraphs or a ``Table``, on A4 portrait as offices print their briefings (简报).

Fonts as the plan table's: a 黑体 title and headings, 宋体 text, named for Chinese through
eastAsia (``document._set_font``). Like every renderer it never queries and never formats
values: the cells and sentences come ready from the report's module.
"""

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from openday.reports.renderers.document import _add_page_footer, _add_run, _append, _set_font
from openday.reports.renderers.layout import BODY_FONT, TITLE_FONT, TITLE_SIZE, fit_widths
from openday.reports.tables import Table, merge_runs

_PAGE = (Mm(210), Mm(297))
_MARGIN = Mm(25)
_CELL_PADDING = Pt(11)  # Word's default left and right cell margins, 0.19 cm each
TEXT_SIZE = 14  # 四号
HEADING_SIZE = 14
TABLE_SIZE = 10.5  # 五号


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Briefing:
    title: str
    sections: list[Section]
    subtitle: str = ""


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = _PAGE
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)
    _add_page_footer(section)
    normal = document.styles["Normal"]
    _set_font(normal, BODY_FONT, TEXT_SIZE)
    # Chinese line breaking (no 、。 at a line start) and the Chinese font for ambiguous glyphs.
    _append(normal.element.get_or_add_rPr(), "w:lang", eastAsia="zh-CN")


def _write_table(document, table: Table) -> None:
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    usable = _PAGE[0] - 2 * _MARGIN
    widths = [int(w) for w in fit_widths(table, usable, Pt(TABLE_SIZE), _CELL_PADDING)]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    runs = merge_runs(table)
    merged_away = {
        (index + 1, table.merge_column)
        for first, last in runs
        for index in range(first + 1, last + 1)
    }
    for row_index, (row, values) in enumerate(
        zip(grid.rows, [table.header, *table.rows], strict=True)
    ):
        tr_pr = row._tr.get_or_add_trPr()
        _append(tr_pr, "w:cantSplit")
        if row_index == 0:
            _append(tr_pr, "w:tblHeader")  # repeated at the top of every printed page
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            cell.width = widths[column]  # Word reads each cell's width, LibreOffice the grid's
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if (row_index, column) in merged_away:
                continue
            paragraph = cell.paragraphs[0]
            center = row_index == 0 or table.align(column) == "center"
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
            _add_run(paragraph, str(value), BODY_FONT, TABLE_SIZE, bold=row_index == 0)
    for first, last in runs:
        grid.cell(first + 1, table.merge_column).merge(grid.cell(last + 1, table.merge_column))


def render_briefing_docx(briefing: Briefing) -> bytes:
    document = Document()
    document.core_properties.title = briefing.title
    _set_up_page(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    _add_run(title, briefing.title, TITLE_FONT, TITLE_SIZE, bold=True)
    if briefing.subtitle:
        subtitle = document.add_paragraph()
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.paragraph_format.space_after = Pt(12)
        _add_run(subtitle, briefing.subtitle, BODY_FONT, TEXT_SIZE)
    for section in briefing.sections:
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
        _add_run(heading, section.heading, TITLE_FONT, HEADING_SIZE)
        for text in section.paragraphs:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(TEXT_SIZE * 2)  # 首行缩进两字
            paragraph.paragraph_format.line_spacing = 1.5
            _add_run(paragraph, text, BODY_FONT, TEXT_SIZE)
        if section.table is not None:
            _write_table(document, section.table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
