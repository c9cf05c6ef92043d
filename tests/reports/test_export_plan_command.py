import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from docx import Document

from tests.reports.plans import SAMPLE_ROWS, region_campaign


def _export(**options) -> str:
    out = io.StringIO()
    call_command("export_plan", stdout=out, **options)
    return out.getvalue()


def test_export_plan_writes_xlsx_and_says_how_many_rows(sample_plan, tmp_path):
    path = tmp_path / "plan.xlsx"

    message = _export(campaign="sample-2023", file_format="xlsx", output=str(path))

    assert message == f"已导出 6 条计划到 {path}\n"
    sheet = openpyxl.load_workbook(path).active
    assert (sheet["A1"].value, sheet["A2"].value) == (
        "附件1",
        "天心区2023年“政务公开主题日”活动计划表",
    )
    assert [row[2] for row in sheet.iter_rows(min_row=4, values_only=True)] == [
        row["title"] for row in SAMPLE_ROWS
    ]


def test_export_plan_writes_docx(sample_plan, tmp_path):
    path = tmp_path / "plan.docx"

    message = _export(campaign="sample-2023", file_format="docx", output=str(path))

    assert message == f"已导出 6 条计划到 {path}\n"
    document = Document(str(path))
    assert [p.text for p in document.paragraphs[:2]] == [
        "附件1",
        "天心区2023年“政务公开主题日”活动计划表",
    ]
    table = document.tables[0]
    assert [row.cells[2].text for row in table.rows[1:]] == [row["title"] for row in SAMPLE_ROWS]


def test_export_plan_writes_csv(sample_plan, tmp_path):
    path = tmp_path / "plan.csv"

    _export(campaign="sample-2023", file_format="csv", output=str(path))

    lines = path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[:2] == [
        "序号,活动时间,活动主题,活动形式,责任单位,活动简介",
        "1,3月,被征地农民社会保险业务政策宣讲,政策宣传,区人力资源社会保障局,"
        "面向被征地农民讲解参保缴费、待遇领取政策。",
    ]
    assert len(lines) == 7


@pytest.mark.parametrize(("name", "magic"), [("plan.XLSX", b"PK"), ("计划.docx", b"PK")])
def test_export_plan_takes_the_format_from_the_file_name(sample_plan, tmp_path, name, magic):
    path = tmp_path / name

    _export(campaign="sample-2023", output=str(path))

    assert path.read_bytes()[:2] == magic


def test_export_plan_of_a_campaign_without_activities_writes_the_header(db, tmp_path):
    region_campaign("大祥区", 2023, slug="daxiang-2023")
    path = tmp_path / "plan.csv"

    message = _export(campaign="daxiang-2023", file_format="csv", output=str(path))

    assert message == f"已导出 0 条计划到 {path}\n"
    assert path.read_bytes() == "\ufeff序号,活动时间,活动主题,活动形式,责任单位\r\n".encode()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"output": "plan.xlsx"}, "请用 --campaign 指定年度活动标识"),
        ({"campaign": "sample-2023"}, "请用 -o 指定输出文件"),
        (
            {"campaign": "sample-2023", "output": "plan"},
            "请用 --format 指定导出格式：xlsx、docx、csv",
        ),
        (
            {"campaign": "sample-2023", "file_format": "pdf", "output": "plan.pdf"},
            "不支持的导出格式“pdf”，可选：xlsx、docx、csv",
        ),
        (
            {"campaign": "no-such-plan", "file_format": "xlsx", "output": "plan.xlsx"},
            "找不到标识为“no-such-plan”的年度活动",
        ),
    ],
)
def test_export_plan_refuses_bad_options_in_chinese(sample_plan, options, message):
    with pytest.raises(CommandError) as error:
        _export(**options)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("relative", "reason"),
    [("missing/plan.xlsx", "所在目录不存在"), (".", "这是一个目录")],
)
def test_export_plan_refuses_an_unwritable_path(sample_plan, tmp_path, relative, reason):
    path = tmp_path / relative

    with pytest.raises(CommandError) as error:
        _export(campaign="sample-2023", file_format="xlsx", output=str(path))

    assert str(error.value) == f"无法写入 {path}：{reason}"


def test_export_plan_refuses_a_read_only_directory(sample_plan, tmp_path, monkeypatch):
    # Root ignores directory permissions, so the operating system's refusal is simulated.
    def refuse(self, data):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_bytes", refuse)
    target = tmp_path / "plan.xlsx"

    with pytest.raises(CommandError) as error:
        _export(campaign="sample-2023", file_format="xlsx", output=str(target))

    assert str(error.value) == f"无法写入 {target}：没有写入权限"


def test_openday_export_plan_fails_with_a_message_not_a_traceback(tmp_path):
    # The console script, as a user runs it; the format is checked before the database.
    result = subprocess.run(
        [sys.executable, "-m", "openday.cli", "export-plan", "--campaign", "x", "--format",
         "pdf", "-o", str(tmp_path / "plan.pdf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )  # fmt: skip

    assert result.returncode == 1
    assert result.stderr == "CommandError: 不支持的导出格式“pdf”，可选：xlsx、docx、csv\n"
    assert result.stdout == ""
