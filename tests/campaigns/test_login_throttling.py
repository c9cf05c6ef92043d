"""Repeated wrong passwords lock the username out (django-axes, counted in the database)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/staff/login/"


def attempt(client, password: str):
    return client.post(LOGIN, {"username": "tianxin-admin", "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, settings):
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "wrong")
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode()

    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert attempt(client, "openday-right-pass").status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, settings):
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "openday-right-pass").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "wrong").status_code == 200
