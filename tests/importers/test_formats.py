"""The same plan in .docx, .xlsx and .csv, laid out the ways offices lay them out."""

import csv

import docx
import openpyxl
import pytest

from openday.importers.parse import parse_plan_file
from tests.importers.test_seeds import expected_rows

TIANXIN = expected_rows("tianxin-2023")


def month_text(row: dict) -> str:
    if row["month_start"] == row["month_end"]:
        return f"{row['month_start']}月"
    return f"{row['month_start']}-{row['month_end']}月"


def cells_for(row: dict, columns: list[str], *, blank_repeated_month: str | None) -> list[str]:
    month = month_text(row)
    values = {
        "序号": str(row["seq"]),
        "活动时间": "" if month == blank_repeated_month else month,
        "开展时间": month,
        "时间": month,
        "活动主题": row["title"],
        "活动方式": "、".join(f["text"] for f in row["forms"]),
        "活动形式": "、".join(f["text"] for f in row["forms"]),
        "责任单位": "、".join(row["units"]),
        "单位": "、".join(row["units"]),
    }
    return [values[c] for c in columns]


def table_rows(columns: list[str], rows: list[dict], *, blank_months: bool) -> list[list[str]]:
    out, previous = [], None
    for row in rows:
        out.append(cells_for(row, columns, blank_repeated_month=previous if blank_months else None))
        previous = month_text(row)
    return out


def test_docx_with_the_table_split_at_page_breaks(tmp_path):
    columns = ["序号", "活动时间", "活动主题", "活动形式", "责任单位"]
    document = docx.Document()
    document.add_paragraph("附件 1")
    document.add_paragraph("天心区 2023 年“政务公开主题日”活动计划表")
    body = table_rows(columns, TIANXIN, blank_months=True)
    for chunk in (body[:12], body[12:29], body[29:]):
        table = document.add_table(rows=1, cols=len(columns))
        for cell, text in zip(table.rows[0].cells, columns, strict=True):
            cell.text = text
        for values in chunk:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
        document.add_paragraph("— 2 —")
    path = tmp_path / "plan.docx"
    document.save(path)

    plan = parse_plan_file(path)

    assert plan.preview()["rows"] == TIANXIN
    assert plan.table_title == "天心区2023年“政务公开主题日”活动计划表"


def test_docx_with_vertically_merged_month_cells(tmp_path):
    columns = ["序号", "活动时间", "活动主题", "活动形式", "责任单位"]
    rows = TIANXIN[:12]  # March (5 rows) and April (7 rows)
    document = docx.Document()
    table = document.add_table(rows=1 + len(rows), cols=len(columns))
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
    for r, values in enumerate(table_rows(columns, rows, blank_months=False), start=1):
        for c, text in enumerate(values):
            if c != 1:
                table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(5, 1)).text = "3月"
    table.cell(6, 1).merge(table.cell(12, 1)).text = "4月"
    path = tmp_path / "merged.docx"
    document.save(path)

    assert parse_plan_file(path).preview()["rows"] == rows


def test_xlsx_in_another_column_order_with_merged_months_and_a_title_row(tmp_path):
    columns = ["活动主题", "序号", "单位", "活动方式", "活动时间"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["天心区2023年“政务公开主题日”活动计划表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    sheet.append(columns)
    start = 3
    previous = None
    for row in TIANXIN:
        sheet.append(cells_for(row, columns, blank_repeated_month=None))
        month = month_text(row)
        if month == previous:
            continue
        previous = month
    # Merge each month's cells in column E the way an office would.
    first = start
    for index in range(1, len(TIANXIN) + 1):
        last_of_month = index == len(TIANXIN) or (
            month_text(TIANXIN[index]) != month_text(TIANXIN[index - 1])
        )
        if last_of_month:
            end = start + index - 1
            if end > first:
                sheet.merge_cells(start_row=first, start_column=5, end_row=end, end_column=5)
            first = end + 1
    sheet["B10"] = 8  # a sequence number typed as a number
    path = tmp_path / "plan.xlsx"
    workbook.save(path)

    plan = parse_plan_file(path)

    assert plan.preview()["rows"] == TIANXIN
    assert [key for key, _ in plan.columns] == ["title", "seq", "units", "forms", "month"]


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ","), ("gb18030", "\t")])
def test_csv_in_utf8_and_gbk(tmp_path, encoding, delimiter):
    columns = ["序号", "开展时间", "活动主题", "活动形式", "责任单位"]
    path = tmp_path / "plan.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(columns)
        writer.writerows(table_rows(columns, TIANXIN, blank_months=False))

    assert parse_plan_file(path).preview()["rows"] == TIANXIN


