"""The region's website furniture: the office sets it in the workbench (网站信息), the public
column carries it in the footer; and what every public page says about itself (meta
description, Open Graph), its favicon and its print stylesheet."""

import datetime as dt

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.demo.website import WEBSITES, load_demo_websites
from openday.orgs.enums import Role
from openday.orgs.models import RegionWebsite
from openday.orgs.website import region_website_set
from tests.factories import (
    MembershipFactory,
    OfficeFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_region, make_tianxin_campaign
from tests.portal.steps import office_admin, publish, row

pytestmark = pytest.mark.django_db

SITE = "https://gongkai.example.gov.cn"
FURNITURE = {
    "sponsor": "长沙市天心区人民政府办公室",
    "organizer": "天心区政务公开政务服务工作领导小组办公室",
    "site_code": "4301030001",
    "icp_number": "湘ICP备05002497号",
    "police_number": "湘公网安备 43010302000123号",
    "contact": "联系电话 0731-85000000",
    "error_report_url": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySearch.action",
}


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


@pytest.fixture
def admin(campaign):
    return office_admin(campaign)


def url(region) -> str:
    return reverse("staff:region-website", args=[region.slug])


# --- The service ----------------------------------------------------------------------------


def test_the_office_admin_sets_the_furniture_audited(campaign, admin):
    website = region_website_set(actor=admin, region=campaign.region, **FURNITURE)

    stored = RegionWebsite.objects.get(region=campaign.region)
    assert stored.pk == website.pk
    assert {name: getattr(stored, name) for name in FURNITURE} == FURNITURE
    entry = AuditEntry.objects.get(action="region.website_set")
    assert (entry.actor, entry.region, entry.before) == (admin, campaign.region, {})
    assert entry.after == {**FURNITURE, "region": campaign.region.pk}


def test_setting_again_changes_the_one_row_and_clears_what_is_left_out(campaign, admin):
    region_website_set(actor=admin, region=campaign.region, **FURNITURE)

    region_website_set(actor=admin, region=campaign.region, sponsor="  天心区\u3000政府办 \n")

    stored = RegionWebsite.objects.get(region=campaign.region)
    assert (stored.sponsor, stored.site_code, stored.error_report_url) == ("天心区 政府办", "", "")
    assert AuditEntry.objects.filter(action="region.website_set").count() == 2


@pytest.mark.parametrize(
    "who",
    ["liaison", "other_admin", "viewer", "nobody"],
)
def test_only_the_regions_office_admin_may_set_it(campaign, who):
    region = campaign.region
    other = make_region("浏阳市", "liuyang", "长沙", "cs")
    memberships = {
        "liaison": {
            "role": Role.UNIT_LIAISON,
            "region": region,
            "unit": UnitFactory(region=region),
        },
        "other_admin": {"role": Role.OFFICE_ADMIN, "region": other},
        "viewer": {"role": Role.SUPERIOR_VIEWER, "region": region.parent},
    }
    actor = MembershipFactory(**memberships[who]).user if who in memberships else UserFactory()

    with pytest.raises(PermissionDenied):
        region_website_set(actor=actor, region=region, **FURNITURE)

    assert not RegionWebsite.objects.exists()
    assert not AuditEntry.objects.filter(action="region.website_set").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "error_report_url",
            "javascript:alert(1)",
            "纠错链接“javascript:alert(1)”不是有效的网址：应以 http:// 或 https:// 开头。",
        ),
        (
            "error_report_url",
            "ftp://example.cn/",
            "纠错链接“ftp://example.cn/”不是有效的网址：应以 http:// 或 https:// 开头。",
        ),
        (
            "site_code",
            "43010300",
            "网站标识码“43010300”不对：应为 10 位数字或字母（如 4301030001）。",
        ),
        (
            "sponsor",
            "办" * 101,
            f"主办单位“{'办' * 30}…”有 101 个字，超过 100 个字的上限，请改短。",
        ),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(campaign, admin, field, value, message):
    with pytest.raises(DomainError) as refused:
        region_website_set(actor=admin, region=campaign.region, **{**FURNITURE, field: value})

    assert (refused.value.message, refused.value.field) == (message, field)
    assert not RegionWebsite.objects.exists()


