"""The anti-abuse helpers: fixed-window counters in the cache, the honeypot, body size."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from openday.participation import abuse

LIMIT = abuse.Limit("test", 3, 60, "本网络地址")


def test_a_limit_allows_its_count_in_a_window_then_refuses():
    assert [abuse.hit(LIMIT, "1.2.3.4", now=120.0) for _ in range(4)] == [True, True, True, False]
    # Another address, and the next window, start again.
    assert abuse.hit(LIMIT, "5.6.7.8", now=120.0)
    assert abuse.hit(LIMIT, "1.2.3.4", now=180.0)


def test_a_counter_lost_between_add_and_incr_starts_again(monkeypatch):
    def lost(key, delta=1, version=None):
        raise ValueError(key)

    monkeypatch.setattr(cache, "incr", lost)
    assert abuse.hit(LIMIT, "1.2.3.4", now=0.0)


def test_the_key_holds_no_address_or_phone():
    key = abuse._key(LIMIT, "13800000001", 7)
    assert "13800000001" not in key
    assert key.startswith("participation:rate:test:")


def test_a_refusal_says_what_and_when_in_chinese():
    for _ in range(3):
        abuse.check(LIMIT, "x", now=0.0)
    with pytest.raises(abuse.RateLimited, match="本网络地址在 1 分钟内提交次数过多（最多 3 次）"):
        abuse.check(LIMIT, "x", now=0.0)


def test_the_honeypot_refuses_a_filled_hidden_field():
    abuse.check_honeypot({abuse.HONEYPOT_FIELD: ""})
    with pytest.raises(abuse.BadSubmission, match="应当留空的隐藏项被填写了"):
        abuse.check_honeypot({abuse.HONEYPOT_FIELD: "http://spam.example"})


def test_a_body_past_the_limit_is_refused_before_parsing():
    request = RequestFactory().post(
        "/", data="x" * (abuse.MAX_BODY_BYTES + 1), content_type="text/plain"
    )
    with pytest.raises(abuse.BadSubmission, match="最多接受 16 KB"):
        abuse.check_body(request)
    abuse.check_body(RequestFactory().post("/", data={"a": "b"}))


def test_the_address_is_the_one_the_trusted_proxy_saw(settings):
    settings.OPENDAY_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert abuse.address_of(request) == "203.0.113.9"
