"""Sessions end (after 8 hours, and when the browser closes) and weak passwords are refused."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EIGHT_HOURS = 8 * 3600


def test_settings_expire_sessions():
    assert settings.SESSION_COOKIE_AGE == EIGHT_HOURS
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    # Sessions live in the database, shared by every app process.
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_settings_validate_passwords_strongly():
    assert [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS] == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"] == {"min_length": 10}


def login(client):
    UserFactory(username="txadmin")
    response = client.post(
        reverse("staff:login"), {"username": "txadmin", "password": "openday-test-pass"}
    )
    assert response.status_code == 302
    return response


def test_login_cookie_ends_with_the_browser(client):
    response = login(client)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # No Max-Age and no Expires: the browser drops it when it closes.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert client.session.get_expire_at_browser_close() is True


def test_the_server_ends_a_session_after_eight_hours(client):
    before = timezone.now()
    login(client)
    session = Session.objects.get(session_key=client.session.session_key)
    assert before + dt.timedelta(seconds=EIGHT_HOURS) <= session.expire_date
    assert session.expire_date <= timezone.now() + dt.timedelta(seconds=EIGHT_HOURS)
    assert client.get(reverse("staff:home")).status_code == 200

    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(1))
    response = client.get(reverse("staff:home"))

    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('staff:login')}?next=/staff/"


@pytest.mark.parametrize(
    ("password", "codes", "messages"),
    [
        ("password123", ["password_too_common"], ["这个密码太常见了。"]),
        ("txadmin2023", ["password_too_similar"], ["密码跟 用户名 太相似了。"]),
        ("2023081512345", ["password_entirely_numeric"], ["密码只包含数字。"]),
        # Django 5.2's Chinese catalogue lacks the new wording of the length message, so only
        # its code is checked here.
        (
            "12345678",
            ["password_too_short", "password_too_common", "password_entirely_numeric"],
            [None, "这个密码太常见了。", "密码只包含数字。"],
        ),
    ],
)
def test_a_password_change_refuses_a_weak_password(password, codes, messages):
    user = UserFactory(username="txadmin")
    form = PasswordChangeForm(
        user,
        {
            "old_password": "openday-test-pass",
            "new_password1": password,
            "new_password2": password,
        },
    )

    assert not form.is_valid()
    errors = form.errors.as_data()["new_password2"]
    assert [e.code for e in errors] == codes
    assert [
        expected and " ".join(e.messages) for e, expected in zip(errors, messages, strict=True)
    ] == messages


def test_a_password_change_accepts_a_strong_password():
    user = UserFactory(username="txadmin")
    form = PasswordChangeForm(
        user,
        {
            "old_password": "openday-test-pass",
            "new_password1": "湘江-政务公开-2023!",
            "new_password2": "湘江-政务公开-2023!",
        },
    )

    assert form.is_valid(), form.errors
