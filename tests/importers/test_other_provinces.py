"""Plan tables of other provinces (政府开放日 / 政府开放月): days, other column names, details,
no unit column, marked cell layouts, several tables. Each layout has its own invented content."""

import datetime as dt
import json
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.management import call_command

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.importers.cells import CellError, DateText, parse_date_text
from openday.importers.errors import PlanFileError
from openday.importers.parse import parse_plan_file
from openday.importers.services import plan_import
from tests.conftest import FIXTURES
from tests.factories import CampaignFactory, RegionFactory

PLANS = FIXTURES / "plans"
# Spreadsheet cells hold naive datetimes: that is how openpyxl writes a date cell.
SEPT_12 = dt.datetime(2025, 9, 12)  # noqa: DTZ001
OCT_1 = dt.datetime(2025, 10, 1)  # noqa: DTZ001


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9月12日", DateText((9, 9), ((9, 12), (9, 12)), exact=True)),
        ("10月15、16日", DateText((10, 10), ((10, 15), (10, 16)), exact=True)),
        ("6月3日至5日", DateText((6, 6), ((6, 3), (6, 5)), exact=True)),
        ("6月28日-7月2日", DateText((6, 7), ((6, 28), (7, 2)), exact=True)),
        ("11月3日（暂定）", DateText((11, 11), ((11, 3), (11, 3)), exact=True, tentative=True)),
        ("2025年5月", DateText((5, 5), year=2025)),
        ("2025年5-7月", DateText((5, 7), year=2025)),
        ("2025年9月12日", DateText((9, 9), ((9, 12), (9, 12)), exact=True, year=2025)),
        ("3月中旬", DateText((3, 3), ((3, 11), (3, 20)))),
        ("3月上旬", DateText((3, 3), ((3, 1), (3, 10)))),
        ("4月下旬", DateText((4, 4), ((4, 21), (4, 30)))),
        ("暂定", DateText(tentative=True)),
        ("待定", DateText(tentative=True)),
        ("5月（待定）", DateText((5, 5), tentative=True)),
        ("上半年", DateText((1, 6))),
        ("下半年", DateText((7, 12))),
        ("全年", DateText((1, 12))),
    ],
)
def test_a_time_cell_is_read_at_its_precision(text, expected):
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2月30日", "活动时间“2月30日”中的日期 2月30日 不存在"),
        ("9月31日", "活动时间“9月31日”中的日期 9月31日 不存在"),
        ("6月5日至3日", "活动时间“6月5日至3日”的结束日期早于开始日期"),
    ],
)
def test_an_impossible_day_is_an_error(text, message):
    with pytest.raises(CellError) as excinfo:
        parse_date_text(text)
    assert str(excinfo.value) == message


def _row(seq, title, units, *, months, dates=(None, None), tentative=False, **more):
    return {
        "seq": seq,
        "month_start": months[0],
        "month_end": months[1],
        "date_start": dates[0],
        "date_end": dates[1],
        "tentative": tentative,
        "title": title,
        "forms": [],
        "units": units,
        **more,
    }


PIPE_ROWS = [
    _row(
        1,
        "走进自来水厂",
        ["市水务集团"],
        months=(9, 9),
        dates=("2025-09-12", "2025-09-12"),
        venue="北郊水厂",
        invitees="市民代表、媒体记者",
        expected_size="30",
        note="",
    ),
    _row(
        2,
        "税费服务体验日",
        ["市税务局"],
        months=(10, 10),
        dates=("2025-10-15", "2025-10-16"),
        venue="市政务服务中心",
        invitees="企业代表",
        expected_size="50",
        note="需预约",
    ),
    _row(
        3,
        "城市规划展示馆开放",
        ["市自然资源局"],
        months=(11, 11),
        dates=("2025-11-03", "2025-11-03"),
        tentative=True,
        venue="规划展示馆",
        invitees="中小学生",
        expected_size="100",
        note="",
    ),
    _row(
        4,
        "应急救援演练观摩",
        ["市应急管理局"],
        months=(6, 6),
        dates=("2025-06-03", "2025-06-05"),
        venue="消防训练基地",
        invitees="社区居民",
        expected_size="40",
        note="",
    ),
    _row(
        5,
        "食品安全检测开放",
        ["市市场监管局"],
        months=(3, 3),
        dates=("2025-03-11", "2025-03-20"),
        venue="检测中心",
        invitees="人大代表、政协委员",
        expected_size="20",
        note="",
    ),
    _row(
        6,
        "政务热线座谈",
        ["市政务服务中心"],
        months=(None, None),
        tentative=True,
        venue="12345热线大厅",
        invitees="热线用户",
        expected_size="15",
        note="",
    ),
]


