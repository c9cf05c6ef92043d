"""Repeated wrong passwords lock the username out (django-axes, counted in the database):
per username from one address, per username from every address, per address for every
username, with the client's address read through the trusted reverse proxies."""

import pytest
from axes.models import AccessAttempt

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


# --- Behind the reverse proxy, and attacks spread over usernames or addresses ----------------

PROXY = "10.0.0.2"


def login(client, username: str, password: str, address: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


@pytest.fixture
def behind_one_proxy(settings):
    settings.OPENDAY_TRUSTED_PROXY_COUNT = 1


def test_behind_the_proxy_one_clients_failures_do_not_lock_another(
    client, settings, behind_one_proxy
):
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    answers = [
        login(client, "tianxin-admin", "wrong", PROXY, forwarded="203.0.113.5").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]

    # The owner, at another address behind the same proxy, signs in.
    owner = login(client, "tianxin-admin", "openday-right-pass", PROXY, forwarded="198.51.100.7")

    assert owner.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_behind_the_proxy_what_a_client_writes_into_x_forwarded_for_is_not_believed(
    client, settings, behind_one_proxy
):
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    # The client claims a new address each time; the proxy appends the one it saw.
    for claimed in range(settings.AXES_FAILURE_LIMIT):
        login(client, "tianxin-admin", "wrong", PROXY, forwarded=f"192.0.2.{claimed}, 203.0.113.5")

    refused = login(client, "tianxin-admin", "openday-right-pass", PROXY, forwarded="203.0.113.5")

    assert refused.status_code == 429


@pytest.mark.parametrize("forwarded", ["not-an-address", "", "203.0.113.5, ", "<script>"], ids=repr)
def test_a_garbled_forwarded_header_counts_the_connecting_address(
    client, settings, behind_one_proxy, forwarded
):
    UserFactory(username="tianxin-admin", password="openday-right-pass")

    response = login(client, "tianxin-admin", "wrong", PROXY, forwarded=forwarded)

    assert response.status_code == 200
    expected = "203.0.113.5" if forwarded == "203.0.113.5, " else PROXY
    assert AccessAttempt.objects.get().ip_address == expected


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, settings):
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    for claimed in range(settings.AXES_FAILURE_LIMIT):
        login(client, "tianxin-admin", "wrong", "203.0.113.5", forwarded=f"192.0.2.{claimed}")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    assert login(client, "tianxin-admin", "openday-right-pass", "203.0.113.5").status_code == 429


def test_one_username_attacked_from_many_addresses_is_locked(client, settings):
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    limit = settings.AXES_USERNAME_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        assert login(client, "tianxin-admin", "wrong", f"198.51.100.{n}").status_code == 200
    assert login(client, "tianxin-admin", "wrong", "198.51.100.200").status_code == 429

    # Even the right password, from an address that never failed, is refused for a while.
    refused = login(client, "tianxin-admin", "openday-right-pass", "203.0.113.77")

    assert refused.status_code == 429
    assert "登录已暂时锁定" in refused.content.decode()


def test_below_the_username_limit_failures_elsewhere_do_not_lock_the_owner(client, settings):
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT - 1):
        login(client, "tianxin-admin", "wrong", f"198.51.100.{n}")

    assert login(client, "tianxin-admin", "openday-right-pass", "203.0.113.77").status_code == 302


def test_one_address_trying_a_few_passwords_on_every_username_is_locked(client, settings):
    per_username = settings.AXES_FAILURE_LIMIT - 1
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    usernames = [f"liaison-{n}" for n in range(-(-limit // per_username))]
    for username in [*usernames, "tianxin-admin"]:
        UserFactory(username=username, password="openday-right-pass")
    guesses = [username for username in usernames for _ in range(per_username)][:limit]
    answers = [login(client, username, "wrong", "203.0.113.5").status_code for username in guesses]

    # No username reached its own limit, but the address has: it is refused for every one.
    assert answers == [200] * (limit - 1) + [429]
    refused = login(client, "tianxin-admin", "openday-right-pass", "203.0.113.5")
    assert refused.status_code == 429
    # Another address is not affected.
    assert login(client, "tianxin-admin", "openday-right-pass", "198.51.100.9").status_code == 302


def test_a_valid_login_does_not_reset_the_addresses_count_for_other_usernames(client, settings):
    UserFactory(username="tianxin-liaison", password="openday-right-pass")
    UserFactory(username="tianxin-admin", password="openday-right-pass")
    per_username = settings.AXES_FAILURE_LIMIT - 1
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT - 1):
        login(client, f"guess-{n // per_username}", "wrong", "203.0.113.5")

    # The attacker's own account signs in from that address …
    assert login(client, "tianxin-liaison", "openday-right-pass", "203.0.113.5").status_code == 302
    client.logout()
    # … and the next wrong guess still reaches the address's limit.
    login(client, "tianxin-admin", "wrong", "203.0.113.5")

    assert login(client, "tianxin-admin", "openday-right-pass", "203.0.113.5").status_code == 429
