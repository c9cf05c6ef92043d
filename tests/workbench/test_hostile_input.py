"""Hostile input on the staff pages and in the services behind them: control characters and
line breaks, numbers past a database integer, names longer than their columns. Each is refused
with a Chinese message that names what and where, nothing is saved, and SQLite refuses exactly
what PostgreSQL would."""

import re

import pytest
from django.urls import reverse

from openday.activities.forms.pages import MediaForm
from openday.activities.models import Activity, ActivityForm
from openday.campaigns.models import Campaign, CampaignForm
from openday.campaigns.services import campaign_set_forms
from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.declarations.forms import ItemForm
from openday.importers.services import plan_import
from openday.orgs.models import Unit, UnitAlias
from openday.orgs.services import UnitResolver, unit_aliases_set, unit_create
from tests.factories import CampaignFormFactory
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db

VT = "\x0b"  # what a liaison pasted from another program


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _summary(response) -> list[str]:
    return [text_of(li) for li in select(parse(response.content), ".error-summary li")]


# --- Control characters and line breaks in what staff type ----------------------------------


def _row(world, **changes) -> dict:
    return {
        "title": "人社政策进园区",
        "month_start": "11",
        "month_end": "11",
        "forms": "现场宣讲",
        "hosts": [f"unit:{world.renshe.pk}"],
        "brief": "走进园区企业",
    } | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"title": f"人社政策{VT}进园区"},
            "“活动主题”含有不可见的控制字符（U+000B），请删除后再提交。",
        ),
        ({"title": "人社政策\r\n进园区"}, "“活动主题”只能填写一行，请删除其中的换行后再提交。"),
        (
            {"brief": f"第一段\n第二{VT}段"},
            "“活动简介”含有不可见的控制字符（U+000B），请删除后再提交。",
        ),
        ({"forms": "现场宣讲\x00"}, "“活动形式”含有不可见的控制字符（U+0000），请删除后再提交。"),
    ],
)
def test_a_plan_row_with_control_characters_is_refused_and_nothing_saved(
    client, world, changes, message
):
    client.force_login(world.admin)
    rows, entries = Activity.objects.count(), AuditEntry.objects.count()

    response = client.post(
        reverse("staff:plan-row-add", args=[world.campaign.slug]), _row(world, **changes)
    )

    assert response.status_code == 400
    assert message in _text(response)
    assert (Activity.objects.count(), AuditEntry.objects.count()) == (rows, entries)


def test_a_brief_of_several_lines_is_still_accepted(client, world):
    client.force_login(world.admin)

    response = client.post(
        reverse("staff:plan-row-add", args=[world.campaign.slug]),
        _row(world, brief="第一段\r\n\t第二段"),
    )

    assert response.status_code == 302
    assert Activity.objects.get(campaign=world.campaign, title="人社政策进园区").brief == (
        "第一段\r\n\t第二段"
    )


def test_a_declaration_brief_with_a_control_character_is_refused(world):
    form = ItemForm(
        {"title": "社保政策宣讲", "month_start": "10", "brief": f"宣讲{VT}社保政策"},
        campaign=world.campaign,
        categories=[],
    )

    assert not form.is_valid()
    assert form.errors == {"brief": ["“活动简介”含有不可见的控制字符（U+000B），请删除后再提交。"]}


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (f"社保宣讲{VT}见闻", "“报道标题”含有不可见的控制字符（U+000B），请删除后再提交。"),
        ("社保宣讲\n见闻", "“报道标题”只能填写一行，请删除其中的换行后再提交。"),
    ],
)
def test_a_media_title_with_a_control_character_or_a_line_break_is_refused(title, message):
    form = MediaForm(
        {
            "outlet": "天心新闻",
            "title": title,
            "url": "https://news.example.cn/1",
            "published_on": "2023-10-12",
        }
    )

    assert not form.is_valid()
    assert form.errors == {"title": [message]}


# --- Query parameters -----------------------------------------------------------------------


def test_a_send_log_filter_with_a_control_character_is_told_and_ignored(client, world):
    client.force_login(world.admin)

    response = client.get(reverse("staff:delivery-list"), {"recipient": "王\x00晓"})

    assert response.status_code == 200
    assert "“接收人”含有不可见的控制字符（U+0000），请删除后再提交。" in _text(response)


# --- Whole numbers past a database integer --------------------------------------------------

NEW = "/staff/campaigns/new/"


def _notice_confirmation(world, **changes) -> dict:
    return {
        "confirm": "1",
        "region": world.region.pk,
        "year": "2025",
        "slug": "tianxin-2025",
        "title": "天心区2025年“政务公开主题日”活动实施方案",
        "planned_count": "40",
        "form_names": "现场观摩\n政策宣传",
        "filing_lead_unit": "working",
        "report_due_unit": "working",
        "publicity_due_unit": "calendar",
        "source_text": "通知原文\n第二段",
    } | changes


