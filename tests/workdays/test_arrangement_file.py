"""The arrangement list format: what is read, and the message for each mistake (no database)."""

import datetime as dt
from pathlib import Path

import pytest

from openday.workdays.arrangement_file import (
    ArrangementFileError,
    ArrangementLine,
    library_conflicts,
    parse_arrangements,
    read_arrangement_file,
)

D = dt.date.fromisoformat
SAMPLE = Path(__file__).parent / "files" / "arrangements-2027-sample.csv"


def errors_of(text: str) -> list[str]:
    with pytest.raises(ArrangementFileError) as caught:
        parse_arrangements(text)
    return caught.value.errors


def test_sample_file_is_read_line_by_line():
    lines = parse_arrangements(read_arrangement_file(SAMPLE))

    assert [(line.line, line.date.isoformat(), line.workday, line.name) for line in lines] == [
        (3, "2027-01-01", False, "元旦"),
        (4, "2027-02-05", False, "春节"),
        (5, "2027-02-06", False, "春节"),
        (6, "2027-02-07", False, "春节"),
        (7, "2027-02-08", False, "春节"),
        (8, "2027-02-09", False, "春节"),
        (9, "2027-02-10", False, "春节"),
        (10, "2027-02-11", False, "春节"),
        (11, "2027-02-12", False, "春节"),
        (13, "2027-02-20", True, "春节调休上班"),
        (14, "2027-10-01", False, "国庆节"),
        (15, "2027-10-09", True, "国庆节调休上班"),
    ]
    assert lines[9].note == "周六上班"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2027-01-01,off,元旦", (D("2027-01-01"), False, "元旦", "")),
        ("2027-01-01,OFF,元旦", (D("2027-01-01"), False, "元旦", "")),
        ("2027-01-01\t休\t元旦", (D("2027-01-01"), False, "元旦", "")),
        ("2027-01-01，休息，元旦", (D("2027-01-01"), False, "元旦", "")),
        ("2027-01-01,放假", (D("2027-01-01"), False, "", "")),
        ("2027-02-07,work,春节调休", (D("2027-02-07"), True, "春节调休", "")),
        ("2027-02-07,班,春节调休", (D("2027-02-07"), True, "春节调休", "")),
        (
            "2027-02-07,上班,春节调休,周日上班, 补 2 月 12 日",
            (D("2027-02-07"), True, "春节调休", "周日上班, 补 2 月 12 日"),
        ),
        ('"2027-02-07","work","春节调休"', (D("2027-02-07"), True, "春节调休", "")),
        ("  2027/2/7 , work ", (D("2027-02-07"), True, "", "")),
        ("2027.2.7,work", (D("2027-02-07"), True, "", "")),
        ("2027年2月7日,班", (D("2027-02-07"), True, "", "")),
        ("2027-02-07,班,春节调休 # 见通知", (D("2027-02-07"), True, "春节调休", "")),
    ],
)
def test_accepted_line(line, expected):
    (parsed,) = parse_arrangements(line)

    assert (parsed.date, parsed.workday, parsed.name, parsed.note) == expected


def test_comments_blank_lines_and_a_header_are_skipped():
    text = "\n# 2027 年\n日期,状态,名称\n\n   \n,,\n2027-01-01,off,元旦\n# 完\n"

    assert parse_arrangements(text) == [ArrangementLine(7, D("2027-01-01"), False, "元旦")]