def test_cells_separated_by_bars_with_days_and_extra_columns():
    plan = parse_plan_file(PLANS / "pipe_rows.txt")
    preview = plan.preview()
    assert preview["year"] == 2025  # from the table's title
    assert preview["rows"] == PIPE_ROWS
    assert [c["key"] for c in preview["columns"]] == [
        "seq",
        "title",
        "month",
        "units",
        "venue",
        "invitees",
        "expected_size",
        "note",
    ]
    assert plan.warnings == []


def test_one_cell_per_line_ending_in_a_bar_keeps_empty_cells_and_wrapped_ones():
    plan = parse_plan_file(PLANS / "cell_per_line_marked.txt")
    assert plan.table_title == "月湖区2025年政府开放日活动计划表"
    assert plan.preview()["rows"] == [
        _row(1, "法治政府建设成果展", ["区司法局"], months=(5, 5), brief="展板展示、现场答疑"),
        _row(2, "医保政策宣讲进社区", [], months=(5, 7), brief="宣讲医保新政"),
        _row(3, "老旧小区改造现场观摩", ["区住房和城乡建设局"], months=(7, 12), brief=""),
    ]
    assert plan.warnings == ["第 16 行（序号 2）：没有填写责任单位"]


def test_one_cell_per_paragraph_joins_a_cell_wrapped_inside_its_paragraph():
    plan = parse_plan_file(PLANS / "paragraphs.txt", year=2024)
    assert plan.preview()["rows"] == [
        _row(
            1,
            "数字政府服务体验",
            ["区数据资源局"],
            months=(9, 9),
            dates=("2024-09-20", "2024-09-20"),
        ),
        _row(2, "乡村振兴项目观摩", ["区乡村振兴服务中心"], months=(1, 6)),
        _row(
            3,
            "营商环境恳谈会",
            ["区发展和改革局"],
            months=(12, 12),
            dates=("2024-12-01", "2024-12-10"),
        ),
    ]


def test_days_without_any_year_stay_months_with_a_warning():
    plan = parse_plan_file(PLANS / "paragraphs.txt")
    assert plan.year is None
    assert [r["date_start"] for r in plan.preview()["rows"]] == [None, None, None]
    assert plan.warnings == [
        "计划表没有写明年份，第 1、3 条的具体日期未能确定，只按月份导入；"
        "导入到年度活动时按该年度计算。"
    ]


def test_records_found_by_their_sequence_number_alone(tmp_path):
    """A web page that leaves blank cells out: record 2 has no 承办单位 line."""
    lines = ["序号", "活动名称", "承办单位", "活动时间", "1", "档案馆开放日", "市档案馆", "6月9日"]
    lines += ["2", "税务开放日", "7月", "3", "公安开放日", "市公安局", "8月"]
    path = tmp_path / "page.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    plan = parse_plan_file(path, year=2025)
    rows = plan.preview()["rows"]
    assert [(r["seq"], r["title"], r["units"], r["month_start"]) for r in rows] == [
        (1, "档案馆开放日", ["市档案馆"], 6),
        (2, "税务开放日", [], 7),
        (3, "公安开放日", ["市公安局"], 8),
    ]
    assert "第 9 行（序号 2）：只有 3 个单元格，表头有 4 列；按内容对齐，“承办单位”为空" in (
        plan.warnings
    )


