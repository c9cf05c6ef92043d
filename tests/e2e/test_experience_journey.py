"""A typical experience (典型经验) from a county to the province, and the superior viewers'
comparison, end to end in Chromium:

1. 天心区's office admin recommends a published report with a text; 长沙市's office admin sees
   it on the city's page, selects it with a comment and forwards it; 湖南省's office admin sees
   it forwarded and accepts it; a city viewer reads the city's list without any button; the
   county's public column shows it under 典型经验.
2. A city viewer (like changsha-viewer) and a province viewer (like hunan-viewer) open the region
   comparison from their to-do page and drill down into 天心区's dashboard, which they read
   only.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from openday.assessment.models import ExperienceState, TypicalExperience
from openday.core.models import AuditEntry
from openday.orgs.enums import RegionKind, RegionLevel, Role
from tests.e2e.conftest import DESKTOP
from tests.e2e.test_declaration_journey import PASSWORD, log_in
from tests.factories import (
    ActivityFactory,
    ActivityFormFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    OfficeFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.portal.steps import publish

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

TIMEOUT_MS = 15_000
TITLE = "老旧小区改造方案交流会"
TEXT = "居民全程参与方案讨论，现场答疑二十余条，做法可复制。"
CITY_COMMENT = "同意选用，报送省级。"


def desktop(browser) -> Page:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


class World:
    """湖南省 → 长沙市 → 天心区 (this year's campaign, activity 1 published) and 浏阳市 (a
    campaign with nothing held yet); an office admin at each of the three levels and a
    superior viewer at the city and at the province."""

    def __init__(self):
        today = timezone.localdate()
        self.province = RegionFactory(
            name="湖南省", slug="hunan", level=RegionLevel.PROVINCE, kind=RegionKind.PROVINCE
        )
        self.city = RegionFactory(
            name="长沙市",
            slug="changsha",
            level=RegionLevel.CITY,
            kind=RegionKind.CITY,
            parent=self.province,
        )
        self.county = RegionFactory(name="天心区", slug="tianxin", parent=self.city)
        other = RegionFactory(
            name="浏阳市", slug="liuyang", parent=self.city, kind=RegionKind.COUNTY_CITY
        )
        OfficeFactory(region=self.county, name="天心区政务公开办")
        for username, role, region in (
            ("txadmin", Role.OFFICE_ADMIN, self.county),
            ("csadmin", Role.OFFICE_ADMIN, self.city),
            ("hnadmin", Role.OFFICE_ADMIN, self.province),
            ("csviewer", Role.SUPERIOR_VIEWER, self.city),
            ("hnviewer", Role.SUPERIOR_VIEWER, self.province),
        ):
            MembershipFactory(user=UserFactory(username=username), role=role, region=region)
        county_admin = UserFactory._meta.model.objects.get(username="txadmin")
        self.campaign = CampaignFactory(
            region=self.county, year=today.year, slug=f"tianxin-{today.year}", planned_count=10
        )
        CampaignFactory(region=other, year=today.year, slug=f"liuyang-{today.year}")
        unit = UnitFactory(region=self.county, name="区住房和城乡建设局")
        month = today.month
        activity = ActivityFactory(
            campaign=self.campaign, seq=1, title=TITLE, month_start=month, month_end=month
        )
        ActivityFormFactory(activity=activity, text="座谈交流")
        ActivityHostFactory(activity=activity, unit=unit, text=unit.name)
        self.activity = publish(county_admin, activity, today)


@pytest.fixture
def world():
    return World()


def log_in_viewer(page: Page, base: str, username: str) -> None:
    """As ``log_in``; a superior viewer's home is the progress of the regions below."""
    page.goto(base + reverse("staff:home"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(base + reverse("staff:home"))
    expect(page.get_by_role("link", name="地区对比")).to_be_visible()


def experiences_url(base: str, region) -> str:
    return base + reverse("staff:region-experiences", args=[region.slug])


def test_a_recommended_experience_is_selected_forwarded_and_accepted(
    live_server, browser, screenshots, world
):
    base = live_server.url

    # The county office recommends its published report, from the activity's page.
    county = desktop(browser)
    log_in(county, base, "txadmin")
    county.goto(base + reverse("staff:activity-detail", args=[world.campaign.slug, "1"]))
    county.get_by_role("link", name="推荐为典型经验").click()
    expect(county.get_by_role("heading", name="推荐为典型经验", level=1)).to_be_visible()
    county.get_by_role("textbox", name="推荐理由").fill(TEXT)
    county.get_by_role("button", name="推荐为典型经验").click()
    expect(county).to_have_url(
        base + reverse("staff:activity-detail", args=[world.campaign.slug, "1"])
    )
    expect(county.get_by_role("status").first).to_contain_text("已推荐为典型经验")
    experience = TypicalExperience.objects.get()
    assert (experience.state, experience.text) == (ExperienceState.RECOMMENDED, TEXT)

    # Not on the public column before the city selects it.
    citizen = desktop(browser)
    column_url = base + reverse("portal:campaign-column", args=[world.campaign.slug])
    citizen.goto(column_url)
    expect(citizen.get_by_role("heading", name="典型经验")).to_have_count(0)

    # The city office sees it, selects it with a comment and forwards it.
    city = desktop(browser)
    log_in(city, base, "csadmin")
    city.get_by_role("link", name="典型经验", exact=True).click()
    expect(city).to_have_url(experiences_url(base, world.city))
    item = city.locator(".experience-item", has_text=TITLE)
    expect(item.locator(".experience-state")).to_have_text("区县已推荐")
    expect(item).to_contain_text(TEXT)
    item.get_by_role("textbox", name="意见").fill(CITY_COMMENT)
    item.get_by_role("button", name="选用").click()
    expect(city.get_by_role("status").first).to_contain_text(f"“{TITLE}”已选用")
    item = city.locator(".experience-item", has_text=TITLE)
    expect(item).to_contain_text(CITY_COMMENT)
    item.get_by_role("button", name="报送省级").click()
    expect(city.get_by_role("status").first).to_contain_text(f"“{TITLE}”已报送省级")
    item = city.locator(".experience-item", has_text=TITLE)
    expect(item.get_by_role("button")).to_have_count(0)
    city.screenshot(path=screenshots / "experiences-city.png", full_page=True)

    # The province office sees it forwarded and accepts it.
    province = desktop(browser)
    log_in(province, base, "hnadmin")
    province.goto(experiences_url(base, world.province))
    item = province.locator(".experience-item", has_text=TITLE)
    expect(item.locator(".experience-state")).to_have_text("已报送省级")
    expect(item).to_contain_text(CITY_COMMENT)
    item.get_by_role("textbox", name="意见").fill("采用，在全省推广。")
    item.get_by_role("button", name="采用").click()
    expect(province.get_by_role("status").first).to_contain_text(f"“{TITLE}”已采用")
    experience.refresh_from_db()
    assert (experience.state, experience.city_comment, experience.province_comment) == (
        ExperienceState.ACCEPTED,
        CITY_COMMENT,
        "采用，在全省推广。",
    )
    assert list(
        AuditEntry.objects.filter(action__startswith="experience.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["experience.recommend", "experience.select", "experience.forward", "experience.accept"]

    # A city viewer reads the city's list: the experience and its stage, and no button.
    viewer = desktop(browser)
    log_in_viewer(viewer, base, "csviewer")
    viewer.get_by_role("link", name="典型经验", exact=True).click()
    expect(viewer).to_have_url(experiences_url(base, world.city))
    item = viewer.locator(".experience-item", has_text=TITLE)
    expect(item.locator(".experience-state")).to_have_text(experience.get_state_display())
    expect(viewer.locator(".experience-steps")).to_have_count(0)
    expect(viewer.locator("main").get_by_role("button")).to_have_count(0)

    # The county's public column lists it under 典型经验.
    citizen.goto(column_url)
    section = citizen.locator("section.experiences")
    expect(section.get_by_role("heading", name="典型经验")).to_be_visible()
    expect(section.get_by_role("link", name=TITLE)).to_be_visible()
    expect(section).to_contain_text(TEXT)
    section.get_by_role("link", name=TITLE).click()
    expect(citizen).to_have_url(
        base + reverse("portal:activity-report", args=[world.campaign.slug, "1"])
    )


@pytest.mark.parametrize(
    ("username", "region_attr", "row"),
    [("csviewer", "city", "天心区"), ("hnviewer", "province", "长沙市 · 天心区")],
)
def test_a_superior_viewer_compares_the_regions_and_drills_down(
    live_server, browser, screenshots, world, username, region_attr, row
):
    base = live_server.url
    region = getattr(world, region_attr)
    year = world.campaign.year
    page = desktop(browser)
    log_in_viewer(page, base, username)
    page.get_by_role("link", name="地区对比").click()
    expect(page).to_have_url(base + reverse("staff:region-comparison", args=[region.slug]))
    expect(
        page.get_by_role("heading", name=f"{region.name}所辖地区{year}年政务公开主题日活动对比")
    ).to_be_visible()
    table = page.locator(".comparison-table tbody")
    expect(table.locator("tr")).to_have_count(2)
    tianxin = table.locator("tr", has=page.get_by_role("link", name=row, exact=True))
    # 计划 1, 已开展 1 (100%), 已报送 1, 已发布 1.
    expect(tianxin.locator("td").nth(0)).to_have_text("1")
    expect(tianxin.locator("td").nth(1)).to_have_text("1")
    # Sorting by a column keeps both rows.
    page.get_by_role("link", name="已发布", exact=True).click()
    expect(page.locator(".comparison-table th[aria-sort]")).to_have_count(1)
    expect(table.locator("tr")).to_have_count(2)
    page.screenshot(path=screenshots / f"comparison-{region.slug}.png", full_page=True)

    # The drill-down: 天心区's dashboard, read only.
    table.get_by_role("link", name=row, exact=True).click()
    expect(page).to_have_url(base + reverse("staff:campaign-dashboard", args=[world.campaign.slug]))
    expect(
        page.get_by_role("heading", name=f"天心区{year}年政务公开主题日活动统计分析", level=1)
    ).to_be_visible()
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("区住房和城乡建设局")
