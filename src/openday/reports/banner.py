"""The banner wording (会标) a unit prints, as a small .docx or a plain .txt.

Every text is cleaned first (``_clean``): the title and the banner lines on one line, the note
without control characters, so whatever a unit's name or the templates hold, the file opens.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from openday.core.text import one_line, strip_controls
from openday.reports.renderers.document import _set_font, set_title
from openday.reports.renderers.layout import BODY_FONT, BODY_SIZE, TITLE_FONT

BANNER_SIZE = 26


def _clean(title: str, lines: list[str], note: str) -> tuple[str, list[str], str]:
    return one_line(title), [one_line(line) for line in lines], strip_controls(note)


def render_banner_docx(title: str, lines: list[str], note: str = "") -> bytes:
    """A4 landscape: a small heading, then each banner line large and centred."""
    title, lines, note = _clean(title, lines, note)
    document = Document()
    set_title(document, title)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    heading = document.add_paragraph()
    _set_font(heading.add_run(title), BODY_FONT, BODY_SIZE, bold=True)
    for line in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(24)
        paragraph.paragraph_format.space_after = Pt(24)
        _set_font(paragraph.add_run(line), TITLE_FONT, BANNER_SIZE, bold=True)
    if note:
        paragraph = document.add_paragraph()
        _set_font(paragraph.add_run(note), BODY_FONT, BODY_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_banner_txt(title: str, lines: list[str], note: str = "") -> bytes:
    """UTF-8 with a BOM and Windows line ends, so Notepad on an office PC shows it right."""
    title, lines, note = _clean(title, lines, note)
    parts = [title, "", *lines]
    if note:
        parts += ["", *note.split("\n")]
    return ("\r\n".join(parts) + "\r\n").encode("utf-8-sig")