def test_excel_unicode_text_is_read(tmp_path):
    path = tmp_path / "unicode.txt"
    text = "序号\t活动名称\t活动时间\t主办单位\n1\t气象台开放\t2025年3月23日\t市气象局\n"
    path.write_bytes(text.encode("utf-16"))
    rows = parse_plan_file(path).preview()["rows"]
    assert rows == [
        _row(1, "气象台开放", ["市气象局"], months=(3, 3), dates=("2025-03-23", "2025-03-23"))
    ]


def _docx_table(document, rows):
    table = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return table


PLAN_HEADER = ["序号", "活动名称（主题）", "活动时间", "牵头单位", "活动地点"]


def test_a_word_plan_followed_by_its_statistics_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph("青川县2025年政府开放日活动安排表")
    _docx_table(
        document,
        [
            PLAN_HEADER,
            ["1", "消防站开放", "5月18日", "县消防救援大队", "城南消防站"],
            ["2", "图书馆夜读", "5月下旬", "县文化馆", "县图书馆"],
        ],
    )
    document.add_page_break()
    # The table goes on after a page break, without its header.
    _docx_table(document, [["3", "污水处理厂参观", "6月", "县住建局", "东郊污水厂"]])
    document.add_paragraph("附件2")
    document.add_paragraph("青川县政府开放日活动开展情况统计表")
    _docx_table(
        document,
        [
            ["序号", "单位", "活动名称", "参与人数", "媒体报道（篇）"],
            ["", "", "", "", ""],
        ],
    )
    path = tmp_path / "plan.docx"
    document.save(path)

    plan = parse_plan_file(path)

    rows = plan.preview()["rows"]
    assert [(r["seq"], r["title"], r["units"], r["date_start"], r["venue"]) for r in rows] == [
        (1, "消防站开放", ["县消防救援大队"], "2025-05-18", "城南消防站"),
        (2, "图书馆夜读", ["县文化馆"], "2025-05-21", "县图书馆"),
        (3, "污水处理厂参观", ["县住建局"], None, "东郊污水厂"),
    ]
    assert plan.warnings == ["表格 3“青川县政府开放日活动开展情况统计表”不是计划表，未导入。"]


def test_an_xlsx_with_date_cells_unknown_columns_and_no_unit_column(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["东湖区2025年政府开放月活动计划"])
    sheet.append(["序号", "活动名称", "活动时间", "活动内容", "拟参与人数", "联系人"])
    sheet.append([1, "政务服务中心体验", SEPT_12, "办事流程体验", "约50人", "王芳"])
    sheet["C3"].number_format = 'm"月"d"日"'
    sheet.append([2, "城管执法开放", OCT_1, "执法记录仪展示", "", "赵强"])
    sheet["C4"].number_format = 'yyyy"年"m"月"'
    path = tmp_path / "plan.xlsx"
    book.save(path)

    plan = parse_plan_file(path)

    assert plan.preview()["rows"] == [
        _row(
            1,
            "政务服务中心体验",
            [],
            months=(9, 9),
            dates=("2025-09-12", "2025-09-12"),
            brief="办事流程体验",
            expected_size="约50人",
            extra={"联系人": "王芳"},
        ),
        _row(
            2,
            "城管执法开放",
            [],
            months=(10, 10),
            brief="执法记录仪展示",
            expected_size="",
            extra={"联系人": "赵强"},
        ),
    ]
    assert plan.warnings == [
        "计划表的“联系人”列不是已知的列，已作为“其他信息”随各条活动保存。",
        "计划表没有责任单位列：每条活动都由发文单位承办。",
    ]


