"""The campaign's materials: the office uploads the LOGO, units download it with the banner
wording filled with their own name."""

import io
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document

from openday.activities.materials import banner_lines, campaign_set_logo, unit_banner_name
from openday.activities.uploads import check_logo
from openday.campaigns.models import Campaign
from openday.core.errors import PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import UnitGroup, UnitKind
from tests.activities.conftest import make_user
from tests.activities.materials import image_bytes, upload
from tests.factories import ActivityFactory, ActivityHostFactory, UnitFactory
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db

PNG = image_bytes("PNG", size=(120, 60))


def materials_url(campaign) -> str:
    return reverse("staff:campaign-materials", args=[campaign.slug])


def test_the_office_uploads_the_logo_and_units_download_it(client, campaign, admin, liaison):
    client.force_login(admin)

    response = client.post(materials_url(campaign), {"logo": upload("主题日LOGO.png", PNG)})

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.logo_name == "主题日LOGO.png"
    audit = AuditEntry.objects.get(action="campaign.set_logo")
    assert audit.after == {"logo": "主题日LOGO.png", "size": len(PNG)}
    client.force_login(liaison)
    page = parse(client.get(materials_url(campaign)).content)
    link = select(page, "a.button")[0]
    assert text_of(link) == "下载LOGO（主题日LOGO.png）"
    download = client.get(link.get("href"))
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content) == PNG
    # Only the office may change it: a liaison's page has no upload form.
    assert select(page, "form.logo-form") == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "LOGO 文件“logo.svg”不是有效的图片文件，只支持 JPEG、PNG 格式的图片。",
        ),
        (
            "logo.png",
            "文字".encode(),
            "LOGO 文件“logo.png”不是有效的图片文件，只支持 JPEG、PNG 格式的图片。",
        ),
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused(
    client, campaign, admin, name, content, message
):
    client.force_login(admin)

    response = client.post(materials_url(campaign), {"logo": upload(name, content)})

    assert response.status_code == 400
    page = parse(response.content)
    assert [text_of(li) for li in select(page, ".error-summary li")] == [f"活动LOGO：{message}"]
    assert Campaign.objects.get(pk=campaign.pk).logo_name == ""


