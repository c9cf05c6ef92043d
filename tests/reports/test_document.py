"""The .docx renderer, read back with python-docx."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from openday.reports.renderers import render_docx
from openday.reports.tables import Table
from tests.reports.plans import HEADER, PLAN, ROWS, STATS, TITLE


def _document(table: Table):
    return Document(io.BytesIO(render_docx(table)))


def _east_asia(run) -> str:
    return run._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_title_paragraph_is_bold_heiti_centred():
    title = _document(PLAN).paragraphs[0]
    run = title.runs[0]

    assert (title.text, title.alignment) == (TITLE, WD_ALIGN_PARAGRAPH.CENTER)
    assert (run.font.name, _east_asia(run), run.font.bold, run.font.size) == (
        "黑体",
        "黑体",
        True,
        Pt(18),
    )


def test_docx_table_has_the_header_and_every_cell():
    table = _document(PLAN).tables[0]

    # python-docx reads a vertically merged cell as the same cell on each row it spans.
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        HEADER,
        *[[str(value) for value in row] for row in ROWS],
    ]


def test_docx_merges_each_months_consecutive_cells_vertically():
    rows = _document(PLAN).tables[0]._tbl.tr_lst

    assert [(tr.tc_lst[1].vMerge, tr.tc_lst[1].xpath("string(.)")) for tr in rows] == [
        (None, "活动时间"),
        ("restart", "3月"),
        ("continue", ""),
        ("continue", ""),
        ("restart", "5-6月"),
        ("continue", ""),
        (None, "7月"),
    ]


def test_docx_header_row_repeats_on_every_page_and_no_row_splits():
    rows = _document(PLAN).tables[0]._tbl.tr_lst

    assert [bool(tr.xpath("./w:trPr/w:tblHeader")) for tr in rows] == [True] + [False] * 6
    assert all(tr.xpath("./w:trPr/w:cantSplit") for tr in rows)


def test_docx_keeps_each_months_rows_together_on_one_page():
    rows = _document(PLAN).tables[0].rows

    # every row of a month but its last is kept with the next: 3月 ×3, 5-6月 ×2, 7月
    assert [
        all(cell.paragraphs[0].paragraph_format.keep_with_next for cell in row.cells)
        for row in rows
    ] == [False, True, True, False, True, False, False]


def test_docx_cells_name_songti_for_chinese_and_the_header_is_bold():
    document = _document(PLAN)
    table = document.tables[0]

    for index, row in enumerate(table.rows):
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                assert (run.font.name, _east_asia(run), run.font.size) == ("宋体", "宋体", Pt(11))
                assert run.font.bold is (index == 0)
    normal = document.styles["Normal"].element.rPr
    assert normal.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert normal.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"


def test_docx_aligns_sentences_left_and_codes_centred():
    row = _document(PLAN).tables[0].rows[1]

    assert [cell.paragraphs[0].alignment for cell in row.cells] == [
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.LEFT,
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.CENTER,
    ]


def test_docx_is_a4_landscape_with_page_numbers_and_a_fixed_width_table():
    document = _document(PLAN)
    section = document.sections[0]
    table = document.tables[0]
    widths = [column.width for column in table.columns]

    # Word keeps twips: millimetres come back rounded.
    assert (section.orientation, round(section.page_width.mm), round(section.page_height.mm)) == (
        WD_ORIENT.LANDSCAPE,
        297,
        210,
    )
    footer = section.footer.paragraphs[0]
    assert footer.text == "第 1 页，共 1 页"
    assert footer._p.xpath(".//w:instrText/text()") == ["PAGE", "NUMPAGES"]
    assert max(range(5), key=widths.__getitem__) == 2
    assert sum(widths) <= section.page_width - section.left_margin - section.right_margin
    assert table._tbl.xpath("./w:tblPr/w:tblLayout/@w:type") == ["fixed"]


def test_docx_subtitle_lines_follow_the_title():
    document = _document(STATS)

    assert [paragraph.text for paragraph in document.paragraphs] == [
        STATS.title,
        "填报单位（公章）：",
        "联系人：　　　　联系方式：",
    ]
    assert [cell.text for cell in document.tables[0].rows[1].cells] == [
        "招生政策宣讲",
        "4月",
        "320",
    ]
