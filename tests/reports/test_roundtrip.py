"""Export → import gives back the plan: what the office exports, the importer reads unchanged."""

import dataclasses

import pytest

from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_csv, render_docx, render_xlsx
from tests.reports.plans import (
    BRIEF_COLUMNS,
    SAMPLE_ROWS,
    build_plan,
    expected_rows,
    region_campaign,
)

RENDERERS = {"xlsx": render_xlsx, "docx": render_docx, "csv": render_csv}
KEYS = ["seq", "month_start", "month_end", "title", "forms", "units"]
LUXI_COLUMNS = [["seq", "序号"], ["units", "单位"], ["title", "活动主题"], ["month", "开展时间"]]

PLANS = {
    # month ranges, several forms and hosts, 各街道办事处, a brief column
    "sample": ("天心区", 2023, BRIEF_COLUMNS, SAMPLE_ROWS),
    # the official 50-row table of 天心区
    "tianxin": ("天心区", 2023, [], expected_rows("tianxin-2023")),
    # 泸溪县's own column order and words, no form column, 6-8月
    "luxi": ("泸溪县", 2025, LUXI_COLUMNS, expected_rows("luxi-2025")),
}


def _as_dict(row) -> dict:
    return row if isinstance(row, dict) else dataclasses.asdict(row)


@pytest.mark.parametrize("file_format", ["xlsx", "docx", "csv"])
@pytest.mark.parametrize("plan_name", list(PLANS))
def test_exported_plan_imports_back_unchanged(db, tmp_path, plan_name, file_format):
    parse = pytest.importorskip("openday.importers.parse")
    region, year, columns, rows = PLANS[plan_name]
    campaign = build_plan(region_campaign(region, year, plan_columns=columns), rows)
    path = tmp_path / f"{plan_name}.{file_format}"
    path.write_bytes(RENDERERS[file_format](plan_table(campaign)))

    parsed = parse.parse_plan_file(path)

    keys = KEYS + (["brief"] if "brief" in rows[0] else [])
    assert [{key: _as_dict(row)[key] for key in keys} for row in parsed.rows] == [
        {key: row[key] for key in keys} for row in rows
    ]
    # The layout comes back too: the campaign's columns, and the title where the format has one.
    assert [[key, words] for key, words in parsed.columns] == campaign.columns
    title = "" if file_format == "csv" else campaign.display_plan_title
    assert (parsed.table_title, parsed.warnings) == (title, [])
