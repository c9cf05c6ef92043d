"""The year's pages: the buttons on the campaign page, publishing, closing (with a decision per
unfinished activity) and copying in the workbench, and the years on the public column."""

import datetime as dt

import pytest
from django.urls import reverse

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.activities.services import campaign_close
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.orgs.enums import Role
from tests.factories import ActivityFactory, CampaignFactory, MembershipFactory, UnitFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_region, make_tianxin_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return make_region()


@pytest.fixture
def campaign(region):
    return make_tianxin_campaign(region)


@pytest.fixture
def admin(region):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=region).user


@pytest.fixture
def liaison(region):
    unit = UnitFactory(region=region, name="区教育局")
    return MembershipFactory(role=Role.UNIT_LIAISON, region=region, unit=unit).user


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return parse(response.content)


def actions(page) -> list[str]:
    return [text_of(item) for item in select(page, "ul.page-actions > li")]


def alerts(page) -> list[str]:
    return [text_of(alert) for alert in select(page, ".messages .alert")]


def detail(campaign) -> str:
    return reverse("staff:campaign-detail", args=[campaign.slug])


# --- The campaign page's buttons ------------------------------------------------------------


def test_the_office_sees_close_and_copy_on_a_running_year(client, campaign, admin):
    client.force_login(admin)

    assert actions(page_of(client, detail(campaign)))[:3] == [
        "导入计划表",
        "结束本年度",
        "复制为新年度",
    ]


def test_the_office_sees_publish_on_a_draft_with_no_declaration_window(client, region, admin):
    draft = make_tianxin_campaign(region, phase=CampaignPhase.DRAFT)
    client.force_login(admin)

    page = page_of(client, detail(draft))

    assert actions(page)[:3] == ["导入计划表", "发布计划", "复制为新年度"]
    assert select(page, "ul.page-actions form")[0].get("action") == (
        reverse("staff:campaign-publish", args=[draft.slug])
    )


def test_a_liaison_sees_none_of_the_years_buttons(client, campaign, liaison):
    client.force_login(liaison)

    assert not {"发布计划", "结束本年度", "复制为新年度"} & set(
        actions(page_of(client, detail(campaign)))
    )


# --- Publish --------------------------------------------------------------------------------


def test_publishing_from_the_campaign_page(client, region, admin):
    draft = make_tianxin_campaign(region, phase=CampaignPhase.DRAFT)
    client.force_login(admin)

    response = client.post(reverse("staff:campaign-publish", args=[draft.slug]), follow=True)

    assert response.redirect_chain == [(detail(draft), 302)]
    assert alerts(parse(response.content)) == ["计划已发布，公开专栏现已显示全年活动计划。"]
    draft.refresh_from_db()
    assert draft.phase == CampaignPhase.RUNNING


def test_publishing_an_empty_plan_says_why(client, region, admin):
    empty = CampaignFactory(region=region, slug="tianxin-2023", phase=CampaignPhase.DRAFT)
    client.force_login(admin)

    response = client.post(reverse("staff:campaign-publish", args=[empty.slug]), follow=True)

    assert alerts(parse(response.content)) == ["计划表还没有活动，请先编制计划。"]
    empty.refresh_from_db()
    assert empty.phase == CampaignPhase.DRAFT


# --- Close ----------------------------------------------------------------------------------


def close_url(campaign) -> str:
    return reverse("staff:campaign-close", args=[campaign.slug])


def test_the_close_page_lists_the_unfinished_activities_with_a_decision_each(
    client, campaign, admin
):
    Activity.objects.filter(campaign=campaign, seq=1).update(state=ActivityState.PUBLISHED)
    Activity.objects.filter(campaign=campaign, seq=2).update(
        state=ActivityState.HELD, held_on=dt.date(2023, 3, 28)
    )
    client.force_login(admin)

    page = page_of(client, close_url(campaign))

    assert text_of(select(page, "h2#unfinished-h")[0]) == "未完成的活动（5 项）"
    items = select(page, ".year-close-item")
    assert [text_of(select(item, "strong")[0]) for item in items] == [
        "2. 老旧小区改造方案交流会",
        "13. 狂犬病免疫知识进社区",
        "16. 公益发展基金交流宣传",
        "23. 安全生产月",
        "50. 垃圾分类宣讲",
    ]
    assert text_of(select(items[0], "p.muted")[0]) == "已开展，保留为“已开展”。"
    assert [r.get("value") for r in items[1].xpath(".//input[@type='radio']")] == [
        "keep",
        "cancel",
    ]
    assert items[1].xpath(".//input[@value='keep']")[0].get("checked") is not None


