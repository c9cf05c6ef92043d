"""A ``Briefing`` → .docx (python-docx): a titled document of numbered sections, each made of
paragraphs or a ``Table``, on A4 portrait as offices print their briefings (简报).

Fonts as the plan table's: a 黑体 title and headings, 宋体 text, named for Chinese through
eastAsia (``document._set_font``). Like every renderer it never queries and never formats
values: the cells and sentences come ready from the report's module.
"""

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from openday.core.text import one_line, strip_controls
from openday.reports.renderers.document import (
    MERGED_ROWS,
    _add_run,
    _append,
    add_grid,
    merge_down,
    merged_away_cells,
    set_title,
    set_up_page,
)
from openday.reports.renderers.layout import BODY_FONT, TITLE_FONT, TITLE_SIZE, clean_table
from openday.reports.tables import Table, merge_runs

_PAGE = (Mm(210), Mm(297))
_MARGIN = Mm(25)
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


def _write_table(document, table: Table) -> None:
    table = clean_table(table)
    grid = add_grid(document, table, usable=_PAGE[0] - 2 * _MARGIN, text_size=TABLE_SIZE)
    runs = merge_runs(table, longest=MERGED_ROWS)
    merged_away = merged_away_cells(table, runs)
    for row_index, (row, values) in enumerate(
        zip(grid.rows, [table.header, *table.rows], strict=True)
    ):
        tr_pr = row._tr.get_or_add_trPr()
        _append(tr_pr, "w:cantSplit")
        if row_index == 0:
            _append(tr_pr, "w:tblHeader")  # repeated at the top of every printed page
        for column, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            if (row_index, column) in merged_away:
                continue
            paragraph = cell.paragraphs[0]
            center = row_index == 0 or table.align(column) == "center"
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
            _add_run(paragraph, str(value), BODY_FONT, TABLE_SIZE, bold=row_index == 0)
    if table.merge_column is not None:
        merge_down(grid, runs, table.merge_column)


def render_briefing_docx(briefing: Briefing) -> bytes:
    """The briefing as .docx; every text is written without control characters, titles and
    headings on one line, so no stored value breaks the file."""
    document = Document()
    set_title(document, briefing.title)
    set_up_page(document, size=_PAGE, margin=_MARGIN, body_size=TEXT_SIZE)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    _add_run(title, one_line(briefing.title), TITLE_FONT, TITLE_SIZE, bold=True)
    if briefing.subtitle:
        subtitle = document.add_paragraph()
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.paragraph_format.space_after = Pt(12)
        _add_run(subtitle, one_line(briefing.subtitle), BODY_FONT, TEXT_SIZE)
    for section in briefing.sections:
        heading = document.add_paragraph()
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
        _add_run(heading, one_line(section.heading), TITLE_FONT, HEADING_SIZE)
        for text in section.paragraphs:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(TEXT_SIZE * 2)  # 首行缩进两字
            paragraph.paragraph_format.line_spacing = 1.5
            _add_run(paragraph, strip_controls(text), BODY_FONT, TEXT_SIZE)
        if section.table is not None:
            _write_table(document, section.table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