def test_a_day_that_the_year_does_not_have_is_an_error(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "江北区2025年政府开放日活动计划表\n序号\t活动名称\t活动时间\t承办单位\n"
        "1\t开放日\t2月29日\t市统计局\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanFileError) as excinfo:
        parse_plan_file(path)
    assert excinfo.value.message == (
        "文件“plan.txt”有 1 处错误，未导入任何内容：\n- 第 3 行（序号 1）：2025 年没有 2月29日"
    )


@pytest.mark.django_db
def test_importing_days_schedules_the_activities_and_keeps_the_details():
    region = RegionFactory(name="星海市", slug="xinghai")
    campaign = CampaignFactory(region=region, year=2025, slug="xinghai-2025")

    result = plan_import(campaign=campaign, path=PLANS / "pipe_rows.txt")

    assert result.scheduled == [1, 2, 3, 4]
    by_seq = {a.seq: a for a in Activity.objects.filter(campaign=campaign)}
    first = by_seq[1]
    assert (first.state, first.scheduled_on, first.venue, first.date_tentative) == (
        ActivityState.SCHEDULED,
        dt.date(2025, 9, 12),
        "北郊水厂",
        False,
    )
    assert (first.invitees, first.expected_size) == ("市民代表、媒体记者", "30")
    assert first.events.get().action == "schedule"
    assert by_seq[2].note == "需预约"
    assert (by_seq[2].planned_start, by_seq[2].planned_end) == (
        dt.date(2025, 10, 15),
        dt.date(2025, 10, 16),
    )
    tentative = by_seq[3]
    assert (tentative.state, tentative.scheduled_on, tentative.date_tentative) == (
        ActivityState.SCHEDULED,
        dt.date(2025, 11, 3),
        True,
    )
    # 中旬 is no day: the activity waits for its host to fix one.
    assert (by_seq[5].state, by_seq[5].planned_start) == (
        ActivityState.PLANNED,
        dt.date(2025, 3, 11),
    )
    assert (by_seq[6].state, by_seq[6].date_tentative) == (ActivityState.PLANNED, True)

    again = plan_import(campaign=campaign, path=PLANS / "pipe_rows.txt")
    assert again.change.unchanged == [1, 2, 3, 4, 5, 6]
    assert again.scheduled == []


@pytest.mark.django_db
def test_a_table_without_unit_column_is_hosted_by_the_issuer(tmp_path):
    region = RegionFactory(name="东湖区", slug="donghu")
    campaign = CampaignFactory(
        region=region, year=2025, slug="donghu-2025", issuer="东湖区人民政府办公室"
    )
    path = tmp_path / "plan.txt"
    path.write_text(
        "序号\t活动名称\t活动时间\t活动地点\n1\t区长接待日\t5月\t区政府\n2\t预算公开解读\t6月\t区财政局\n",
        encoding="utf-8",
    )

    result = plan_import(campaign=campaign, path=path)

    hosts = [
        [h.unit.name for h in a.hosts.all()]
        for a in Activity.objects.filter(campaign=campaign).order_by("seq")
    ]
    assert hosts == [["东湖区人民政府办公室"], ["东湖区人民政府办公室"]]
    assert result.warnings == [
        "计划表没有责任单位列：每条活动都由发文单位承办。",
        "各条活动的承办单位都按发文单位“东湖区人民政府办公室”导入。",
    ]


@pytest.mark.django_db
def test_dry_run_json_dates_rows_in_the_campaign_year():
    CampaignFactory(year=2024, slug="yuehu-2024")
    out = StringIO()
    call_command(
        "import_plan",
        str(PLANS / "paragraphs.txt"),
        "--dry-run",
        "--json",
        "--campaign",
        "yuehu-2024",
        stdout=out,
    )
    rows = json.loads(out.getvalue())["rows"]
    assert [(r["date_start"], r["date_end"], r["tentative"]) for r in rows] == [
        ("2024-09-20", "2024-09-20", False),
        (None, None, False),
        ("2024-12-01", "2024-12-10", False),
    ]
