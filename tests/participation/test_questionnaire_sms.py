"""The one-time phone code goes out on the region office's SMS webhook: ``reminders`` has
registered its sender with participation's registry (participation never imports reminders);
the network is the only thing replaced."""

import pytest

from openday.participation import questionnaires_phone
from openday.participation.questionnaires_phone import PhoneCodeMessage
from openday.reminders import channels, phone_codes
from openday.reminders.models import OfficeNotificationSettings

pytestmark = pytest.mark.django_db


def message(place) -> PhoneCodeMessage:
    return PhoneCodeMessage(
        region_id=place.region.pk,
        phone="13800001234",
        text="【政务公开主题日】验证码 123456",
        occasion="questionnaire-code:1:abc",
    )


def test_reminders_registered_its_sender():
    assert phone_codes.send_phone_code in questionnaires_phone.phone_code_senders()


def test_the_code_goes_to_the_offices_webhook_signed_with_its_secret(place, monkeypatch):
    OfficeNotificationSettings.objects.create(
        office=place.region.office,
        webhook_url="https://sms.example.cn/hook",
        webhook_secret="s" * 20,
    )
    calls = []
    monkeypatch.setattr(
        channels, "send_webhook", lambda outgoing, **where: calls.append((outgoing, where))
    )
    assert phone_codes.send_phone_code(message(place)) is True
    ((outgoing, where),) = calls
    assert where == {"url": "https://sms.example.cn/hook", "secret": "s" * 20}
    assert (outgoing.mobile, outgoing.body, outgoing.occasion) == (
        "13800001234",
        "【政务公开主题日】验证码 123456",
        "questionnaire-code:1:abc",
    )
    assert outgoing.email == ""


def test_a_gateway_refusal_is_false_and_never_raises(place, monkeypatch):
    def refuse(outgoing, **where):
        raise channels.PermanentError(channels.WEBHOOK_UNSIGNED)

    monkeypatch.setattr(channels, "send_webhook", refuse)
    assert phone_codes.send_phone_code(message(place)) is False
