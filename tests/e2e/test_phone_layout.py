"""Staff pages on a phone (360 px, the narrowest common Android width): the header keeps
"政务公开主题日" and "工作台" each on one line beside the account links, and nothing runs off
the side of the page."""

import pytest
from playwright.sync_api import Page, expect

from openday.orgs.enums import Role
from tests.e2e.test_declaration_journey import TIMEOUT_MS, log_in
from tests.factories import MembershipFactory, OfficeFactory, RegionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

NARROW = {"width": 360, "height": 740}

LINES = """el => {
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight);
  return Math.round(el.getBoundingClientRect().height / line * 10) / 10;
}"""


def phone_page(browser) -> Page:
    context = browser.new_context(viewport=NARROW, locale="zh-CN", device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def test_the_staff_header_title_stays_on_one_line_at_360_px(live_server, browser, screenshots):
    region = RegionFactory(name="天心区", slug="tianxin")
    OfficeFactory(region=region, name="天心区政务公开办")
    MembershipFactory(
        user__username="txadmin",
        user__first_name="王晓",
        role=Role.OFFICE_ADMIN,
        region=region,
    )
    page = phone_page(browser)

    log_in(page, live_server.url, "txadmin")

    name = page.locator(".staff-header .brand-name")
    expect(name).to_have_text("政务公开主题日")
    page.screenshot(path=screenshots / "staff-header-360.png")
    assert name.evaluate(LINES) == 1.0
    assert page.locator(".staff-header .brand-sub").evaluate(LINES) == 1.0
    # The logout button and the account links stay on the page, not past its right edge.
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    logout = page.get_by_role("button", name="退出登录").bounding_box()
    assert logout is not None
    assert logout["x"] + logout["width"] <= NARROW["width"]
