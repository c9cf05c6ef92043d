"""``campaign_set_rules`` from the rules page: who may, which values are refused (all at once,
nothing saved), and how the open deadlines move in the same transaction."""

import datetime as dt

import pytest

from openday.activities.enums import DeadlineKind
from openday.campaigns import rules as campaign_rules
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign, CampaignRules
from openday.campaigns.rules import RulesInvalid, banner_problem
from openday.campaigns.services import campaign_set_rules
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from tests.campaigns.office_world import office_world

pytestmark = pytest.mark.django_db

D = dt.date
FILING, REPORT, PUBLICITY = DeadlineKind.FILING, DeadlineKind.REPORT, DeadlineKind.PUBLICITY


@pytest.fixture
def world():
    return office_world()


def _rules_of(campaign: Campaign) -> dict:
    rules = CampaignRules.objects.get(campaign=campaign)
    return {f.name: getattr(rules, f.name) for f in CampaignRules._meta.concrete_fields}


def _entries() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["liaison", "viewer", "admin_other"])
def test_only_the_regions_office_admin_changes_the_rules(world, who):
    before, entries = _rules_of(world.campaign), _entries()
    with pytest.raises(
        PermissionDenied, match="您不是天心区政务公开办的管理员，不能修改其活动规则。"
    ):
        campaign_set_rules(actor=world.people[who], campaign=world.campaign, min_staff=3)
    assert _rules_of(world.campaign) == before
    assert _entries() == entries


def test_the_office_admin_changes_a_rule_and_it_is_audited(world):
    admin = world.people["admin"]
    campaign_set_rules(actor=admin, campaign=world.campaign, min_staff=8)

    assert CampaignRules.objects.get(campaign=world.campaign).min_staff == 8
    entry = AuditEntry.objects.filter(action="campaign.set_rules").latest("pk")
    assert (entry.actor, entry.before["min_staff"], entry.after["min_staff"]) == (admin, 6, 8)
    assert entry.comment == ""  # no deadline moved


def test_setting_the_same_values_records_nothing(world):
    entries = _entries()
    campaign_set_rules(actor=world.people["admin"], campaign=world.campaign, min_staff=6)
    assert _entries() == entries


def test_a_closed_year_keeps_its_rules(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(phase=CampaignPhase.CLOSED)
    world.campaign.refresh_from_db()
    with pytest.raises(DomainError, match="天心区2023年度已结束，不能再修改其活动规则。"):
        campaign_set_rules(actor=world.people["admin"], campaign=world.campaign, min_staff=8)
    assert CampaignRules.objects.get(campaign=world.campaign).min_staff == 6


# --- bad values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "field", "message"),
    [
        ({"filing_lead_days": -1}, "filing_lead_days", "方案报备提前天数应为 0 到 60 之间的整数。"),
        ({"report_due_days": 61}, "report_due_days", "材料报送期限天数应为 0 到 60 之间的整数。"),
        (
            {"publicity_due_days": "3"},
            "publicity_due_days",
            "媒体宣传期限天数应为 0 到 60 之间的整数。",
        ),
        (
            {"publicity_due_days": True},
            "publicity_due_days",
            "媒体宣传期限天数应为 0 到 60 之间的整数。",
        ),
        ({"min_staff": 0}, "min_staff", "现场工作人员最少人数应为 1 到 500 之间的整数。"),
        ({"min_staff": 10**9}, "min_staff", "现场工作人员最少人数应为 1 到 500 之间的整数。"),
        (
            {"declaration_themes_per_unit": 21},
            "declaration_themes_per_unit",
            "每单位申报主题数应为 1 到 20 之间的整数。",
        ),
        (
            {"remind_before_workdays": 11},
            "remind_before_workdays",
            "截止前提醒的工作日数应为 0 到 10 之间的整数。",
        ),
        ({"filing_lead_working": "yes"}, "filing_lead_working", "请选择“是”或“否”。"),
        (
            {"declaration_due_on": D(2024, 3, 31)},
            "declaration_due_on",
            "申报截止日期应在活动年度内。",
        ),
        (
            {"declaration_required_kinds": ["site_visit", "picnic"]},
            "declaration_required_kinds",
            "申报必含形式只能从活动形式类别中选择。",
        ),
        (
            {"declaration_categories": ["营商环境" * 6]},
            "declaration_categories",
            "主题类别最多 30 个，每个不超过 20 字。",
        ),
        ({"site_requirements": "标" * 1001}, "site_requirements", "现场标识要求不超过 1000 字。"),
        (
            {"banner_templates": ["一", "二", "三", "四", "五", "六"]},
            "banner_templates",
            "会标最多 5 种。",
        ),
        (
            {"banner_templates": ["{unit}{year}年{name}活动"]},
            "banner_templates",
            "会标“{unit}{year}年{name}活动”中的 {name} 不是可用的占位符；"
            "可用的只有 {unit}（单位名称）、{year}（年度）、{theme}（活动主题）。",
        ),
    ],
)
def test_a_bad_value_is_refused_on_its_field_and_nothing_is_saved(world, rules, field, message):
    before, entries = _rules_of(world.campaign), _entries()
    deadlines = world.due(1)
    with pytest.raises(DomainError) as refused:
        campaign_set_rules(actor=world.people["admin"], campaign=world.campaign, **rules)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert _rules_of(world.campaign) == before
    assert _entries() == entries
    assert world.due(1) == deadlines


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{unit}{year}年“政务公开主题日”活动", None),
        ("{unit}开展“{theme}”", None),
        ("{}年活动", "中的 {} 不是可用的占位符"),
        ("{0}年活动", "中的 {0} 不是可用的占位符"),
        ("{unit!r}活动", "中的 {unit} 不是可用的占位符"),
        ("{unit:>20}活动", "中的 {unit} 不是可用的占位符"),
        ("{unit.name}活动", "中的 {unit.name} 不是可用的占位符"),
        ("{unit活动", "中的花括号不成对"),
        ("unit}活动", "中的花括号不成对"),
        ("会" * 101, "每种会标不超过 100 字。"),
    ],
)
def test_banner_templates_may_use_only_the_known_placeholders(template, problem):
    found = banner_problem(template)
    assert (found is None) if problem is None else (problem in found)