def test_a_weekend_off_and_a_weekday_at_work_are_accepted():
    lines = parse_arrangements("2027-01-02,off,周六\n2027-01-04,work,周一")

    assert [(line.date, line.workday) for line in lines] == [
        (D("2027-01-02"), False),
        (D("2027-01-04"), True),
    ]


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (
            "2027-02-30,off,春节",
            ["第 1 行：“2027-02-30”不是有效的日期，应写成 2027-01-01 这样的格式。"],
        ),
        ("27-1-1,off", ["第 1 行：“27-1-1”不是有效的日期，应写成 2027-01-01 这样的格式。"]),
        (
            "2027-01-01,rest,元旦",
            ["第 1 行：无法识别状态“rest”，应为 off（休）或 work（班）。"],
        ),
        (
            "2027-01-01",
            ["第 1 行：缺少状态，每行应写成“日期,休或班,名称”，如 2027-01-01,休,元旦。"],
        ),
        (
            "2027-01-01,,元旦",
            ["第 1 行：缺少状态，每行应写成“日期,休或班,名称”，如 2027-01-01,休,元旦。"],
        ),
        (
            "2027-01-01,off,元旦\n# 注释\n2027-01-01,work,元旦",
            ["第 3 行：日期 2027-01-01 与第 1 行重复。"],
        ),
        ("2027-01-01,off," + "长" * 51, ["第 1 行：名称过长（最多 50 个字）。"]),
        ("# 只有注释\n\n", ["文件中没有节假日安排：每行写一个日期，如 2027-01-01,休,元旦。"]),
        (
            "2027-01-01,off,元旦\nxx,yy\n2027-01-02,off\n2027-01-01,off",
            [
                "第 2 行：“xx”不是有效的日期，应写成 2027-01-01 这样的格式。",
                "第 2 行：无法识别状态“yy”，应为 off（休）或 work（班）。",
                "第 4 行：日期 2027-01-01 与第 1 行重复。",
            ],
        ),
    ],
)
def test_every_mistake_is_named_with_its_line(text, errors):
    assert errors_of(text) == errors


def test_a_long_list_of_mistakes_is_cut_short():
    with pytest.raises(ArrangementFileError) as caught:
        parse_arrangements("\n".join(f"bad{i},off" for i in range(25)))

    shown = caught.value.message.splitlines()
    assert len(caught.value.errors) == 25
    assert len(shown) == 21
    assert shown[-1] == "……另有 5 处错误未列出。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_file_encodings_excel_writes_are_read(tmp_path, encoding):
    path = tmp_path / "a.csv"
    path.write_bytes("2027-02-07,班,春节调休上班\n".encode(encoding))

    assert read_arrangement_file(path) == "2027-02-07,班,春节调休上班\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到文件“{path}”。"),
        (
            b"PK\x03\x04\x00\x00binary",
            "文件“a.csv”不是文本文件，或文字编码无法识别（支持 UTF-8 和 GBK）。",
        ),
        (b"x" * (1024 * 1024 + 1), "文件“{path}”超过 1 MB，不像是节假日安排列表。"),
    ],
)
def test_unreadable_file(tmp_path, content, message):
    path = tmp_path / "a.csv"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(ArrangementFileError) as caught:
        read_arrangement_file(path)

    assert caught.value.message == message.format(path=path)


def test_a_directory_is_not_a_file(tmp_path):
    with pytest.raises(ArrangementFileError) as caught:
        read_arrangement_file(tmp_path)

    assert caught.value.message == f"“{tmp_path}”是一个目录，不是文件。"


def test_lines_contradicting_the_library_are_warned_about():
    lines = parse_arrangements(
        "2026-10-10,off,改为放假\n"  # 国庆节调休上班 in the notice
        "2026-10-01,work\n"  # 国庆节
        "2026-03-09,off\n"  # an ordinary Monday
        "2026-03-07,work\n"  # an ordinary Saturday
        "2026-03-08,off\n"  # a Sunday off: agrees
        "2026-10-02,off,国庆节\n"  # agrees
        "2027-01-01,off,元旦\n"  # the library does not cover 2027
    )

    suffix = "；以本文件为准，请核对。"
    assert library_conflicts(lines) == [
        "第 1 行：2026-10-10 标为放假，与已公布的安排（国庆节调休上班）不一致" + suffix,
        "第 2 行：2026-10-01 标为上班，与已公布的安排（国庆节放假）不一致" + suffix,
        "第 3 行：2026-03-09 标为放假，与已公布的安排（工作日）不一致" + suffix,
        "第 4 行：2026-03-07 标为上班，与已公布的安排（周末）不一致" + suffix,
    ]
