"""Documents an office hands over (公文) → .docx in the GB/T 9704-2012 layout (python-docx).

- A4 (210 × 297 mm); 天头 (top margin) 37 mm, 订口 (left, binding) 28 mm; the text block
  156 × 225 mm, so the right margin is 26 mm and the bottom 35 mm.
- The title in 方正小标宋简体 二号 (22 pt), centred. Not every computer has that font: the
  run names 宋体 for Latin text, 方正小标宋简体 for Chinese (``w:eastAsia``, the only name
  Word and LibreOffice take Chinese glyphs from), the font table gives 宋体 as its
  ``altName``, and the title is bold, so where 宋体 stands in it still reads as a title.
- The text in 仿宋_GB2312 三号 (16 pt), 22 lines a page and 28 characters a line: an exact
  line spacing of 28.95 pt and a document grid (``w:docGrid type="linesAndChars"``) whose
  line pitch and character space give those counts in the text block; first lines indented
  two characters. Headings of the first level (一、) in 黑体, of the second (（一）) in 楷体.
- Page numbers "— 1 —" in 宋体 四号 (14 pt): odd pages on the right, even pages on the left,
  one character in from the text block's edge.
- The issuing office and the date (成文日期, Arabic numerals) at the end, right-aligned.

Like every renderer it never queries: the texts come ready from the report's module.
"""

import datetime as dt
import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from lxml import etree

from openday.core.text import one_line, strip_controls
from openday.reports.renderers.briefing import Briefing, Section
from openday.reports.renderers.document import set_title, write_table
from openday.reports.renderers.layout import clean_table

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT = Mm(37), Mm(28)
TEXT_WIDTH, TEXT_HEIGHT = Mm(156), Mm(225)
RIGHT = Emu(PAGE_WIDTH - LEFT - TEXT_WIDTH)  # 26 mm
BOTTOM = Emu(PAGE_HEIGHT - TOP - TEXT_HEIGHT)  # 35 mm

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "宋体"
TITLE_SIZE = 22  # 二号
BODY_FONT = "仿宋_GB2312"
BODY_SIZE = 16  # 三号
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
PAGE_NUMBER_SIZE = 14  # 四号
TABLE_SIZE = 10.5  # 五号: a table of figures does not fit 28 characters a line

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = Pt(28.95)
# The grid in twentieths of a point (linePitch) and, per OOXML, the character pitch as the
# font size plus charSpace / 4096 points: 156 mm ÷ 28 characters.
LINE_PITCH_TWIPS = round(LINE_PITCH.pt * 20)
CHAR_SPACE = round((TEXT_WIDTH.pt / CHARS_PER_LINE - BODY_SIZE) * 4096)

_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")


def _set_font(target, name: str, size: float, *, bold: bool = False, latin: str = "") -> None:
    """Chinese through ``w:eastAsia`` (and for Latin text ``latin``, else the same font)."""
    target.font.name = latin or name
    target.font.size = Pt(size)
    target.font.bold = bold
    target.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _add_run(paragraph, text: str, name: str, size: float, **kwargs):
    run = paragraph.add_run(text)
    _set_font(run, name, size, **kwargs)
    return run


def _append(parent, tag: str, **attributes: str):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    parent.append(element)
    return element


def _exact_lines(paragraph) -> None:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = LINE_PITCH
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)


def _font_fallback(document, name: str, alternative: str) -> None:
    """Tell Word (``w:altName``) which font to use where ``name`` is not installed."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    root = etree.fromstring(part.blob)
    font = etree.SubElement(root, qn("w:font"))
    font.set(qn("w:name"), name)
    etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alternative)
    etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
    etree.SubElement(font, qn("w:family")).set(qn("w:val"), "roman")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(footer, *, odd: bool) -> None:
    """ "— N —": a PAGE field between two em dashes, outward, one character in."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    indent = Pt(PAGE_NUMBER_SIZE)
    if odd:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    _add_run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    for tag, value in (
        ("w:fldChar", "begin"),
        ("w:instrText", " PAGE "),
        ("w:fldChar", "separate"),
        ("w:t", "1"),
        ("w:fldChar", "end"),
    ):
        run = _add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        if tag == "w:fldChar":
            _append(run._r, tag, fldCharType=value)
        else:
            element = _append(run._r, tag)
            element.text = value
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _add_run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _set_up(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = Mm(15)
    # The number's top 7 mm below the text block: about 28 mm above the page's edge.
    section.footer_distance = Mm(22)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = _append(section._sectPr, "w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)
    normal = document.styles["Normal"]
    _set_font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_after = Pt(0)
    _append(normal.element.get_or_add_rPr(), "w:lang", eastAsia="zh-CN")
    _font_fallback(document, TITLE_FONT, TITLE_FALLBACK)


def _paragraph(document, text: str) -> None:
    """A paragraph of text; one starting "一、" is a heading in 黑体, "（一）" in 楷体."""
    text = strip_controls(text).strip()
    paragraph = document.add_paragraph()
    _exact_lines(paragraph)
    paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)  # 首行缩进两字
    if _HEADING.match(text):
        paragraph.paragraph_format.keep_with_next = True
        _add_run(paragraph, text, HEADING_FONT, BODY_SIZE)
    elif _SUBHEADING.match(text):
        paragraph.paragraph_format.keep_with_next = True
        _add_run(paragraph, text, SUBHEADING_FONT, BODY_SIZE)
    else:
        _add_run(paragraph, text, BODY_FONT, BODY_SIZE)


def _empty_line(document) -> None:
    _exact_lines(document.add_paragraph())


def date_words(day: dt.date) -> str:
    """成文日期 as GB/T 9704-2012 writes it: Arabic numerals, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def render_official_docx(
    *,
    title: str,
    sections: list[Section],
    issuer: str,
    issued_on: dt.date,
    subtitle: str = "",
) -> bytes:
    """The document as .docx: the title, an empty line, the sections (a heading, its
    paragraphs and its table), then the issuing office and the date."""
    document = Document()
    set_title(document, title)
    _set_up(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_lines(heading)
    # A 22-pt title needs more than one 28.95-pt grid line.
    heading.paragraph_format.line_spacing = Pt(TITLE_SIZE * 1.6)
    _add_run(heading, one_line(title), TITLE_FONT, TITLE_SIZE, bold=True, latin=TITLE_FALLBACK)
    if subtitle:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact_lines(line)
        _add_run(line, one_line(subtitle), SUBHEADING_FONT, BODY_SIZE)
    _empty_line(document)
    for section in sections:
        if section.heading:
            _paragraph(document, one_line(section.heading))
        for text in section.paragraphs:
            _paragraph(document, text)
        if section.table is not None:
            write_table(
                document, clean_table(section.table), usable=TEXT_WIDTH, text_size=TABLE_SIZE
            )
    _empty_line(document)
    _empty_line(document)
    for words in (one_line(issuer), date_words(issued_on)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _exact_lines(paragraph)
        # 成文日期右空四字; the office above it centred on the date, about two in.
        paragraph.paragraph_format.right_indent = Pt(BODY_SIZE * 2)
        _add_run(paragraph, words, BODY_FONT, BODY_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_official_briefing_docx(briefing: Briefing, *, issuer: str, issued_on: dt.date) -> bytes:
    """A briefing (月度简报) with its content unchanged, in the GB/T 9704 layout."""
    return render_official_docx(
        title=briefing.title,
        subtitle=briefing.subtitle,
        sections=briefing.sections,
        issuer=issuer,
        issued_on=issued_on,
    )
