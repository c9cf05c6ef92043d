"""Factories of ``openday.workdays``."""

import datetime as dt

import factory

from openday.workdays.models import HolidayArrangement


class HolidayArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HolidayArrangement
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: dt.date(2027, 1, 1) + dt.timedelta(days=n))
    is_workday = False
    name = "元旦"
