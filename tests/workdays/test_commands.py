"""``openday workdays`` and ``openday holidays``: exact output, Chinese refusals, exit codes."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openday.core.models import AuditEntry
from openday.workdays.models import HolidayArrangement
from tests.factories.workdays import HolidayArrangementFactory
from tests.workdays.official import days_of, official_workday

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "files" / "arrangements-2027-sample.csv"
USAGE = (
    "用法：openday holidays import 文件 [--replace] [--dry-run]，"
    "openday holidays import --notice 通知文件 [--replace] [--override] [--dry-run]，"
    "openday holidays read-notice 通知文件，"
    "或 openday holidays list [--year 年份]"
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


def write(tmp_path: Path, text: str, name: str = "holidays.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- openday workdays ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-10-01", "off\n"),
        ("2026-10-10", "workday\n"),
        ("2024-02-09", "workday\n"),
        ("2025-01-26", "workday\n"),
        ("2026-03-07", "off\n"),
        ("2027-01-01", "workday provisional\n"),
        ("2027-01-02", "off provisional\n"),
    ],
)
def test_workdays_date(day, expected):
    assert run("workdays", day) == (expected, "")


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2023-09-28", "5", "2023-10-11\n"),
        ("2026-09-30", "5", "2026-10-13\n"),
        ("2026-10-09", "-5", "2026-09-24\n"),  # 10/8, 9/30, 9/29, 9/28; 中秋; 9/24
        ("2026-10-01", "0", "2026-10-08\n"),
        ("2026-12-30", "+3", "2027-01-04 provisional\n"),
        ("2027-01-05", "-3", "2026-12-31 provisional\n"),
    ],
)
def test_workdays_date_n(day, n, expected):
    assert run("workdays", day, n) == (expected, "")


def test_workdays_year_prints_every_date():
    out, _ = run("workdays", "--year", "2026")

    assert out == "".join(
        f"{day.isoformat()} {'workday' if official_workday(day) else 'off'}\n"
        for day in days_of(2026)
    )
    assert "2026-10-01 off\n" in out
    assert "2026-10-10 workday\n" in out


def test_workdays_year_of_an_unpublished_year_is_provisional_everywhere():
    out, _ = run("workdays", "--year", "2027")
    lines = out.splitlines()

    assert len(lines) == 365
    assert lines[:4] == [
        "2027-01-01 workday provisional",
        "2027-01-02 off provisional",
        "2027-01-03 off provisional",
        "2027-01-04 workday provisional",
    ]
    assert all(line.endswith(" provisional") for line in lines)


def test_workdays_year_after_the_arrangement_is_imported():
    run("holidays", "import", str(SAMPLE))

    out, _ = run("workdays", "--year", "2027")

    assert out.splitlines()[:3] == ["2027-01-01 off", "2027-01-02 off", "2027-01-03 off"]
    assert "2027-02-20 workday\n" in out
    assert "provisional" not in out
    assert run("workdays", "2026-12-31", "1") == ("2027-01-04\n", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "请给出日期，如 openday workdays 2026-10-01；或用 --year 2026 列出全年。"),
        (("2026-02-30",), "日期“2026-02-30”无效，应写成 2026-10-01 这样的格式。"),
        (("tomorrow",), "日期“tomorrow”无效，应写成 2026-10-01 这样的格式。"),
        (("2026-10-01", "five"), "工作日数“five”无效，应为整数，如 5 或 -5。"),
        (("2026-10-01", "1.5"), "工作日数“1.5”无效，应为整数，如 5 或 -5。"),
        (("2026-10-01", "10001"), "工作日数应在 -10000 到 10000 之间。"),
        (
            ("2026-10-01", "5", "x"),
            "参数过多：只接受日期和工作日数，如 openday workdays 2026-09-30 5。",
        ),
        (("2026-10-01", "--year", "2026"), "--year 不能与日期同时使用。"),
        (("--year", "26"), "年份“26”无效，应为四位数字，如 2027。"),
        (("--year", "0000"), "年份“0000”无效，应为四位数字，如 2027。"),
        (("9999-12-31", "1"), "日期超出可计算的范围（公元1年至9999年）。"),
    ],
)
def test_workdays_refuses_bad_input_in_chinese(args, message):
    assert refusal("workdays", *args) == message


# --- openday holidays ------------------------------------------------------------------------


def test_holidays_import_sample():
    out, err = run("holidays", "import", str(SAMPLE))

    assert out == "已导入 2027 年节假日安排：新增 12 条，更新 0 条，未变 0 条\n"
    assert err == ""
    assert HolidayArrangement.objects.count() == 12


def test_holidays_import_twice_is_idempotent():
    run("holidays", "import", str(SAMPLE))
    rows = list(HolidayArrangement.objects.values_list("date", "is_workday", "name", "note"))
    audited = AuditEntry.objects.count()

    out, _ = run("holidays", "import", str(SAMPLE))

    assert out == "已导入 2027 年节假日安排：新增 0 条，更新 0 条，未变 12 条\n"
    assert list(HolidayArrangement.objects.values_list("date", "is_workday", "name", "note")) == (
        rows
    )
    assert AuditEntry.objects.count() == audited


def test_holidays_import_dry_run_and_replace(tmp_path):
    HolidayArrangementFactory(date="2027-05-01", name="劳动节")
    path = write(tmp_path, "2027-01-01,休,元旦\n2027-02-07,班,春节调休上班\n")

    out, _ = run("holidays", "import", path, "--replace", "--dry-run")

    assert out == (
        "试运行，未保存：2027 年节假日安排将新增 2 条，更新 0 条，未变 0 条，删除 1 条\n"
    )
    assert list(HolidayArrangement.objects.values_list("name", flat=True)) == ["劳动节"]

    out, _ = run("holidays", "import", path, "--replace")

    assert out == "已导入 2027 年节假日安排：新增 2 条，更新 0 条，未变 0 条，删除 1 条\n"
    assert list(HolidayArrangement.objects.values_list("name", flat=True)) == [
        "元旦",
        "春节调休上班",
    ]


def test_holidays_import_warns_when_contradicting_the_library_but_imports(tmp_path):
    path = write(tmp_path, "# 更正\n2026-10-10,off,改为放假\n2026-10-11,off\n")

    out, err = run("holidays", "import", path)

    assert out == "已导入 2026 年节假日安排：新增 2 条，更新 0 条，未变 0 条\n"
    assert err == (
        "警告：第 2 行：2026-10-10 标为放假，与已公布的安排（国庆节调休上班）不一致；"
        "以本文件为准，请核对。\n"
    )
    assert run("workdays", "2026-10-10") == ("off\n", "")


def test_holidays_import_refuses_a_bad_file_and_saves_nothing(tmp_path):
    path = write(
        tmp_path,
        "2027-01-01,off,元旦\n2027-02-30,off,春节\n2027-02-07,rest\n2027-01-01,work\n",
        name="2027.csv",
    )

    message = refusal("holidays", "import", path)

    assert message == (
        "文件“2027.csv”有 3 处错误，未导入任何内容：\n"
        "第 2 行：“2027-02-30”不是有效的日期，应写成 2027-01-01 这样的格式。\n"
        "第 3 行：无法识别状态“rest”，应为 off（休）或 work（班）。\n"
        "第 4 行：日期 2027-01-01 与第 1 行重复。"
    )
    assert HolidayArrangement.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (),
            USAGE,
        ),
        (
            ("export",),
            USAGE,
        ),
        (
            ("import",),
            "请给出一个要导入的文件。" + USAGE,
        ),
        (("import", "/no/such/file.csv"), "找不到文件“/no/such/file.csv”。"),
        (
            ("import", "a.csv", "--year", "2027"),
            "--year 只用于 list；导入的年份由文件中的日期决定。",
        ),
        (("list", "--year", "明年"), "年份“明年”无效，应为四位数字，如 2027。"),
        (("list", "--dry-run"), "--replace 和 --dry-run 只用于 import。"),
    ],
)
def test_holidays_refuses_bad_input_in_chinese(args, message):
    assert refusal("holidays", *args) == message


def test_holidays_list_prints_the_import_format():
    run("holidays", "import", str(SAMPLE))
    HolidayArrangementFactory(date="2028-01-01", name="元旦", note="多行\n备注")

    out, _ = run("holidays", "list", "--year", "2027")

    assert out.splitlines()[0] == "2027-01-01,off,元旦"
    assert out.splitlines()[-3:] == [
        "2027-02-20,work,春节调休上班,周六上班",
        "2027-10-01,off,国庆节",
        "2027-10-09,work,国庆节调休上班",
    ]
    assert len(out.splitlines()) == 12
    assert run("holidays", "list")[0].splitlines()[-1] == "2028-01-01,off,元旦,多行 备注"


def test_holidays_list_output_imports_back_unchanged(tmp_path):
    run("holidays", "import", str(SAMPLE))
    listed, _ = run("holidays", "list")

    out, _ = run("holidays", "import", write(tmp_path, listed))

    assert out == "已导入 2027 年节假日安排：新增 0 条，更新 0 条，未变 12 条\n"


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2027", "2027 年没有录入节假日安排。\n"),
        (
            "2026",
            "2026 年没有录入节假日安排。该年的安排已由日历库提供，"
            "可用 openday workdays --year 2026 查看。\n",
        ),
    ],
)
def test_holidays_list_of_an_empty_year_says_so(year, message):
    assert run("holidays", "list", "--year", year) == ("", message)


# --- Through the console script: exit code, no traceback ---------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["workdays", "2026-13-01"], "日期“2026-13-01”无效"),
        (["holidays", "import", "{bad}"], "有 1 处错误，未导入任何内容"),
        # A database that was never migrated: a sentence, not an OperationalError.
        (["workdays", "2026-10-01"], "无法读取节假日安排（是否已运行 openday migrate？）"),
    ],
)
def test_console_script_fails_cleanly(tmp_path, args, message):
    bad = write(tmp_path, "2027-01-01,maybe\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}

    result = subprocess.run(
        [sys.executable, "-m", "openday.cli", *(arg.format(bad=bad) for arg in args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )

    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
