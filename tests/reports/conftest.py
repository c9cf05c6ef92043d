"""Fixtures: campaigns with their plans built (see ``plans``)."""

import pytest

from openday.campaigns.models import Campaign
from tests.reports.plans import (
    BRIEF_COLUMNS,
    SAMPLE_ROWS,
    build_plan,
    expected_rows,
    region_campaign,
)


@pytest.fixture
def sample_plan(db) -> Campaign:
    campaign = region_campaign("天心区", 2023, slug="sample-2023", plan_columns=BRIEF_COLUMNS)
    return build_plan(campaign, SAMPLE_ROWS)


@pytest.fixture
def tianxin_plan(db) -> Campaign:
    campaign = region_campaign("天心区", 2023, slug="tianxin-2023")
    return build_plan(campaign, expected_rows("tianxin-2023"))
