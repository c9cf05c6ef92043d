"""The assessment of the hand-built 天心区 (``world``): every criterion's points and reasons
worked out by hand, the ranking, the units not assessed, and the defaults from the rules."""

import pytest

from openday.assessment.enums import Criterion
from openday.assessment.scoring import Assessment, Weights, assess, default_weights
from openday.campaigns.models import CampaignRules
from tests.assessment.world import TODAY, Tianxin

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return Tianxin()


def _by_name(result):
    return {unit.name: unit for unit in result.units}


def _points(unit) -> dict[str, float]:
    return {c.key: c.points for c in unit.criteria}


def test_default_weights_follow_the_rules(world):
    # 留言回应 has no rule in a notice; everything else has one here.
    assert default_weights(world.campaign).weights == {
        "held": 20, "filing": 15, "report": 15, "materials": 15, "publicity": 10, "staff": 10,
        "participation": 10, "replies": 0,
    }  # fmt: skip


def test_a_criterion_without_its_rule_weighs_nothing(world):
    CampaignRules.objects.filter(campaign=world.campaign).update(
        min_staff=None, publicity_due_days=None
    )
    world.campaign.refresh_from_db()
    weights = default_weights(world.campaign).weights
    assert (weights["staff"], weights["publicity"], weights["held"]) == (0, 0, 20)


def test_every_unit_scored_by_hand(world):
    units = _by_name(assess(world.campaign, today=TODAY))
    assert _points(units["区教育局"]) == {
        "held": 20.0, "filing": 15.0, "report": 15.0, "materials": 0.0, "publicity": 0.0,
        "staff": 10.0, "participation": 10.0, "replies": 0.0,
    }  # fmt: skip
    assert _points(units["区医保局"]) == {
        "held": 20.0, "filing": 0.0, "report": 15.0, "materials": 15.0, "publicity": 10.0,
        "staff": 0.0, "participation": 0.0, "replies": 0.0,
    }  # fmt: skip
    assert _points(units["城南路街道办事处"]) == {
        "held": 20.0, "filing": 15.0, "report": 0.0, "materials": 15.0, "publicity": 10.0,
        "staff": 10.0, "participation": 0.0, "replies": 0.0,
    }  # fmt: skip
    assert _points(units["坡子街街道办事处"]) == {
        "held": 20.0, "filing": 15.0, "report": 15.0, "materials": 15.0, "publicity": 10.0,
        "staff": 10.0, "participation": 10.0, "replies": 0.0,
    }  # fmt: skip
    for unit in units.values():
        if unit.assessed:
            assert unit.score == sum(_points(unit).values())
    assert {name: unit.score for name, unit in units.items()} == {
        "坡子街街道办事处": 95.0,
        "区教育局": 70.0,
        "城南路街道办事处": 70.0,
        "区医保局": 60.0,
        "区司法局": None,
    }


def test_every_point_lost_is_explained(world):
    units = _by_name(assess(world.campaign, today=TODAY))
    explained = {
        name: [c.explained() for c in unit.criteria if c.points < c.weight]
        for name, unit in units.items()
    }
    assert explained["区教育局"] == [
        "材料完整 0/1 完整：第1号 缺活动照片",
        "媒体宣传 0/1 按时：第1号 逾期 2 天",
    ]
    assert explained["区医保局"] == [
        "方案报备 0/1 按时：第2号 逾期 2 个工作日",
        "现场工作人员 0/1 达标：第2号 现场工作人员 4 人，少于 6 人",
        "公众参与 0/1 已开放报名：第2号 邀请公众参与的活动未开放在线报名",
    ]
    # 5-29 → 6-30: 2 days of May and June's 21 (the 端午 holiday off, Sunday 6-25 worked).
    assert explained["城南路街道办事处"] == [
        "材料报送 0/1 按时：第2-1号 未报送，截止5月29日，已逾期 23 个工作日",
        "公众参与 0/1 已开放报名：第2-1号 邀请公众参与的活动未开放在线报名",
    ]


def test_ranking_shares_a_rank_on_equal_scores_and_leaves_out_units_not_assessed(world):
    result = assess(world.campaign, today=TODAY)
    assert [(u.rank, u.name, u.score_label) for u in result.units] == [
        (1, "坡子街街道办事处", "95"),
        (2, "区教育局", "70"),
        (2, "城南路街道办事处", "70"),
        (4, "区医保局", "60"),
        (None, "区司法局", "不参与考核"),
    ]


def test_a_unit_whose_activities_are_cancelled_or_not_due_is_not_assessed_never_zero(world):
    unit = _by_name(assess(world.campaign, today=TODAY))["区司法局"]
    assert (unit.assessed, unit.score, unit.rank) == (False, None, None)


def test_weights_given_change_the_points(world):
    weights = {key.value: 0 for key in Criterion} | {"held": 50, "filing": 50}
    units = _by_name(assess(world.campaign, today=TODAY, weights=Weights(weights=weights)))
    assert units["区医保局"].score == 50.0
    assert units["区教育局"].score == 100.0


def test_the_snapshot_round_trips(world):

    result = assess(world.campaign, today=TODAY)
    again = Assessment.from_dict(result.to_dict())
    assert again.to_dict() == result.to_dict()
