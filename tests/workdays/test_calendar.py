"""The calendar against the State Council's notices and its counting conventions. No database:
the admin's arrangements come from a dict (``calendar_with``)."""

import datetime as dt

import chinese_calendar
import pytest

from openday.core.errors import DomainError
from openday.workdays.calendar import (
    LIBRARY_YEARS,
    Arrangement,
    CountAnswer,
    DateAnswer,
    DayAnswer,
    WorkdayCalendar,
)
from tests.workdays.official import (
    WORKING_DAYS_IN_YEAR,
    days_of,
    hard_cases,
    official_workday,
)

D = dt.date.fromisoformat


def calendar_with(arrangements: dict[str, tuple[bool, str]] | None = None) -> WorkdayCalendar:
    entries = {
        D(day): Arrangement(workday, name) for day, (workday, name) in (arrangements or {}).items()
    }
    return WorkdayCalendar(
        arrangements=lambda year: {day: a for day, a in entries.items() if day.year == year}
    )


@pytest.fixture
def calendar() -> WorkdayCalendar:
    return calendar_with()


# --- The notices, date by date ------------------------------------------------------------


@pytest.mark.parametrize(("day", "workday"), hard_cases(), ids=lambda v: str(v))
def test_hard_case_matches_the_notice(calendar, day, workday):
    answer = calendar.is_workday(day)

    assert (answer.workday, answer.provisional) == (workday, False)


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_every_day_of_the_year_matches_the_notice(calendar, year):
    wrong = [
        (day.isoformat(), official_workday(day))
        for day in days_of(year)
        if calendar.is_workday(day).workday != official_workday(day)
        or calendar.is_workday(day).provisional
    ]

    assert wrong == []


@pytest.mark.parametrize(("year", "count"), sorted(WORKING_DAYS_IN_YEAR.items()))
def test_working_days_in_the_year(calendar, year, count):
    answer = calendar.workdays_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))

    assert answer == CountAnswer(count, provisional=False)


@pytest.mark.parametrize(
    ("day", "workday", "name"),
    [
        ("2023-01-02", False, "元旦"),
        ("2023-01-29", True, "春节调休上班"),
        ("2023-09-29", False, "中秋节"),
        ("2023-10-08", True, "国庆节调休上班"),
        ("2023-12-30", False, "元旦"),  # 2024's 元旦 began in 2023
        ("2024-02-09", True, ""),  # 除夕: leave encouraged, still a working day
        ("2024-02-18", True, "春节调休上班"),
        ("2024-04-07", True, "清明节调休上班"),
        ("2024-06-10", False, "端午节"),
        ("2024-09-14", True, "中秋节调休上班"),
        ("2025-01-28", False, "春节"),  # 除夕, a statutory holiday from 2025
        ("2025-05-02", False, "劳动节"),
        ("2025-10-06", False, "中秋节"),
        ("2025-10-11", True, "国庆节调休上班"),
        ("2026-01-04", True, "元旦调休上班"),
        ("2026-02-28", True, "春节调休上班"),
        ("2026-04-06", False, "清明节"),
        ("2026-05-09", True, "劳动节调休上班"),
        ("2026-06-19", False, "端午节"),
        ("2026-09-25", False, "中秋节"),
        ("2026-10-10", True, "国庆节调休上班"),
        ("2026-03-07", False, ""),  # an ordinary Saturday
        ("2026-03-09", True, ""),  # an ordinary Monday
    ],
)
def test_day_answer_names_the_holiday(calendar, day, workday, name):
    assert calendar.is_workday(D(day)) == DayAnswer(D(day), workday, provisional=False, name=name)


def test_the_library_covers_2004_to_2026():
    # Pinned chinesecalendar==1.11.0; a new version must be checked against the notices again.
    assert chinese_calendar.__version__ == "1.11.0"
    assert frozenset(range(2004, 2027)) == LIBRARY_YEARS


def test_calendar_agrees_with_the_library_on_every_year_it_covers(calendar):
    day, last = dt.date(2004, 1, 1), dt.date(2026, 12, 31)
    disagreements = []
    while day <= last:
        if calendar.is_workday(day).workday != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)

    assert disagreements == []


