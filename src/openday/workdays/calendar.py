"""Chinese working days: is a date a working day, N working days after a date, and how many
working days lie between two dates.

Rules: Saturdays, Sundays and statutory holidays are off; a weekend day the State Council made a
working day (调休上班) is on. Where the rules come from, per year:

1. the admin's ``HolidayArrangement`` rows: a row decides its date, and a year with at least one
   row counts as published (for a year the library does not know yet, or to correct it);
2. the ``chinesecalendar`` library, for the years it covers (``LIBRARY_YEARS``);
3. otherwise nobody has published the year: only weekends are off and the answer is
   ``provisional``. Every answer carries that flag, so a deadline computed from a guess says so.

Conventions (deadline wording of the notices, e.g. “活动结束后5个工作日内”):

- ``add_workdays(d, n)`` with ``n > 0`` counts from the day after ``d``: the result is the n-th
  working day after ``d``, whatever ``d`` itself is. With ``n < 0`` it counts back from the day
  before ``d`` (“活动开展前5个工作日” → the 5th working day before the activity). With ``n == 0`` it
  is ``d`` when ``d`` is a working day, else the next working day (a period ending on a day off
  ends on the next working day, as in 民法典第二百零三条).
- ``workdays_between(a, b)`` counts the working days in ``(a, b]``: ``a`` excluded, ``b``
  included; for ``b < a`` it is minus the count in ``(b, a]``. So it is 0 for ``a == b``, adds up
  over consecutive spans, and ``workdays_between(d, add_workdays(d, n).date).count == n`` for
  every ``n >= 0`` when ``d`` is a working day and for every ``n > 0`` otherwise.
- ``provisional`` is true when any date the answer rests on lies in an unpublished year: the
  dates stepped through by ``add_workdays`` (``d`` itself only for ``n == 0``), the dates counted
  by ``workdays_between``.

No function here reads the clock; callers pass the dates. The admin's rows are read through a
``WorkdayCalendar``, one query per year it touches, cached for that object's life only (nothing
process-wide that could go stale when another process imports an arrangement). Reuse one
``WorkdayCalendar`` to answer many questions in one request or command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar import Holiday

from openday.core.errors import DomainError

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class DayAnswer:
    """Whether ``date`` is a working day. ``name`` is the holiday (“国庆节”), the make-up day
    (“国庆节调休上班”) or the admin's wording; empty for an ordinary weekday or weekend."""

    date: dt.date
    workday: bool
    provisional: bool
    name: str = ""

    def __bool__(self) -> bool:
        # ``if is_workday(d):`` would always be true and silently ignore the answer.
        raise TypeError("DayAnswer has no truth value; use .workday (and .provisional).")


@dataclass(frozen=True)
class DateAnswer:
    date: dt.date
    provisional: bool


@dataclass(frozen=True)
class CountAnswer:
    count: int
    provisional: bool


@dataclass(frozen=True)
class Arrangement:
    """An admin's entry for one date, as the calendar needs it."""

    workday: bool
    name: str = ""


ArrangementLoader = Callable[[int], Mapping[dt.date, Arrangement]]

# --- The library ---------------------------------------------------------------------------

# The notices' names; the library's own Chinese names are shortened (“清明”, “中秋”).
_OFFICIAL_NAMES = {
    Holiday.new_years_day: "元旦",
    Holiday.spring_festival: "春节",
    Holiday.tomb_sweeping_day: "清明节",
    Holiday.labour_day: "劳动节",
    Holiday.dragon_boat_festival: "端午节",
    Holiday.national_day: "国庆节",
    Holiday.mid_autumn_festival: "中秋节",
}


def _library_years() -> frozenset[int]:
    # A year is covered when the library lists its Spring Festival: every annual notice has one,
    # while a notice may also reach into the year before (2024's 元旦 began on 2023-12-30), so a
    # few listed dates alone do not make a year published. The library raises
    # NotImplementedError outside [first, last] listed year, hence the bounds.
    listed = chinese_calendar.holidays
    if not listed:
        return frozenset()
    first, last = min(listed).year, max(listed).year
    spring = Holiday.spring_festival.value
    return frozenset(
        day.year for day, name in listed.items() if name == spring and first <= day.year <= last
    )


LIBRARY_YEARS: frozenset[int] = _library_years()


def _festival(value: str) -> str:
    try:
        holiday = Holiday(value)
    except ValueError:
        return value
    return _OFFICIAL_NAMES.get(holiday, holiday.chinese)


