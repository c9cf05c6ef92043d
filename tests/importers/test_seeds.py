"""Every row of every seed notice, against expectations transcribed by hand from the documents."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from openday.demo.loader import NOTICES
from openday.importers.parse import parse_plan_file
from tests.conftest import FIXTURES, SEEDS

SEED_FILES = {
    "tianxin-2023": ("000_d804d73a4347b30d.txt", 50),
    "liuyang-2023": ("001_ddfed9181dbfe701.txt", 35),
    "xiangjiang-2023": ("002_bbd494da69939ab6.txt", 0),
    "daxiang-2023": ("003_6ad499dfcbe107b4.txt", 39),
    "luxi-2025": ("004_50dbb51384bb21f8.txt", 36),
}


def expected_rows(slug: str) -> list[dict]:
    return json.loads((FIXTURES / "expected" / f"{slug}.json").read_text("utf-8"))["rows"]


@pytest.mark.parametrize(("slug", "seed"), list(SEED_FILES.items()))
def test_seed_rows_match_the_document(slug, seed):
    file_name, count = seed
    plan = parse_plan_file(SEEDS / file_name)
    rows = plan.preview()["rows"]
    expected = expected_rows(slug)
    assert len(expected) == count
    assert len(rows) == count
    for got, want in zip(rows, expected, strict=True):
        assert got == want, f"row {want['seq']}"


@pytest.mark.parametrize(
    ("file_name", "title", "columns"),
    [
        (
            "000_d804d73a4347b30d.txt",
            "天心区2023年“政务公开主题日”活动计划表",
            ["序号", "活动时间", "活动主题", "活动形式", "责任单位"],
        ),
        (
            "001_ddfed9181dbfe701.txt",
            "浏阳市2023年“政务公开主题日”活动安排计划表",
            ["序号", "活动主题", "活动形式", "责任单位", "活动时间"],
        ),
        (
            "003_6ad499dfcbe107b4.txt",
            "大祥区2023年“政务公开主题日”活动计划安排表",
            ["序号", "活动主题", "活动方式", "责任单位", "时间"],
        ),
        (
            "004_50dbb51384bb21f8.txt",
            "泸溪县政务公开主题日活动安排表",
            ["序号", "单位", "活动主题", "开展时间"],
        ),
    ],
)
def test_seed_table_title_and_columns_are_kept(file_name, title, columns):
    plan = parse_plan_file(SEEDS / file_name)
    assert plan.table_title == title
    assert [header for _, header in plan.columns] == columns
    assert plan.warnings == []
    assert plan.declaration_form is False


def test_blank_declaration_form_is_recognised_without_error():
    plan = parse_plan_file(SEEDS / "002_bbd494da69939ab6.txt")
    assert plan.declaration_form is True
    assert plan.rows == []
    assert plan.table_title == "湖南湘江新区2023政务公开主题日活动主题申报表"
    assert [key for key, _ in plan.columns] == ["seq", "title", "month", "forms", "brief"]
    assert len(plan.warnings) == 1
    assert "空白的主题申报表" in plan.warnings[0]


@pytest.mark.parametrize(("slug", "seed"), list(SEED_FILES.items()))
def test_dry_run_json_prints_the_preview(slug, seed):
    out = StringIO()
    call_command("import_plan", str(SEEDS / seed[0]), "--dry-run", "--json", stdout=out)
    preview = json.loads(out.getvalue())
    assert preview["rows"] == expected_rows(slug)
    assert isinstance(preview["warnings"], list)


def test_dry_run_without_json_prints_one_line_per_row_and_a_summary():
    out = StringIO()
    call_command("import_plan", str(SEEDS / "004_50dbb51384bb21f8.txt"), "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "1\t5月\t5.15经济犯罪宣传日\t\t县公安局"
    assert lines[23] == "24\t6-8月\t宣传《泸溪县2025年义务教育招生工作方案》\t\t县教育和体育局"
    assert lines[-1] == "预览：36 条计划，未保存。"


def test_seed_fixtures_are_the_demo_notices():
    for file_name, _ in SEED_FILES.values():
        assert (NOTICES / file_name).read_bytes() == (SEEDS / file_name).read_bytes()