def test_several_problems_are_refused_together(campaign, admin):
    with pytest.raises(DomainError) as refused:
        region_website_set(actor=admin, region=campaign.region, site_code="1", error_report_url="x")

    assert [e.field for e in refused.value.errors] == ["site_code", "error_report_url"]


# --- The staff page -------------------------------------------------------------------------


def test_the_page_saves_and_shows_the_values(client, campaign, admin):
    client.force_login(admin)

    response = client.post(url(campaign.region), FURNITURE)

    assert response.status_code == 302
    assert response["Location"] == url(campaign.region)
    page = parse(client.get(url(campaign.region)).content)
    assert select(page, "#id_site_code")[0].get("value") == "4301030001"
    assert text_of(select(page, ".alert")[0]) == "网站信息已保存，公开专栏页脚随即更新。"


def test_a_bad_url_on_the_page_is_a_chinese_error_on_its_field(client, campaign, admin):
    client.force_login(admin)

    response = client.post(
        url(campaign.region), {**FURNITURE, "error_report_url": "javascript:alert(1)"}
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert text_of(select(page, "#id_error_report_url_error")[0]) == (
        "纠错链接“javascript:alert(1)”不是有效的网址：应以 http:// 或 https:// 开头。"
    )
    assert not RegionWebsite.objects.exists()


def test_control_characters_on_the_page_are_refused(client, campaign, admin):
    client.force_login(admin)

    response = client.post(url(campaign.region), {**FURNITURE, "sponsor": "天心区\x00政府办"})

    assert response.status_code == 400
    assert not RegionWebsite.objects.exists()


def test_a_liaison_gets_403_and_another_regions_admin_404(client, campaign):
    liaison = MembershipFactory(
        role=Role.UNIT_LIAISON, region=campaign.region, unit=UnitFactory(region=campaign.region)
    ).user
    other_admin = MembershipFactory(
        role=Role.OFFICE_ADMIN, region=make_region("浏阳市", "liuyang", "长沙", "cs")
    ).user

    client.force_login(liaison)
    assert client.post(url(campaign.region), FURNITURE).status_code == 403
    client.force_login(other_admin)
    assert client.post(url(campaign.region), FURNITURE).status_code == 404
    assert client.get(url(campaign.region)).status_code == 404
    assert not RegionWebsite.objects.exists()


# --- The public footer ----------------------------------------------------------------------


def footer(client, path: str) -> dict:
    page = parse(client.get(path).content)
    return {
        "facts": {
            text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
            for d in select(page, ".site-furniture > div")
        },
        "links": [(text_of(a), a.get("href")) for a in select(page, ".site-furniture-links a")],
    }


def test_the_column_carries_the_furniture_in_its_footer(client, campaign, admin):
    region_website_set(actor=admin, region=campaign.region, **FURNITURE)
    publish(admin, row(campaign, 1), dt.date(2023, 3, 15))
    slug = campaign.slug

    for path in (
        f"/column/{slug}/",
        f"/column/{slug}/notices/1/",
        f"/column/{slug}/reports/1/",
        f"/column/{slug}/calendar/",
        f"/column/{slug}/?q=宣讲",
    ):
        assert footer(client, path) == {
            "facts": {
                "主办单位": "长沙市天心区人民政府办公室",
                "承办单位": "天心区政务公开政务服务工作领导小组办公室",
                "网站标识码": "4301030001",
                "联系我们": "联系电话 0731-85000000",
            },
            "links": [
                ("湘ICP备05002497号", "https://beian.miit.gov.cn/"),
                ("湘公网安备 43010302000123号", "https://beian.mps.gov.cn/"),
                ("我要纠错", FURNITURE["error_report_url"]),
            ],
        }, path


def test_another_regions_column_does_not_carry_it(client, campaign, admin):
    region_website_set(actor=admin, region=campaign.region, **FURNITURE)
    other = make_tianxin_campaign(
        region=make_region("浏阳市", "liuyang", "长沙", "cs"), slug="liuyang-2023"
    )

    assert footer(client, f"/column/{other.slug}/") == {"facts": {}, "links": []}


def test_a_change_reaches_the_cached_column_at_once(
    client, campaign, admin, django_capture_on_commit_callbacks
):
    column = f"/column/{campaign.slug}/"
    etag = client.get(column)["ETag"]
    assert footer(client, column)["facts"] == {}

    with django_capture_on_commit_callbacks(execute=True):
        region_website_set(actor=admin, region=campaign.region, sponsor="天心区人民政府办公室")

    assert client.get(column, headers={"if-none-match": etag}).status_code == 200
    assert footer(client, column)["facts"] == {"主办单位": "天心区人民政府办公室"}


# --- Meta, Open Graph, favicon, print ---------------------------------------------------------


def head_meta(client, path: str) -> dict[str, str]:
    page = parse(client.get(path).content)
    found = {m.get("name") or m.get("property"): m.get("content") for m in page.xpath("//meta")}
    found["icon"] = page.xpath("//link[@rel='icon'][1]/@href")[0]
    return found


def test_each_page_describes_itself(client, settings, campaign, admin):
    settings.SITE_URL = SITE
    publish(admin, row(campaign, 1), dt.date(2023, 3, 15), summary="活动现场" + "很好" * 100)
    slug = campaign.slug

    column = head_meta(client, f"/column/{slug}/")
    report = head_meta(client, f"/column/{slug}/reports/1/")
    home = head_meta(client, "/")

    assert (column["og:title"], column["og:type"], column["og:url"]) == (
        "天心区2023年政务公开主题日活动专栏",
        "website",
        f"{SITE}/column/{slug}/",
    )
    assert (
        column["description"]
        == column["og:description"]
        == ("天心区2023年“政务公开主题日”活动计划、活动预告和活动报道。")
    )
    assert (report["og:title"], report["og:type"], report["og:url"]) == (
        "被征地农民社会保险业务政策宣讲 - 活动报道",
        "article",
        f"{SITE}/column/{slug}/reports/1/",
    )
    assert len(report["description"]) == 120
    assert report["description"].startswith("活动现场很好")
    assert report["description"].endswith("…")
    assert home["description"] == "各地“政务公开主题日”活动专栏：活动计划、活动预告和活动报道。"
    assert home["og:title"] == "政务公开主题日"
    assert "og:url" not in home
    assert column["icon"] == report["icon"] == home["icon"] == "/static/openday/img/favicon.svg"


def test_the_favicon_and_a_print_stylesheet_are_served_from_static():
    favicon = finders.find("openday/img/favicon.svg")
    css = finders.find("openday/css/site.css")

    with open(favicon, encoding="utf-8") as svg:
        assert svg.read().lstrip().startswith("<svg")
    with open(css, encoding="utf-8") as sheet:
        text = sheet.read()
    print_rules = text[text.index("@media print") :]
    assert ".plan-filter" in print_rules
    assert ".site-nav" in print_rules
    assert "break-inside: avoid" in print_rules


def test_the_demo_sets_each_regions_furniture_once(db):
    regions = [RegionFactory(slug=slug, name=f"演示{n}区") for n, slug in enumerate(WEBSITES)]
    OfficeFactory(region=regions[0], name="天心区政务公开办")

    first = load_demo_websites()
    again = load_demo_websites()

    assert len(first) == len(WEBSITES)
    assert again == []
    tianxin = RegionWebsite.objects.get(region__slug="tianxin")
    assert (tianxin.sponsor, tianxin.organizer, tianxin.site_code) == (
        "长沙市天心区人民政府办公室",
        "天心区政务公开办",
        "4301030000",
    )
