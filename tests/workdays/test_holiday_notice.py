"""The State Council's holiday notice read as published: every year's notice against the
calendar library, day for day; the older wordings; every refusal names its line."""

import datetime as dt
from pathlib import Path

import pytest

from openday.workdays.calendar import library_day
from openday.workdays.holiday_notice import (
    MAX_CHARS,
    HolidayNoticeError,
    library_differences,
    read_holiday_notice,
)

NOTICES = Path(__file__).parents[1] / "fixtures" / "holiday-notices"
INVENTED_2027 = Path(__file__).parent / "files" / "notice-2027-invented.txt"
YEARS = (2014, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026)
D = dt.date.fromisoformat


def notice(name: str):
    return read_holiday_notice((NOTICES / name).read_text(encoding="utf-8"))


def text(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


def _published() -> dict[dt.date, bool]:
    """Every date the notices set, later notices over earlier ones, as the State Council
    published them in order; 2020's extension (国办发明电〔2020〕1号, not an arrangement notice)
    written here from its text: 春节 extended to 2月2日, work again on 2月3日."""
    days: dict[dt.date, bool] = {}
    for name in [f"{year}.txt" for year in YEARS[:5]] + ["2019-labour-day.txt"]:
        days.update({day.date: day.workday for day in notice(name).dates})
    days.update({day.date: day.workday for day in notice("2020.txt").dates})
    days.update({D("2020-01-31"): False, D("2020-02-01"): False, D("2020-02-02"): False})
    for name in [f"{year}.txt" for year in YEARS[6:]]:
        days.update({day.date: day.workday for day in notice(name).dates})
    return days


@pytest.mark.parametrize("year", YEARS)
def test_the_published_notices_equal_the_library_day_for_day(year):
    published = _published()
    day, differing = dt.date(year, 1, 1), []
    while day.year == year:
        expected = published.get(day, day.weekday() < 5)
        if library_day(day)[0] != expected:
            differing.append(day)
        day += dt.timedelta(days=1)
    assert differing == []


@pytest.mark.parametrize("year", YEARS)
def test_each_holiday_and_make_up_day_carries_the_library_name(year):
    for day in notice(f"{year}.txt").dates:
        names = day.name.removesuffix("调休上班").split("、")
        known_workday, known_name = library_day(day.date)
        if known_workday == day.workday:
            assert known_name.removesuffix("调休上班") in names, day


@pytest.mark.parametrize(
    ("name", "differences"),
    [(f"{year}.txt", []) for year in YEARS if year != 2020]
    + [("2019-labour-day.txt", []), ("2020.txt", ["2020-02-01"])],
)
def test_only_2020s_extension_makes_a_notice_disagree_with_the_library(name, differences):
    assert [d.date.isoformat() for d in library_differences(notice(name))] == differences


def test_the_2017_layout_with_bu_xiu_reads_exactly():
    read = notice("2017.txt")

    assert (read.year, read.number) == (2017, "国办发明电〔2016〕17号")
    assert [(d.date.isoformat(), d.state, d.name, d.line) for d in read.dates[:4]] == [
        ("2017-01-01", "off", "元旦", 6),
        ("2017-01-02", "off", "元旦", 6),  # 1月2日（星期一）补休
        ("2017-01-22", "work", "春节调休上班", 7),
        ("2017-01-27", "off", "春节", 7),
    ]
    assert [d.date.isoformat() for d in read.dates if d.name == "中秋节、国庆节"] == [
        f"2017-10-0{n}" for n in range(1, 9)
    ]
    assert [d.date.isoformat() for d in read.dates if d.workday] == [
        "2017-01-22",
        "2017-02-04",
        "2017-04-01",
        "2017-05-27",
        "2017-09-30",
    ]


def test_dates_of_the_year_before_and_the_title_over_two_lines():
    assert [(d.date.isoformat(), d.state) for d in notice("2019.txt").dates[:4]] == [
        ("2018-12-29", "work"),
        ("2018-12-30", "off"),
        ("2018-12-31", "off"),
        ("2019-01-01", "off"),
    ]
    assert notice("2016.txt").year == 2016


def test_advice_is_a_note_never_a_day_off():
    read = notice("2024.txt")

    assert D("2024-02-09") not in {d.date for d in read.dates}  # 除夕: only 鼓励…休息
    assert len(read.notes) == 1
    assert "除夕" in read.notes[0]


def test_an_adjustment_notice_sets_only_its_holiday():
    read = notice("2019-labour-day.txt")

    assert read.adjusts == "劳动节"
    assert [(d.date.isoformat(), d.state) for d in read.dates] == [
        ("2019-04-28", "work"),
        ("2019-05-01", "off"),
        ("2019-05-02", "off"),
        ("2019-05-03", "off"),
        ("2019-05-04", "off"),
        ("2019-05-05", "work"),
    ]


def test_a_web_copy_with_ascii_punctuation_on_one_line_reads_the_same():
    copied = text("2023.txt").replace("，", ",").replace("：", ":").replace("（", "(")
    title, body = copied.replace("）", ")").split("\n", 1)
    copied = title + "\n" + body.replace("\n", "  ")  # every paragraph run into line 2

    assert read_holiday_notice(copied).dates == tuple(
        d.__class__(d.date, d.workday, d.name, 2) for d in notice("2023.txt").dates
    )


def test_the_2020_extension_is_refused_as_not_an_arrangement():
    with pytest.raises(HolidayNoticeError) as caught:
        notice("2020-extension.txt")
    assert caught.value.errors[0].startswith("第 1 行：这是延长2020年假期的通知")


HEAD = "国务院办公厅关于2019年部分节假日安排的通知\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "二、春节：2月4日至10日放假调休，共7天。2月2日（星期五）上班。",
            "第 2 行：2019年2月2日 是星期六，通知写的是“星期五”，请核对日期或年份。",
        ),
        (
            "二、春节：2月4日至10日放假调休，共8天。",
            "第 2 行：写的是共 8 天，但 2019年2月4日 至 2019年2月10日 是 7 天。",
        ),
        ("二、春节：2月30日放假。", "第 2 行：没有2019年2月30日这一天。"),
        (
            "二、春节：2月10日至4日放假。",
            "第 2 行：结束日期 2019年2月4日 早于开始日期 2019年2月10日。",
        ),
        (
            "二、春节：2月1日至28日放假。",
            "第 2 行：2019年2月1日 至 2019年2月28日 长达 28 天，不像是一个节日的假期，请核对。",
        ),
        (
            "二、春节：2月4日放假，2月6日（星期三）上班。",
            "第 2 行：2019年2月6日 是星期三，本来就上班，不需要调休上班，请核对日期。",
        ),
        (
            "三、清明节：4月5日放假，4月6日（星期六）补休。",
            "第 2 行：2019年4月6日 是星期六，本来就休息，不需要补休，请核对日期。",
        ),
        ("二、春节：二月四日放假。", "第 2 行：看不懂“二月四日放假”。"),
        (
            "八、建军节：8月1日放假，共1天。",
            "第 2 行：无法识别节日“建军节”（应为元旦、春节、清明节、劳动节、端午节、中秋节、"
            "国庆节之一）。",
        ),
        ("二、春节：共7天。", "第 2 行：“共7天”前面没有放假日期。"),
        ("二、春节：2月2日（星期六）上班。", "第 2 行：春节没有写明放假日期。"),
        ("二、春节：2021年2月4日放假。", "第 2 行：2021年2月4日 不在2019年的安排之内。"),
        ("二、春节：2月4日放假。\n三、春节：2月5日放假。", "第 3 行：春节与第 2 行重复。"),
        (
            "二、春节：2月2日放假。\n三、清明节：4月5日放假，2月2日（星期六）上班。",
            "第 3 行：2019年2月2日 在第 2 行是放假，这里又是上班。",
        ),
    ],
)
def test_a_wrong_notice_is_refused_naming_the_line(body, message):
    with pytest.raises(HolidayNoticeError) as caught:
        read_holiday_notice(HEAD + body)
    assert caught.value.errors[0].startswith(message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("一、元旦：1月1日放假。", "找不到通知所安排的年份"),
        (
            HEAD + "经国务院批准，现将2020年元旦、春节……通知如下。\n一、元旦：1月1日放假。",
            "通知里写了不同的年份：2019（第 1 行）、2020（第 2 行）。",
        ),
        (
            "国务院办公厅关于2027年部分节假日安排的通知\n节假日期间，各地区要妥善安排。",
            "2027年的通知中没有找到任何节假日安排",
        ),
        ("国务院办公厅关于2027年部分节假日安排的通知\n" + "一" * MAX_CHARS, "文字超过 20000 字"),
    ],
)
def test_a_text_that_is_no_notice_is_refused(content, message):
    with pytest.raises(HolidayNoticeError) as caught:
        read_holiday_notice(content)
    assert caught.value.errors[0].startswith(message)


def test_a_year_the_library_does_not_know_reads_without_differences():
    read = read_holiday_notice(INVENTED_2027.read_text(encoding="utf-8"))

    assert (read.year, len(read.dates), library_differences(read)) == (2027, 34, [])
    assert read.source == "2027年部分节假日安排的通知"
