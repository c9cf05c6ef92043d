"""The staff navigation: 待办 (工作进度 for a read-only viewer), 年度活动, 操作记录 and 发送记录
(admins only), 单位, 人员 and 网站信息 (the office's), 公开专栏, on every staff page."""

import pytest

from openday.orgs.enums import Role
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db

EVERYONE = [("待办", "/staff/"), ("年度活动", "/staff/campaigns/"), ("公开专栏", "/")]
ADMINS = [
    *EVERYONE[:2],
    ("操作记录", "/staff/audit/"),
    ("发送记录", "/staff/deliveries/"),
    EVERYONE[2],
]
# An office admin also keeps the region's units and people, and its column's website footer.
OFFICE_ADMINS = [
    *ADMINS[:4],
    ("单位", "/staff/regions/tianxin/units/"),
    ("人员", "/staff/regions/tianxin/people/"),
    ("网站信息", "/staff/regions/tianxin/website/"),
    ADMINS[4],
]
# A read-only viewer has nothing to do on the first page: it shows how far things have got.
VIEWERS = [("工作进度", "/staff/"), *EVERYONE[1:]]


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


def user_of(kind: str, campaign):
    region = campaign.region
    if kind == "superuser":
        return UserFactory(is_superuser=True)
    unit = UnitFactory(region=region, name="区审计局") if kind == Role.UNIT_LIAISON else None
    place = region.parent if kind == Role.SUPERIOR_VIEWER else region
    return MembershipFactory(role=kind, region=place, unit=unit).user


def nav(page) -> list[tuple[str, str]]:
    return [(text_of(a), a.get("href")) for a in select(page, ".site-nav a")]


def current(page) -> list[str]:
    return [text_of(a) for a in select(page, ".site-nav a") if a.get("aria-current") == "page"]


@pytest.mark.parametrize(
    ("kind", "links"),
    [
        (Role.OFFICE_ADMIN, OFFICE_ADMINS),
        ("superuser", ADMINS),
        (Role.UNIT_LIAISON, EVERYONE),
        (Role.SUPERIOR_VIEWER, VIEWERS),
    ],
)
@pytest.mark.parametrize(
    "url",
    ["/staff/", "/staff/campaigns/", "/staff/campaigns/tianxin-2023/"],
    ids=["todo", "campaigns", "campaign"],
)
def test_nav_links_by_role(client, campaign, kind, links, url):
    client.force_login(user_of(kind, campaign))

    page = parse(client.get(url).content)

    assert nav(page) == links


@pytest.mark.parametrize(
    ("url", "marked"),
    [
        ("/staff/", ["待办"]),
        ("/staff/campaigns/", ["年度活动"]),
        ("/staff/campaigns/tianxin-2023/", ["年度活动"]),
        ("/staff/campaigns/tianxin-2023/activities/1/", ["年度活动"]),
        ("/staff/audit/", ["操作记录"]),
        ("/staff/deliveries/", ["发送记录"]),
    ],
)
def test_nav_marks_the_current_section(client, campaign, url, marked):
    client.force_login(user_of(Role.OFFICE_ADMIN, campaign))

    assert current(parse(client.get(url).content)) == marked


def test_brand_leads_to_the_to_do(client, campaign):
    client.force_login(user_of(Role.UNIT_LIAISON, campaign))

    page = parse(client.get("/staff/campaigns/").content)

    assert select(page, "a.brand")[0].get("href") == "/staff/"


@pytest.mark.parametrize(
    ("kind", "heading"),
    [
        (Role.OFFICE_ADMIN, "待办"),
        (Role.UNIT_LIAISON, "待办"),
        ("superuser", "待办"),
        (Role.SUPERIOR_VIEWER, "工作进度"),
    ],
)
def test_the_first_page_is_named_for_what_it_holds(client, campaign, kind, heading):
    client.force_login(user_of(kind, campaign))

    page = parse(client.get("/staff/").content)

    assert text_of(select(page, "h1")[0]) == heading
    assert text_of(page.xpath("//title")[0]) == f"{heading} - 政务公开主题日工作台"
    assert current(page) == [heading]
