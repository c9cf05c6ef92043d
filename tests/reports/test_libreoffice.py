"""The exported files open in LibreOffice: converted to text, they hold the whole plan."""

import csv
import subprocess
from pathlib import Path

import pytest

from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_docx, render_xlsx
from tests.reports.plans import expected_rows

pytestmark = pytest.mark.libreoffice

# The filter options name UTF-8 (76) so the Chinese survives the conversion.
TARGETS = {
    "xlsx": ("csv:Text - txt - csv (StarCalc):44,34,76,1", "csv"),
    "docx": ("txt:Text (encoded):UTF8", "txt"),
}


def _convert(soffice: str, source: Path, target: str, tmp_path: Path) -> None:
    # A profile of its own, so parallel runs and a user's open LibreOffice do not clash.
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(tmp_path / "out"), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )  # fmt: skip


@pytest.mark.parametrize("file_format", ["xlsx", "docx"])
def test_libreoffice_reads_the_title_and_every_row(soffice, tianxin_plan, tmp_path, file_format):
    renderer = {"xlsx": render_xlsx, "docx": render_docx}[file_format]
    source = tmp_path / f"plan.{file_format}"
    source.write_bytes(renderer(plan_table(tianxin_plan)))
    target, suffix = TARGETS[file_format]

    _convert(soffice, source, target, tmp_path)

    text = (tmp_path / "out" / f"plan.{suffix}").read_text(encoding="utf-8-sig")
    assert "天心区2023年“政务公开主题日”活动计划表" in text
    missing = [row["title"] for row in expected_rows("tianxin-2023") if row["title"] not in text]
    assert missing == []
    for header in ("序号", "活动时间", "活动主题", "活动形式", "责任单位"):
        assert header in text


def test_libreoffice_sees_every_cell_of_the_xlsx_with_each_month_once(
    soffice, tianxin_plan, tmp_path
):
    table = plan_table(tianxin_plan)
    (tmp_path / "plan.xlsx").write_bytes(render_xlsx(table))

    _convert(soffice, tmp_path / "plan.xlsx", TARGETS["xlsx"][0], tmp_path)

    with (tmp_path / "out" / "plan.csv").open(encoding="utf-8", newline="") as converted:
        rows = list(csv.reader(converted))
    months = [row[1] for row in table.rows]
    shown = [month if i == 0 or month != months[i - 1] else "" for i, month in enumerate(months)]
    assert rows[0] == ["附件1", "", "", "", ""]
    assert rows[1] == [table.title, "", "", "", ""]
    assert rows[2] == table.header
    assert rows[3:] == [
        [str(row[0]), month, *row[2:]] for row, month in zip(table.rows, shown, strict=True)
    ]
    assert shown[:6] == ["3月", "", "", "", "", "4月"]
