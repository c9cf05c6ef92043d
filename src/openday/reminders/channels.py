"""How a delivery goes out on each channel, and how a receiver checks a webhook's signature.

A sender returns on success and raises ``RetryableError`` (try again later: the server is
down, busy or timed out) or ``PermanentError`` (trying again cannot help: no address, the
receiver refused the request). Nothing here touches the database.

Webhook: a JSON POST with three headers.

- ``X-Openday-Delivery``: the delivery's id. A retry carries the same id, so a gateway that
  saw it before can drop it (a worker killed after the POST but before recording it sends
  again).
- ``X-Openday-Timestamp``: Unix seconds.
- ``X-Openday-Signature``: ``sha256=`` + hex HMAC-SHA256 of ``"{timestamp}.{body}"`` under the
  office's secret; see ``webhook_signature`` and ``webhook_verify``.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

SIGNATURE_HEADER = "X-Openday-Signature"
TIMESTAMP_HEADER = "X-Openday-Timestamp"
DELIVERY_HEADER = "X-Openday-Delivery"
# Statuses worth another try; any other 4xx means the request itself is wrong.
RETRYABLE_STATUSES = frozenset({408, 425, 429})


class RetryableError(Exception):
    pass


class PermanentError(Exception):
    pass


@dataclass(frozen=True)
class Message:
    """What every channel sends: the notification's words and where it leads."""

    delivery_id: int
    notification_id: int
    occasion: str
    title: str
    body: str
    link: str
    item: str
    recipient_username: str
    recipient_name: str
    email: str
    mobile: str
    created_at: str

    @property
    def url(self) -> str:
        if not self.link or self.link.startswith(("http://", "https://")):
            return self.link
        return f"{settings.SITE_URL}{self.link}"


def send_email(message: Message) -> None:
    if not message.email:
        raise PermanentError("接收人未填写电子邮箱，无法发送邮件。")
    text = message.body
    if message.url:
        text = f"{text}\n\n前往处理：{message.url}"
    email = EmailMessage(
        subject=f"【政务公开主题日】{message.title}",
        body=f"{text}\n\n（本邮件由政务公开主题日平台自动发送，请勿直接回复。）",
        to=[message.email],
        # One id per delivery: a resend after a crash is the same message to mail systems.
        headers={"Message-ID": f"<delivery-{message.delivery_id}@openday>"},
    )
    try:
        email.send(fail_silently=False)
    except OSError as error:  # smtplib errors are OSErrors: refused, timed out, unreachable
        raise RetryableError(f"邮件服务器不可用：{error}") from error


def webhook_payload(message: Message) -> bytes:
    data = {
        "delivery": message.delivery_id,
        "notification": message.notification_id,
        "occasion": message.occasion,
        "item": message.item,
        "title": message.title,
        "body": message.body,
        "url": message.url,
        "created_at": message.created_at,
        "recipient": {
            "username": message.recipient_username,
            "name": message.recipient_name,
            "mobile": message.mobile,
            "email": message.email,
        },
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def webhook_verify(secret: str, headers, body: bytes, *, max_age: int = 300) -> bool:
    """What a receiver runs: the signature matches and the timestamp is recent."""
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    signature = headers.get(SIGNATURE_HEADER, "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > max_age:
        return False
    return hmac.compare_digest(signature, webhook_signature(secret, timestamp, body))


def send_webhook(message: Message, *, url: str, secret: str) -> None:
    if not url:
        raise PermanentError("本单位未配置 Webhook 地址，无法发送。")
    if not message.mobile:
        raise PermanentError("接收人未填写手机号码，短信网关无法发送。")
    body = webhook_payload(message)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "openday-webhook/1",
        DELIVERY_HEADER: str(message.delivery_id),
        TIMESTAMP_HEADER: timestamp,
    }
    if secret:
        headers[SIGNATURE_HEADER] = webhook_signature(secret, timestamp, body)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310 (the URL is an office's configured https/http endpoint)
            request, timeout=settings.OPENDAY_WEBHOOK_TIMEOUT
        ) as response:
            response.read(1024)
    except urllib.error.HTTPError as error:
        reason = f"Webhook 返回 HTTP {error.code}"
        if error.code >= 500 or error.code in RETRYABLE_STATUSES:
            raise RetryableError(f"{reason}，稍后重试。") from error
        raise PermanentError(f"{reason}，请求被拒绝。") from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RetryableError(f"Webhook 无法连接：{reason}") from error
