"""The assessment's services, its freezing when the year closes, and ``openday assessment``."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openday.activities.services import campaign_close
from openday.assessment.models import AssessmentSnapshot, AssessmentWeights
from openday.assessment.selectors import campaign_assessment
from openday.assessment.services import assessment_set_weights
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from tests.assessment.world import TODAY, Tianxin
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "held": 30, "filing": 10, "report": 10, "materials": 10, "publicity": 10, "staff": 10,
    "participation": 10, "replies": 10,
}  # fmt: skip


@pytest.fixture
def world():
    return Tianxin()


def _member(role, region, unit=None):
    user = UserFactory()
    MembershipFactory(user=user, role=role, region=region, unit=unit)
    return user


def test_the_office_sets_the_weights_audited(world):
    admin = _member(Role.OFFICE_ADMIN, world.region)
    assessment_set_weights(actor=admin, campaign=world.campaign, weights=WEIGHTS, reply_days=3)
    stored = AssessmentWeights.objects.get(campaign=world.campaign)
    assert (stored.as_dict(), stored.reply_days) == (WEIGHTS, 3)
    entry = AuditEntry.objects.get(action="assessment.weights")
    assert entry.before["weights"]["held"] == 20
    assert entry.after == {"weights": WEIGHTS, "reply_days": 3}


@pytest.mark.parametrize("role", [Role.UNIT_LIAISON, Role.SUPERIOR_VIEWER])
def test_only_the_office_sets_the_weights(world, role):
    region = world.city if role == Role.SUPERIOR_VIEWER else world.region
    user = _member(role, region, world.jiaoyu if role == Role.UNIT_LIAISON else None)
    with pytest.raises(PermissionDenied):
        assessment_set_weights(actor=user, campaign=world.campaign, weights=WEIGHTS, reply_days=3)
    assert not AssessmentWeights.objects.exists()


@pytest.mark.parametrize(
    ("weights", "reply_days", "message"),
    [
        (WEIGHTS | {"held": 101}, 3, "“按计划开展”的权重应为 0 到 100 之间的整数。"),
        (WEIGHTS | {"staff": -1}, 3, "“现场工作人员”的权重应为 0 到 100 之间的整数。"),
        (WEIGHTS | {"staff": "5"}, 3, "“现场工作人员”的权重应为 0 到 100 之间的整数。"),
        (dict.fromkeys(WEIGHTS, 0), 3, "各项权重不能都为 0。"),
        (WEIGHTS, 0, "留言回应期限应为 1 到 30 之间的工作日数。"),
    ],
)
def test_bad_weights_are_refused_whole(world, weights, reply_days, message):
    with pytest.raises(DomainError) as refused:
        assessment_set_weights(
            actor=None, campaign=world.campaign, weights=weights, reply_days=reply_days
        )
    assert refused.value.message == message
    assert not AssessmentWeights.objects.exists()


def test_closing_the_year_freezes_its_scores(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        campaign_close(actor=None, campaign=world.campaign, on=TODAY)
    snapshot = AssessmentSnapshot.objects.get(campaign=world.campaign)
    assert snapshot.as_of == TODAY
    assert AuditEntry.objects.filter(action="assessment.freeze").count() == 1
    # Later changes do not move a closed year's scores.
    world.campaign.refresh_from_db()
    later = campaign_assessment(world.campaign, today=dt.date(2024, 3, 1))
    assert later.frozen
    assert {u.name: u.score for u in later.units}["区教育局"] == 70.0
    with pytest.raises(DomainError):
        assessment_set_weights(actor=None, campaign=world.campaign, weights=WEIGHTS, reply_days=3)


def test_the_command_prints_every_unit_with_its_criteria_as_json(world):
    out = io.StringIO()
    call_command("assessment", "--campaign", "tianxin-2023", "--json", "--as-of", "2023-06-30",
                 stdout=out)  # fmt: skip
    data = json.loads(out.getvalue())
    names = {unit["name"] for unit in data["units"]}
    assert names == {"区教育局", "区医保局", "区司法局", "城南路街道办事处", "坡子街街道办事处"}
    for unit in data["units"]:
        if unit["assessed"]:
            assert unit["score"] == round(sum(c["points"] for c in unit["criteria"]), 2)
        else:
            assert (unit["score"], unit["score_label"]) == (None, "不参与考核")
    jiaoyu = next(unit for unit in data["units"] if unit["name"] == "区教育局")
    publicity = next(c for c in jiaoyu["criteria"] if c["key"] == "publicity")
    assert (publicity["weight"], publicity["points"], publicity["reasons"]) == (
        10,
        0.0,
        ["第1号 逾期 2 天"],
    )


def test_the_command_prints_text(world):
    out = io.StringIO()
    call_command("assessment", "--campaign", "tianxin-2023", "--as-of", "2023-06-30", stdout=out)
    text = out.getvalue()
    assert "第1名 坡子街街道办事处：95" in text
    assert "区司法局：不参与考核" in text
    assert "  媒体宣传（权重 10）0 分 — 媒体宣传 0/1 按时：第1号 逾期 2 天" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "请用 --campaign 指定年度活动标识"),
        (["--campaign", "nope"], "找不到标识为“nope”的年度活动"),
        (["--campaign", "tianxin-2023", "--as-of", "6/30"], "--as-of 的日期“6/30”无法识别"),
    ],
)
def test_the_command_refuses_bad_input(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("assessment", *args, stdout=io.StringIO())
