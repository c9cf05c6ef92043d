"""The pages around sending: one's channels, an office's defaults, the send log with retry."""

import pytest

from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import (
    Delivery,
    NotificationPreference,
    OfficeNotificationSettings,
)
from tests.factories import MembershipFactory, OfficeFactory, UserFactory
from tests.factories.reminders import (
    DeliveryFactory,
    NotificationFactory,
    OfficeNotificationSettingsFactory,
)

PREFERENCES = "/staff/inbox/settings/"
DELIVERIES = "/staff/deliveries/"


@pytest.fixture
def place(world):
    """天心区 with its office and admin, and 浏阳市 with theirs."""
    world.office = OfficeFactory(region=world.region, name="天心区政务公开办")
    world.admin = UserFactory(username="tianxin-admin")
    MembershipFactory(user=world.admin, role=Role.OFFICE_ADMIN, region=world.region)
    other = OfficeFactory(region__name="浏阳市", region__slug="liuyang")
    world.other_region = other.region
    world.other_admin = UserFactory(username="liuyang-admin")
    MembershipFactory(user=world.other_admin, role=Role.OFFICE_ADMIN, region=other.region)
    return world


def failed(user, title="报备即将到期", error="Webhook 无法连接：Connection refused"):
    notification = NotificationFactory(
        recipient=user, occasion=f"test:{user.pk}:{title}", title=title
    )
    return DeliveryFactory(
        notification=notification,
        channel=Channel.WEBHOOK,
        state=DeliveryState.FAILED,
        attempts=6,
        last_error=error,
    )


def test_preferences_page_shows_the_offices_defaults_and_what_applies(client, place):
    OfficeNotificationSettingsFactory(office=place.office, by_email=True)
    client.force_login(place.jiaoyu_liaison)

    page = client.get(PREFERENCES).content.decode()

    assert "天心区政务公开办的默认设置：站内消息、电子邮件。" in page
    assert '<strong class="current-channels">站内消息、电子邮件</strong>' in page


