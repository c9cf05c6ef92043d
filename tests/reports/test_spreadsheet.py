"""The .xlsx and .csv renderers, read back with openpyxl and as bytes."""

import io

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from openday.reports.renderers import render_csv, render_xlsx
from openday.reports.tables import Table
from tests.reports.plans import HEADER, PLAN, ROWS, STATS, TITLE


def _sheet(table: Table):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(table))).active


# --- xlsx ------------------------------------------------------------------------------------


def test_xlsx_title_is_bold_heiti_centred_and_merged_across_the_columns():
    sheet = _sheet(PLAN)
    title = sheet["A1"]

    assert (title.value, title.font.name, title.font.b, title.font.sz) == (TITLE, "黑体", True, 18)
    assert (title.alignment.horizontal, title.alignment.vertical) == ("center", "center")
    assert "A1:E1" in {str(cells) for cells in sheet.merged_cells.ranges}
    assert sheet.title == TITLE


def test_xlsx_has_the_header_and_every_cell_with_each_month_written_once():
    rows = [list(row) for row in _sheet(PLAN).iter_rows(min_row=2, values_only=True)]

    assert rows == [
        HEADER,
        [1, "3月", "被征地农民社会保险业务政策宣讲", "政策宣传", "区人力资源社会保障局"],
        [2, None, "老旧小区改造方案交流会", "座谈交流", "区人居环境局"],
        [3, None, "针对相关企业做财政结算评审培训", "其他形式", "区财政局"],
        [4, "5-6月", "安全生产月", "政策宣传、其他形式", "区应急管理局、各街道办事处"],
        [5, None, '“税企心连心”主题日活动, "quoted"', "现场观摩", "区税务局"],
        [6, "7月", "政务公开座谈交流会", "座谈交流", None],
    ]


def test_xlsx_merges_each_months_consecutive_cells_vertically():
    merged = {str(cells) for cells in _sheet(PLAN).merged_cells.ranges}

    assert merged == {"A1:E1", "B3:B5", "B6:B7"}


def test_xlsx_prints_a4_landscape_fitted_to_width_with_the_header_on_every_page():
    sheet = _sheet(PLAN)
    setup = sheet.page_setup

    assert sheet.print_title_rows == "$2:$2"
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,  # A4
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert sheet.freeze_panes == "A3"


def _sides(cell) -> list[str | None]:
    border = cell.border
    return [side.style for side in (border.left, border.right, border.top, border.bottom)]


def test_xlsx_table_cells_are_bordered_wrapped_songti_with_a_bold_header():
    sheet = _sheet(PLAN)

    for row in sheet.iter_rows(min_row=2, max_row=2 + len(ROWS)):
        for cell in row:
            if isinstance(cell, MergedCell):
                continue
            assert (cell.font.name, cell.font.sz, cell.alignment.wrap_text) == ("宋体", 11, True)
            assert cell.font.b is (cell.row == 2), cell.coordinate
            assert cell.alignment.vertical == "center"
            assert _sides(cell) == ["thin"] * 4, cell.coordinate
    # A merged month is one box: no lines inside it, its outline drawn on its edge cells.
    assert [_sides(sheet[name]) for name in ("B3", "B4", "B5", "B6", "B7")] == [
        ["thin", "thin", "thin", "thin"],
        ["thin", "thin", None, None],
        ["thin", "thin", None, "thin"],
        ["thin", "thin", "thin", "thin"],
        ["thin", "thin", None, "thin"],
    ]
    assert [sheet.cell(3, column).alignment.horizontal for column in range(1, 6)] == [
        "center",
        "center",
        "left",
        "center",
        "center",
    ]


def test_xlsx_title_column_is_widest_and_short_columns_fit_their_header():
    sheet = _sheet(PLAN)
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}

    assert max(widths, key=widths.get) == "C"
    # 活动时间: four characters of two units each, plus the cell's padding.
    assert widths["B"] >= 4 * 2 + 1.5
    assert widths["A"] >= 2 * 2 + 1.5
    assert sum(widths.values()) == pytest.approx(132, abs=0.5)


def test_xlsx_rows_are_as_tall_as_their_wrapped_text():
    long_title = "深化政务公开推进放管服改革，优化辖区营商环境" * 2  # 44 characters
    table = Table(title=TITLE, header=["序号", "活动主题"], rows=[[1, "短"], [2, long_title]])
    sheet = _sheet(table)

    assert sheet.row_dimensions[3].height == 21  # one line
    assert sheet.row_dimensions[4].height == 36  # two lines


def _long_plan(merge_column: int | None) -> Table:
    months = ["3月"] * 10 + ["4月"] * 12 + ["5月"] * 8
    rows = [[seq, month, f"活动{seq}"] for seq, month in enumerate(months, start=1)]
    return Table(title=TITLE, header=HEADER[:3], rows=rows, merge_column=merge_column)


def test_xlsx_breaks_pages_between_months_so_no_month_straddles_two_pages():
    # Rows are 21 pt: the first page holds 20 under the title, so 3月 (10 rows) fits and 4月
    # (12) would not; 4月 and 5月 (20 rows) fit on the second page.
    sheet = _sheet(_long_plan(merge_column=1))

    assert [brk.id for brk in sheet.row_breaks.brk] == [12]
    assert sheet.cell(12, 1).value == 10


def test_xlsx_without_a_merge_column_leaves_page_breaks_to_the_application():
    assert _sheet(_long_plan(merge_column=None)).row_breaks.brk == []


def test_xlsx_subtitle_lines_sit_between_the_title_and_the_header():
    sheet = _sheet(STATS)

    assert [sheet.cell(row, 1).value for row in range(1, 5)] == [
        STATS.title,
        "填报单位（公章）：",
        "联系人：　　　　联系方式：",
        "活动主题",
    ]
    assert {str(cells) for cells in sheet.merged_cells.ranges} == {"A1:C1", "A2:C2", "A3:C3"}
    assert sheet.print_title_rows == "$4:$4"
    assert [cell.value for cell in sheet[5]] == ["招生政策宣讲", "4月", 320]


@pytest.mark.parametrize(
    ("title", "sheet_title"),
    [
        ("2023/2024年计划表", "20232024年计划表"),
        ("很长" * 20, "很长" * 15 + "很"),
        ("[]:*?/\\", "Sheet1"),
    ],
)
def test_xlsx_sheet_name_drops_what_excel_refuses(title, sheet_title):
    table = Table(title=title, header=["序号"], rows=[[1]])

    assert _sheet(table).title == sheet_title


# --- csv -------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_every_value_on_every_row():
    assert (
        render_csv(PLAN)
        == (
            "\ufeff序号,活动时间,活动主题,活动形式,责任单位\r\n"
            "1,3月,被征地农民社会保险业务政策宣讲,政策宣传,区人力资源社会保障局\r\n"
            "2,3月,老旧小区改造方案交流会,座谈交流,区人居环境局\r\n"
            "3,3月,针对相关企业做财政结算评审培训,其他形式,区财政局\r\n"
            "4,5-6月,安全生产月,政策宣传、其他形式,区应急管理局、各街道办事处\r\n"
            '5,5-6月,"“税企心连心”主题日活动, ""quoted""",现场观摩,区税务局\r\n'
            "6,7月,政务公开座谈交流会,座谈交流,\r\n"
        ).encode()
    )
