"""天心区's campaign of the current year set up around different days of 2026: at the year's
start and end as in its middle, every state is present, every date is in the year, the
deadlines are the rules resolved, and the liaisons and the office have due and overdue items.

The demo is loaded once (``loaded_demo``, on 2025-06-16); for each day the campaign
tianxin-2026 is built once (``around``) in a savepoint rolled back after that day's tests.
"""

import datetime as dt
import sys

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings

from openday.activities import deadlines
from openday.activities.enums import DeadlineStatus
from openday.activities.models import Activity, ActivityDeadline, ActivityEvent, ActivityReport
from openday.demo.current_year import load_current_year
from openday.workbench.selectors.todo_liaison import liaison_todo
from openday.workbench.selectors.todo_office import office_todo

pytestmark = pytest.mark.django_db

D = dt.date
# The year's first day, its first working week, mid-year, this demo's writing day, its last days.
TODAYS = [D(2026, 1, 1), D(2026, 1, 5), D(2026, 6, 15), D(2026, 12, 6), D(2026, 12, 30)]
TODAYS += [D(2026, 12, 31)]
EVERY_STATE = {"scheduled", "filed", "announced", "held", "reported", "accepted", "published"}


@pytest.fixture(scope="module", params=TODAYS, ids=str)
def around(request, loaded_demo, django_db_blocker, tmp_path_factory):
    """tianxin-2026 set up around the day, for all of that day's tests; yields the day."""
    root = tmp_path_factory.mktemp("current-year")
    files = {"MEDIA_ROOT": root / "media", "PRIVATE_MEDIA_ROOT": root / "private-media"}
    with override_settings(**files), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_current_year(request.param)
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield request.param
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def user(username: str):
    return get_user_model().objects.get(username=username)


def moved(slug: str):
    return Activity.objects.filter(campaign__slug=slug).exclude(state="planned")


def open_statuses(slug: str, today: dt.date) -> list[DeadlineStatus]:
    return [
        deadlines.status(d, today)
        for d in ActivityDeadline.objects.filter(activity__campaign__slug=slug, done_on=None)
    ]


def test_every_state_is_present_around_today(around):
    today = around
    activities = moved("tianxin-2026")
    states = set(activities.values_list("state", flat=True))
    assert states == EVERY_STATE
    returned = ActivityEvent.objects.filter(
        activity__campaign__slug="tianxin-2026", action="return"
    )
    assert returned.count() == 1
    statuses = open_statuses("tianxin-2026", today)
    assert DeadlineStatus.OVERDUE in statuses
    assert DeadlineStatus.DUE_SOON in statuses


def test_every_date_is_in_the_campaigns_year_and_where_its_state_says(around):
    today = around
    for activity in moved("tianxin-2026"):
        assert activity.scheduled_on.year == 2026
        if activity.state in ("scheduled", "filed", "announced"):
            assert activity.scheduled_on >= today, activity.seq
            assert activity.held_on is None
        else:
            assert activity.held_on == activity.scheduled_on <= today, activity.seq
    filings = Activity.objects.filter(campaign__slug="tianxin-2026").values_list(
        "filings__filed_on", flat=True
    )
    assert all(on is None or (on.year == 2026 and on <= today) for on in filings)
    reports = ActivityReport.objects.filter(activity__campaign__slug="tianxin-2026")
    for report in reports:
        assert report.held_on <= report.submitted_on <= today
    assert reports.count() == 6


@pytest.mark.usefixtures("around")
def test_deadlines_are_the_rules_resolved_from_the_activitys_dates():
    found = ActivityDeadline.objects.filter(activity__campaign__slug="tianxin-2026")
    assert found.exists()
    for deadline in found.select_related("activity"):
        base = getattr(deadline.activity, deadlines.KIND_BASES[deadline.kind])
        assert deadline.base_date == base
        assert (deadline.due_on, deadline.provisional) == deadlines.resolve(
            deadlines.rule_of(deadline), base
        )
    # Filing 3 calendar days before the date, confirming it was held the next working day,
    # report within 5 working days of holding it.
    assert {(d.kind, d.rule_days, d.rule_working) for d in found} == {
        ("filing", -3, False),
        ("hold", 1, True),
        ("report", 5, True),
    }
    # What is still open rests on a published calendar, so it reads due or overdue — but for
    # confirming an activity at the year's very end held, due in a year not yet published.
    assert all(
        d.kind == "hold" and d.due_on.year == d.base_date.year + 1
        for d in found.filter(done_on=None, provisional=True)
    )


def test_the_office_and_the_street_liaison_have_due_and_overdue_items(around):
    today = around
    todo = liaison_todo(user("tianxin-chengnanlu"), today)
    rows = [row for row in todo.rows if row.activity.campaign.slug == "tianxin-2026"]
    assert sorted((row.activity.seq, row.urgency) for row in rows) == [(4, 1), (23, 0)]
    office = office_todo(user("tianxin-admin"), today)
    overdue = {
        (item.activity.seq, item.kind)
        for unit in office.overdue
        for item in unit.items
        if item.campaign_slug == "tianxin-2026"
    }
    assert (23, "方案报备") in overdue


@pytest.mark.usefixtures("around")
def test_the_personnel_bureau_liaison_has_its_returned_report_due_again():
    seq_1 = Activity.objects.get(campaign__slug="tianxin-2026", seq=1)
    assert seq_1.state == "held"
    assert list(seq_1.events.values_list("action", "actor__username").order_by("pk")) == [
        ("schedule", "tianxin-renshe"),
        ("file", "tianxin-renshe"),
        ("hold", "tianxin-renshe"),
        ("report", "tianxin-renshe"),
        ("return", "tianxin-admin"),
    ]
    report = seq_1.deadlines.get(kind="report")
    assert report.done_on is None
