"""The public taking part, end to end in Chromium:

1. On a phone, a citizen signs up for an announced activity and gets a confirmation code; a
   second lands on the waiting list; the first cancels with the link and the second moves
   up; the host unit's liaison checks the second in at the door; the office's participation
   page shows the counts.
2. A citizen posts an opinion; the office publishes it and replies; the citizen sees the reply.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from openday.participation.enums import SignupState
from openday.participation.models import Opinion, Signup
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.public_site import make_public_site
from tests.e2e.test_declaration_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

TIMEOUT_MS = 15_000


def phone(browser) -> Page:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def desktop(browser) -> Page:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def sign_up(page: Page, base: str, site, name: str, mobile: str) -> tuple[str, str]:
    """From the column to the sign-up confirmation: (the code, the confirmation page's URL)."""
    page.goto(base + reverse("portal:campaign-column", args=[site.campaign.slug]))
    page.get_by_role("link", name="社保政策宣讲进社区").first.click()
    expect(page.get_by_role("heading", name="社保政策宣讲进社区", level=1)).to_be_visible()
    page.get_by_role("link", name="在线报名").click()
    page.get_by_label("姓名").fill(name)
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_label("身份类别").select_option(label="群众代表")
    page.get_by_label("参加人数").fill("1")
    page.get_by_role("button", name="提交报名").click()
    code = page.locator(".ticket-code").inner_text().strip()
    assert len(code) == 8
    return code, page.url


def test_sign_up_waiting_list_cancel_move_up_and_check_in(live_server, browser, screenshots):
    site = make_public_site()
    base = live_server.url

    # The first citizen, on a phone, gets the one place.
    first = phone(browser)
    first_code, _ = sign_up(first, base, site, "张三", "13812345678")
    expect(first.locator(".signup-state")).to_contain_text("报名成功")
    expect(first.get_by_role("img", name=f"确认码 {first_code} 的二维码")).to_be_visible()
    assert first.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first.screenshot(path=screenshots / "signup-confirmed-phone.png", full_page=True)

    # The second lands on the waiting list.
    second = phone(browser)
    second_code, second_url = sign_up(second, base, site, "李四", "13912345678")
    expect(second.locator(".signup-state")).to_contain_text("您已登记在候补名单中")
    assert Signup.objects.get(code=second_code).state == SignupState.WAITLISTED

    # The first cancels with the link on the confirmation page; the second moves up.
    first.locator(".cancel-link").click()
    expect(first.get_by_role("heading", name="社保政策宣讲进社区")).to_be_visible()
    first.get_by_role("button", name="确认取消报名").click()
    expect(first.get_by_role("status")).to_have_text(
        f"已取消确认码为 {first_code} 的报名。感谢您的告知。"
    )
    second.goto(second_url)
    expect(second.locator(".signup-state")).to_contain_text("报名成功（已由候补转为正式名额）")
    second.screenshot(path=screenshots / "signup-moved-up-phone.png", full_page=True)

    # At the door, the host unit's liaison checks the second in by the code.
    host = desktop(browser)
    log_in(host, base, "renshe")
    host.goto(
        base + reverse("staff:participation-activity", args=[site.campaign.slug, site.upcoming.ref])
    )
    host.get_by_label("确认码").fill(second_code.lower())
    host.get_by_role("button", name="签到").click()
    counts = host.locator(".signup-counts")
    expect(counts).to_contain_text("已报名1 人")
    expect(counts).to_contain_text("候补0 人")
    expect(counts).to_contain_text("已签到1 人")
    expect(host.locator(".checked-in-by-group")).to_contain_text("群众代表")
    assert Signup.objects.get(code=second_code).checked_in_at is not None

    # The office's participation page counts them.
    office = desktop(browser)
    log_in(office, base, "txadmin")
    office.goto(base + reverse("staff:participation-overview", args=[site.campaign.slug]))
    row = office.locator(".participation-table tbody tr", has_text="社保政策宣讲进社区")
    expect(row.locator("td")).to_have_text(
        ["1", "社保政策宣讲进社区", "开放", "1", "0", "0", "0", "0"]
    )
    office.screenshot(path=screenshots / "participation-overview.png", full_page=True)


def test_an_opinion_is_published_answered_and_the_citizen_sees_the_reply(
    live_server, browser, screenshots
):
    site = make_public_site()
    base = live_server.url
    opinions_url = base + reverse(
        "portal:activity-opinions", args=[site.campaign.slug, site.upcoming.ref]
    )

    citizen = phone(browser)
    citizen.goto(base + reverse("portal:activity-notice", args=[site.campaign.slug, "1"]))
    citizen.get_by_role("link", name="我要留言").click()
    expect(citizen).to_have_url(opinions_url)
    citizen.get_by_label("留言内容").fill("建议在社区活动中心增设一场周末宣讲。")
    citizen.get_by_label("手机号码（选填）").fill("13712345678")
    citizen.get_by_role("button", name="提交留言").click()
    expect(citizen.get_by_role("status")).to_have_text("留言已提交，审核后公开。感谢您的意见建议！")
    # Not public before the office publishes it.
    expect(citizen.locator(".opinion-item")).to_have_count(0)
    opinion = Opinion.objects.get()

    office = desktop(browser)
    log_in(office, base, "txadmin")
    office.goto(base + reverse("staff:opinion-list", args=[site.campaign.slug]))
    office.get_by_role("link", name=str(opinion.pk), exact=True).click()
    expect(office.get_by_role("heading", name=f"第 {opinion.pk} 号留言")).to_be_visible()
    office.get_by_role("button", name="公开留言").click()
    office.get_by_label("回应内容").fill("感谢建议，我们将于本月增设周六上午场。")
    office.get_by_role("button", name="发布回应").click()
    expect(office.get_by_role("heading", name="已发布的回应")).to_be_visible()

    citizen.goto(opinions_url)
    item = citizen.locator(".opinion-item")
    expect(item).to_have_count(1)
    expect(item.locator(".opinion-text")).to_have_text("建议在社区活动中心增设一场周末宣讲。")
    expect(item.locator(".opinion-reply")).to_contain_text("感谢建议，我们将于本月增设周六上午场。")
    # Contact details are never public.
    expect(citizen.locator("main")).not_to_contain_text("1371234")
    citizen.screenshot(path=screenshots / "opinion-reply-phone.png", full_page=True)
