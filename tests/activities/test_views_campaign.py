"""The campaign's staff page as the way into activities: linked plan rows with their state, and
the panel of activities still without a date late in their month."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.activities.models import Activity
from openday.activities.services import activity_cancel, activity_schedule
from openday.orgs.enums import Role
from tests.factories import MembershipFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import add_activity, make_tianxin_campaign

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


@pytest.fixture
def admin_client(client, campaign):
    client.force_login(MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user)
    return client


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def freeze(on: dt.date) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, tz=None: on if value is None else real(value, tz),
        )

    return freeze


def detail(client, campaign):
    response = client.get(reverse("staff:campaign-detail", args=[campaign.slug]))
    assert response.status_code == 200
    return parse(response.content)


def activity_url(campaign, seq: int) -> str:
    return f"/staff/campaigns/{campaign.slug}/activities/{seq}/"


def test_each_plan_row_links_to_its_activity_and_shows_its_state(admin_client, campaign):
    second = Activity.objects.get(campaign=campaign, seq=2)
    activity_schedule(actor=None, activity=second, on=D(2023, 3, 21))
    activity_cancel(
        actor=None, activity=Activity.objects.get(campaign=campaign, seq=50), reason="并入13号"
    )

    table = select(detail(admin_client, campaign), "table.plan-table")[0]

    rows = [
        (
            [a.get("href") for a in select(tr, "a")],
            text_of(select(tr, "td.plan-state")[0]),
            text_of(select(tr, "a")[0]),
        )
        for tr in select(table, "tbody tr")
    ]
    assert rows == [
        ([activity_url(campaign, 1)], "已列入计划", "被征地农民社会保险业务政策宣讲"),
        ([activity_url(campaign, 2)], "已定日期", "老旧小区改造方案交流会"),
        ([activity_url(campaign, 13)], "已列入计划", "狂犬病免疫知识进社区"),
        ([activity_url(campaign, 16)], "已列入计划", "公益发展基金交流宣传"),
        ([activity_url(campaign, 23)], "已列入计划", "安全生产月"),
        ([activity_url(campaign, 50)], "已取消", "垃圾分类宣讲"),
    ]


def test_a_layout_without_a_theme_column_links_the_state(client):
    campaign = make_tianxin_campaign(plan_columns=[["seq", "序号"], ["units", "责任单位"]])
    client.force_login(MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user)

    table = select(detail(client, campaign), "table.plan-table")[0]

    first = select(table, "tbody tr")[0]
    assert [(a.get("href"), text_of(a)) for a in select(first, "a")] == [
        (activity_url(campaign, 1), "已列入计划")
    ]


def late_rows(page) -> list[list[str]]:
    return [
        [text_of(td) for td in select(tr, "td")] for tr in select(page, "table.late-table tbody tr")
    ]


def test_late_panel_lists_activities_still_without_a_date(admin_client, campaign, today):
    # Late in May: March's rows and May's 13 are late; 16 runs into June; 2 has its date.
    activity_schedule(
        actor=None, activity=Activity.objects.get(campaign=campaign, seq=2), on=D(2023, 3, 21)
    )
    today(D(2023, 5, 25))

    page = detail(admin_client, campaign)

    assert text_of(select(page, "#late-h")[0]) == "尚未确定日期的活动"
    assert late_rows(page) == [
        ["1", "3月", "被征地农民社会保险业务政策宣讲", "区人力资源社会保障局"],
        ["13", "5月", "狂犬病免疫知识进社区", "区农业农村局"],
    ]
    links = [a.get("href") for a in select(page, "table.late-table a")]
    assert links == [activity_url(campaign, 1), activity_url(campaign, 13)]


def test_late_panel_names_every_host(admin_client, campaign, today):
    today(D(2023, 6, 28))

    page = detail(admin_client, campaign)

    rows = late_rows(page)
    assert [row[0] for row in rows] == ["1", "2", "13", "16", "23"]
    assert rows[4] == ["23", "6月", "安全生产月", "区应急管理局、各街道办事处"]
    (details,) = select(page, "details.late-details")
    assert (text_of(select(details, "summary")[0]), details.get("open")) == ("共 5 项", "")


def test_a_long_late_list_starts_folded(admin_client, campaign, today):
    for seq in range(60, 66):
        add_activity(campaign, seq, (7, 7), f"活动{seq}", ["政策宣传"], [f"单位{seq}"])
    today(D(2024, 1, 10))

    page = detail(admin_client, campaign)

    assert len(late_rows(page)) == 11
    (details,) = select(page, "details.late-details")
    assert (text_of(select(details, "summary")[0]), details.get("open")) == ("共 11 项", None)


def test_late_panel_says_none_when_nothing_is_late(admin_client, campaign, today):
    today(D(2023, 3, 5))

    page = detail(admin_client, campaign)

    assert late_rows(page) == []
    assert [text_of(p) for p in select(page, "#late-h")[0].getparent().xpath("p")] == [
        "计划月份已过或已近月末，仍未确定活动日期的活动。",
        "暂无",
    ]
