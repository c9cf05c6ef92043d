import datetime as dt

import pytest

from openday.activities.enums import ActivityState
from openday.activities.selectors import unscheduled_late
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