def test_replacing_the_logo_removes_the_old_file(
    campaign, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign_set_logo(actor=admin, campaign=campaign, logo=check_logo(upload("a.png", PNG)))
    old = campaign.logo.path
    with django_capture_on_commit_callbacks(execute=True):
        campaign_set_logo(
            actor=admin,
            campaign=campaign,
            logo=check_logo(upload("b.jpg", image_bytes("JPEG"))),
        )

    campaign.refresh_from_db()
    assert campaign.logo_name == "b.jpg"
    assert campaign.logo.name.endswith(".jpg")
    assert not Path(old).exists()


def test_a_liaison_may_not_set_the_logo(campaign, liaison):
    with pytest.raises(PermissionDenied):
        campaign_set_logo(actor=liaison, campaign=campaign, logo=check_logo(upload("a.png", PNG)))


# --- Banner wording -------------------------------------------------------------------------


def test_a_units_name_takes_the_regions_name_in_place_of_its_prefix(region):
    assert unit_banner_name(UnitFactory(region=region, name="区人力资源社会保障局")) == (
        "天心区人力资源社会保障局"
    )
    assert unit_banner_name(UnitFactory(region=region, name="城南路街道办事处")) == (
        "城南路街道办事处"
    )
    assert unit_banner_name(UnitFactory(region=region, name="天心区税务局")) == "天心区税务局"


def test_banner_lines_fill_unit_year_and_each_hosted_theme(campaign, host_unit):
    campaign.rules.banner_templates = [
        "{unit} {year} 年“政务公开主题日”活动",
        "{unit} {year} 年“政务公开主题日”活动暨{theme}",
        "{unit}：{不是占位符}",
    ]
    campaign.rules.save()
    hosted = ActivityFactory(campaign=campaign, seq=1, title="政策宣讲进社区")
    ActivityHostFactory(activity=hosted, unit=host_unit, text=host_unit.name)
    street_wide = ActivityFactory(campaign=campaign, seq=2, title="安全生产月")
    ActivityHostFactory(activity=street_wide, unit=None, group=UnitGroup.ALL_STREETS, text="各街道")
    street = UnitFactory(region=campaign.region, name="城南路街道办事处", kind=UnitKind.STREET)

    assert banner_lines(campaign, host_unit).lines == [
        "天心区政务服务中心2023年“政务公开主题日”活动",
        "天心区政务服务中心2023年“政务公开主题日”活动暨政策宣讲进社区",
        "天心区政务服务中心：{不是占位符}",
    ]
    assert banner_lines(campaign, street).lines[1] == (
        "城南路街道办事处2023年“政务公开主题日”活动暨安全生产月"
    )
    assert banner_lines(campaign, None).lines == [
        "××××单位2023年“政务公开主题日”活动",
        "××××单位2023年“政务公开主题日”活动暨××××",
        "××××单位：{不是占位符}",
    ]


@pytest.mark.parametrize(
    ("template", "line"),
    [
        ("{unit} {year} 年“政务公开主题日”活动", "天心区政务服务中心2023年“政务公开主题日”活动"),
        (
            " {unit}  {year}年 “政务公开主题日” 活动 ",
            "天心区政务服务中心2023年“政务公开主题日”活动",
        ),
        (
            "{unit} {year} 年“政务公开主题日”活动暨 LOGO 展示",
            "天心区政务服务中心2023年“政务公开主题日”活动暨 LOGO 展示",
        ),
    ],
)
def test_banner_wording_has_no_stray_spaces_beside_chinese(campaign, host_unit, template, line):
    campaign.rules.banner_templates = [template]
    campaign.rules.save()

    assert banner_lines(campaign, host_unit).lines == [line]


def test_without_banner_rules_the_common_wording_is_used(campaign, host_unit):
    campaign.rules.banner_templates = []
    campaign.rules.save()

    banner = banner_lines(campaign, host_unit)

    assert (banner.lines, banner.is_default) == (
        ["天心区政务服务中心2023年“政务公开主题日”活动"],
        True,
    )


def test_a_liaison_sees_and_downloads_the_banner_with_their_unit(
    client, campaign, liaison, host_unit
):
    client.force_login(liaison)

    page = parse(client.get(materials_url(campaign)).content)

    assert [text_of(li) for li in select(page, ".banner-lines li")] == [
        "天心区政务服务中心2023年“政务公开主题日”活动"
    ]
    txt = client.get(reverse("staff:campaign-banner", args=[campaign.slug, host_unit.pk, "txt"]))
    assert txt.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert txt.content.decode("utf-8-sig").splitlines() == [
        "天心区2023年“政务公开主题日”活动会标（区政务服务中心）",
        "",
        "天心区政务服务中心2023年“政务公开主题日”活动",
    ]
    docx = client.get(reverse("staff:campaign-banner", args=[campaign.slug, host_unit.pk, "docx"]))
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs == [
        "天心区2023年“政务公开主题日”活动会标（区政务服务中心）",
        "天心区政务服务中心2023年“政务公开主题日”活动",
    ]
    # Their own unit's statistics, not the whole campaign's.
    assert [a.get("href") for a in select(page, "#stats-h")[0].getparent().xpath(".//a")] == [
        reverse("staff:statistics-unit", args=[campaign.slug, host_unit.pk])
    ]


def test_the_office_gets_the_whole_campaign_and_each_hosting_unit(
    client, campaign, admin, activity
):
    street = UnitFactory(region=campaign.region, name="城南路街道办事处", kind=UnitKind.STREET)
    UnitFactory(region=campaign.region, name="区教育局")  # hosts nothing
    wide = ActivityFactory(campaign=campaign, seq=9)
    ActivityHostFactory(activity=wide, unit=None, group=UnitGroup.ALL_STREETS, text="各街道")
    client.force_login(admin)

    page = parse(client.get(materials_url(campaign)).content)

    assert [text_of(th) for th in select(page, ".unit-stats-table tbody th")] == [
        "区政务服务中心",
        "城南路街道办事处",
    ]
    assert select(page, "#stats-h")[0].getparent().xpath(".//a")[0].get("href") == reverse(
        "staff:statistics-campaign", args=[campaign.slug]
    )
    assert street.pk  # listed through the group host


def test_another_regions_admin_finds_nothing(client, campaign, host_unit):
    client.force_login(make_user("other_region", campaign, host_unit))

    assert client.get(materials_url(campaign)).status_code == 404
