"""Keeping the public forms usable without a picture CAPTCHA.

- **Rate limits** per client address and per phone number, counted in Django's default cache
  with ``cache.add`` (start a window's counter) and ``cache.incr`` (count): both are atomic in
  every shared backend (Redis, the database cache, Memcached), so every app process counts the
  same. A window is fixed (its index is part of the key), so a counter never needs a reset and
  expires with its window. The client's address is ``core.throttle.client_address`` (the
  address the trusted proxies saw). Over the limit: ``RateLimited`` (HTTP 429).
- **A honeypot**: a text field people never see (hidden by a CSS class, ``participation-hp``)
  that simple bots fill in. Filled: ``BadSubmission`` (HTTP 400).
- **Size limits**: a body past ``MAX_BODY_BYTES`` is refused before the form is parsed.

Every refusal says in Chinese what happened and what to do.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from openday.core.errors import DomainError
from openday.core.throttle import client_address

HONEYPOT_FIELD = "website"
MAX_BODY_BYTES = 16 * 1024


class BadSubmission(DomainError):
    """The request is not a form a person filled in (400)."""


class RateLimited(DomainError):
    """Too many submissions from one address or for one phone (429)."""


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int
    who: str  # "本网络地址" / "该手机号码", for the message

    def message(self) -> str:
        minutes = max(1, self.seconds // 60)
        return (
            f"{self.who}在 {minutes} 分钟内提交次数过多（最多 {self.count} 次），"
            "请稍后再试。如确需办理，请拨打活动预告中的咨询电话。"
        )


# What one address or one phone may do. A family signs up several activities; a school
# network shares one address: generous for people, tight for scripts.
SIGNUP_PER_ADDRESS = Limit("signup-addr", 20, 3600, "本网络地址")
SIGNUP_PER_PHONE = Limit("signup-phone", 5, 3600, "该手机号码")
OPINION_PER_ADDRESS = Limit("opinion-addr", 10, 3600, "本网络地址")
OPINION_PER_PHONE = Limit("opinion-phone", 5, 3600, "该手机号码")
# Guessing confirmation codes or cancel links.
LOOKUP_PER_ADDRESS = Limit("lookup-addr", 60, 600, "本网络地址")


def _key(limit: Limit, ident: str, window: int) -> str:
    # Hashed: an address or a phone never sits in the cache as it is, and any backend's key
    # rules are met (no spaces, bounded length).
    digest = hashlib.sha256(f"{limit.name}:{ident}".encode()).hexdigest()[:32]
    return f"participation:rate:{limit.name}:{digest}:{window}"


def hit(limit: Limit, ident: str, *, now: float | None = None) -> bool:
    """Count one attempt of ``ident`` under ``limit``; False once it is past the limit."""
    if not ident:
        return True
    now = time.time() if now is None else now
    window = int(now // limit.seconds)
    key = _key(limit, ident, window)
    cache.add(key, 0, timeout=limit.seconds + 60)
    try:
        count = cache.incr(key)
    except ValueError:
        # The entry expired (or was evicted) between add and incr: this attempt starts it.
        cache.add(key, 1, timeout=limit.seconds + 60)
        count = 1
    return count <= limit.count


def check(limit: Limit, ident: str, *, now: float | None = None) -> None:
    if not hit(limit, ident, now=now):
        raise RateLimited(limit.message())


def address_of(request: HttpRequest) -> str:
    return client_address(request) or ""


def check_address(request: HttpRequest, limit: Limit, *, now: float | None = None) -> None:
    check(limit, address_of(request), now=now)


def check_body(request: HttpRequest) -> None:
    """Refuse a body too large for any of these forms, before it is parsed."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise BadSubmission(
            f"提交的内容过大（{length // 1024} KB），本表单最多接受 {MAX_BODY_BYTES // 1024} KB。"
            "请删减留言内容后重新提交。"
        )


def check_honeypot(data) -> None:
    if (data.get(HONEYPOT_FIELD) or "").strip():
        raise BadSubmission(
            "提交未被受理：表单中一个应当留空的隐藏项被填写了，这通常是自动程序所为。"
            "如果您是手动填写，请刷新页面后重新提交。"
        )
