"""The exports as the notices print them: 附件1 / 附件2 above the titles, headers such as
"活动覆盖人数(人)" on one line, phone numbers unbroken. Each file is read back."""

import datetime as dt
import io

import openpyxl
import pytest
from docx import Document
from docx.shared import Pt

from openday.reports.declaration_export import declarations_table
from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_docx, render_xlsx
from openday.reports.renderers.layout import line_count, text_width
from openday.reports.statistics import StatisticsRow, statistics_table
from tests.portal.plans import make_tianxin_campaign

CJK = 2.0  # one CJK character in Excel column units, as the renderer counts it
PADDING = 1.5
LINE = 15 + 6  # a one-line row's height in points


def workbook(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def document(content: bytes):
    return Document(io.BytesIO(content))


@pytest.fixture
def campaign(db):
    return make_tianxin_campaign()


def statistics(campaign):
    row = StatisticsRow(
        seq=1,
        title="被征地农民社会保险业务政策宣讲",
        held_on=dt.date(2023, 3, 20),
        headcount=120,
        media_count=2,
        photo_count=1,
        published=False,
        media_urls=["https://news.example.cn/1/1"],
        hosts=["区人力资源社会保障局"],
    )
    return statistics_table(
        campaign, [row], filler="天心区政务公开办", contact="王晓", phone="0731-85000000"
    )


def test_the_plan_xlsx_is_marked_attachment_1_above_its_title(sample_plan):
    sheet = workbook(render_xlsx(plan_table(sample_plan)))

    assert [sheet.cell(row, 1).value for row in (1, 2, 3)] == [
        "附件1",
        "天心区2023年“政务公开主题日”活动计划表",
        "序号",
    ]
    assert (sheet["A1"].alignment.horizontal, sheet["A1"].font.name) == ("left", "黑体")
    assert "A1:F1" in {str(cells) for cells in sheet.merged_cells.ranges}
    # The header repeated on each printed page is the header, not the mark or the title.
    assert sheet.print_title_rows == "$3:$3"


def test_the_plan_docx_is_marked_attachment_1_above_its_title(sample_plan):
    paragraphs = document(render_docx(plan_table(sample_plan))).paragraphs

    assert [p.text for p in paragraphs[:2]] == [
        "附件1",
        "天心区2023年“政务公开主题日”活动计划表",
    ]
    assert paragraphs[0].runs[0].font.name == "黑体"


def test_the_statistics_xlsx_is_attachment_2_with_its_header_on_one_line(campaign):
    sheet = workbook(render_xlsx(statistics(campaign)))

    assert [sheet.cell(row, 1).value for row in (1, 2, 3, 4)] == [
        "附件2",
        "天心区2023年“政务公开主题日”活动情况统计表",
        "填报单位（公章）：天心区政务公开办　　联系人：王晓　　联系方式：0731-85000000",
        "活动主题",
    ]
    header = [cell.value for cell in sheet[4]]
    assert header == [
        "活动主题",
        "活动时间",
        "活动覆盖人数(人)",
        "媒体宣传报道(条)",
        "媒体宣传报道网址、图片",
    ]
    for letter, words in (("C", "活动覆盖人数(人)"), ("D", "媒体宣传报道(条)")):
        width = sheet.column_dimensions[letter].width
        assert width == round((text_width(words) + 0.5) * CJK + PADDING, 1) == 18.7
        assert line_count(words, (width - PADDING) / CJK) == 1
    assert sheet.row_dimensions[4].height == LINE


def test_the_statistics_docx_is_attachment_2_with_its_header_on_one_line(campaign):
    content = document(render_docx(statistics(campaign)))

    assert [p.text for p in content.paragraphs[:2]] == [
        "附件2",
        "天心区2023年“政务公开主题日”活动情况统计表",
    ]
    grid = content.tables[0]
    assert grid.rows[0].cells[2].text == "活动覆盖人数(人)"
    # Wide enough for the header's 8.1 characters (and half a spare) plus Word's cell margins.
    wanted = int((text_width("活动覆盖人数(人)") + 0.5) * Pt(11) + Pt(11))
    assert [grid.columns[index].width for index in (2, 3)] == [wanted, wanted]


def test_the_declarations_summary_keeps_each_phone_number_on_one_line(campaign):
    table = declarations_table(campaign)
    phone = table.header.index("联系电话")
    assert table.nowrap_columns == (phone,)
    table.rows = [
        ["区教育局", 1, "主题", "3月", "座谈交流", "简介", "李娟", "0731-88999337", "已提交"]
    ]

    sheet = workbook(render_xlsx(table))

    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(phone + 1)].width
    assert width == round((text_width("0731-88999337") + 0.5) * CJK + PADDING, 1) == 16.8
    assert line_count("0731-88999337", (width - PADDING) / CJK) == 1
