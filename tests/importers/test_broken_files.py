"""Broken input ends with a Chinese message naming the file and row, and nothing is saved."""

import subprocess
import sys
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from openday.activities.models import Activity
from openday.importers.errors import PlanFileError
from openday.importers.parse import parse_plan_file
from openday.orgs.models import Unit
from tests.factories import CampaignFactory

HEADER = "序号\t活动时间\t活动主题\t活动形式\t责任单位\n"


def write(tmp_path, name: str, content: bytes | str):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def fake_zip(tmp_path, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "不是 Office 文件")
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件“empty.txt”是空的，没有可导入的内容。"),
        ("blank.txt", "\n  \n\t\n", "文件“blank.txt”是空的，没有可导入的内容。"),
        (
            "binary.txt",
            b"\x00\x01\x02\xff\xfe" * 50,
            "文件“binary.txt”不是文本文件（看起来是二进制内容），无法按文本导入。",
        ),
        (
            "fake.docx",
            b"this is not a word file",
            "文件“fake.docx”不是有效的 Word (.docx) 文件，无法打开。",
        ),
        (
            "fake.xlsx",
            b"PK\x03\x04 truncated",
            "文件“fake.xlsx”不是有效的 Excel (.xlsx) 文件，无法打开。",
        ),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0 legacy",
            "文件“old.doc”是旧版 Office 格式（.doc），请另存为 .docx 或 .xlsx 后再导入。",
        ),
        (
            "plan.pdf",
            b"%PDF-1.4",
            "文件“plan.pdf”的格式（.pdf）不支持；可导入 .txt、.docx、.xlsx、.csv 文件。",
        ),
        (
            "prose.txt",
            "关于印发活动方案的通知\n\n各单位：请认真贯彻落实。\n",
            "文件“prose.txt”中没有找到计划表：需要一行表头，含“序号”“活动主题”“活动时间”“责任单位”等列名。",
        ),
        (
            "header-only.txt",
            HEADER,
            "文件“header-only.txt”第 1 行有计划表的表头，但表中没有任何活动。",
        ),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(PlanFileError) as excinfo:
        parse_plan_file(path)
    assert excinfo.value.message == message


@pytest.mark.parametrize("name", ["zip.docx", "zip.xlsx"])
def test_a_zip_that_is_not_an_office_file(tmp_path, name):
    with pytest.raises(PlanFileError, match=f"文件“{name}”"):
        parse_plan_file(fake_zip(tmp_path, name))


def test_every_bad_row_is_listed_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "rows.txt",
        HEADER
        + "1\t3月\t政策宣讲\t政策宣传\t区财政局\n"
        + "2\t13月\t知识竞赛\t其他形式\t区财政局\n"
        + "3\t4月\t\t政策宣传\t区财政局\n"
        + "3\t4月\t重复序号\t政策宣传\t区财政局\n",
    )
    with pytest.raises(PlanFileError) as excinfo:
        parse_plan_file(path)
    assert excinfo.value.message == (
        "文件“rows.txt”有 3 处错误，未导入任何内容：\n"
        "- 第 3 行（序号 2）：活动时间“13月”中的月份 13 不存在（应为 1 至 12 月）\n"
        "- 第 4 行（序号 3）：缺少活动主题\n"
        "- 第 5 行（序号 3）：序号 3 与第 4 行重复"
    )


def test_an_impossible_month_in_a_spreadsheet_names_the_sheet_row(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "计划"
    workbook.active.append(["序号", "活动主题", "责任单位", "时间"])
    workbook.active.append([1, "政策宣讲", "区财政局", "0月"])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    with pytest.raises(
        PlanFileError, match="工作表“计划”第 2 行（序号 1）：活动时间“0月”中的月份 0 不存在"
    ):
        parse_plan_file(path)


def test_unreadable_month_text_imports_with_a_warning(tmp_path):
    path = write(tmp_path, "vague.txt", HEADER + "1\t春季\t政策宣讲\t政策宣传\t区财政局\n")
    plan = parse_plan_file(path)
    assert (plan.rows[0].month_start, plan.rows[0].month_end) == (None, None)
    assert plan.warnings == ["第 2 行（序号 1）：无法识别活动时间“春季”，已按时间待定处理"]


def test_gaps_in_the_sequence_are_warned(tmp_path):
    path = write(
        tmp_path,
        "gap.txt",
        HEADER + "1\t3月\t甲\t政策宣传\t区财政局\n3\t3月\t乙\t政策宣传\t区财政局\n",
    )
    assert parse_plan_file(path).warnings == ["序号不连续：第 1 条之后是第 3 条"]


@pytest.mark.django_db
def test_command_fails_and_saves_nothing(tmp_path):
    campaign = CampaignFactory(slug="demo-2023")
    path = write(
        tmp_path,
        "bad.txt",
        HEADER + "1\t3月\t甲\t政策宣传\t区新单位\n2\t14月\t乙\t政策宣传\t区另一个新单位\n",
    )
    with pytest.raises(CommandError, match="第 3 行（序号 2）"):
        call_command("import_plan", str(path), "--campaign", "demo-2023")
    assert Activity.objects.filter(campaign=campaign).count() == 0
    assert Unit.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--campaign", "nope-2023"], "没有标识为“nope-2023”的年度活动。"),
        ([], "请用 --campaign 指定年度活动，或用 --dry-run 只预览。"),
    ],
)
def test_command_argument_errors(seeds_dir, args, message):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_plan", str(seeds_dir / "000_d804d73a4347b30d.txt"), *args)
    assert str(excinfo.value) == message


def test_console_script_exits_non_zero_with_the_message(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    result = subprocess.run(
        [sys.executable, "-m", "openday.cli", "import-plan", str(path), "--dry-run", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert "文件“empty.txt”是空的" in result.stderr
    assert "Traceback" not in result.stderr