# --- N working days after / before ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 9/29–10/6 off; 10/7 (Sat) and 10/8 (Sun) are working days.
        ("2023-09-28", 5, "2023-10-11"),
        ("2023-09-28", 1, "2023-10-07"),
        ("2023-06-21", 1, "2023-06-25"),  # 端午 6/22–24, Sunday 6/25 worked
        ("2023-12-28", 5, "2024-01-05"),  # across the year and 2024's 元旦
        ("2024-02-08", 5, "2024-02-21"),  # 2/9 works, 2/10–17 off, Sunday 2/18 works
        ("2024-04-03", 1, "2024-04-07"),  # 清明 4/4–6, Sunday 4/7 worked
        ("2024-09-13", 1, "2024-09-14"),  # Saturday 9/14 worked before 中秋
        ("2024-09-30", 3, "2024-10-10"),  # 国庆 10/1–7, then Tue 10/8
        ("2025-01-24", 5, "2025-02-07"),  # Sunday 1/26 works, 1/28–2/4 off
        ("2025-04-30", 5, "2025-05-12"),
        ("2025-05-29", 3, "2025-06-04"),  # 端午 5/31–6/2
        ("2025-09-30", 5, "2025-10-14"),  # 10/1–8 off, Saturday 10/11 works
        ("2026-02-12", 5, "2026-02-26"),  # Saturday 2/14 works, 2/15–23 off
        ("2026-09-18", 2, "2026-09-21"),  # Sunday 9/20 works
        ("2026-09-30", 5, "2026-10-13"),  # 10/1–7 off, Saturday 10/10 works
        ("2026-10-01", 1, "2026-10-08"),  # from a holiday: the next working day
        ("2026-10-03", 5, "2026-10-13"),
        # Backwards: counts from the day before.
        ("2023-10-09", -5, "2023-09-26"),
        ("2024-02-19", -5, "2024-02-06"),
        ("2025-10-09", -3, "2025-09-28"),
        ("2026-01-05", -1, "2026-01-04"),
        ("2026-01-05", -2, "2025-12-31"),
        ("2026-09-30", -3, "2026-09-24"),  # 中秋 9/25–27 skipped
        ("2026-02-24", -1, "2026-02-14"),
        # Zero: the day itself when it is a working day, else the next working day.
        ("2026-10-10", 0, "2026-10-10"),
        ("2026-10-01", 0, "2026-10-08"),
        ("2026-10-11", 0, "2026-10-12"),
        ("2026-03-09", 0, "2026-03-09"),
    ],
)
def test_add_workdays(calendar, start, n, expected):
    assert calendar.add_workdays(D(start), n) == DateAnswer(D(expected), provisional=False)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        ("2023-09-28", "2023-10-11", 5),
        ("2023-10-11", "2023-09-28", -5),
        ("2026-09-30", "2026-10-07", 0),
        ("2026-09-30", "2026-10-10", 3),  # 10/8, 10/9, 10/10
        ("2026-10-10", "2026-10-10", 0),
        ("2026-10-09", "2026-10-10", 1),  # the end is counted
        ("2026-10-10", "2026-10-12", 1),  # the start is not
        ("2024-01-31", "2024-02-29", 18),  # 21 weekdays − 5 (2/12–16) + 2 (2/4, 2/18)
        ("2025-01-25", "2025-02-08", 6),  # 1/26, 1/27, 2/5, 2/6, 2/7 and Saturday 2/8
    ],
)
def test_workdays_between_counts_the_half_open_span(calendar, start, end, count):
    assert calendar.workdays_between(D(start), D(end)) == CountAnswer(count, provisional=False)


@pytest.mark.parametrize("start", ["2023-09-28", "2024-02-09", "2025-01-26", "2026-10-10"])
@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 30])
def test_counting_back_what_was_added_gives_n(calendar, start, n):
    # These starts are working days, so the identity also holds for n == 0.
    end = calendar.add_workdays(D(start), n).date

    assert calendar.workdays_between(D(start), end).count == n


@pytest.mark.parametrize("n", [1, 5, 10])
@pytest.mark.parametrize(
    ("start", "back_to"),
    [
        ("2026-10-09", "2026-10-09"),  # a working day: back to itself
        ("2026-10-10", "2026-10-10"),
        ("2026-10-01", "2026-09-30"),  # a day off: the working day before it
        ("2026-10-11", "2026-10-10"),
        ("2024-02-17", "2024-02-09"),
    ],
)
def test_going_forward_then_back_by_n(calendar, start, n, back_to):
    forward = calendar.add_workdays(D(start), n).date

    assert calendar.add_workdays(forward, -n).date == D(back_to)