def test_cancelling_without_a_reason_is_refused_on_the_field(client, campaign, admin):
    client.force_login(admin)

    response = client.post(
        close_url(campaign), {"on": "2024-01-05", "fate_13": "cancel", "reason_13": ""}
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert "请填写取消第 13 项“狂犬病免疫知识进社区”的原因。" in text_of(
        select(page, ".error-summary")[0]
    )
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.RUNNING


def test_a_bad_closing_date_is_refused(client, campaign, admin):
    client.force_login(admin)

    response = client.post(close_url(campaign), {"on": "2022-12-31"})

    assert response.status_code == 400
    assert "结束日期 2022年12月31日 早于 2023 年，请核对。" in response.content.decode()


def test_closing_from_the_page(client, campaign, admin):
    client.force_login(admin)

    response = client.post(
        close_url(campaign),
        {"on": "2024-01-05", "fate_13": "cancel", "reason_13": "疫苗未到", "fate_16": "keep"},
        follow=True,
    )

    assert response.redirect_chain == [(detail(campaign), 302)]
    page = parse(response.content)
    assert alerts(page) == [
        "天心区2023年度已于2024年1月5日结束，统计数据已固定，专栏作为往年存档继续公开。"
    ]
    assert Activity.objects.get(campaign=campaign, seq=13).state == ActivityState.CANCELLED
    # The closed year: no more buttons to close or publish, its numbers, its rows 未开展.
    assert "结束本年度" not in actions(page)
    assert text_of(select(page, "#closed-stats-h")[0]) == "年度统计（2024年1月5日结束时）"
    states = [text_of(pill) for pill in select(page, ".plan-table .plan-state .pill")]
    assert states == ["未开展", "未开展", "已取消", "未开展", "未开展", "未开展"]
    assert page_of(client, close_url(campaign)) is not None  # still readable, refuses on post
    refused = client.post(close_url(campaign), {"on": "2024-02-01"})
    assert refused.status_code == 400
    assert "天心区2023年度已于2024年1月5日结束。" in refused.content.decode()


# --- Copy -----------------------------------------------------------------------------------


def copy_url(campaign) -> str:
    return reverse("staff:campaign-copy", args=[campaign.slug])


def test_the_copy_form_proposes_the_next_year(client, campaign, admin):
    client.force_login(admin)

    page = page_of(client, copy_url(campaign))

    assert page.xpath("//input[@name='year']")[0].get("value") == "2024"
    assert page.xpath("//input[@name='slug']")[0].get("value") == "tianxin-2024"


def test_copying_from_the_page_opens_the_new_year(client, campaign, admin):
    client.force_login(admin)

    response = client.post(
        copy_url(campaign), {"year": "2027", "slug": "tianxin-2027"}, follow=True
    )

    new = Campaign.objects.get(slug="tianxin-2027")
    assert response.redirect_chain == [(detail(new), 302)]
    assert (new.year, new.phase) == (2027, CampaignPhase.DRAFT)
    assert alerts(parse(response.content)) == [
        "已由2023年复制出2027年度活动（筹备阶段）：活动形式、规则、LOGO 和会标已带入；"
        "请导入或编制计划表后发布。"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2023", "slug": "x-2023"}, "新年度应晚于 2023 年。"),
        ({"year": "abc", "slug": ""}, "请填写四位数的年度，如 2027。"),
        ({"year": "", "slug": ""}, "请填写新年度。"),
        ({"year": "2024", "slug": "tianxin-2023"}, "标识“tianxin-2023”已被使用。"),
        ({"year": "2024", "slug": "天心"}, "标识只能由字母、数字、连字符或下划线组成。"),
    ],
)
def test_a_copy_that_makes_no_sense_is_refused_on_the_form(client, campaign, admin, data, message):
    client.force_login(admin)

    response = client.post(copy_url(campaign), data)

    assert response.status_code == 400
    assert message in text_of(select(parse(response.content), ".error-summary")[0])
    assert Campaign.objects.count() == 1