def library_day(day: dt.date) -> tuple[bool, str] | None:
    """(workday, name) as the library has it, or None when the library does not cover the year.

    Reads the library's tables directly rather than ``chinese_calendar.is_workday``, which
    raises NotImplementedError for an unknown year."""
    if day.year not in LIBRARY_YEARS:
        return None
    if day in chinese_calendar.workdays:
        return True, f"{_festival(chinese_calendar.workdays[day])}调休上班"
    if day in chinese_calendar.holidays:
        return False, _festival(chinese_calendar.holidays[day])
    return day.weekday() < 5, ""


# --- The calendar --------------------------------------------------------------------------


# Where a calendar without an explicit loader reads the admin's arrangements from: the
# database, set by ``WorkdaysConfig.ready`` (``selectors.arrangements_for_year``), so this
# module itself loads without Django. Before that (pure use), no arrangements.
_default_loader: list[ArrangementLoader] = []


def set_default_loader(loader: ArrangementLoader) -> None:
    _default_loader[:] = [loader]


def _arrangements_from_database(year: int) -> Mapping[dt.date, Arrangement]:
    return _default_loader[0](year) if _default_loader else {}


def _as_date(value: object) -> dt.date:
    # A datetime would need a time zone to become a date; that is the caller's decision.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"expected a datetime.date, got {type(value).__name__}")
    return value


def _step(day: dt.date, delta: dt.timedelta) -> dt.date:
    try:
        return day + delta
    except OverflowError:
        raise DomainError("日期超出可计算的范围（公元1年至9999年）。") from None


class WorkdayCalendar:
    """Answers working-day questions; reads each year's admin arrangements once.

    ``arrangements`` maps a year to its admin entries; by default they come from the database.
    """

    def __init__(self, arrangements: ArrangementLoader | None = None):
        self._load = arrangements or _arrangements_from_database
        self._years: dict[int, Mapping[dt.date, Arrangement]] = {}

    def arrangements(self, year: int) -> Mapping[dt.date, Arrangement]:
        if year not in self._years:
            self._years[year] = self._load(year)
        return self._years[year]

    def is_published(self, year: int) -> bool:
        """True when the library or the admin has the year's official arrangement."""
        return year in LIBRARY_YEARS or bool(self.arrangements(year))

    def is_workday(self, day: dt.date) -> DayAnswer:
        day = _as_date(day)
        arranged = self.arrangements(day.year)
        entry = arranged.get(day)
        if entry is not None:
            return DayAnswer(day, entry.workday, provisional=False, name=entry.name)
        known = library_day(day)
        if known is not None:
            return DayAnswer(day, known[0], provisional=False, name=known[1])
        # The admin's year without a row for this date: an ordinary day of a published year.
        return DayAnswer(day, day.weekday() < 5, provisional=not arranged)

    def add_workdays(self, day: dt.date, n: int) -> DateAnswer:
        current = _as_date(day)
        provisional = False
        if n == 0:
            answer = self.is_workday(current)
            if answer.workday:
                return DateAnswer(current, answer.provisional)
            # A day off rolls forward to the next working day, counted like n == 1.
            provisional = answer.provisional
        step = -_DAY if n < 0 else _DAY
        remaining = max(abs(n), 1)
        while remaining:
            current = _step(current, step)
            answer = self.is_workday(current)
            provisional = provisional or answer.provisional
            if answer.workday:
                remaining -= 1
        return DateAnswer(current, provisional)

    def workdays_between(self, start: dt.date, end: dt.date) -> CountAnswer:
        start, end = _as_date(start), _as_date(end)
        if end < start:
            reverse = self.workdays_between(end, start)
            return CountAnswer(-reverse.count, reverse.provisional)
        count, provisional = 0, False
        current = start
        while current < end:
            current += _DAY
            answer = self.is_workday(current)
            count += answer.workday
            provisional = provisional or answer.provisional
        return CountAnswer(count, provisional)

    def year(self, year: int) -> Iterator[DayAnswer]:
        """Every date of the year, in order."""
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise DomainError(f"年份应在 {dt.MINYEAR} 到 {dt.MAXYEAR} 之间。")
        current, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        while True:
            yield self.is_workday(current)
            if current == last:
                return
            current += _DAY


# --- One question, one calendar ------------------------------------------------------------
# Each call reads the database afresh unless the caller passes a calendar to share.


def is_workday(day: dt.date, *, calendar: WorkdayCalendar | None = None) -> DayAnswer:
    return (calendar or WorkdayCalendar()).is_workday(day)


def add_workdays(day: dt.date, n: int, *, calendar: WorkdayCalendar | None = None) -> DateAnswer:
    return (calendar or WorkdayCalendar()).add_workdays(day, n)


def workdays_between(
    start: dt.date, end: dt.date, *, calendar: WorkdayCalendar | None = None
) -> CountAnswer:
    return (calendar or WorkdayCalendar()).workdays_between(start, end)