def test_every_bad_value_is_told_at_once(world):
    with pytest.raises(RulesInvalid) as refused:
        campaign_set_rules(
            actor=world.people["admin"],
            campaign=world.campaign,
            filing_lead_days=-3,
            min_staff=100000,
            banner_templates=["{单位}活动"],
        )
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("filing_lead_days", "方案报备提前天数应为 0 到 60 之间的整数。"),
        ("min_staff", "现场工作人员最少人数应为 1 到 500 之间的整数。"),
        (
            "banner_templates",
            "会标“{单位}活动”中的 {单位} 不是可用的占位符；"
            "可用的只有 {unit}（单位名称）、{year}（年度）、{theme}（活动主题）。",
        ),
    ]


# --- the deadlines move ----------------------------------------------------------------------


def test_a_changed_rule_moves_the_open_deadlines_and_nothing_else(world):
    campaign_set_rules(
        actor=world.people["admin"],
        campaign=world.campaign,
        filing_lead_days=3,
        filing_lead_working=False,
        report_due_days=10,
    )
    # 1: scheduled for 10-20; 3 days before is 10-17.
    assert world.due(1) == {FILING: (-3, False, D(2023, 10, 17), None)}
    # 2: held 10-10, never filed (its filing deadline is still open, so it moves too); the
    # report, 10 working days after 10-10, is due 10-24; publicity did not change.
    assert world.due(2) == {
        FILING: (-3, False, D(2023, 10, 7), None),
        REPORT: (10, True, D(2023, 10, 24), None),
        PUBLICITY: (3, False, D(2023, 10, 13), None),
    }
    # 3: the report was in on 10-12 and keeps the rule it was met under; its filing moves.
    assert world.due(3)[REPORT] == (5, True, D(2023, 10, 17), D(2023, 10, 12))
    assert world.due(3)[FILING] == (-3, False, D(2023, 10, 7), None)
    # 4: cancelled, left as it was; 5: no date yet, no deadline.
    assert world.due(4) == {FILING: (-5, True, D(2023, 10, 13), None)}
    assert world.due(5) == {}
    entry = AuditEntry.objects.filter(action="campaign.set_rules").latest("pk")
    assert entry.comment == "重新计算了 4 项办理期限"


def test_a_rule_removed_drops_its_open_deadlines_and_keeps_the_met_ones(world):
    AuditEntry.objects.all().delete()
    ids = {seq: world.activities[seq].deadlines.get(kind=PUBLICITY).pk for seq in (2, 3)}
    world.activities[3].deadlines.filter(kind=PUBLICITY).update(done_on=D(2023, 10, 11))

    campaign_set_rules(
        actor=world.people["admin"], campaign=world.campaign, publicity_due_days=None
    )

    assert PUBLICITY not in world.due(2)
    assert world.due(3)[PUBLICITY] == (3, False, D(2023, 10, 13), D(2023, 10, 11))
    assert world.activities[3].deadlines.get(kind=PUBLICITY).pk == ids[3]
    assert AuditEntry.objects.get().comment == "重新计算了 1 项办理期限"


def test_a_rule_set_gives_the_deadline_only_where_its_step_is_ahead(world):
    campaign_set_rules(actor=world.people["admin"], campaign=world.campaign, report_due_days=None)
    assert REPORT not in world.due(2)

    campaign_set_rules(
        actor=world.people["admin"],
        campaign=world.campaign,
        report_due_days=2,
        report_due_working=True,
    )
    # 2 is held and owes its report: due 2 working days after 10-10.
    assert world.due(2)[REPORT] == (2, True, D(2023, 10, 12), None)
    # 1 is not held yet; 3 kept its met deadline, re-resolved under nothing new.
    assert REPORT not in world.due(1)
    assert world.due(3)[REPORT] == (5, True, D(2023, 10, 17), D(2023, 10, 12))


def test_a_rule_that_moves_no_deadline_says_nothing_about_deadlines(world):
    campaign_set_rules(
        actor=world.people["admin"], campaign=world.campaign, remind_before_workdays=0
    )
    entry = AuditEntry.objects.filter(action="campaign.set_rules").latest("pk")
    assert entry.comment == ""
    assert world.due(1) == {FILING: (-5, True, D(2023, 10, 13), None)}


def test_the_rules_and_their_deadlines_change_in_one_transaction(world, monkeypatch):
    def fails(campaign, changed):
        raise RuntimeError("deadline store unavailable")

    monkeypatch.setattr(campaign_rules, "_listeners", [*campaign_rules._listeners, fails])
    with pytest.raises(RuntimeError):
        campaign_set_rules(actor=world.people["admin"], campaign=world.campaign, filing_lead_days=3)
    assert CampaignRules.objects.get(campaign=world.campaign).filing_lead_days == 5
    assert world.due(1) == {FILING: (-5, True, D(2023, 10, 13), None)}
