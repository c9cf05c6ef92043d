"""Reads of the admin's holiday arrangements."""

import datetime as dt

from django.db.models import QuerySet

from openday.workdays.calendar import Arrangement
from openday.workdays.models import HolidayArrangement


def arrangements_for_year(year: int) -> dict[dt.date, Arrangement]:
    """The admin's entries of one year, in one query (what ``WorkdayCalendar`` loads)."""
    rows = HolidayArrangement.objects.filter(
        date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
    ).values_list("date", "is_workday", "name")
    return {day: Arrangement(workday=workday, name=name) for day, workday, name in rows}


def holiday_arrangement_list(*, year: int | None = None) -> QuerySet[HolidayArrangement]:
    rows = HolidayArrangement.objects.order_by("date")
    if year is not None:
        rows = rows.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    return rows
