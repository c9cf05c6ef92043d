"""Accessibility of the public pages, in Chromium through Playwright:

- axe-core (vendored test-only in tests/e2e/vendor/, never served by the app) reports no
  violation on any public page (home, column and its search, notice, report, calendar,
  sign-up, opinions, questionnaire), in the standard and in senior mode (长辈模式);
- senior mode is switched on every page, remembered across pages, and really is larger
  (≥ 20 px body text) with larger hit targets; every page still fits a 360 px phone;
- keyboard only: Tab reaches the skip link, the mode switch, the plan's search form and the
  main links, each with a visible focus ring.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP
from tests.e2e.public_site import make_public_site

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
NARROW = {"width": 360, "height": 740}
TIMEOUT_MS = 15_000

RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def new_page(browser, viewport=DESKTOP) -> Page:
    # axe is added to every document before the page's own scripts, outside the page's CSP.
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(path=str(AXE))
    return context.new_page()


def switch_to_senior(page: Page) -> None:
    page.get_by_role("link", name="切换到长辈模式（字大、对比强）").click()
    expect(page.locator("html")).to_have_class("js senior")
    expect(page.get_by_role("link", name="切换到标准模式")).to_be_focused()


def violations(page: Page) -> list[dict]:
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("mode", ["standard", "senior"])
def test_every_public_page_has_no_axe_violations(live_server, browser, screenshots, mode):
    site = make_public_site()
    paths = site.public_paths()
    page = new_page(browser)
    page.goto(live_server.url + paths["home"])
    if mode == "senior":
        switch_to_senior(page)

    found = {}
    for name, path in paths.items():
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_be_visible()
        # Remembered from page to page (localStorage), never on the server.
        expect(page.locator("html")).to_have_class("js senior" if mode == "senior" else "js")
        if result := violations(page):
            found[name] = result
            page.screenshot(path=screenshots / f"axe-{mode}-{name}.png", full_page=True)
    assert found == {}

    # The check can fail: an image without a text alternative is caught.
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {v["id"] for v in violations(page)}


def test_senior_mode_is_larger_and_fits_a_360_px_phone(live_server, browser, screenshots):
    site = make_public_site()
    page = new_page(browser, NARROW)
    page.goto(live_server.url + site.public_paths()["column"])
    standard_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch_to_senior(page)

    assert standard_size == 16
    for name, path in site.public_paths().items():
        page.goto(live_server.url + path)
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 20, name
        # Nothing runs off the side of the phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], name
        page.screenshot(path=screenshots / f"senior-360-{name}.png", full_page=True)
    # Larger targets: the plan's links and the form's fields are at least 44 px high.
    page.goto(live_server.url + site.public_paths()["column"])
    for locator in (page.locator(".plan-links a").first, page.locator("#filter-q")):
        assert locator.bounding_box()["height"] >= 44

    # Back to the standard page, remembered too.
    page.get_by_role("link", name="切换到标准模式").click()
    page.goto(live_server.url + site.public_paths()["notice"])
    expect(page.locator("html")).to_have_class("js")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 16


def test_senior_mode_without_javascript_is_a_link_to_the_target(live_server, browser):
    site = make_public_site()
    context = browser.new_context(viewport=NARROW, locale="zh-CN", java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(live_server.url + site.public_paths()["column"])

    page.get_by_role("link", name="切换到长辈模式（字大、对比强）").click()

    assert page.url.endswith("#senior-mode")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 20
    expect(page.get_by_role("link", name="切换到标准模式")).to_be_visible()
    page.get_by_role("link", name="切换到标准模式").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 16
    context.close()


FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim(),
    id: el.id, tag: el.tagName.toLowerCase(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def test_keyboard_alone_reaches_the_search_and_the_main_links(live_server, browser):
    site = make_public_site()
    page = new_page(browser)
    page.goto(live_server.url + site.public_paths()["column"])

    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus["outline"], f"no visible focus on {focus}"
        seen.append(focus)
        if focus["text"] == "活动报道" and focus["tag"] == "a":
            break
    texts = [f["text"] for f in seen]
    ids = [f["id"] for f in seen]
    assert texts[0] == "跳到主要内容"
    assert "长辈模式" in texts
    assert {"filter-q", "filter-unit", "filter-month"} <= set(ids)
    assert "活动预告" in texts
    assert texts[-1] == "活动报道"

    # Enter on the skip link moves to the main content; Enter on the switch turns it on.
    page.goto(live_server.url + site.public_paths()["column"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    switch = page.get_by_role("link", name="切换到长辈模式（字大、对比强）")
    switch.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class("js senior")
    expect(page.get_by_role("link", name="切换到标准模式")).to_be_focused()

    # The search form works from the keyboard.
    page.locator("#filter-q").focus()
    page.keyboard.type("社保")
    page.keyboard.press("Enter")
    expect(page.locator(".plan-item")).to_have_count(1)
    expect(page.locator(".plan-item")).to_contain_text("社保政策宣讲进社区")
