"""Deadline states, and deadlines that move when a holiday arrangement is entered."""

import datetime as dt

import pytest

from openday.activities.deadlines import campaign_rules, rule_label, rule_of, status
from openday.activities.enums import DeadlineKind, DeadlineStatus
from openday.activities.models import ActivityDeadline
from openday.activities.services import activity_schedule
from openday.campaigns.services import campaign_set_rules
from openday.workdays.arrangement_file import ArrangementLine
from openday.workdays.services import holiday_arrangements_import
from tests.factories import ActivityFactory, ActivityHostFactory, CampaignFactory

pytestmark = pytest.mark.django_db

D = dt.date


def deadline(due: dt.date, *, done: dt.date | None = None, provisional=False):
    return ActivityDeadline(
        kind=DeadlineKind.REPORT,
        rule_days=5,
        rule_working=True,
        base_date=due,
        due_on=due,
        done_on=done,
        provisional=provisional,
    )


@pytest.mark.parametrize(
    ("item", "today", "expected"),
    [
        (deadline(D(2023, 10, 19)), D(2023, 10, 10), DeadlineStatus.ON_TIME),
        (deadline(D(2023, 10, 19)), D(2023, 10, 16), DeadlineStatus.DUE_SOON),
        (deadline(D(2023, 10, 19)), D(2023, 10, 19), DeadlineStatus.DUE_SOON),
        (deadline(D(2023, 10, 19)), D(2023, 10, 20), DeadlineStatus.OVERDUE),
        (
            deadline(D(2023, 10, 19), done=D(2023, 10, 19)),
            D(2023, 11, 1),
            DeadlineStatus.DONE_ON_TIME,
        ),
        (deadline(D(2023, 10, 19), done=D(2023, 10, 20)), D(2023, 11, 1), DeadlineStatus.DONE_LATE),
        (deadline(D(2027, 2, 10), provisional=True), D(2027, 1, 5), DeadlineStatus.PROVISIONAL),
    ],
)
def test_deadline_status(item, today, expected):
    assert status(item, today) == expected


@pytest.fixture
def activity_2027():
    campaign = CampaignFactory(year=2027)
    campaign_set_rules(campaign=campaign, filing_lead_days=5, filing_lead_working=True)
    activity = ActivityFactory(campaign=campaign, month_start=2, month_end=2)
    ActivityHostFactory(activity=activity)
    return activity


def test_a_deadline_in_an_unpublished_year_is_provisional_until_the_year_is_entered(
    activity_2027,
):
    # 2027-02-10 is a Wednesday; counting back on weekends only gives Wednesday 02-03.
    activity_schedule(actor=None, activity=activity_2027, on=D(2027, 2, 10))
    filing = activity_2027.deadlines.get(kind=DeadlineKind.FILING)
    assert (filing.due_on, filing.provisional) == (D(2027, 2, 3), True)

    # An illustrative arrangement: 02-05 .. 02-09 off, Sunday 02-07 off as ever.
    lines = [
        ArrangementLine(i, D(2027, 2, day), False, "春节")
        for i, day in enumerate((5, 6, 7, 8, 9), start=1)
    ]
    holiday_arrangements_import(actor=None, lines=lines)

    filing.refresh_from_db()
    # Back from 02-10 over the holiday: 02-04, 02-03, 02-02, 02-01, 01-29.
    assert (filing.due_on, filing.provisional) == (D(2027, 1, 29), False)


def test_a_dry_run_import_moves_no_deadline(activity_2027):
    activity_schedule(actor=None, activity=activity_2027, on=D(2027, 2, 10))
    holiday_arrangements_import(
        actor=None, dry_run=True, lines=[ArrangementLine(1, D(2027, 2, 8), False, "春节")]
    )
    assert activity_2027.deadlines.get(kind=DeadlineKind.FILING).provisional is True


def test_no_deadline_exists_while_the_activity_has_only_a_month():
    campaign = CampaignFactory(year=2023)
    campaign_set_rules(
        campaign=campaign, filing_lead_days=3, filing_lead_working=False, report_due_days=5
    )
    activity = ActivityFactory(campaign=campaign, month_start=6, month_end=6)
    assert not activity.deadlines.exists()


# --- How a rule reads -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "working", "base", "label"),
    [
        (-5, True, "scheduled_on", "活动开展前 5 个工作日"),
        (-3, False, "scheduled_on", "活动开展前 3 天"),
        # A lead of 0 still falls before the activity: the base says the side, not the sign.
        (0, True, "scheduled_on", "活动开展前 0 个工作日"),
        (5, True, "held_on", "活动结束后 5 个工作日内"),
        (3, False, "held_on", "活动结束后 3 天内"),
    ],
)
def test_rule_label(days, working, base, label):
    assert rule_label(days, working=working, base=base) == label


def test_confirming_it_was_held_reads_as_counted_after_the_date():
    assert rule_label(1, working=True, base="scheduled_on", after=True) == "活动日期后 1 个工作日内"
    assert rule_label(2, working=False, base="scheduled_on", after=True) == "活动日期后 2 天内"


def test_a_campaigns_rules_read_in_lifecycle_order(campaign):
    # The package's campaign: 5 working days before, 5 working days and 3 days after.
    assert [(r.kind, r.label) for r in campaign_rules(campaign.rules)] == [
        (DeadlineKind.FILING, "活动开展前 5 个工作日"),
        (DeadlineKind.HOLD, "活动日期后 1 个工作日内"),
        (DeadlineKind.REPORT, "活动结束后 5 个工作日内"),
        (DeadlineKind.PUBLICITY, "活动结束后 3 天内"),
    ]
    assert campaign_rules(None) == []


def test_a_deadline_reads_as_the_rule_it_was_resolved_from():
    campaign = CampaignFactory(year=2023)
    campaign_set_rules(
        campaign=campaign, filing_lead_days=3, filing_lead_working=False, report_due_days=5
    )
    activity = ActivityFactory(campaign=campaign, month_start=10, month_end=10)
    activity_schedule(actor=None, activity=activity, on=D(2023, 10, 16))

    assert [rule_of(d).label for d in activity.deadlines.all()] == [
        "活动开展前 3 天",
        "活动日期后 1 个工作日内",
    ]
