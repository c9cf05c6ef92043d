"""The admin's arrangements in the database: how they change the calendar, and the import
service (all or nothing, idempotent, audited)."""

import datetime as dt

import pytest

from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.workdays.arrangement_file import ArrangementLine, parse_arrangements
from openday.workdays.calendar import (
    CountAnswer,
    DateAnswer,
    DayAnswer,
    WorkdayCalendar,
    add_workdays,
    is_workday,
    workdays_between,
)
from openday.workdays.models import HolidayArrangement
from openday.workdays.services import ImportSummary, holiday_arrangements_import
from tests.factories.workdays import HolidayArrangementFactory

D = dt.date.fromisoformat
pytestmark = pytest.mark.django_db

ARRANGEMENT_2027 = """\
2027-01-01,off,元旦
2027-02-06,work,春节调休上班
2027-02-08,off,春节
"""


def rows() -> list[tuple[str, bool, str, str]]:
    return [
        (row.date.isoformat(), row.is_workday, row.name, row.note)
        for row in HolidayArrangement.objects.order_by("date")
    ]


def test_2027_is_provisional_until_its_arrangement_is_imported():
    assert is_workday(D("2027-01-01")) == DayAnswer(D("2027-01-01"), True, provisional=True)
    assert add_workdays(D("2026-12-30"), 3) == DateAnswer(D("2027-01-04"), provisional=True)
    assert workdays_between(D("2026-12-31"), D("2027-01-31")) == CountAnswer(21, True)

    holiday_arrangements_import(lines=parse_arrangements(ARRANGEMENT_2027))

    assert is_workday(D("2027-01-01")) == DayAnswer(D("2027-01-01"), False, False, "元旦")
    assert is_workday(D("2027-03-01")) == DayAnswer(D("2027-03-01"), True, provisional=False)
    assert add_workdays(D("2026-12-30"), 3) == DateAnswer(D("2027-01-05"), provisional=False)
    assert workdays_between(D("2026-12-31"), D("2027-01-31")) == CountAnswer(20, False)


def test_an_admin_row_overrides_the_library():
    HolidayArrangementFactory(date=D("2026-10-09"), is_workday=False, name="临时放假")

    assert is_workday(D("2026-10-09")) == DayAnswer(D("2026-10-09"), False, False, "临时放假")
    assert add_workdays(D("2026-09-30"), 2) == DateAnswer(D("2026-10-10"), False)


def test_a_calendar_reads_each_year_once(django_assert_num_queries):
    HolidayArrangementFactory(date=D("2027-01-01"))
    calendar = WorkdayCalendar()

    with django_assert_num_queries(2):  # 2026 (the admin may correct it) and 2027
        calendar.workdays_between(D("2026-01-01"), D("2027-12-31"))
        calendar.add_workdays(D("2026-03-01"), 200)
        list(calendar.year(2027))


def test_a_fresh_answer_sees_a_new_arrangement():
    # No process-wide cache: a row written elsewhere counts on the next question.
    assert is_workday(D("2027-01-01")).workday is True

    HolidayArrangement.objects.create(date=D("2027-01-01"), is_workday=False, name="元旦")

    assert is_workday(D("2027-01-01")).workday is False


def test_import_creates_rows_and_audits_each():
    summary = holiday_arrangements_import(lines=parse_arrangements(ARRANGEMENT_2027))

    assert summary == ImportSummary(created=3, years=[2027])
    assert rows() == [
        ("2027-01-01", False, "元旦", ""),
        ("2027-02-06", True, "春节调休上班", ""),
        ("2027-02-08", False, "春节", ""),
    ]
    assert list(
        AuditEntry.objects.order_by("id").values_list("action", "actor_label", "after")
    ) == [
        (
            "holiday_arrangement.create",
            "系统",
            {"date": "2027-01-01", "is_workday": False, "name": "元旦", "note": ""},
        ),
        (
            "holiday_arrangement.create",
            "系统",
            {"date": "2027-02-06", "is_workday": True, "name": "春节调休上班", "note": ""},
        ),
        (
            "holiday_arrangement.create",
            "系统",
            {"date": "2027-02-08", "is_workday": False, "name": "春节", "note": ""},
        ),
    ]


def test_import_again_changes_nothing():
    holiday_arrangements_import(lines=parse_arrangements(ARRANGEMENT_2027))
    before, audited = rows(), AuditEntry.objects.count()

    summary = holiday_arrangements_import(lines=parse_arrangements(ARRANGEMENT_2027))

    assert summary == ImportSummary(unchanged=3, years=[2027])
    assert rows() == before
    assert AuditEntry.objects.count() == audited


def test_import_updates_a_changed_date_and_keeps_the_others():
    holiday_arrangements_import(lines=parse_arrangements(ARRANGEMENT_2027))

    summary = holiday_arrangements_import(
        lines=parse_arrangements("2027-02-06,work,春节调休上班,周六\n2027-02-09,off,春节")
    )

    assert summary == ImportSummary(created=1, updated=1, years=[2027])
    assert rows() == [
        ("2027-01-01", False, "元旦", ""),
        ("2027-02-06", True, "春节调休上班", "周六"),
        ("2027-02-08", False, "春节", ""),
        ("2027-02-09", False, "春节", ""),
    ]
    update = AuditEntry.objects.get(action="holiday_arrangement.update")
    assert (update.before["note"], update.after["note"]) == ("", "周六")


def test_import_with_replace_removes_dates_of_the_same_years_the_list_lacks():
    holiday_arrangements_import(lines=parse_arrangements(ARRANGEMENT_2027))
    HolidayArrangementFactory(date=D("2028-01-01"))

    summary = holiday_arrangements_import(
        lines=parse_arrangements("2027-01-01,off,元旦"), replace=True
    )

    assert summary == ImportSummary(unchanged=1, deleted=2, years=[2027])
    assert rows() == [("2027-01-01", False, "元旦", ""), ("2028-01-01", False, "元旦", "")]
    assert AuditEntry.objects.filter(action="holiday_arrangement.delete").count() == 2


def test_dry_run_saves_nothing():
    summary = holiday_arrangements_import(lines=parse_arrangements(ARRANGEMENT_2027), dry_run=True)

    assert summary == ImportSummary(created=3, years=[2027])
    assert rows() == []
    assert AuditEntry.objects.count() == 0


def test_a_failing_import_saves_nothing():
    # The same new date twice (as when two imports race): the unique date refuses the second,
    # and the rows written before it are rolled back.
    lines = [
        ArrangementLine(1, D("2027-01-01"), False, "元旦"),
        ArrangementLine(2, D("2027-01-02"), False, "元旦"),
        ArrangementLine(3, D("2027-01-01"), False, "元旦"),
    ]

    with pytest.raises(DomainError, match="另一次导入同时写入了相同的日期，请重新导入。"):
        holiday_arrangements_import(lines=lines)

    assert rows() == []
    assert AuditEntry.objects.count() == 0
