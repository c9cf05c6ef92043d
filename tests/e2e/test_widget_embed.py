"""The embeddable widget on another site's page: one <script> tag on a county portal
(served by a small HTTP server of its own, another origin than the live server) shows the
column's upcoming activities, fetched across origins from the API, with styles that neither
leak out nor let the page's in."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.e2e.public_site import make_public_site

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

PORTAL_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>天心区人民政府</title>
<style>a {{ color: rgb(255, 0, 0); }} p {{ font-size: 13px; }}</style></head>
<body><p id="before">政务公开</p>
<script src="{src}" data-limit="3" async></script>
<p id="after">其他栏目</p></body></html>"""


@pytest.fixture
def portal() -> Iterator[dict]:
    """A county portal on 127.0.0.1 (the live server is on localhost: another origin, the
    same loopback address space, so Chromium's private-network checks stay out of it).
    Set ``portal["page"]`` to the HTML it serves; its URL is ``portal["url"]``."""
    state: dict = {"page": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = state["page"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/tianxin/"
    yield state
    server.shutdown()
    server.server_close()


def test_a_county_portal_shows_the_upcoming_activities(
    live_server, browser, settings, screenshots, portal
):
    settings.SITE_URL = live_server.url
    site = make_public_site()
    src = live_server.url + reverse("portal:campaign-widget", args=[site.campaign.slug])
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    portal["page"] = PORTAL_PAGE.format(src=src)

    page.goto(portal["url"])

    widget = page.locator("div.openday-widget")
    expect(widget).to_have_count(1)
    # Inserted right after its own tag.
    assert (
        page.evaluate(
            "document.querySelector('script[src$=\"widget.js\"]').nextElementSibling.className"
        )
        == "openday-widget"
    )
    expect(widget.get_by_text("天心区政务公开主题日 · 近期活动")).to_be_visible()
    link = widget.get_by_role("link", name="社保政策宣讲进社区")
    expect(link).to_be_visible()
    notice = live_server.url + reverse(
        "portal:activity-notice", args=[site.campaign.slug, site.upcoming.ref]
    )
    expect(link).to_have_attribute("href", notice)
    expect(widget.get_by_role("link", name="查看全部活动 ›")).to_have_attribute(
        "href", live_server.url + reverse("portal:campaign-column", args=[site.campaign.slug])
    )
    # The activity already held is not "upcoming".
    expect(widget.get_by_text("老旧小区改造方案交流会")).to_have_count(0)
    # Styles stay apart both ways: the page's red links do not reach the widget, and the
    # widget's type does not change the page's paragraphs.
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(11, 74, 139)"
    assert page.locator("#after").evaluate("p => getComputedStyle(p).fontSize") == "13px"
    assert page.evaluate("document.styleSheets.length") == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "widget-on-portal.png", full_page=True)
    context.close()


def test_the_widget_says_so_when_the_api_cannot_be_reached(live_server, browser, settings, portal):
    settings.SITE_URL = live_server.url
    site = make_public_site()
    src = live_server.url + reverse("portal:campaign-widget", args=[site.campaign.slug])
    page = browser.new_page()
    portal["page"] = PORTAL_PAGE.format(src=src)
    page.route("**/api/v1/**", lambda route: route.fulfill(status=503, body="down"))

    page.goto(portal["url"])

    expect(
        page.locator("div.openday-widget").get_by_text("活动信息暂时无法加载，请访问活动专栏查看。")
    ).to_be_visible()
    page.context.close()
