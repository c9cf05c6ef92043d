from openday.reminders.checks import delivery_settings


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
