"""Reminders in a real browser: a liaison finds the month-start reminder through the header's
unread count, reads it and chooses SMS; the office finds a failed SMS in the send log, with
why it failed, and sends it again once the gateway is set."""

import socket

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from openday.orgs.enums import Role
from openday.reminders.delivery import delivery_send
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Delivery
from tests.e2e.test_declaration_journey import log_in, nav, new_page
from tests.factories import MembershipFactory, OfficeFactory
from tests.factories.reminders import NotificationPreferenceFactory
from tests.reminders.conftest import FakeDNS, World
from tests.reminders.test_month_start import JUNE_1

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "e2e_cache")]


def test_a_liaison_reads_a_reminder_and_the_office_retries_a_failed_sms(
    live_server, browser, screenshots, settings, monkeypatch
):
    settings.OPENDAY_WEBHOOK_URL = ""
    # The settings page resolves the gateway's host: from a table, never a real DNS server.
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS().getaddrinfo)
    world = World()
    OfficeFactory(region=world.region, name="天心区政务公开办")
    MembershipFactory(user__username="txadmin", role=Role.OFFICE_ADMIN, region=world.region)
    NotificationPreferenceFactory(
        user=world.jiaoyu_liaison, follow_office=False, by_webhook=True, mobile="13800000001"
    )
    run_due_jobs(JUNE_1, only=["month-start"])
    sms = Delivery.objects.get(
        notification__recipient=world.jiaoyu_liaison, channel=Channel.WEBHOOK
    )
    delivery_send(delivery_id=sms.pk)
    base = live_server.url

    liaison = new_page(browser)
    log_in(liaison, base, "jiaoyu")
    inbox_link = liaison.get_by_role("link", name="站内消息（1条未读）")
    expect(inbox_link).to_be_visible()
    inbox_link.click()
    expect(liaison.get_by_role("heading", name="站内消息", level=1)).to_be_visible()
    reminder = liaison.locator(".notification").filter(has_text="6月主题日活动提醒")
    expect(reminder).to_contain_text("教育政策进校园（6月，2023-06-15）")
    expect(reminder).to_contain_text("现场工作人员不少于3人")
    liaison.screenshot(path=screenshots / "reminders-inbox.png", full_page=True)
    reminder.get_by_role("button", name="标为已读").click()
    expect(liaison.get_by_text("共 1 条，0 条未读。")).to_be_visible()
    expect(liaison.get_by_role("link", name="站内消息", exact=True)).to_be_visible()

    liaison.get_by_role("link", name="提醒设置").click()
    liaison.get_by_label("自行选择").check()
    liaison.get_by_label("电子邮件").check()
    liaison.get_by_role("button", name="保存提醒设置").click()
    expect(liaison.get_by_role("alert")).to_contain_text("选择电子邮件提醒时，请填写电子邮箱。")
    liaison.get_by_label("电子邮箱").fill("jiaoyu@example.gov.cn")
    liaison.get_by_role("button", name="保存提醒设置").click()
    expect(liaison.get_by_text("提醒设置已保存。")).to_be_visible()
    expect(liaison.locator(".current-channels")).to_have_text(
        "站内消息、电子邮件、短信网关（Webhook）"
    )

    admin: Page = new_page(browser)
    log_in(admin, base, "txadmin")
    nav(admin, "发送记录")
    failed = admin.locator(f"#delivery-{sms.pk}")
    expect(failed).to_contain_text("本单位未配置 Webhook 地址，无法发送。")
    expect(failed).to_contain_text("发送失败")
    admin.screenshot(path=screenshots / "reminders-send-log.png", full_page=True)

    admin.get_by_role("link", name="天心区政务公开办默认提醒渠道").click()
    admin.get_by_label("Webhook 地址").fill("https://sms.example.gov.cn/hook")
    admin.get_by_label("签名密钥", exact=True).fill("a-secret-of-sixteen+")
    admin.get_by_role("button", name="保存默认设置").click()
    expect(admin.get_by_text("默认提醒渠道已保存。")).to_be_visible()
    admin.goto(base + reverse("staff:delivery-list"))
    admin.locator(f"#delivery-{sms.pk}").get_by_role("button", name="重新发送").click()
    expect(admin.get_by_text("已重新排队发送：6月主题日活动提醒：区教育局本月2场")).to_be_visible()
    expect(admin.locator(f"#delivery-{sms.pk}")).to_contain_text("待发送")
    sms.refresh_from_db()
    assert sms.state == DeliveryState.PENDING
