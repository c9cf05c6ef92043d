"""E-mails to the public who signed up: the reminder the day before, the word that a waiting
sign-up moved up, each once, and the send with its retries."""

import datetime as dt
import smtplib
import zoneinfo
from unittest import mock

import pytest
from django.core import mail

from openday.activities.services import activity_cancel
from openday.participation.enums import SignupState
from openday.participation.services import (
    SignupInput,
    signup_cancel,
    signup_create,
    signup_settings_save,
)
from openday.reminders.enums import DeliveryState
from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Notification, PublicEmail
from openday.reminders.public_emails import public_emails_send
from tests.participation.conftest import HELD_ON, NOW, PURPOSE, Place

pytestmark = pytest.mark.django_db

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY_BEFORE = dt.datetime.combine(HELD_ON - dt.timedelta(days=1), dt.time(9, 0), tzinfo=TZ)


@pytest.fixture
def place(db) -> Place:
    place = Place()
    # The same sign-up, now asking for an e-mail address.
    signup_settings_save(
        actor=place.admin,
        activity=place.activity_1,
        enabled=True,
        capacity=3,
        waitlist_size=2,
        deadline=NOW + dt.timedelta(days=1),
        purpose=PURPOSE,
        ask_email=True,
        now=NOW,
    )
    return place


def sign(place, n, size=1, email=""):
    data = SignupInput(
        name=f"市民{n}", phone=f"1380000{n:04d}", group="public", party_size=size, email=email
    )
    return signup_create(activity=place.activity_1, data=data, now=NOW)


def run(moment, *jobs):
    return run_due_jobs(moment, only=jobs or ["signup-day-before", "public-emails"])


def test_the_day_before_each_confirmed_sign_up_with_an_email_gets_one_reminder(place, mailoutbox):
    first = sign(place, 1, size=2, email="a@example.com").signup
    sign(place, 2, size=1)  # no address: nothing to send
    waiting = sign(place, 3, size=1, email="c@example.com").signup
    assert waiting.state == SignupState.WAITLISTED

    assert run(DAY_BEFORE) == []  # public e-mails are not notifications

    assert [m.to for m in mailoutbox] == [["a@example.com"]]
    message = mailoutbox[0]
    assert message.subject == "【政务公开主题日】明天参加活动提醒：社保政策宣讲"
    assert "将于明天举行" in message.body
    assert "活动时间：2023年6月20日（星期二）" in message.body
    assert f"确认码：{first.code}（现场签到时出示）" in message.body
    assert "报名人数：2人" in message.body
    assert "/column/tianxin-2023/notices/1/" in message.body
    assert message.extra_headers["Message-ID"].startswith("<public-email-")
    email = PublicEmail.objects.get()
    assert email.occasion == f"signup-day-before:{first.pk}:2023-06-20"
    assert (email.state, email.attempts, email.address) == (DeliveryState.SENT, 1, "")
    assert Notification.objects.count() == 0

    # Reruns the same day, or a second scheduler, send nothing more.
    run(DAY_BEFORE + dt.timedelta(hours=3))
    run(DAY_BEFORE + dt.timedelta(hours=3))
    assert len(mailoutbox) == 1
    assert PublicEmail.objects.count() == 1


@pytest.mark.parametrize(
    ("moment", "sent"),
    [
        (DAY_BEFORE - dt.timedelta(minutes=1), 0),  # before 09:00
        (DAY_BEFORE - dt.timedelta(days=1), 0),  # two days before
        (DAY_BEFORE + dt.timedelta(days=1), 0),  # the day itself
        (DAY_BEFORE, 1),
    ],
)
def test_only_the_day_before_from_nine(place, mailoutbox, moment, sent):
    sign(place, 1, email="a@example.com")
    run(moment)
    assert len(mailoutbox) == sent


def test_a_cancelled_sign_up_or_activity_is_not_reminded(place, mailoutbox):
    result = sign(place, 1, email="a@example.com")
    signup_cancel(token=result.cancel_token, now=NOW)
    run(DAY_BEFORE)
    assert mailoutbox == []

    sign(place, 2, email="b@example.com")
    activity_cancel(actor=place.admin, activity=place.activity_1, reason="场地临时征用")
    run(DAY_BEFORE)
    assert mailoutbox == []


def test_a_promoted_sign_up_is_told_once_and_reminded_the_day_before(
    place, mailoutbox, django_capture_on_commit_callbacks
):
    first = sign(place, 1, size=3)
    waiting = sign(place, 2, size=1, email="b@example.com").signup
    # The listener runs once the cancellation commits.
    with django_capture_on_commit_callbacks(execute=True):
        signup_cancel(token=first.cancel_token, now=NOW)
    waiting.refresh_from_db()
    assert waiting.state == SignupState.CONFIRMED

    run(NOW, "public-emails")
    assert [m.subject for m in mailoutbox] == [
        "【政务公开主题日】候补报名已转为正式报名：社保政策宣讲"
    ]
    assert "您在《" in mailoutbox[0].body
    assert "的候补报名已转为正式报名。" in mailoutbox[0].body
    assert f"确认码：{waiting.code}" in mailoutbox[0].body
    assert PublicEmail.objects.get().occasion == f"signup-promoted:{waiting.pk}"

    run(DAY_BEFORE)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject.endswith("明天参加活动提醒：社保政策宣讲")


def test_a_promoted_sign_up_without_an_email_gets_nothing(
    place, mailoutbox, django_capture_on_commit_callbacks
):
    first = sign(place, 1, size=3)
    sign(place, 2, size=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        signup_cancel(token=first.cancel_token, now=NOW)
    assert callbacks  # the listener ran, and chose not to write
    run(NOW, "public-emails")
    assert mailoutbox == []
    assert PublicEmail.objects.count() == 0


def test_a_mail_server_down_is_retried_then_given_up(place, mailoutbox, settings):
    settings.OPENDAY_DELIVERY_RETRY_DELAYS = [60]
    sign(place, 1, email="a@example.com")
    down = smtplib.SMTPServerDisconnected("down")
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=down):
        run(DAY_BEFORE, "signup-day-before")
        assert public_emails_send(now=DAY_BEFORE) == 0
        email = PublicEmail.objects.get()
        assert (email.state, email.attempts) == (DeliveryState.PENDING, 1)
        assert email.last_error == "邮件服务器不可用，稍后重试。"
        assert email.next_attempt_at == DAY_BEFORE + dt.timedelta(seconds=60)
        # Not due yet: not tried.
        assert public_emails_send(now=DAY_BEFORE + dt.timedelta(seconds=30)) == 0
        assert PublicEmail.objects.get().attempts == 1
        assert public_emails_send(now=DAY_BEFORE + dt.timedelta(seconds=61)) == 0
    email.refresh_from_db()
    assert (email.state, email.attempts, email.address) == (DeliveryState.FAILED, 2, "")
    assert public_emails_send(now=DAY_BEFORE + dt.timedelta(days=1)) == 0
    assert mail.outbox == []
