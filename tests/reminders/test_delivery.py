"""Sending on each channel: claim, send, back off, give up, retry; who takes which channel."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.utils import timezone

from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.reminders import channels
from openday.reminders.delivery import delivery_send, retry_delay
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import Delivery, NotificationPreference
from openday.reminders.preferences import channels_for
from openday.reminders.services import (
    Draft,
    deliveries_requeue,
    delivery_retry,
    notification_record,
    preference_save,
)
from tests.factories import MembershipFactory, OfficeFactory, UserFactory
from tests.factories.reminders import (
    NotificationPreferenceFactory,
    OfficeNotificationSettingsFactory,
)
from tests.reminders.conftest import SECRET


@pytest.fixture
def person(db, settings):
    settings.OPENDAY_DELIVERY_RETRY_DELAYS = [60, 300]
    user = UserFactory(username="jiaoyu", email="jiaoyu@example.gov.cn")
    NotificationPreferenceFactory(
        user=user, follow_office=False, by_email=True, by_webhook=True, mobile="13800000001"
    )
    return user


def record(user, occasion="deadline-soon:1:2023-06-08"):
    return notification_record(
        draft=Draft(
            recipient=user,
            occasion=occasion,
            title="报备即将到期：教育政策进校园",
            body="请在6月8日前报备。",
            link="/staff/campaigns/tianxin-2023/activities/1/",
            item_type="activities.activity",
            item_id=7,
        )
    )


def delivery(notification, channel) -> Delivery:
    return notification.deliveries.get(channel=channel)


def test_a_notification_gets_one_delivery_per_channel_the_person_takes(person):
    notification = record(person)

    assert sorted(notification.deliveries.values_list("channel", flat=True)) == [
        "email",
        "inbox",
        "webhook",
    ]
    assert record(person) is None
    assert Delivery.objects.count() == 3


def test_channels_follow_the_person_then_the_office_then_the_inbox_alone(db):
    office = OfficeFactory()
    user = UserFactory()
    assert channels_for(user) == [Channel.INBOX]

    MembershipFactory(user=user, region=office.region)
    OfficeNotificationSettingsFactory(office=office, by_email=True)
    assert channels_for(user) == [Channel.INBOX, Channel.EMAIL]

    NotificationPreferenceFactory(user=user, follow_office=False, by_webhook=True)
    assert channels_for(user) == [Channel.INBOX, Channel.WEBHOOK]


def test_email_goes_once_with_a_stable_message_id_and_the_full_link(person, settings):
    settings.SITE_URL = "https://openday.example.gov.cn"
    notification = record(person)

    sent = delivery_send(delivery_id=delivery(notification, Channel.EMAIL).pk)
    again = delivery_send(delivery_id=sent.pk)

    assert sent.state == DeliveryState.SENT
    assert sent.address == "jiaoyu@example.gov.cn"
    assert again is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "【政务公开主题日】报备即将到期：教育政策进校园"
    assert message.to == ["jiaoyu@example.gov.cn"]
    assert message.extra_headers["Message-ID"] == f"<delivery-{sent.pk}@openday>"
    assert "https://openday.example.gov.cn/staff/campaigns/tianxin-2023/activities/1/" in (
        message.body
    )


def test_email_without_an_address_fails_at_once_with_the_reason(person):
    person.email = ""
    person.save()
    notification = record(person)

    failed = delivery_send(delivery_id=delivery(notification, Channel.EMAIL).pk)

    assert failed.state == DeliveryState.FAILED
    assert failed.last_error == "接收人未填写电子邮箱，无法发送邮件。"
    assert mail.outbox == []


def test_webhook_posts_signed_json_with_the_delivery_id(person, receiver, settings):
    hook = receiver(200)
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = hook.url, SECRET
    notification = record(person)

    sent = delivery_send(delivery_id=delivery(notification, Channel.WEBHOOK).pk)

    assert sent.state == DeliveryState.SENT
    assert sent.address == "13800000001"
    [request] = hook.requests
    assert request["valid"]
    assert request["headers"]["X-Openday-Delivery"] == str(sent.pk)
    payload = json.loads(request["body"])
    assert payload["delivery"] == sent.pk
    assert payload["occasion"] == "deadline-soon:1:2023-06-08"
    assert payload["title"] == "报备即将到期：教育政策进校园"
    assert payload["recipient"]["mobile"] == "13800000001"
    assert payload["item"] == "activities.activity:7"


def test_a_signature_under_another_secret_or_too_old_does_not_verify():
    body = b'{"a": 1}'
    now = str(int(timezone.now().timestamp()))
    signed = {
        channels.TIMESTAMP_HEADER: now,
        channels.SIGNATURE_HEADER: channels.webhook_signature(SECRET, now, body),
    }
    assert channels.webhook_verify(SECRET, signed, body)
    assert not channels.webhook_verify("another-secret-here", signed, body)
    assert not channels.webhook_verify(SECRET, signed, b'{"a": 2}')
    old = str(int(timezone.now().timestamp()) - 3600)
    stale = {
        channels.TIMESTAMP_HEADER: old,
        channels.SIGNATURE_HEADER: channels.webhook_signature(SECRET, old, body),
    }
    assert not channels.webhook_verify(SECRET, stale, body)


def test_webhook_down_backs_off_then_delivers_once_when_back(person, receiver, settings):
    hook = receiver(503, 502)
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = hook.url, SECRET
    notification = record(person)
    pk = delivery(notification, Channel.WEBHOOK).pk
    start = timezone.now()

    first = delivery_send(delivery_id=pk, now=start)
    assert first.state == DeliveryState.PENDING
    assert first.attempts == 1
    assert first.last_error == "Webhook 返回 HTTP 503，稍后重试。"
    assert first.next_attempt_at - start >= dt.timedelta(seconds=60)

    # Not due yet: nothing goes out, however often a worker asks.
    assert delivery_send(delivery_id=pk, now=start + dt.timedelta(seconds=30)) is None

    second = delivery_send(delivery_id=pk, now=first.next_attempt_at)
    assert second.attempts == 2
    assert second.next_attempt_at - first.next_attempt_at >= dt.timedelta(seconds=300)

    third = delivery_send(delivery_id=pk, now=second.next_attempt_at)
    assert third.state == DeliveryState.SENT
    assert third.last_error == ""
    assert [r["headers"]["X-Openday-Delivery"] for r in hook.requests] == [str(pk)] * 3
    assert delivery_send(delivery_id=pk, now=third.sent_at + dt.timedelta(days=1)) is None


def test_webhook_unreachable_is_retried_and_gives_up_after_the_last_delay(
    person, receiver, settings
):
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = "http://127.0.0.1:9/", SECRET
    notification = record(person)
    pk = delivery(notification, Channel.WEBHOOK).pk
    moment = timezone.now()

    for _ in settings.OPENDAY_DELIVERY_RETRY_DELAYS:
        pending = delivery_send(delivery_id=pk, now=moment)
        assert pending.state == DeliveryState.PENDING
        # The same words whatever the socket said: no port or host to learn from the log.
        assert pending.last_error == "Webhook 无法连接，稍后重试。"
        moment = pending.next_attempt_at
    failed = delivery_send(delivery_id=pk, now=moment)

    assert failed.state == DeliveryState.FAILED
    assert failed.attempts == 3
    assert failed.next_attempt_at is None


def test_webhook_refusal_is_not_retried(person, receiver, settings):
    hook = receiver(400)
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = hook.url, SECRET
    notification = record(person)

    failed = delivery_send(delivery_id=delivery(notification, Channel.WEBHOOK).pk)

    assert failed.state == DeliveryState.FAILED
    assert failed.last_error == "Webhook 返回 HTTP 400，请求被拒绝。"


def test_webhook_without_an_address_or_a_mobile_fails_with_the_reason(person, settings):
    settings.OPENDAY_WEBHOOK_URL = ""
    notification = record(person)
    failed = delivery_send(delivery_id=delivery(notification, Channel.WEBHOOK).pk)
    assert failed.last_error == "本单位未配置 Webhook 地址，无法发送。"

    settings.OPENDAY_WEBHOOK_URL = "http://127.0.0.1:9/closed"
    person.notification_preference.mobile = ""
    person.notification_preference.save()
    other = record(person, occasion="other")
    failed = delivery_send(delivery_id=delivery(other, Channel.WEBHOOK).pk)
    assert failed.last_error == "接收人未填写手机号码，短信网关无法发送。"


def test_a_claimed_delivery_is_not_sent_by_another_worker_until_its_lease_runs_out(
    person, settings
):
    settings.OPENDAY_DELIVERY_LEASE = 300
    notification = record(person)
    pending = delivery(notification, Channel.EMAIL)
    now = timezone.now()
    notification.deliveries.exclude(pk=pending.pk).update(state=DeliveryState.SENT)
    # A worker claimed it and died before it finished.
    Delivery.objects.filter(pk=pending.pk).update(
        state=DeliveryState.SENDING, claimed_at=now, attempts=1
    )

    assert delivery_send(delivery_id=pending.pk, now=now + dt.timedelta(seconds=60)) is None
    assert deliveries_requeue(now=now + dt.timedelta(seconds=60)) == 0
    assert deliveries_requeue(now=now + dt.timedelta(seconds=301)) == 1
    sent = delivery_send(delivery_id=pending.pk, now=now + dt.timedelta(seconds=301))

    assert sent.state == DeliveryState.SENT
    assert sent.attempts == 2
    assert len(mail.outbox) == 1


def test_a_late_finish_does_not_overwrite_the_claim_that_replaced_it(person, monkeypatch):
    notification = record(person)
    pk = delivery(notification, Channel.EMAIL).pk

    def stolen(message):
        # While this worker sends, its claim is taken over (it was too slow) and sent.
        Delivery.objects.filter(pk=pk).update(
            attempts=2, state=DeliveryState.SENT, sent_at=timezone.now()
        )
        raise channels.RetryableError("超时")

    monkeypatch.setattr(channels, "send_email", stolen)
    delivery_send(delivery_id=pk)

    assert Delivery.objects.get(pk=pk).state == DeliveryState.SENT


def test_retry_delays_come_from_settings(settings):
    settings.OPENDAY_DELIVERY_RETRY_DELAYS = [1, 2]
    assert [retry_delay(n) for n in (1, 2, 3)] == [
        dt.timedelta(seconds=1),
        dt.timedelta(seconds=2),
        None,
    ]


def test_a_failed_delivery_is_retried_with_a_fresh_round_and_an_audit_entry(person, settings):
    settings.OPENDAY_WEBHOOK_URL = ""
    notification = record(person)
    failed = delivery_send(delivery_id=delivery(notification, Channel.WEBHOOK).pk)
    admin = UserFactory(username="office")

    retried = delivery_retry(actor=admin, delivery=failed)

    assert retried.state == DeliveryState.PENDING
    assert retried.attempts == 0
    entry = AuditEntry.objects.get(action="重新发送提醒")
    assert entry.actor == admin
    assert entry.before["error"] == "本单位未配置 Webhook 地址，无法发送。"
    with pytest.raises(DomainError, match="只有发送失败的记录可以重新发送"):
        delivery_retry(actor=admin, delivery=retried)


def test_preference_save_checks_the_address_of_each_chosen_channel(db):
    user = UserFactory(email="")
    with pytest.raises(DomainError) as error:
        preference_save(
            user=user, follow_office=False, by_email=True, by_webhook=False, email="", mobile=""
        )
    assert error.value.field == "email"
    assert not NotificationPreference.objects.exists()

    saved = preference_save(
        user=user,
        follow_office=False,
        by_email=True,
        by_webhook=False,
        email="a@example.gov.cn",
        mobile="",
    )
    user.refresh_from_db()
    assert user.email == "a@example.gov.cn"
    assert saved.channels == [Channel.INBOX, Channel.EMAIL]
