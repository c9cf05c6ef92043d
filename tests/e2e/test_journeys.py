import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from openday.orgs.enums import Role
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import MembershipFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]


def test_visitor_reads_the_column_and_admin_downloads_the_plan(
    live_server, browser, screenshots, tmp_path
):
    campaign = make_tianxin_campaign()
    MembershipFactory(user__username="txadmin", role=Role.OFFICE_ADMIN, region=campaign.region)
    column = live_server.url + reverse("portal:campaign-column", args=[campaign.slug])

    # A visitor on a phone reads the plan and jumps to a month.
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = phone.new_page()
    page.goto(column)
    expect(page.locator("h1")).to_have_text("天心区2023年政务公开主题日活动专栏")
    index = page.get_by_role("navigation", name="按月份查看")
    expect(index.get_by_role("link")).to_have_text(
        ["3月2 场", "5月2 场", "6月1 场", "时间待定1 场"]
    )
    expect(page.locator("#m3 .plan-item").first).to_contain_text("被征地农民社会保险业务政策宣讲")
    expect(page.locator("#m3 .plan-item").first).to_contain_text("区人力资源社会保障局")
    # Nothing wider than the phone: no sideways scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=screenshots / "column-phone.png")

    index.get_by_role("link", name="时间待定").click()
    expect(page).to_have_url(f"{column}#m-tbd")
    heading = page.get_by_role("heading", name="时间待定")
    expect(heading).to_be_in_viewport()
    # The jump lands below the sticky month index, not under it.
    assert heading.bounding_box()["y"] >= index.bounding_box()["y"] + index.bounding_box()["height"]
    expect(page.locator("#m-tbd .plan-item")).to_contain_text(["垃圾分类宣讲"])
    page.screenshot(path=screenshots / "column-phone-undated.png")
    phone.close()

    # An office admin signs in and downloads the plan as .xlsx.
    desktop = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    page = desktop.new_page()
    page.goto(live_server.url + reverse("staff:home"))
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    page.get_by_label("用户名").fill("txadmin")
    page.get_by_label("密码").fill("openday-test-pass")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + reverse("staff:home"))
    expect(page.get_by_role("heading", name="待办", level=1)).to_be_visible()
    page.screenshot(path=screenshots / "staff-todo-admin.png", full_page=True)
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="年度活动").click()
    page.get_by_role("link", name=campaign.title).click()
    expect(page.get_by_role("heading", name=campaign.title)).to_be_visible()
    page.screenshot(path=screenshots / "staff-campaign-detail.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 XLSX").click()
    download = download_info.value
    assert download.suggested_filename == "天心区2023年“政务公开主题日”活动计划表.xlsx"
    saved = tmp_path / "plan.xlsx"
    download.save_as(saved)
    sheet = load_workbook(io.BytesIO(saved.read_bytes())).active
    values = {cell for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert {
        "被征地农民社会保险业务政策宣讲",
        "垃圾分类宣讲",
        "区应急管理局、各街道办事处",
    } <= values
    desktop.close()
