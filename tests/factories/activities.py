"""Factories of ``openday.activities``: plan rows, their forms and hosts, deadlines and
reports (attendance and media)."""

import datetime as dt

import factory

from openday.activities.enums import DeadlineKind, ReportGroup
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityForm,
    ActivityHost,
    ActivityReport,
    MediaReport,
    ReportAttendance,
)
from openday.campaigns.enums import FormKind
from tests.factories.campaigns import CampaignFactory
from tests.factories.orgs import UnitFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    campaign = factory.SubFactory(CampaignFactory)
    seq = factory.Sequence(lambda n: n + 1)
    month_start = 5
    month_end = 5
    title = factory.Sequence(lambda n: f"测试活动{n}")


class ActivityFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityForm

    activity = factory.SubFactory(ActivityFactory)
    text = "政策宣传"
    kind = FormKind.PUBLICITY


class ActivityHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityHost

    activity = factory.SubFactory(ActivityFactory)
    unit = factory.SubFactory(
        UnitFactory, region=factory.SelfAttribute("..activity.campaign.region")
    )
    text = factory.LazyAttribute(lambda o: o.unit.name)


class ActivityDeadlineFactory(factory.django.DjangoModelFactory):
    """A stored deadline, "5 working days" from its base date unless told otherwise."""

    class Meta:
        model = ActivityDeadline

    activity = factory.SubFactory(ActivityFactory)
    kind = DeadlineKind.FILING
    rule_days = 5
    rule_working = True
    due_on = dt.date(2023, 6, 8)
    base_date = factory.LazyAttribute(lambda o: o.due_on - dt.timedelta(days=7))


class ActivityReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReport

    activity = factory.SubFactory(ActivityFactory)
    held_on = factory.LazyAttribute(lambda o: o.activity.held_on or dt.date(2023, 5, 20))
    headcount = 100
    staff_count = 3
    summary = "活动顺利开展。"
    submitted_on = factory.LazyAttribute(lambda o: o.held_on)


class ReportAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportAttendance

    report = factory.SubFactory(ActivityReportFactory)
    group = ReportGroup.PUBLIC
    count = 10


class MediaReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaReport

    report = factory.SubFactory(ActivityReportFactory)
    position = factory.Sequence(int)
    outlet = "湖南日报"
    title = factory.Sequence(lambda n: f"报道{n}")
    url = factory.Sequence(lambda n: f"https://news.example.cn/{n}")
    published_on = factory.LazyAttribute(lambda o: o.report.held_on)
