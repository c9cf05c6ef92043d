"""A worker that never sticks, and a send log that shows each office only what is about its own
regions."""

import datetime as dt
import importlib
import logging

import pytest
from django.apps import apps
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from openday.reminders.delivery import delivery_send
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import Delivery, Notification
from openday.reminders.services import Draft, deliveries_requeue, notification_record
from tests.factories import (
    ActivityFactory,
    CampaignFactory,
    MembershipFactory,
    OfficeFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories.declarations import DeclarationFactory
from tests.factories.reminders import DeliveryFactory, NotificationFactory

DELIVERIES = "/staff/deliveries/"


class BrokenBackend(BaseEmailBackend):
    """A mail backend with a surprise: neither an OSError nor anything a sender expects."""

    def send_messages(self, email_messages):
        raise ValueError("smtp.internal.example:2525 said something odd")


@pytest.fixture
def regions(db):
    """天心区 (A) and 浏阳市 (B), each with its office and admin; 李华 is a liaison in both,
    first in B."""
    a = OfficeFactory(region__name="天心区", region__slug="tianxin", name="天心区政务公开办")
    b = OfficeFactory(region__name="浏阳市", region__slug="liuyang", name="浏阳市政务公开办")
    world = type("Regions", (), {})()
    world.a, world.b = a.region, b.region
    world.admin_a = UserFactory(username="admin-a")
    MembershipFactory(user=world.admin_a, role=Role.OFFICE_ADMIN, region=world.a)
    world.admin_b = UserFactory(username="admin-b")
    MembershipFactory(user=world.admin_b, role=Role.OFFICE_ADMIN, region=world.b)
    world.both = UserFactory(username="lihua", email="lihua@example.gov.cn")
    for region in (world.b, world.a):
        unit = UnitFactory(region=region, name="教育局")
        MembershipFactory(user=world.both, role=Role.UNIT_LIAISON, region=region, unit=unit)
    return world


def failed_about(region, user, title):
    notification = NotificationFactory(recipient=user, title=title, region=region)
    return DeliveryFactory(
        notification=notification,
        channel=Channel.WEBHOOK,
        state=DeliveryState.FAILED,
        attempts=3,
        last_error="Webhook 无法连接，稍后重试。",
    )


# --- Region of a delivery ------------------------------------------------------------------


def test_an_office_sees_and_retries_only_deliveries_about_its_own_regions(client, regions):
    about_a = failed_about(regions.a, regions.both, "天心区的提醒")
    about_b = failed_about(regions.b, regions.both, "浏阳市的提醒")

    client.force_login(regions.admin_b)
    page_b = client.get(DELIVERIES).content.decode()
    retried_by_b = client.post(f"/staff/deliveries/{about_a.pk}/retry/")

    assert f'id="delivery-{about_b.pk}"' in page_b
    assert "天心区的提醒" not in page_b
    assert "共 1 条" in page_b
    assert retried_by_b.status_code == 404
    about_a.refresh_from_db()
    assert about_a.state == DeliveryState.FAILED

    client.force_login(regions.admin_a)
    page_a = client.get(DELIVERIES).content.decode()
    retried_by_a = client.post(f"/staff/deliveries/{about_a.pk}/retry/")

    assert f'id="delivery-{about_a.pk}"' in page_a
    assert "浏阳市的提醒" not in page_a
    assert retried_by_a.status_code == 302
    about_a.refresh_from_db()
    assert about_a.state == DeliveryState.PENDING
    assert AuditEntry.objects.get(action="重新发送提醒").region == regions.a


def test_a_notice_about_nothing_belongs_to_the_recipients_own_office(client, regions):
    """Recorded before regions were kept, or about no object: the office of the recipient's
    first membership (B for 李华), not every office they belong to."""
    notification = NotificationFactory(recipient=regions.both, title="没有对象的提醒")
    delivery = DeliveryFactory(notification=notification, state=DeliveryState.FAILED)

    client.force_login(regions.admin_a)
    assert "没有对象的提醒" not in client.get(DELIVERIES).content.decode()
    assert client.post(f"/staff/deliveries/{delivery.pk}/retry/").status_code == 404
    client.force_login(regions.admin_b)
    assert "没有对象的提醒" in client.get(DELIVERIES).content.decode()


def test_recorded_notifications_keep_the_region_of_what_they_are_about(regions):
    recorded = notification_record(
        draft=Draft(
            recipient=regions.both,
            occasion="x",
            title="报备\r\n即将到期",
            item_type="activities.activity",
            item_id=1,
            region_id=regions.a.pk,
        )
    )

    recorded.refresh_from_db()
    assert recorded.region == regions.a
    assert recorded.title == "报备 即将到期"


def test_the_migration_traces_each_recorded_notification_to_its_region(regions):
    campaign = CampaignFactory(region=regions.a, slug="tianxin-2023")
    activity = ActivityFactory(campaign=campaign, seq=1)
    unit = UnitFactory(region=regions.b, name="财政局")
    declaration = DeclarationFactory(campaign=campaign, unit=UnitFactory(region=regions.a))
    items = {
        "activities.activity": (activity.pk, regions.a),
        "campaigns.campaign": (campaign.pk, regions.a),
        "declarations.declaration": (declaration.pk, regions.a),
        "orgs.unit": (unit.pk, regions.b),
        "orgs.region": (regions.b.pk, regions.b),
        "": (None, None),
        "activities.activity:gone": (None, None),
    }
    for item_type, (item_id, _) in items.items():
        NotificationFactory(
            recipient=regions.both,
            item_type=item_type.removesuffix(":gone"),
            item_id=item_id if item_id else (999_999 if item_type else None),
        )
    migration = importlib.import_module("openday.reminders.migrations.0003_notification_region")

    migration.fill_regions(apps, None)

    found = list(Notification.objects.order_by("pk").values_list("region", flat=True))
    assert found == [region.pk if region else None for _, region in items.values()]


# --- A worker that never sticks ------------------------------------------------------------


@pytest.fixture
def emailed(regions, settings):
    settings.OPENDAY_DELIVERY_RETRY_DELAYS = [60]
    settings.OPENDAY_DELIVERY_LEASE = 300
    notification = NotificationFactory(
        recipient=regions.both, region=regions.b, title="报备即将到期"
    )
    return Delivery.objects.create(notification=notification, channel=Channel.EMAIL)


def test_an_unexpected_error_fails_the_delivery_once_with_a_reason_and_a_retry(
    client, regions, emailed, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    now = timezone.now()

    with caplog.at_level(logging.ERROR, logger="openday.reminders.delivery"):
        failed = delivery_send(delivery_id=emailed.pk, now=now)

    assert failed.state == DeliveryState.FAILED
    assert failed.last_error == "发送时出现意外错误"
    assert (failed.attempts, failed.next_attempt_at, failed.claimed_at) == (1, None, None)
    [record] = caplog.records
    assert f"delivery {emailed.pk} (email, attempt 1): unexpected error" in record.getMessage()
    assert "smtp.internal.example:2525" in caplog.text  # the traceback, in the server log
    # Never picked up again by itself, however late it gets.
    assert deliveries_requeue(now=now + dt.timedelta(days=1)) == 0
    assert delivery_send(delivery_id=emailed.pk, now=now + dt.timedelta(days=1)) is None

    client.force_login(regions.admin_b)
    page = client.get(DELIVERIES).content.decode()
    assert "发送时出现意外错误" in page
    assert "smtp.internal.example" not in page
    assert f'action="/staff/deliveries/{emailed.pk}/retry/"' in page


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(regions, emailed):
    # Stored before titles lost their line breaks.
    Notification.objects.filter(pk=emailed.notification_id).update(
        title="报备即将到期\r\nBcc: everyone@example.gov.cn"
    )

    sent = delivery_send(delivery_id=emailed.pk)

    assert sent.state == DeliveryState.SENT
    [message] = mail.outbox
    assert message.subject == "【政务公开主题日】报备即将到期 Bcc: everyone@example.gov.cn"
    assert message.bcc == []


def test_a_mail_server_that_is_down_shows_no_host_in_the_send_log(regions, emailed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.EMAIL_TIMEOUT = 1

    pending = delivery_send(delivery_id=emailed.pk)

    assert pending.state == DeliveryState.PENDING
    assert pending.last_error == "邮件服务器不可用，稍后重试。"