# --- Years nobody has published ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2027-01-01", True),  # a Friday: probably 元旦, but unpublished
        ("2027-01-02", False),
        ("2027-10-01", True),
        ("2003-01-01", True),
        ("0001-01-01", True),
        ("9999-12-31", True),
    ],
)
def test_an_unpublished_year_uses_weekends_and_is_provisional(calendar, day, workday):
    assert calendar.is_workday(D(day)) == DayAnswer(D(day), workday, provisional=True)


def test_a_deadline_reaching_into_an_unpublished_year_is_provisional(calendar):
    assert calendar.add_workdays(D("2026-12-30"), 3) == DateAnswer(D("2027-01-04"), True)
    assert calendar.add_workdays(D("2026-12-30"), 1) == DateAnswer(D("2026-12-31"), False)
    assert calendar.add_workdays(D("2027-01-04"), -1) == DateAnswer(D("2027-01-01"), True)
    assert calendar.add_workdays(D("2027-01-04"), -2) == DateAnswer(D("2026-12-31"), True)
    assert calendar.workdays_between(D("2026-12-30"), D("2027-01-04")) == CountAnswer(3, True)
    assert calendar.workdays_between(D("2027-01-04"), D("2026-12-30")) == CountAnswer(-3, True)
    assert calendar.workdays_between(D("2026-12-01"), D("2026-12-31")) == CountAnswer(22, False)


def test_the_admin_publishes_a_year():
    calendar = calendar_with({"2027-01-01": (False, "元旦"), "2027-02-06": (True, "春节调休上班")})

    assert calendar.is_workday(D("2027-01-01")) == DayAnswer(D("2027-01-01"), False, False, "元旦")
    assert calendar.is_workday(D("2027-02-06")) == DayAnswer(
        D("2027-02-06"), True, False, "春节调休上班"
    )
    # A date the admin did not list is an ordinary day of a published year.
    assert calendar.is_workday(D("2027-03-06")) == DayAnswer(D("2027-03-06"), False, False)
    assert calendar.add_workdays(D("2026-12-30"), 3) == DateAnswer(D("2027-01-05"), False)
    assert calendar.is_published(2027)
    assert not calendar.is_published(2028)


def test_the_admin_overrides_the_library_for_one_date():
    calendar = calendar_with({"2026-10-10": (False, "改为放假")})

    assert calendar.is_workday(D("2026-10-10")) == DayAnswer(
        D("2026-10-10"), False, False, "改为放假"
    )
    assert calendar.is_workday(D("2026-09-20")) == DayAnswer(
        D("2026-09-20"), True, False, "国庆节调休上班"
    )
    # 10/8, 10/9, then Monday 10/12 instead of Saturday 10/10.
    assert calendar.add_workdays(D("2026-09-30"), 3) == DateAnswer(D("2026-10-12"), False)


def test_each_year_is_loaded_once_per_calendar():
    loaded = []

    def load(year):
        loaded.append(year)
        return {}

    calendar = WorkdayCalendar(arrangements=load)
    calendar.workdays_between(D("2025-12-01"), D("2027-02-01"))
    calendar.add_workdays(D("2026-05-01"), 40)

    assert loaded == [2025, 2026, 2027]


# --- Misuse -----------------------------------------------------------------------------------


def test_a_day_answer_cannot_be_used_as_a_boolean(calendar):
    with pytest.raises(TypeError, match=r"use \.workday"):
        bool(calendar.is_workday(D("2026-10-01")))


def test_a_datetime_is_refused(calendar):
    with pytest.raises(TypeError, match=r"expected a datetime\.date, got datetime"):
        calendar.is_workday(dt.datetime(2026, 10, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize(("day", "n"), [("9999-12-31", 1), ("0001-01-01", -1)])
def test_counting_past_the_calendar_is_a_domain_error(calendar, day, n):
    with pytest.raises(DomainError, match="日期超出可计算的范围"):
        calendar.add_workdays(D(day), n)