@pytest.mark.parametrize("count", ["9" * 20, str(2**31), str(2**31 - 1)])
def test_a_planned_count_past_the_column_is_refused_and_no_campaign_opened(client, world, count):
    client.force_login(world.admin)
    campaigns = Campaign.objects.count()

    response = client.post(NEW, _notice_confirmation(world, planned_count=count))

    assert response.status_code == 400
    assert response.context["form"].errors["planned_count"] == ["确保该值小于或等于10000。"]
    assert Campaign.objects.count() == campaigns


def test_a_rules_count_past_the_column_is_refused(client, world):
    client.force_login(world.admin)

    response = client.post(
        reverse("staff:campaign-rules", args=[world.campaign.slug]),
        {
            "filing_lead_days": "9" * 20,
            "filing_lead_unit": "working",
            "report_due_unit": "working",
            "publicity_due_unit": "calendar",
            "remind_before_workdays": "2",
        },
    )

    assert response.status_code == 400
    assert "方案报备提前天数应为 0 到 60 之间的整数。" in _text(response)
    assert world.campaign.rules.filing_lead_days == 5


# --- Names longer than their columns --------------------------------------------------------

LONG_UNIT = "区" + "很" * 125 + "局"  # 127 characters; Unit.name holds 120


def test_a_unit_name_past_its_column_is_refused_naming_it(world):
    with pytest.raises(DomainError) as refused:
        unit_create(actor=world.admin, region=world.region, name=LONG_UNIT)

    assert refused.value.message == (
        f"单位名称“{LONG_UNIT[:30]}…”有 127 个字，超过 120 个字的上限，请改短。"
    )
    assert refused.value.field == "name"
    assert not Unit.objects.filter(name__startswith="区很").exists()


def test_an_alias_past_its_column_is_refused_and_the_unit_not_created(world):
    with pytest.raises(DomainError) as refused:
        unit_create(actor=world.admin, region=world.region, name="区审计局", aliases=(LONG_UNIT,))

    assert refused.value.message == (
        f"别名“{LONG_UNIT[:30]}…”有 127 个字，超过 120 个字的上限，请改短。"
    )
    assert not Unit.objects.filter(name="区审计局").exists()


def test_the_unit_page_tells_an_alias_past_its_column(client, world):
    client.force_login(world.admin)
    aliases = UnitAlias.objects.count()

    response = client.post(
        f"/staff/regions/tianxin/units/{world.jiaoyu.pk}/",
        {"name": world.jiaoyu.name, "kind": "department", "aliases": f"教育局\n{LONG_UNIT}"},
    )

    assert response.status_code == 400
    assert f"别名“{LONG_UNIT[:30]}…”有 127 个字，超过 120 个字的上限，请改短。" in _text(response)
    assert UnitAlias.objects.count() == aliases


def test_aliases_set_names_the_alias_past_its_column(world):
    with pytest.raises(DomainError) as refused:
        unit_aliases_set(actor=world.admin, unit=world.jiaoyu, aliases=["教育局", LONG_UNIT])

    assert refused.value.field == "aliases"
    assert "有 127 个字，超过 120 个字的上限" in refused.value.message


def test_the_resolver_of_imports_refuses_a_name_past_its_column(world):
    with pytest.raises(DomainError) as refused:
        UnitResolver(world.region).resolve(LONG_UNIT)

    assert "超过 120 个字的上限" in refused.value.message


HEADER = "序号\t活动时间\t活动主题\t活动形式\t责任单位\n"


def test_a_plan_whose_form_is_past_its_column_is_refused_whole(world, tmp_path):
    long_form = "宣" * 301  # ActivityForm.text holds 300
    path = tmp_path / "plan.txt"
    path.write_text(
        HEADER + f"1\t3月\t社保宣讲\t现场宣讲\t区教育局\n2\t4月\t医保宣讲\t{long_form}\t区医保局\n",
        encoding="utf-8",
    )
    before = list(Activity.objects.values_list("pk", flat=True))

    with pytest.raises(DomainError) as refused:
        plan_import(actor=world.admin, campaign=world.campaign, path=path)

    assert refused.value.message == (
        f"第 2 条：活动形式“{'宣' * 30}…”有 301 个字，超过 300 个字的上限，请改短。"
    )
    assert list(Activity.objects.values_list("pk", flat=True)) == before
    assert not ActivityForm.objects.filter(text=long_form).exists()


def test_a_campaign_form_name_past_its_column_is_refused(world):
    CampaignFormFactory(campaign=world.campaign, name="座谈交流")

    with pytest.raises(DomainError) as refused:
        campaign_set_forms(campaign=world.campaign, names=["政策宣传", "形" * 41])

    assert refused.value.message == (
        f"活动形式“{'形' * 30}…”有 41 个字，超过 40 个字的上限，请改短。"
    )
    assert list(CampaignForm.objects.filter(campaign=world.campaign).values_list("name")) == [
        ("座谈交流",)
    ]
