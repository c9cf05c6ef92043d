import pytest

from openday.reports.renderers.layout import fit_widths, line_count, page_breaks, text_width
from openday.reports.tables import Table, merge_runs


def _table(months: list[str]) -> Table:
    return Table(
        title="计划表",
        header=["序号", "活动时间"],
        rows=[[seq, month] for seq, month in enumerate(months, start=1)],
        merge_column=1,
    )


@pytest.mark.parametrize(
    ("months", "runs"),
    [
        ([], []),
        (["3月"], []),
        (["3月", "4月", "5月"], []),
        (["3月", "3月", "3月", "4月", "5-6月", "5-6月"], [(0, 2), (4, 5)]),
        (["3月", "4月", "3月", "3月"], [(2, 3)]),
        (["待定", "待定"], [(0, 1)]),
        (["", "", "3月"], []),
    ],
)
def test_merge_runs_are_runs_of_two_or_more_equal_values(months, runs):
    assert merge_runs(_table(months)) == runs


def test_merge_runs_without_a_merge_column_are_empty():
    table = Table(title="表", header=["月份"], rows=[["3月"], ["3月"]])

    assert merge_runs(table) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rows": [[1]]}, "row 0 has 1 cells, the header has 2"),
        ({"column_widths": [1]}, "column_widths has 1 entries, the header has 2"),
        ({"column_align": ["left"]}, "column_align has 1 entries, the header has 2"),
        ({"merge_column": 2}, "merge_column 2 is not a column"),
    ],
)
def test_table_refuses_a_shape_that_does_not_match_the_header(fields, message):
    with pytest.raises(ValueError, match=message):
        Table(title="表", header=["序号", "活动主题"], rows=fields.pop("rows", []), **fields)


def test_table_defaults_to_equal_widths_and_centred_columns():
    table = Table(title="表", header=["序号", "活动主题"], rows=[])

    assert (table.widths, table.align(0), table.align(1)) == ([1.0, 1.0], "center", "center")


@pytest.mark.parametrize(
    ("text", "width"),
    [("活动主题", 4), ("5-6月", 2.65), ("“税企心连心”", 7), ("", 0), (12, 1.1)],
)
def test_text_width_counts_cjk_characters_as_one_and_latin_as_about_half(text, width):
    assert text_width(text) == pytest.approx(width)


@pytest.mark.parametrize(
    ("text", "characters", "lines"),
    [("", 10, 1), ("一二三四五", 5, 1), ("一二三四五六", 5, 2), ("一二\n三四", 5, 2)],
)
def test_line_count_wraps_at_the_column_width(text, characters, lines):
    assert line_count(text, characters) == lines


def test_fit_widths_keeps_short_columns_on_one_line_and_shares_the_rest():
    table = Table(
        title="表",
        header=["序号", "活动时间", "活动主题"],
        rows=[[1, "5-6月", "被征地农民社会保险业务政策宣讲"]],
        column_widths=[1, 1, 8],
    )

    widths = fit_widths(table, total=50, char=2, padding=1)

    # Shared out 5, 5, 40; but 活动时间 needs 4 characters (9) and then 序号 2 (5); the theme is
    # long and wraps anyway, so it gives up the difference.
    assert widths == pytest.approx([5, 9, 36])


def test_fit_widths_follows_the_relative_widths_when_every_column_has_room():
    table = Table(title="表", header=["甲", "乙"], rows=[["一", "二"]], column_widths=[1, 3])

    assert fit_widths(table, total=100, char=2, padding=1) == pytest.approx([25, 75])


@pytest.mark.parametrize(
    ("heights", "runs", "first_room", "room", "breaks"),
    [
        # everything fits on the first page
        ([10] * 5, [(0, 4)], 50, 50, []),
        # the second month would straddle: it starts the next page; then a single row does
        ([10] * 10, [(0, 3), (4, 7)], 50, 50, [3, 8]),
        # a month taller than a page is split where each page is full
        ([10] * 8, [(0, 7)], 30, 30, [2, 5]),
        # the first page holds less (the title is on it)
        ([10] * 6, [(0, 1), (2, 5)], 30, 50, [1]),
        # nothing on the page yet: the month starts here even if it must be split
        ([10] * 5, [(0, 2)], 20, 50, [1]),
        ([], [], 10, 10, []),
    ],
)
def test_page_breaks_keep_each_month_on_one_page_where_it_fits(
    heights, runs, first_room, room, breaks
):
    assert page_breaks(heights, runs, first_room, room) == breaks
