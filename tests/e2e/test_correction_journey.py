"""A correction published, in a real browser (天心区's 2023 column).

A unit has reported activity 2 with two photos. The office accepts the report, chooses which
photo the column shows and captions it, publishes the report, then publishes a correction
(更正) of its write-up; a visitor on a phone reads the report with "更正于" and what changed,
and the hidden photo is not there. Then the office withdraws the report and it is gone.

Only the world (region, campaign, plan, accounts, the reported activity) is built with services
and factories; the rest is clicks and typing, found by visible Chinese text and labels.
"""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from openday.activities.services import (
    activity_mark_held,
    activity_report,
    activity_schedule,
)
from openday.orgs.enums import Role
from tests.activities.materials import processed_photos, report_input
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import MembershipFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

PASSWORD = "openday-test-pass"
HELD = dt.date(2023, 3, 28)
TITLE = "老旧小区改造方案交流会"
FIRST = "活动邀请居民代表现场交流改造方案。"
CORRECTED = "活动邀请居民代表和施工单位现场交流改造方案，收集意见建议 15 条。"
TIMEOUT_MS = 15_000


def make_world():
    """天心区's 2023 plan; its office admin; activity 2 reported by its host unit's liaison."""
    campaign = make_tianxin_campaign()
    MembershipFactory(user__username="txadmin", role=Role.OFFICE_ADMIN, region=campaign.region)
    activity = campaign.activities.get(seq=2)
    host = activity.hosts.get().unit
    liaison = MembershipFactory(role=Role.UNIT_LIAISON, region=campaign.region, unit=host).user
    activity_schedule(actor=liaison, activity=activity, on=HELD)
    activity_mark_held(actor=liaison, activity=activity, today=HELD)
    activity_report(
        actor=liaison,
        activity=activity,
        report=report_input(HELD, summary=FIRST, photos=processed_photos(2)),
        on=dt.date(2023, 3, 30),
        today=dt.date(2023, 3, 30),
    )
    return campaign, activity


def expect_status(page: Page, text: str) -> None:
    expect(page.get_by_role("status").first).to_contain_text(text)


def test_the_office_publishes_a_report_then_a_correction(live_server, browser, screenshots):
    campaign, activity = make_world()
    base = live_server.url
    report_url = base + reverse("portal:activity-report", args=[campaign.slug, activity.seq])

    # 1. The office signs in and opens the reported activity from the campaign's plan.
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    admin = context.new_page()
    admin.goto(base + reverse("staff:home"))
    admin.get_by_label("用户名").fill("txadmin")
    admin.get_by_label("密码").fill(PASSWORD)
    admin.get_by_role("button", name="登录").click()
    admin.goto(base + reverse("staff:campaign-detail", args=[campaign.slug]))
    admin.get_by_role("link", name=TITLE).first.click()
    expect(admin.get_by_role("heading", name=TITLE, level=1)).to_be_visible()

    # 2. Accept, choose the public photo with a caption, publish.
    admin.get_by_role("form", name="审核通过").get_by_role("button", name="审核通过").click()
    expect_status(admin, "“审核通过”已办理")
    admin.get_by_role("link", name="选择公开照片").click()
    expect(admin.get_by_role("heading", name="选择公开照片", level=1)).to_be_visible()
    admin.get_by_label("第 1 张照片说明").fill("居民代表现场交流")
    admin.get_by_label("第 2 张在专栏公开").uncheck()
    admin.screenshot(path=screenshots / "correction-01-photos.png", full_page=True)
    admin.get_by_role("button", name="保存照片设置").click()
    expect_status(admin, "照片设置已保存。")
    expect(admin.locator(".photo-private")).to_have_count(1)
    admin.get_by_role("form", name="发布到专栏").get_by_role("button", name="发布到专栏").click()
    expect_status(admin, "“发布到专栏”已办理")

    # 3. The office corrects the published write-up.
    admin.get_by_role("link", name="更正活动报道").click()
    expect(admin.get_by_role("heading", name="更正活动报道", level=1)).to_be_visible()
    expect(admin.get_by_label("活动概况")).to_have_value(FIRST)
    admin.get_by_label("活动概况").fill(CORRECTED)
    admin.get_by_label("更正说明").fill("补充参加人员和收集的意见建议")
    admin.screenshot(path=screenshots / "correction-02-form.png", full_page=True)
    admin.get_by_role("button", name="发布更正").click()
    expect_status(admin, "活动报道的更正已发布。")
    expect(admin.locator(".history-table")).to_contain_text("更正活动报道")
    admin.screenshot(path=screenshots / "correction-03-activity.png", full_page=True)

    # 4. A visitor on a phone reads the corrected report.
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    phone.set_default_timeout(TIMEOUT_MS)
    page = phone.new_page()
    page.goto(base + reverse("portal:campaign-column", args=[campaign.slug]))
    page.get_by_role("link", name=TITLE).first.click()
    expect(page).to_have_url(report_url)
    expect(page.locator(".corrected-note")).to_contain_text("本报道已更正，更正于")
    expect(page.locator(".prose").first).to_have_text(CORRECTED)
    changes = page.locator(".correction-changes li")
    expect(changes).to_have_text([f"活动概况：原为“{FIRST}”，更正为“{CORRECTED}”。"])
    expect(page.locator(".correction-date")).to_contain_text("补充参加人员和收集的意见建议")
    expect(page.locator(".photo-grid img")).to_have_count(1)
    expect(page.locator(".photo-caption")).to_have_text(["居民代表现场交流"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "correction-04-public.png", full_page=True)

    # 5. The office withdraws the report: the public page is gone.
    admin.get_by_role("form", name="撤回活动报道").get_by_label("撤回原因").fill("照片需更换")
    admin.get_by_role("button", name="撤回报道").click()
    expect_status(admin, "活动报道已从公开专栏撤回")
    # (Asked afresh: the phone's browser may keep its copy for the pages' public max-age.)
    assert phone.request.get(report_url).status == 404
    context.close()
    phone.close()
