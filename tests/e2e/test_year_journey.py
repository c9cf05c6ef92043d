"""A new year from the previous one, in the browser: the office copies 2023 into 2024, imports
its plan, publishes it, and closes 2023 deciding about its unfinished activities."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.orgs.enums import Role
from tests.e2e.conftest import DESKTOP
from tests.factories import MembershipFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

TIANXIN_TABLE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / ("000_d804d73a4347b30d.txt")
)


def test_the_office_opens_next_year_publishes_it_and_closes_the_last(
    live_server, browser, screenshots
):
    previous = make_tianxin_campaign()
    MembershipFactory(user__username="txadmin", role=Role.OFFICE_ADMIN, region=previous.region)

    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("用户名").fill("txadmin")
    page.get_by_label("密码").fill("openday-test-pass")
    page.get_by_role("button", name="登录").click()

    # Next year from this one.
    page.goto(live_server.url + reverse("staff:campaign-detail", args=[previous.slug]))
    page.get_by_role("link", name="复制为新年度").click()
    expect(page.get_by_role("heading", name="由2023年复制新年度")).to_be_visible()
    expect(page.get_by_label("新年度")).to_have_value("2024")
    expect(page.get_by_label("标识")).to_have_value("tianxin-2024")
    page.get_by_role("button", name="复制为新年度").click()
    expect(page).to_have_url(
        live_server.url + reverse("staff:campaign-detail", args=["tianxin-2024"])
    )
    expect(page.locator(".messages")).to_contain_text("已由2023年复制出2024年度活动（筹备阶段）")

    # Its plan: last year's table, imported; the title follows the new year.
    page.get_by_role("link", name="导入计划表").click()
    page.get_by_label("计划表文件（.txt、.docx、.xlsx 或 .csv）").set_input_files(TIANXIN_TABLE)
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator(".alert-warning")).to_contain_text(
        "写的是 2023 年，与年度活动的 2024 年不一致"
    )
    page.get_by_role("button", name="确认导入 50 条").click()
    expect(page.locator(".messages")).to_contain_text("已导入 50 条计划")
    expect(
        page.get_by_role("heading", name="天心区2024年“政务公开主题日”活动计划表")
    ).to_be_visible()

    # Published with no declaration window.
    page.get_by_role("button", name="发布计划").click()
    expect(page.locator(".messages")).to_contain_text("计划已发布")
    assert Campaign.objects.get(slug="tianxin-2024").phase == CampaignPhase.RUNNING
    page.screenshot(path=screenshots / "year-published.png", full_page=True)

    # The previous year closes: one activity cancelled with its reason, the rest kept.
    page.goto(live_server.url + reverse("staff:campaign-detail", args=[previous.slug]))
    page.get_by_role("link", name="结束本年度").click()
    expect(page.get_by_role("heading", name="未完成的活动（6 项）")).to_be_visible()
    page.get_by_role("group", name="第 13 项的处理").get_by_label("取消").check()
    page.get_by_label("第 13 项的取消原因").fill("疫苗未到，无法开展")
    page.screenshot(path=screenshots / "year-close.png", full_page=True)
    page.get_by_role("button", name="结束本年度").click()
    expect(page.locator(".messages")).to_contain_text("天心区2023年度已于")
    expect(page.locator("#closed-stats-h")).to_be_visible()
    assert Activity.objects.get(campaign=previous, seq=13).state == ActivityState.CANCELLED

    # The public archive: marked closed, linking the new year.
    page.goto(live_server.url + reverse("portal:campaign-column", args=[previous.slug]))
    expect(page.locator("h1 .pill")).to_have_text("已结束")
    page.screenshot(path=screenshots / "year-archive.png")
    years = page.get_by_role("navigation", name="天心区历年专栏")
    years.get_by_role("link", name="2024年").click()
    expect(page).to_have_url(
        live_server.url + reverse("portal:campaign-column", args=["tianxin-2024"])
    )
    expect(page.locator(".plan-list > li")).to_have_count(50)
    context.close()
