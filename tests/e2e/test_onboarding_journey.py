"""A liaison onboarded by the office, in a real browser.

The office admin adds a unit, opens 添加联络员 beside it, creates the liaison's account and
gets the one-time link; the liaison opens the link, sets a password, signs in and sees the
unit's to-do. Later the office resets the password to a temporary one, and the liaison must
change it before anything else. Only the region, the admin and the campaign are built with
factories; the plan row the new unit hosts stands for an import made after the unit was added.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from openday.orgs.enums import Role
from openday.orgs.models import Unit
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import ActivityFactory, ActivityHostFactory, MembershipFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]

NEW_PASSWORD = "Xiang-jiang-2024"
TEMPORARY = "Lin-shi-mi-ma-88"
TIMEOUT_MS = 15_000


def test_the_office_onboards_a_unit_and_its_liaison(live_server, browser, screenshots):
    campaign = make_tianxin_campaign()
    MembershipFactory(
        user__username="txadmin",
        user__first_name="王晓",
        role=Role.OFFICE_ADMIN,
        region=campaign.region,
    )

    # The office admin adds the unit.
    office = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    office.set_default_timeout(TIMEOUT_MS)
    page = office.new_page()
    page.goto(live_server.url + reverse("staff:login"))
    page.get_by_label("用户名").fill("txadmin")
    page.get_by_label("密码").fill("openday-test-pass")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="单位").click()
    expect(page.get_by_role("heading", name="天心区的单位", level=1)).to_be_visible()
    page.get_by_role("link", name="添加单位").click()
    page.get_by_label("单位名称").fill("区审计局")
    page.get_by_label("单位类型").select_option(label="部门")
    page.get_by_label("别名").fill("区审计办")
    page.get_by_role("button", name="添加单位").click()
    expect(page.get_by_text("已添加单位“区审计局”。")).to_be_visible()
    row = page.locator("table.units-table tr", has_text="区审计局")
    expect(row.locator(".alias")).to_have_text("区审计办")
    expect(row).to_contain_text("无，添加")
    page.screenshot(path=screenshots / "onboarding-units.png", full_page=True)

    # A plan row the new unit hosts (as an import after the unit was added would make it).
    unit = Unit.objects.get(region=campaign.region, name="区审计局")
    activity = ActivityFactory(
        campaign=campaign, seq=60, title="审计结果公告解读", month_start=None, month_end=None
    )
    ActivityHostFactory(activity=activity, unit=unit, text=unit.name)

    # …then its liaison, from the link beside the unit.
    row.get_by_role("link", name="无，添加").click()
    expect(page.get_by_role("heading", name="开通账号")).to_be_visible()
    expect(page.get_by_label("所在单位")).to_have_value(str(unit.pk))
    page.get_by_label("用户名").fill("shenji")
    page.get_by_label("姓名").fill("刘洋")
    page.get_by_role("button", name="开通账号").click()
    expect(page.get_by_text("已开通账号“shenji”。")).to_be_visible()
    expect(page.locator(".password-state")).to_have_text("尚未设置（等待本人通过链接设置）")
    link = page.locator(".one-time-link input").input_value()
    assert link.startswith(live_server.url + "/staff/account/set-password/")
    page.screenshot(path=screenshots / "onboarding-link.png", full_page=True)
    # Shown once.
    page.reload()
    expect(page.locator(".one-time-link")).to_have_count(0)
    office.close()

    # The liaison, on a phone, sets a password through the link and signs in.
    phone = browser.new_context(viewport=PHONE, locale="zh-CN")
    phone.set_default_timeout(TIMEOUT_MS)
    page = phone.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", name="设置登录密码")).to_be_visible()
    expect(page.get_by_text("账号：shenji")).to_be_visible()
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="设置密码").click()
    expect(page.get_by_text("密码已设置，请用新密码登录。")).to_be_visible()
    page.get_by_label("用户名").fill("shenji")
    page.get_by_label("密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="本单位待办")).to_be_visible()
    expect(page.locator(".todo-liaison")).to_contain_text("审计结果公告解读")
    page.screenshot(path=screenshots / "onboarding-liaison-todo.png", full_page=True)

    # The link worked once.
    page.goto(link)
    expect(page.locator(".link-invalid")).to_be_visible()

    # Later the liaison forgets the password: the office sets a temporary one, which the
    # liaison must change before anything else.
    office = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    office.set_default_timeout(TIMEOUT_MS)
    admin_page = office.new_page()
    admin_page.goto(live_server.url + reverse("staff:login"))
    admin_page.get_by_label("用户名").fill("txadmin")
    admin_page.get_by_label("密码").fill("openday-test-pass")
    admin_page.get_by_role("button", name="登录").click()
    nav = admin_page.get_by_role("navigation", name="工作台导航")
    nav.get_by_role("link", name="人员").click()
    people = admin_page.locator("table.people-table tr", has_text="shenji")
    expect(people).to_contain_text("单位联络员 · 区审计局")
    people.get_by_role("link", name="刘洋").click()
    admin_page.get_by_label("临时密码（可不填）").fill(TEMPORARY)
    admin_page.get_by_role("button", name="重置密码").click()
    expect(admin_page.get_by_text("已设置临时密码，本人下次登录时必须修改。")).to_be_visible()
    office.close()

    # The old session ended with the old password; the temporary one leads to the change page.
    page.goto(live_server.url + reverse("staff:home"))
    page.get_by_label("用户名").fill("shenji")
    page.get_by_label("密码").fill(TEMPORARY)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    expect(page.locator(".must-change")).to_be_visible()
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="年度活动").click()
    expect(page).to_have_url(live_server.url + reverse("staff:account-password"))
    page.locator("input[name=old_password]").fill(TEMPORARY)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD + "!")
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD + "!")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_text("密码已修改。")).to_be_visible()
    expect(page.locator(".todo-liaison")).to_contain_text("审计结果公告解读")
    page.screenshot(path=screenshots / "onboarding-changed.png", full_page=True)
    phone.close()
