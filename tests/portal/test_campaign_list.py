import pytest
from django.urls import reverse

from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import RegionKind, RegionLevel
from tests.factories import CampaignFactory, RegionFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_region

pytestmark = pytest.mark.django_db


def listing(client) -> list[tuple[str, list[tuple[str, list[tuple[str, str, str]]]]]]:
    """[(city, [(region, [(link text, href, note), ...]), ...]), ...] as the page shows them."""
    page = parse(client.get(reverse("portal:campaign-list")).content)
    return [
        (
            text_of(select(city, ".city-title")[0]),
            [
                (
                    text_of(select(card, "h3")[0]),
                    [
                        (
                            text_of(select(item, "a")[0]),
                            select(item, "a")[0].get("href"),
                            " ".join(text_of(p) for p in select(item, ".pill")),
                        )
                        for item in select(card, ".campaign-links > li")
                    ],
                )
                for card in select(city, ".region-card")
            ],
        )
        for city in select(page, "section.city")
    ]


def test_home_lists_public_campaigns_by_city_and_region(client):
    tianxin = make_region()
    liuyang = RegionFactory(name="浏阳市", slug="liuyang", parent=tianxin.parent)
    shaoyang = RegionFactory(
        name="邵阳市", slug="shaoyang", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    daxiang = RegionFactory(name="大祥区", slug="daxiang", parent=shaoyang)
    CampaignFactory(region=tianxin, slug="tianxin-2023", planned_count=50)
    CampaignFactory(region=tianxin, year=2024, slug="tianxin-2024", phase=CampaignPhase.DECLARATION)
    CampaignFactory(
        region=liuyang, slug="liuyang-2023", phase=CampaignPhase.CLOSED, planned_count=35
    )
    CampaignFactory(region=daxiang, slug="daxiang-2023", phase=CampaignPhase.PLANNING)
    CampaignFactory(region=daxiang, year=2024, slug="daxiang-2024", phase=CampaignPhase.DRAFT)

    assert listing(client) == [
        (
            "长沙市",
            [
                (
                    "天心区",
                    [
                        ("2024年政务公开主题日活动专栏", "/column/tianxin-2024/", "计划编制中"),
                        ("2023年政务公开主题日活动专栏", "/column/tianxin-2023/", "计划 50 场"),
                    ],
                ),
                (
                    "浏阳市",
                    [
                        (
                            "2023年政务公开主题日活动专栏",
                            "/column/liuyang-2023/",
                            "已结束 计划 35 场",
                        ),
                    ],
                ),
            ],
        ),
        (
            "邵阳市",
            [
                (
                    "大祥区",
                    [
                        ("2023年政务公开主题日活动专栏", "/column/daxiang-2023/", "计划编制中"),
                    ],
                ),
            ],
        ),
    ]


def test_home_without_public_campaigns_says_so(client):
    CampaignFactory(phase=CampaignPhase.DRAFT)

    page = parse(client.get(reverse("portal:campaign-list")).content)

    assert text_of(select(page, ".notice")[0]) == "目前还没有公开的活动专栏。"


def test_home_takes_one_query_and_is_publicly_cacheable(client, django_assert_max_num_queries):
    for n in range(5):
        CampaignFactory(region=make_region(f"第{n}区", f"r{n}", f"第{n}市", f"c{n}"))

    with django_assert_max_num_queries(1):
        response = client.get(reverse("portal:campaign-list"))

    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"
    again = client.get(
        reverse("portal:campaign-list"), headers={"if-none-match": response.headers["ETag"]}
    )
    assert again.status_code == 304
