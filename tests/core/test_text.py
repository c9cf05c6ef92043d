"""Text hygiene helpers: which characters no field keeps, how titles lose their line breaks,
and which CSV cells a spreadsheet would run as formulas (OWASP CSV injection)."""

import pytest

from openday.core.text import (
    char_label,
    control_chars,
    csv_cell,
    looks_like_formula,
    one_line,
    strip_controls,
)

# Every character a writer chokes on: C0 controls but tab and line breaks, DEL and C1, the
# Unicode line and paragraph separators, BOM, the two XML noncharacters, a lone surrogate.
DISALLOWED = [
    *(chr(code) for code in range(0x20) if chr(code) not in "\t\n\r"),
    "\x7f",
    "\x85",
    "\x9f",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
]


@pytest.mark.parametrize("char", DISALLOWED, ids=char_label)
def test_each_disallowed_character_is_found_and_stripped(char):
    text = f"社保{char}政策"

    assert control_chars(text, multiline=True) == [char]
    assert strip_controls(text) == "社保政策"
    assert one_line(text) == "社保政策"


@pytest.mark.parametrize(
    "text",
    ["政务公开🎉", "\u202e反转\u200f标记", "全角　空格", "e\u0301", "\U0001fffe", "\ufdd0"],
    ids=["emoji", "rtl-marks", "ideographic-space", "combining", "plane-1", "nonchar-fdd0"],
)
def test_printable_and_formatting_characters_are_kept(text):
    assert control_chars(text, multiline=True) == []
    assert strip_controls(text) == text


def test_control_chars_lists_each_character_once_in_order_of_appearance():
    assert control_chars("a\x0bb\x00c\x0bd\x1f") == ["\x0b", "\x00", "\x1f"]


def test_line_breaks_and_tabs_are_allowed_only_where_a_field_has_several_lines():
    assert control_chars("一\t二\r\n三", multiline=True) == []
    assert control_chars("一\t二\r\n三") == ["\t", "\r", "\n"]


@pytest.mark.parametrize(
    ("text", "multiline", "expected"),
    [
        ("第一行\r\n第二行\r第三行\n第四行", True, "第一行\n第二行\n第三行\n第四行"),
        ("第一行\r\n第二行\t第三行", False, "第一行 第二行 第三行"),
        ("", True, ""),
        (None, True, ""),
    ],
)
def test_strip_controls_normalises_line_breaks(text, multiline, expected):
    assert strip_controls(text, multiline=multiline) == expected


def test_one_line_turns_breaks_into_one_space_and_trims():
    assert one_line("  2023年\r\n“政务公开\x0b主题日”\n\n活动  ") == "2023年 “政务公开主题日” 活动"


def test_char_label_names_an_invisible_character_by_its_code_point():
    assert [char_label(ch) for ch in ("\x0b", "\ufffe", "\U0001f389")] == [
        "U+000B",
        "U+FFFE",
        "U+1F389",
    ]


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example","点击")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "   =1+1",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "\u3000=1+1",
        "\xa0@SUM(A1)",
        "\t",
        "\r",
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_in_front(text):
    assert looks_like_formula(text)
    assert csv_cell(text) == "'" + text
    assert not looks_like_formula(csv_cell(text))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("社保政策宣讲", "社保政策宣讲"),
        ("5-6月", "5-6月"),
        ("a=b", "a=b"),
        ("电话：0731-88990000", "电话：0731-88990000"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_an_ordinary_cell_is_written_as_it_is(value, expected):
    assert csv_cell(value) == expected