# --- The public column's years --------------------------------------------------------------


def column(client, campaign):
    return page_of(client, reverse("portal:campaign-column", args=[campaign.slug]))


def test_each_column_lists_the_regions_public_years_newest_first(client, region, campaign, admin):
    later = CampaignFactory(region=region, year=2024, slug="tianxin-2024")
    ActivityFactory(campaign=later, seq=1)
    CampaignFactory(region=region, year=2025, slug="tianxin-2025", phase=CampaignPhase.DRAFT)
    campaign_close(actor=admin, campaign=campaign, on=dt.date(2024, 1, 5))

    page = column(client, later)

    assert [text_of(li) for li in select(page, ".column-years li")] == [
        "2024年",
        "2023年（已结束）",
    ]
    assert [a.get("href") for a in select(page, ".column-years a")] == ["/column/tianxin-2023/"]
    assert page.xpath("//nav[@class='column-years']//span[@aria-current='page']")[0].text == (
        "2024年"
    )


def test_a_closed_year_is_an_archive_with_its_frozen_numbers(client, campaign, admin):
    Activity.objects.filter(campaign=campaign, seq=13).update(state=ActivityState.CANCELLED)
    campaign_close(actor=admin, campaign=campaign, on=dt.date(2024, 1, 5))

    page = column(client, campaign)

    assert text_of(select(page, "h1 .pill")[0]) == "已结束"
    assert text_of(select(page, ".notice-closed")[0]) == (
        "天心区2023年“政务公开主题日”活动已于2024年1月5日结束，本专栏作为往年存档保留，内容不再更新。"
    )
    stats = [
        (text_of(select(div, "dt")[0]), text_of(select(div, "dd")[0]))
        for div in select(page, ".closed-stats dl > div")
    ]
    assert stats == [
        ("计划活动", "6 项"),
        ("已开展", "0 项"),
        ("已发布报道", "0 项"),
        ("未开展", "5 项"),
        ("已取消", "1 项"),
        ("活动覆盖人数", "0 人"),
        ("媒体宣传报道", "0 条"),
    ]
    pills = [text_of(p) for p in select(page, ".plan-item .pill")]
    assert pills == ["未开展", "未开展", "已取消", "未开展", "未开展", "未开展"]
    listing = page_of(client, reverse("portal:campaign-list"))
    assert [text_of(p) for p in select(listing, ".campaign-links .pill-closed")] == ["已结束"]


def test_an_older_columns_cached_page_learns_of_a_new_year(client, region, campaign, admin):
    assert not select(column(client, campaign), ".column-years")
    draft = CampaignFactory(region=region, year=2024, slug="tianxin-2024", phase="draft")
    ActivityFactory(campaign=draft, seq=1)

    client.force_login(admin)
    client.post(reverse("staff:campaign-publish", args=[draft.slug]))

    assert [a.get("href") for a in select(column(client, campaign), ".column-years a")] == [
        "/column/tianxin-2024/"
    ]


def test_an_activity_of_a_closed_year_reads_not_held_and_offers_nothing(client, campaign, admin):
    campaign_close(actor=admin, campaign=campaign, on=dt.date(2024, 1, 5))
    client.force_login(admin)

    page = page_of(client, reverse("staff:activity-detail", args=[campaign.slug, 2]))

    assert text_of(page.xpath("//dt[.='状态']/following-sibling::dd")[0]) == "未开展"
    assert not page.xpath("//form[contains(@action, '/activities/2/')]")
    assert "活动未开展，没有需要办理的事项。" in text_of(page)