def test_tab_text_with_a_cell_broken_over_two_lines(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "序号\t活动主题\t活动形式\t责任单位\t活动时间\n"
        "1\t发挥供销合作社作用，助推村集体\t实地调研\t供销合作社\t6月\n"
        "\t经济增收\t\t联合社\t\n"
        "2\t国资国企监管\t问卷调查\t国有资产事务\n"
        "中心\t12月\n",
        encoding="utf-8",
    )
    rows = parse_plan_file(path).preview()["rows"]
    assert [(r["seq"], r["title"], r["units"], r["month_start"]) for r in rows] == [
        (1, "发挥供销合作社作用，助推村集体经济增收", ["供销合作社联合社"], 6),
        (2, "国资国企监管", ["国有资产事务中心"], 12),
    ]


def test_one_cell_per_line_with_a_repeated_header_and_chrome(tmp_path):
    path = tmp_path / "page.txt"
    lines = [
        "当前位置:首页",
        "活动安排表",
        "序号",
        "单位",
        "活动主题",
        "开展时间",
        "1",
        "县公安局",
        "禁毒宣传",
        "6月",
        "序号",
        "单位",
        "活动主题",
        "开展时间",
        "2",
        "县财政局",
        "扎实开展绩效评价工作,推动绩效管理提质",
        "增效",
        "6-8月",
        "主办单位:某县人民政府",
        "政府热线:12345",
    ]
    path.write_text("\n\n".join(lines), encoding="utf-8")
    rows = parse_plan_file(path).preview()["rows"]
    assert rows == [
        {
            "seq": 1,
            "month_start": 6,
            "month_end": 6,
            "date_start": None,
            "date_end": None,
            "tentative": False,
            "title": "禁毒宣传",
            "forms": [],
            "units": ["县公安局"],
        },
        {
            "seq": 2,
            "month_start": 6,
            "month_end": 8,
            "date_start": None,
            "date_end": None,
            "tentative": False,
            "title": "扎实开展绩效评价工作,推动绩效管理提质增效",
            "forms": [],
            "units": ["县财政局"],
        },
    ]


def test_a_table_without_sequence_numbers_is_numbered_in_order(tmp_path):
    path = tmp_path / "noseq.csv"
    path.write_text(
        "活动时间,活动主题,活动形式,承办单位\n4月,招生政策宣讲,政策宣传,区教育局\n"
        ",科技企业培训,政策宣传,区科技局\n",
        encoding="utf-8",
    )
    rows = parse_plan_file(path).preview()["rows"]
    assert [(r["seq"], r["month_start"], r["title"]) for r in rows] == [
        (1, 4, "招生政策宣讲"),
        (2, 4, "科技企业培训"),
    ]


def test_a_markdown_table_with_spaced_header_words(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "## 某区2024年“政务公开主题日”活动计划表\n\n"
        "| 序 号 | 活动名称 | 开展方式 | 牵头单位 | 时间安排 | 备注 |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| 1 | 优化营商环境政策发布会 | 政策发布 | 区发改局 | 4月上旬 | |\n"
        "| 2 | 养老服务现场观摩 | 现场观摩、座谈交流 | 区民政局、各街道 | 5—6月 | 联合 |\n",
        encoding="utf-8",
    )
    plan = parse_plan_file(path)
    assert plan.table_title == "某区2024年“政务公开主题日”活动计划表"
    assert plan.preview()["rows"] == [
        {
            "seq": 1,
            "month_start": 4,
            "month_end": 4,
            # 上旬: the first ten days, in the year of the table's title; not an exact day.
            "date_start": "2024-04-01",
            "date_end": "2024-04-10",
            "tentative": False,
            "title": "优化营商环境政策发布会",
            "forms": [{"text": "政策发布", "kind": "policy_release"}],
            "units": ["区发改局"],
            "note": "",
        },
        {
            "seq": 2,
            "month_start": 5,
            "month_end": 6,
            "date_start": None,
            "date_end": None,
            "tentative": False,
            "title": "养老服务现场观摩",
            "forms": [
                {"text": "现场观摩", "kind": "site_visit"},
                {"text": "座谈交流", "kind": "discussion"},
            ],
            "units": ["区民政局", "各街道"],
            "note": "联合",  # the 备注 column is kept, not dropped
        },
    ]


def test_a_pdf_text_layer_with_columns_set_apart_by_spaces(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "附件\n\n"
        "序号    活动主题                      活动形式      责任单位        活动时间\n"
        "1       “阳光政务 公开透明”主题日活动    问卷调查      高坪镇          5 月\n"
        "2       国际档案日宣传                 政策宣传      档案馆          6 月\n"
        "\n— 3 —\n",
        encoding="utf-8",
    )
    rows = parse_plan_file(path).preview()["rows"]
    assert [(r["seq"], r["title"], r["units"], r["month_start"]) for r in rows] == [
        (1, "“阳光政务 公开透明”主题日活动", ["高坪镇"], 5),
        (2, "国际档案日宣传", ["档案馆"], 6),
    ]