def test_a_person_chooses_sms_with_a_mobile_and_it_applies(client, place):
    client.force_login(place.jiaoyu_liaison)

    response = client.post(
        PREFERENCES,
        {"follow_office": "0", "by_webhook": "on", "mobile": "13800000001", "email": ""},
    )

    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=place.jiaoyu_liaison)
    assert preference.channels == [Channel.INBOX, Channel.WEBHOOK]
    assert preference.mobile == "13800000001"
    assert "提醒设置已保存。" in client.get(PREFERENCES).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"follow_office": "0", "by_email": "on"}, "选择电子邮件提醒时，请填写电子邮箱。"),
        ({"follow_office": "0", "by_webhook": "on"}, "选择短信提醒时，请填写手机号码。"),
        ({"follow_office": "0", "mobile": "12345"}, "请输入11位手机号码"),
        ({"follow_office": "0", "email": "not-an-email"}, "请输入有效的电子邮箱"),
        ({"follow_office": "2"}, "提醒渠道"),
        ({}, "请选择提醒渠道的设置方式。"),
    ],
)
def test_bad_preferences_are_refused_with_the_field_and_nothing_saved(client, place, data, message):
    client.force_login(place.jiaoyu_liaison)

    response = client.post(PREFERENCES, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "提醒设置未保存" in page
    assert message in page
    assert not NotificationPreference.objects.exists()


def test_an_office_admin_sets_defaults_and_the_secret_is_kept_when_left_blank(client, place):
    url = f"/staff/regions/{place.region.slug}/notification-settings/"
    client.force_login(place.admin)
    hook = "https://sms.example.gov.cn/hook"

    first = client.post(url, {"by_webhook": "on", "webhook_url": hook, "webhook_secret": "s" * 20})
    second = client.post(url, {"by_webhook": "on", "by_email": "on", "webhook_url": hook})

    assert first.status_code == second.status_code == 302
    saved = OfficeNotificationSettings.objects.get(office=place.office)
    assert saved.channels == [Channel.INBOX, Channel.EMAIL, Channel.WEBHOOK]
    assert saved.webhook_secret == "s" * 20
    page = client.get(url).content.decode()
    assert "已保存签名密钥。" in page
    assert "s" * 20 not in page
    assert AuditEntry.objects.filter(action="修改提醒渠道默认设置").count() == 2

    # A webhook is never left unsigned: the secret goes only with the address.
    kept = client.post(url, {"webhook_url": hook, "clear_secret": "on"})
    assert kept.status_code == 400
    assert "填写了 Webhook 地址时不能清除签名密钥。" in kept.content.decode()
    assert OfficeNotificationSettings.objects.get(office=place.office).webhook_secret == "s" * 20
    client.post(url, {"webhook_url": "", "clear_secret": "on"})
    assert OfficeNotificationSettings.objects.get(office=place.office).webhook_secret == ""


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"by_webhook": "on"}, "webhook_url", "默认发送短信时，请填写 Webhook 地址。"),
        ({"webhook_url": "not a url"}, "webhook_url", "请输入完整的网址"),
        ({"webhook_secret": "short"}, "webhook_secret", "签名密钥至少16个字符。"),
    ],
)
def test_bad_office_defaults_are_refused_and_nothing_saved(client, place, data, field, message):
    client.force_login(place.admin)

    response = client.post(f"/staff/regions/{place.region.slug}/notification-settings/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OfficeNotificationSettings.objects.exists()


def test_the_send_log_shows_the_regions_deliveries_with_why_they_failed(client, place):
    mine = failed(place.jiaoyu_liaison)
    failed(place.other_admin, title="浏阳的提醒")
    client.force_login(place.admin)

    page = client.get(DELIVERIES).content.decode()

    assert f'id="delivery-{mine.pk}"' in page
    assert "Webhook 无法连接：Connection refused" in page
    assert "浏阳的提醒" not in page
    assert "共 1 条" in page
    assert "天心区政务公开办默认提醒渠道" in page


def test_the_send_log_filters_by_state_channel_and_recipient(client, place):
    failed(place.jiaoyu_liaison, title="教育局的提醒")
    sent = failed(place.yibao_liaison, title="医保局的提醒")
    Delivery.objects.filter(pk=sent.pk).update(state=DeliveryState.SENT)
    client.force_login(place.admin)

    by_state = client.get(DELIVERIES, {"state": "failed"}).content.decode()
    by_name = client.get(DELIVERIES, {"recipient": "yibao"}).content.decode()
    by_channel = client.get(DELIVERIES, {"channel": "email"}).content.decode()

    assert "教育局的提醒" in by_state
    assert "医保局的提醒" not in by_state
    assert "医保局的提醒" in by_name
    assert "教育局的提醒" not in by_name
    assert "没有符合条件的发送记录。" in by_channel


def test_an_office_admin_retries_a_failed_delivery_from_the_log(
    client, place, django_capture_on_commit_callbacks
):
    delivery = failed(place.jiaoyu_liaison)
    client.force_login(place.admin)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(f"/staff/deliveries/{delivery.pk}/retry/")

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING
    assert len(queued) == 1
    assert "已重新排队发送：报备即将到期" in client.get(DELIVERIES).content.decode()


def test_retrying_what_has_not_failed_is_refused_with_a_message(client, place):
    delivery = failed(place.jiaoyu_liaison)
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENT)
    client.force_login(place.admin)

    response = client.post(f"/staff/deliveries/{delivery.pk}/retry/")

    assert response.status_code == 400
    assert "只有发送失败的记录可以重新发送。" in response.content.decode()
    assert not AuditEntry.objects.filter(action="重新发送提醒").exists()


def test_another_regions_admin_can_neither_see_nor_retry_a_delivery(client, place):
    delivery = failed(place.jiaoyu_liaison)
    client.force_login(place.other_admin)

    assert client.post(f"/staff/deliveries/{delivery.pk}/retry/").status_code == 404
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED


def test_a_liaison_may_not_read_the_send_log(client, place):
    client.force_login(place.jiaoyu_liaison)
    assert client.get(DELIVERIES).status_code == 403


def test_the_admin_retries_the_selected_failed_deliveries_and_leaves_the_rest(client, place):
    broken = failed(place.jiaoyu_liaison)
    sent = failed(place.yibao_liaison, title="已发送的提醒")
    Delivery.objects.filter(pk=sent.pk).update(state=DeliveryState.SENT)
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)

    response = client.post(
        "/admin/reminders/delivery/",
        {"action": "retry_failed", "_selected_action": [broken.pk, sent.pk]},
        follow=True,
    )

    assert "已重新排队 1 条发送记录。" in response.content.decode()
    broken.refresh_from_db()
    sent.refresh_from_db()
    assert broken.state == DeliveryState.PENDING
    assert sent.state == DeliveryState.SENT
