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
from openday.reports.renderers.document import _add_run, set_title, set_up_page, write_table
from openday.reports.renderers.layout import BODY_FONT, TITLE_FONT, TITLE_SIZE, clean_table
from openday.reports.tables import Table

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
            write_table(
                document,
                clean_table(section.table),
                usable=_PAGE[0] - 2 * _MARGIN,
                text_size=TABLE_SIZE,
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
