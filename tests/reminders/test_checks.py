import pytest

from openday.reminders.checks import delivery_settings, webhook_settings


def ids(settings) -> list[str]:
    return [problem.id for problem in delivery_settings(None)]


def test_the_defaults_pass(settings):
    assert ids(settings) == []


def test_a_lease_no_longer_than_a_send_may_take_is_a_warning(settings):
    settings.OPENDAY_DELIVERY_LEASE = 10
    settings.OPENDAY_WEBHOOK_TIMEOUT = 10
    assert ids(settings) == ["openday.W101"]


def test_a_negative_retry_delay_is_an_error(settings):
    settings.OPENDAY_DELIVERY_RETRY_DELAYS = [60, -1]
    assert ids(settings) == ["openday.E101"]


def webhook_ids() -> list[str]:
    return [problem.id for problem in webhook_settings(None)]


def test_a_webhook_without_a_secret_is_a_warning(settings):
    settings.OPENDAY_WEBHOOK_URL = "https://sms.example.gov.cn/hook"
    settings.OPENDAY_WEBHOOK_SECRET = ""

    [problem] = webhook_settings(None)

    assert problem.id == "openday.W102"
    assert "没有设置 OPENDAY_WEBHOOK_SECRET" in problem.msg


@pytest.mark.parametrize(
    ("url", "secret", "expected"),
    [
        ("", "", []),
        ("https://sms.example.gov.cn/hook", "a-secret-of-sixteen+", []),
        ("https://sms.example.gov.cn/hook", "short", ["openday.W103"]),
        ("http://169.254.169.254/latest/meta-data/", "a-secret-of-sixteen+", ["openday.W104"]),
        ("https://0x7f.1/", "a-secret-of-sixteen+", ["openday.W104"]),
    ],
)
def test_the_deployments_webhook_is_signed_and_usable(settings, url, secret, expected):
    settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET = url, secret
    assert webhook_ids() == expected


def test_an_allowed_network_that_does_not_parse_is_an_error(settings):
    settings.OPENDAY_WEBHOOK_ALLOWED_NETWORKS = ["10.8.0.0/24", "gateway.local"]

    [problem] = webhook_settings(None)

    assert problem.id == "openday.E102"
    assert "“gateway.local”不是 IP 地址或网段" in problem.msg
