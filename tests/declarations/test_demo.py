"""The demo's declarations for 湘江新区: the window, three units' 申报表, idempotent."""

import pytest

from openday.campaigns.enums import DEFAULT_PLAN_COLUMNS, CampaignPhase
from openday.campaigns.services import campaign_set_plan_layout
from openday.declarations.demo import load_demo_declarations
from openday.declarations.models import Declaration, DeclarationWindow
from openday.declarations.services import declaration_submit
from tests.declarations.helpers import D
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_without_the_campaign_nothing_happens(region):
    assert load_demo_declarations() == []


def test_the_demo_opens_the_window_and_fills_four_declarations(campaign):
    lines = load_demo_declarations()

    assert lines == [
        "xiangjiang-2023: 已开放主题申报，截止 2023-03-31",
        "xiangjiang-2023: 新区经济发展局的主题申报（已采纳）",
        "xiangjiang-2023: 新区行政审批服务局的主题申报（已提交）",
        "xiangjiang-2023: 新区社会事业局的主题申报（已退回）",
        "xiangjiang-2023: 坪塘街道办事处的主题申报（草稿）",
    ]
    window = DeclarationWindow.objects.get(campaign=campaign)
    assert (window.closes_on, window.requires_stamp) == (D(2023, 3, 31), False)
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.DECLARATION
    assert sorted(Declaration.objects.values_list("unit__name", "state")) == [
        ("坪塘街道办事处", "draft"),
        ("新区社会事业局", "returned"),
        ("新区经济发展局", "accepted"),
        ("新区行政审批服务局", "submitted"),
    ]
    returned = Declaration.objects.get(unit__name="新区社会事业局")
    assert returned.review_comment == "第 2 项请写明观摩地点、邀请对象和活动流程后重新提交。"


def test_running_it_again_changes_nothing(campaign):
    load_demo_declarations()
    before = list(Declaration.objects.values_list("pk", "state", "updated_at"))

    assert load_demo_declarations() == []
    assert list(Declaration.objects.values_list("pk", "state", "updated_at")) == before


def test_the_returned_declaration_can_be_handed_in_again_today(campaign):
    load_demo_declarations()
    returned = Declaration.objects.get(unit__name="新区社会事业局")
    liaison = MembershipFactory(role="unit_liaison", region=campaign.region, unit=returned.unit)

    declaration_submit(actor=liaison.user, declaration=returned, today=D(2026, 11, 20))

    assert returned.state == "submitted"


def test_the_blank_form_read_as_a_plan_layout_is_set_back(campaign):
    campaign_set_plan_layout(
        campaign=campaign,
        columns=[("seq", "序号"), ("title", "活动主题"), ("month", "活动时间(月份)")],
        plan_title="湖南湘江新区2023政务公开主题日活动主题申报表",
    )

    load_demo_declarations()

    campaign.refresh_from_db()
    assert (campaign.plan_title, campaign.plan_columns) == ("", DEFAULT_PLAN_COLUMNS)
