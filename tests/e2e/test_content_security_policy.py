"""The Content-Security-Policy in a real browser: no page breaks it, and the scripts that moved
out of the templates into static files still do their work."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from openday.orgs.enums import Role
from tests.e2e.conftest import DESKTOP
from tests.factories import (
    MembershipFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories.reminders import NotificationFactory
from tests.portal.plans import held_activity_waiting_report, make_tianxin_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

TIMEOUT_MS = 15_000
# Reported to the page by the browser for each blocked script, style, image, frame or form.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class Watched:
    """A browser context whose console errors and CSP violations are collected, page by page."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.add_init_script(WATCH_VIOLATIONS)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.problems.append(f"console {message.type}: {message.text}")
                if message.type in {"error", "warning"}
                else None
            ),
        )
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def visit(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]

    def violations(self) -> list[str]:
        return self.problems + self.page.evaluate("window.__cspViolations")

    def sign_in(self, base: str, username: str) -> None:
        self.visit(base + reverse("staff:login"))
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill("openday-test-pass")
        self.page.get_by_role("button", name="登录").click()
        expect(self.page.get_by_role("heading", name="待办", level=1)).to_be_visible()


def test_pages_keep_the_policy_and_the_moved_scripts_work(live_server, browser, screenshots):
    campaign = make_tianxin_campaign()
    admin = MembershipFactory(
        user__username="txadmin", role=Role.OFFICE_ADMIN, region=campaign.region
    ).user
    NotificationFactory(recipient=admin, title="活动报备即将到期")
    unit = UnitFactory(region=campaign.region, name="区政务服务中心")
    UnitFactory(region=campaign.region, name="区审计局")
    activity, _ = held_activity_waiting_report(campaign, unit)
    UserFactory(username="root", is_staff=True, is_superuser=True)
    base = live_server.url

    # The public side: the columns and one column.
    visitor = Watched(browser)
    visitor.visit(base + reverse("portal:campaign-list"))
    visitor.visit(base + reverse("portal:campaign-column", args=[campaign.slug]))
    expect(visitor.page.locator("h1")).to_have_text("天心区2023年政务公开主题日活动专栏")
    assert visitor.violations() == []
    visitor.context.close()

    # The office admin signs in (the form posts under form-action 'self'); the to-do page's
    # unread count comes from inbox-unread.js, which fetches it after the page loads.
    office = Watched(browser)
    office.sign_in(base, "txadmin")
    expect(office.page.locator(".inbox-unread")).to_have_text("（1条未读）")
    office.visit(base + reverse("staff:campaign-detail", args=[campaign.slug]))
    expect(office.page.locator(".inbox-unread")).to_have_text("（1条未读）")
    office.page.screenshot(path=screenshots / "csp-staff-campaign.png", full_page=True)
    # A new liaison's one-time link: select-on-focus.js selects the whole link when focused.
    office.visit(base + reverse("staff:unit-list", args=[campaign.region.slug]))
    office.page.locator("table.units-table tr", has_text="区审计局").get_by_role(
        "link", name="无，添加"
    ).click()
    office.page.get_by_label("用户名").fill("shenji")
    office.page.get_by_role("button", name="开通账号").click()
    expect(office.page.get_by_text("已开通账号“shenji”。")).to_be_visible()
    # Deferred scripts have run once the document is parsed.
    office.page.wait_for_load_state("domcontentloaded")
    box = office.page.locator(".one-time-link input")
    box.focus()
    start, end, length = box.evaluate(
        "input => [input.selectionStart, input.selectionEnd, input.value.length]"
    )
    assert (start, end) == (0, length)
    assert length > len(base)
    assert office.violations() == []
    office.context.close()

    # The liaison's report page: media-rows.js shows the button that adds a media row.
    unit_side = Watched(browser)
    unit_side.sign_in(base, "txliaison")
    unit_side.visit(
        base + reverse("staff:activity-transition", args=[campaign.slug, activity.seq, "report"])
    )
    rows = unit_side.page.locator("#media-rows > fieldset.media-row")
    before = rows.count()
    unit_side.page.get_by_role("button", name="增加一条报道").click()
    expect(rows).to_have_count(before + 1)
    expect(rows.last.locator("legend")).to_have_text(f"第 {before + 1} 条")
    expect(unit_side.page.locator("#id_media-TOTAL_FORMS")).to_have_value(str(before + 1))
    expect(rows.last.locator("input").first).to_be_focused()
    unit_side.page.screenshot(path=screenshots / "csp-report-media-rows.png", full_page=True)
    assert unit_side.violations() == []
    unit_side.context.close()

    # Django's admin: its login, index, a list and an add form need nothing more.
    site = Watched(browser)
    site.visit(base + reverse("admin:login"))
    site.page.get_by_label("用户名").fill("root")
    site.page.get_by_label("密码").fill("openday-test-pass")
    site.page.locator("input[type=submit]").click()
    expect(site.page.locator("#site-name")).to_have_text("政务公开主题日管理后台")
    site.visit(base + reverse("admin:orgs_region_changelist"))
    site.visit(base + reverse("admin:orgs_region_add"))
    assert site.violations() == []
    site.context.close()
