import datetime as dt

import pytest

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.activities.selectors import (
    unscheduled_late,
    unscheduled_late_q,
    with_unscheduled_late,
)
from tests.factories import ActivityFactory, CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    campaign = CampaignFactory(year=2023)
    rows = [
        (1, 5, 5, ActivityState.PLANNED, None),
        (2, 5, 6, ActivityState.PLANNED, None),
        (3, 6, 6, ActivityState.PLANNED, None),
        (4, 6, 6, ActivityState.SCHEDULED, dt.date(2023, 6, 20)),
        (5, 7, 7, ActivityState.PLANNED, None),
        (6, None, None, ActivityState.PLANNED, None),
    ]
    for seq, start, end, state, on in rows:
        ActivityFactory(
            campaign=campaign,
            seq=seq,
            month_start=start,
            month_end=end,
            state=state,
            scheduled_on=on,
        )
    return campaign


@pytest.mark.parametrize(
    ("today", "seqs"),
    [
        (dt.date(2023, 5, 10), []),
        (dt.date(2023, 5, 25), [1]),  # late in May: 1 still has no date; 2 runs into June
        (dt.date(2023, 6, 5), [1]),
        (dt.date(2023, 6, 21), [1, 2, 3]),  # 4 has its date
        (dt.date(2024, 1, 10), [1, 2, 3, 5]),  # the year is over; 6 never had a month
    ],
)
def test_unscheduled_late_in_their_month(plan, today, seqs):
    assert [a.seq for a in unscheduled_late(plan, today)] == seqs


# --- Late without a date: one rule, in SQL and as an annotation --------------------------------


@pytest.fixture
def year_plan():
    """One activity per month of 2023 and one without a month, plus a range, a cancelled one
    and one with its date."""
    campaign = CampaignFactory(year=2023)
    for seq, month in enumerate([*range(1, 13), None], start=1):
        ActivityFactory(campaign=campaign, seq=seq, month_start=month, month_end=month)
    ActivityFactory(campaign=campaign, seq=20, month_start=2, month_end=4)
    ActivityFactory(
        campaign=campaign, seq=21, month_start=1, month_end=1, state=ActivityState.CANCELLED
    )
    ActivityFactory(
        campaign=campaign,
        seq=22,
        month_start=1,
        month_end=1,
        state=ActivityState.SCHEDULED,
        scheduled_on=dt.date(2023, 1, 9),
    )
    return campaign


@pytest.mark.parametrize(
    ("today", "seqs"),
    [
        (dt.date(2023, 1, 5), []),
        (dt.date(2023, 1, 22), [1]),  # 9 days left in January
        (dt.date(2023, 3, 21), [1, 2]),  # 10 days left in March: not yet late
        (dt.date(2023, 3, 22), [1, 2, 3]),  # 9 days left: March is late
        (dt.date(2023, 4, 21), [1, 2, 3, 4, 20]),  # the range ends in April
        (dt.date(2023, 12, 31), [*range(1, 13), 20]),
        (dt.date(2024, 2, 1), [*range(1, 13), 20]),  # a past year: every month with a month
        (dt.date(2022, 11, 30), []),  # a future year: nothing
    ],
)
def test_unscheduled_late_rule_by_day(year_plan, today, seqs):
    annotated = with_unscheduled_late(year_plan.activities.all(), today)

    assert [a.seq for a in unscheduled_late(year_plan, today)] == seqs
    assert sorted(a.seq for a in year_plan.activities.filter(unscheduled_late_q(today))) == seqs
    assert sorted(a.seq for a in annotated if a.is_unscheduled_late) == seqs


def test_unscheduled_late_rule_spans_campaigns_of_every_year(year_plan):
    last_year = CampaignFactory(year=2022, region=year_plan.region)
    ActivityFactory(campaign=last_year, seq=1, month_start=12, month_end=12)
    next_year = CampaignFactory(year=2024, region=year_plan.region)
    ActivityFactory(campaign=next_year, seq=1, month_start=1, month_end=1)

    late = Activity.objects.filter(unscheduled_late_q(dt.date(2023, 2, 25)))

    assert sorted((a.campaign.year, a.seq) for a in late) == [(2022, 1), (2023, 1), (2023, 2)]


def test_annotating_the_late_rule_adds_no_query(year_plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        flags = [
            a.is_unscheduled_late
            for a in with_unscheduled_late(year_plan.activities.all(), dt.date(2023, 3, 22))
        ]

    assert flags.count(True) == 3
