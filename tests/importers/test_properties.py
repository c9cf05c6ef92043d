"""Property-based tests: whatever the readers, the table finder, the cell parsers and the notice
reader are given, they answer with a value or a Chinese refusal, never a traceback.

Examples are few and small (the whole set runs in seconds); sizes are bounded by the
strategies, so no run can be unbounded.
"""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openday.core.errors import DomainError
from openday.importers.cells import (
    CellError,
    CellWarning,
    compact_title,
    join_wrapped,
    parse_months,
    split_forms,
    split_units,
)
from openday.importers.layout import find_tables
from openday.importers.limits import Limits
from openday.importers.notice import notice_facts
from openday.importers.notice.text import CN_NUMERALS, NoticeText
from openday.importers.numerals import to_number
from openday.importers.parse import parse_plan_file
from openday.importers.readers import RawRow, Source, read_source
from tests.hostile import corpus

FEW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
WORDS = [
    *corpus.HEADER,
    "活动内容",
    "时间",
    "3月",
    "5-6月",
    "全年",
    "十三月",
    "0月",
    "1",
    "2",
    "(3)",
    "政策宣传、座谈交流",
    "区财政局、各街道办事处",
    "第 1 页",
    "计划表",
    "@",
    "a@b.cn",
    "提前3个工作日",
    "全年计划开展50场",
    "\x0b",
    "\x00",
    "\ufeff",
    "　",
]
piece = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))
cell = st.lists(piece, max_size=3).map("".join)
grid = st.lists(st.lists(cell, min_size=0, max_size=7), min_size=0, max_size=12)
line = st.lists(st.one_of(piece, st.sampled_from(["\t", "  ", "|"])), max_size=10).map("".join)
LIMITS = Limits(max_rows=200, max_cells=2_000, max_lines=500)


def refuses_cleanly(read) -> None:
    try:
        read()
    except DomainError as exc:
        message = exc.message
    else:
        return
    assert message  # a message to show, never empty


@FEW
@given(data=st.binary(max_size=2_000))
def test_any_bytes_as_text(tmp_path, data):
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    refuses_cleanly(lambda: parse_plan_file(path, limits=LIMITS))


@FEW
@given(rows=st.lists(line, max_size=30))
def test_any_lines_as_a_text_plan(tmp_path, rows):
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(rows), encoding="utf-8")
    refuses_cleanly(lambda: parse_plan_file(path, limits=LIMITS))


@FEW
@given(rows=grid)
def test_any_grid_as_csv(tmp_path, rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path = tmp_path / "grid.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    refuses_cleanly(lambda: parse_plan_file(path, limits=LIMITS))


@FEW
@given(rows=grid)
def test_any_grid_as_xlsx(tmp_path, rows):
    path = corpus.xlsx(tmp_path, "grid.xlsx", corpus.grid_cells(rows))
    refuses_cleanly(lambda: parse_plan_file(path, limits=LIMITS))


@FEW
@given(rows=st.lists(st.lists(cell, min_size=1, max_size=7), min_size=1, max_size=12))
def test_any_grid_as_docx(tmp_path, rows):
    table = "".join("<w:tr>" + "".join(corpus._tc(c) for c in row) + "</w:tr>" for row in rows)
    path = corpus._docx(tmp_path, "grid.docx", f"<w:tbl>{table}</w:tbl>")
    refuses_cleanly(lambda: parse_plan_file(path, limits=LIMITS))


@FEW
@given(rows=grid, lines=st.lists(line, max_size=20))
def test_the_table_finder_takes_any_source(rows, lines):
    source = Source(
        name="x",
        lines=list(enumerate(lines, start=1)),
        grids=[[RawRow(f"第 {i} 行", r) for i, r in enumerate(rows, start=1)]],
    )
    for table in find_tables(source):
        assert all(isinstance(value, str) for row in table.rows for value in row.cells.values())


@FEW
@given(text=cell)
def test_cell_parsers_take_any_text(text):
    try:
        months = parse_months(text)
    except (CellError, CellWarning) as exc:  # the parser's own refusals, worded in Chinese
        months, refusal = None, str(exc)
    else:
        refusal = "none"
    assert refusal
    assert months is None or 1 <= months[0] <= months[1] <= 12
    assert isinstance(split_forms(text), list)
    assert all(unit for unit in split_units(text))
    assert isinstance(join_wrapped([text, text]), str)
    assert isinstance(compact_title(text), str)


@FEW
@given(token=st.text(alphabet="0123456789", min_size=1, max_size=6))
def test_numbers_in_digits(token):
    assert to_number(token) == int(token)


@FEW
@given(token=st.text(alphabet=CN_NUMERALS, min_size=1, max_size=6))
def test_numbers_in_chinese_numerals(token):
    assert to_number(token) >= 0


@FEW
@given(lines=st.lists(line, max_size=30))
def test_the_notice_reader_takes_any_text(lines):
    facts = notice_facts(NoticeText.from_lines(lines))
    assert facts.planned_count is None or facts.planned_count < 10**6


@FEW
@given(data=st.binary(max_size=2_000), suffix=st.sampled_from([".docx", ".xlsx", ".csv"]))
def test_any_bytes_as_a_package(tmp_path, data, suffix):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    refuses_cleanly(lambda: read_source(path, limits=LIMITS))
