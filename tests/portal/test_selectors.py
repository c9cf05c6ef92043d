import pytest

from openday.activities.selectors import plan_by_month, plan_counts_by_month
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.selectors import public_campaign_by_slug, public_campaigns
from tests.factories import CampaignFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db


def test_plan_by_month_groups_by_start_month_in_calendar_order():
    campaign = make_tianxin_campaign()

    groups = plan_by_month(campaign)

    assert [(g.month, g.label, g.anchor, [a.seq for a in g.activities]) for g in groups] == [
        (3, "3月", "m3", [1, 2]),
        (5, "5月", "m5", [13, 16]),
        (6, "6月", "m6", [23]),
        (None, "时间待定", "m-tbd", [50]),
    ]
    ranged = groups[1].activities[1]
    assert ranged.month_label == "5-6月"
    assert [h.text for h in groups[2].activities[0].hosts.all()] == ["区应急管理局", "各街道办事处"]


def test_plan_by_month_of_empty_plan_is_empty():
    assert plan_by_month(CampaignFactory()) == []


def test_plan_counts_by_month_puts_undated_last():
    campaign = make_tianxin_campaign()

    assert plan_counts_by_month(campaign) == [
        {"month_start": 3, "count": 2},
        {"month_start": 5, "count": 2},
        {"month_start": 6, "count": 1},
        {"month_start": None, "count": 1},
    ]


@pytest.mark.parametrize(
    ("phase", "public"),
    [
        (CampaignPhase.DRAFT, False),
        (CampaignPhase.DECLARATION, True),
        (CampaignPhase.PLANNING, True),
        (CampaignPhase.RUNNING, True),
        (CampaignPhase.CLOSED, True),
    ],
)
def test_public_selectors_hide_only_drafts(phase, public):
    campaign = CampaignFactory(phase=phase)

    assert (public_campaign_by_slug(campaign.slug) == campaign) is public
    assert list(public_campaigns()) == ([campaign] if public else [])
