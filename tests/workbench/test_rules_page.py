"""The campaign's rules page: each rule beside the notice's sentence; the office admin changes
the rules (the open deadlines move at once); bad input comes back on its field, unsaved."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from openday.activities.enums import DeadlineKind
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign, CampaignRules
from openday.core.models import AuditEntry
from tests.campaigns.office_world import office_world

pytestmark = pytest.mark.django_db

D = dt.date
FILING, REPORT, PUBLICITY = DeadlineKind.FILING, DeadlineKind.REPORT, DeadlineKind.PUBLICITY


@pytest.fixture
def world():
    return office_world()


def _url(campaign) -> str:
    return reverse("staff:campaign-rules", args=[campaign.slug])


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _form(**changes) -> dict:
    """The page's form as the world's rules fill it, with ``changes``."""
    data = {
        "filing_lead_days": "5",
        "filing_lead_unit": "working",
        "report_due_days": "5",
        "report_due_unit": "working",
        "publicity_due_days": "3",
        "publicity_due_unit": "calendar",
        "hold_confirm_days": "1",
        "hold_confirm_unit": "working",
        "remind_before_workdays": "2",
        "min_staff": "6",
        "banner_templates": "{unit}{year}年“政务公开主题日”活动",
        "site_requirements": "",
        "notice_review_required": "on",
        "declaration_themes_per_unit": "",
        "declaration_due_on": "",
        "declaration_categories": "",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def _rules(campaign) -> dict:
    rules = CampaignRules.objects.get(campaign=campaign)
    return {f.name: getattr(rules, f.name) for f in CampaignRules._meta.concrete_fields}


def _sentences(response) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", quote)
        for quote in re.findall(
            r'<blockquote class="rule-quote"><p>(.*?)</p>', response.content.decode()
        )
    ]


# --- reading ----------------------------------------------------------------------------------


def test_the_office_admin_sees_each_rule_beside_its_sentence(client, world):
    client.force_login(world.people["admin"])
    response = client.get(_url(world.campaign))

    assert response.status_code == 200
    assert _sentences(response) == [
        "通知原文：(一) 活动报备：活动开展前，请各单位提前 5 个工作日将具体活动方案报送至"
        "市政务公开办（电话：83603968, 电子邮箱：lyszfxxgk@163.com）。",
        "通知原文：活动开展后，各单位需将活动开展情况形成报告材料(含图片、经验做法和工作实效等)，"
        "于 5 个工作日内报市政务公开办。",
        "通知原文：要加大宣传力度，积极营造浓厚氛围，活动开展后的 3 天内，通过在新闻媒体发布"
        "宣传报道、在政府网站“2023 年政务公开主题日活动专栏”公开宣传、在政务新媒体发布活动消息"
        "等方式，充分发挥主题日活动集中宣传的作用，扩大影响力。",
        "通知原文：参加的工作人员 6 人以上，要求专业素质高，应变能力强，服务意识好，"
        "能高效、微笑地为群众解答问题。",
        "通知原文：1. 会标：活动现场的会标可设计为以下两种：××××单位 2023 年“政务公开主题日”"
        "活动××××单位 2023 年“政务公开主题日”活动暨××××",
        "通知原文：2. LOGO: 活动现场要设置、显示统一的“政务公开主题日”醒目标识。",
    ]
    text = _text(response)
    # The platform's own settings, and the declaration the notice does not set.
    assert text.count("本平台的设置，不出自通知。") == 4
    assert text.count("通知未作规定。") == 1
    assert 'name="filing_lead_days" value="5"' in response.content.decode()


@pytest.mark.parametrize("who", ["liaison", "viewer"])
def test_others_who_see_the_campaign_read_the_rules_without_a_form(client, world, who):
    client.force_login(world.people[who])
    response = client.get(_url(world.campaign))

    assert response.status_code == 200
    assert "<form" not in response.content.decode().split("<main")[-1]
    text = _text(response)
    assert "方案报备 活动开展前 5 个工作日" in text
    assert "现场工作人员 不少于 6 人" in text
    assert "活动预告审核 须经政务公开办审核后公开" in text
    assert len(_sentences(response)) == 6


def test_a_campaign_without_its_notice_says_so(client, world):
    Campaign.objects.filter(pk=world.campaign.pk).update(source_text="")
    client.force_login(world.people["admin"])
    response = client.get(_url(world.campaign))
    assert "本年度活动没有保存通知原文（不是由通知新建的），无法列出规则所依据的原文。" in _text(
        response
    )
    assert _sentences(response) == []
    assert "通知未作规定" not in _text(response)


def test_a_closed_year_shows_its_rules_read_only(client, world):
    Campaign.objects.filter(pk=world.campaign.pk).update(phase=CampaignPhase.CLOSED)
    client.force_login(world.people["admin"])
    response = client.get(_url(world.campaign))
    assert "2023年度已结束，活动规则只读。" in _text(response)
    assert 'name="filing_lead_days"' not in response.content.decode()


# --- changing ---------------------------------------------------------------------------------


def test_changing_the_deadlines_moves_exactly_the_open_ones(client, world):
    client.force_login(world.people["admin"])
    response = client.post(
        _url(world.campaign),
        _form(
            filing_lead_days="3",
            filing_lead_unit="calendar",
            report_due_days="10",
            publicity_due_days="",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == _url(world.campaign)
    rules = _rules(world.campaign)
    assert (rules["filing_lead_days"], rules["filing_lead_working"]) == (3, False)
    assert (rules["report_due_days"], rules["publicity_due_days"]) == (10, None)
    assert world.due(1) == {FILING: (-3, False, D(2023, 10, 17), None)}
    assert world.due(2) == {
        FILING: (-3, False, D(2023, 10, 7), None),
        REPORT: (10, True, D(2023, 10, 24), None),
    }
    assert world.due(3) == {
        FILING: (-3, False, D(2023, 10, 7), None),
        REPORT: (5, True, D(2023, 10, 17), D(2023, 10, 12)),
    }
    assert world.due(4) == {FILING: (-5, True, D(2023, 10, 13), None)}
    entry = AuditEntry.objects.filter(action="campaign.set_rules").latest("pk")
    assert (entry.actor, entry.comment) == (world.people["admin"], "重新计算了 6 项办理期限")
    page = client.get(response["Location"])
    assert "活动规则已保存；尚未完成的办理期限已按新规则重新计算。" in _text(page)


def test_the_other_rules_are_saved_as_typed(client, world):
    client.force_login(world.people["admin"])
    response = client.post(
        _url(world.campaign),
        _form(
            remind_before_workdays="0",
            min_staff="",
            banner_templates="{unit}{year}年活动\n\n  {unit}开展“{theme}”  \n",
            site_requirements="现场张贴 LOGO",
            notice_review_required=None,
            declaration_themes_per_unit="2",
            declaration_required_kinds=["field_research", "site_visit"],
            declaration_due_on="2023-03-31",
            declaration_categories="营商环境、 科技创新\n营商环境",
        ),
    )
    assert response.status_code == 302
    rules = _rules(world.campaign)
    assert {
        key: rules[key]
        for key in (
            "remind_before_workdays",
            "min_staff",
            "banner_templates",
            "site_requirements",
            "notice_review_required",
            "declaration_themes_per_unit",
            "declaration_required_kinds",
            "declaration_due_on",
            "declaration_categories",
        )
    } == {
        "remind_before_workdays": 0,
        "min_staff": None,
        "banner_templates": ["{unit}{year}年活动", "{unit}开展“{theme}”"],
        "site_requirements": "现场张贴 LOGO",
        "notice_review_required": False,
        "declaration_themes_per_unit": 2,
        "declaration_required_kinds": ["field_research", "site_visit"],
        "declaration_due_on": D(2023, 3, 31),
        "declaration_categories": ["营商环境", "科技创新"],
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"filing_lead_days": "-1"}, "方案报备提前天数应为 0 到 60 之间的整数。"),
        ({"report_due_days": "999999999999"}, "材料报送期限天数应为 0 到 60 之间的整数。"),
        ({"publicity_due_days": "三"}, "媒体宣传：活动结束后应为整数。"),
        ({"publicity_due_days": "2.5"}, "媒体宣传：活动结束后应为整数。"),
        ({"min_staff": "1e3"}, "现场工作人员不少于（人）应为整数。"),
        ({"remind_before_workdays": ""}, "请填写截止前几个工作日提醒。"),
        ({"remind_before_workdays": "30"}, "截止前提醒的工作日数应为 0 到 10 之间的整数。"),
        ({"filing_lead_unit": "fortnight"}, "选择一个有效的选项"),
        ({"declaration_due_on": "2023-02-30"}, "申报截止日期格式不正确"),
        ({"declaration_due_on": "2024-03-31"}, "申报截止日期应在活动年度内。"),
        ({"declaration_required_kinds": ["picnic"]}, "申报必含形式只能从活动形式类别中选择。"),
        ({"banner_templates": "{unit}{yaer}年活动"}, "中的 {yaer} 不是可用的占位符"),
        ({"banner_templates": "{unit}年活动}"}, "中的花括号不成对"),
        ({"banner_templates": "<script>{0}</script>"}, "中的 {0} 不是可用的占位符"),
    ],
)
def test_bad_input_comes_back_on_the_page_and_nothing_is_saved(client, world, changes, message):
    client.force_login(world.people["admin"])
    before, entries = _rules(world.campaign), AuditEntry.objects.count()
    deadlines = world.due(1)

    response = client.post(_url(world.campaign), _form(**({"filing_lead_days": "3"} | changes)))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "活动规则未保存，请修改以下内容" in response.content.decode()
    assert "<script>{0}" not in response.content.decode()
    assert _rules(world.campaign) == before
    assert AuditEntry.objects.count() == entries
    assert world.due(1) == deadlines


def test_every_bad_value_is_listed_at_once(client, world):
    client.force_login(world.people["admin"])
    response = client.post(
        _url(world.campaign), _form(filing_lead_days="-5", min_staff="0", banner_templates="{x}")
    )
    assert response.status_code == 400
    summary = response.content.decode()
    for message in (
        "方案报备提前天数应为 0 到 60 之间的整数。",
        "现场工作人员最少人数应为 1 到 500 之间的整数。",
        "会标“{x}”中的 {x} 不是可用的占位符",
    ):
        assert summary.count(message) == 2  # in the summary and on the field


def test_a_post_to_a_closed_year_is_refused_on_the_page(client, world):
    Campaign.objects.filter(pk=world.campaign.pk).update(phase=CampaignPhase.CLOSED)
    client.force_login(world.people["admin"])
    response = client.post(_url(world.campaign), _form(min_staff="8"))
    assert response.status_code == 400
    assert "天心区2023年度已结束，不能再修改其活动规则。" in _text(response)
    assert _rules(world.campaign)["min_staff"] == 6


@pytest.mark.parametrize(
    ("who", "status"), [("liaison", 403), ("viewer", 403), ("admin_other", 404)]
)
def test_only_the_office_admin_posts(client, world, who, status):
    client.force_login(world.people[who])
    response = client.post(_url(world.campaign), _form(min_staff="8"))
    assert response.status_code == status
    assert _rules(world.campaign)["min_staff"] == 6


@pytest.mark.parametrize("who", ["admin", "viewer"])
def test_the_page_reads_the_campaign_once(client, world, who, django_assert_num_queries):
    # The session, the user, the memberships (Scope), the campaign with its rules; the
    # sentences are read from the campaign's own text, not from the database.
    client.force_login(world.people[who])
    with django_assert_num_queries(4):
        assert client.get(_url(world.campaign)).status_code == 200
