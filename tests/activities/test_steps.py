"""The next step of an activity (``activities.steps``): the liaison's next action by state,
by the campaign's rules and by the day, and how it reads."""

import datetime as dt

import pytest

from openday.activities.enums import ActivityState as S
from openday.activities.steps import LIAISON_STEP_STATES, next_step, step_label
from openday.campaigns.services import campaign_set_rules
from tests.factories import ActivityFactory, CampaignFactory

D = dt.date
TODAY = D(2023, 10, 13)

pytestmark = pytest.mark.django_db


def test_liaison_has_a_step_until_the_report_is_in():
    assert LIAISON_STEP_STATES == (
        S.PLANNED,
        S.SCHEDULED,
        S.FILED,
        S.ANNOUNCED,
        S.HELD,
        S.POSTPONED,
    )


@pytest.mark.parametrize(
    ("state", "filing_rule", "scheduled_on", "step"),
    [
        (S.PLANNED, True, None, "schedule"),
        (S.SCHEDULED, True, D(2023, 10, 20), "file"),
        # No plan to file: announce next; once the day has come, confirm it was held.
        (S.SCHEDULED, False, D(2023, 10, 20), "announce"),
        (S.SCHEDULED, True, D(2023, 10, 13), "hold"),
        (S.SCHEDULED, True, D(2023, 10, 2), "hold"),
        (S.FILED, True, D(2023, 10, 20), "announce"),
        (S.ANNOUNCED, True, D(2023, 10, 20), "hold"),
        (S.POSTPONED, True, D(2023, 10, 20), "file"),
        (S.POSTPONED, False, D(2023, 10, 20), "announce"),
        (S.POSTPONED, True, D(2023, 10, 13), "hold"),
        (S.HELD, True, D(2023, 10, 10), "report"),
        # The office's turn.
        (S.REPORTED, True, D(2023, 10, 10), None),
        (S.ACCEPTED, True, D(2023, 10, 10), None),
        (S.PUBLISHED, True, D(2023, 10, 10), None),
        (S.CANCELLED, True, None, None),
    ],
)
def test_next_step(state, filing_rule, scheduled_on, step):
    campaign = CampaignFactory()
    campaign_set_rules(
        campaign=campaign, filing_lead_days=5 if filing_rule else None, report_due_days=5
    )
    activity = ActivityFactory(campaign=campaign, state=state, scheduled_on=scheduled_on)

    assert next_step(activity, TODAY) == step


def test_next_step_of_a_campaign_without_rules_skips_filing():
    activity = ActivityFactory(state=S.SCHEDULED, scheduled_on=D(2023, 10, 20))

    assert next_step(activity, TODAY) == "announce"


def test_a_notice_waiting_for_review_is_the_offices_turn_until_the_day():
    campaign = CampaignFactory()
    campaign_set_rules(campaign=campaign, filing_lead_days=None, report_due_days=5)
    activity = ActivityFactory(campaign=campaign, state=S.FILED, scheduled_on=D(2023, 10, 20))
    activity.notice_waiting = True  # as selectors.with_notice_waiting annotates it

    assert next_step(activity, TODAY) is None
    assert next_step(activity, D(2023, 10, 20)) == "hold"


@pytest.mark.parametrize(
    ("step", "label"),
    [
        ("schedule", "确定日期"),
        ("file", "报备方案"),
        ("report", "报送材料"),
        (None, "等待公开办办理"),
    ],
)
def test_step_label(step, label):
    assert step_label(step) == label
