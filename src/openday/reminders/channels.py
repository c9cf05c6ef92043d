"""How a delivery goes out on each channel, and how a receiver checks a webhook's signature.

A sender returns on success and raises ``RetryableError`` (try again later: the server is
down, busy or timed out) or ``PermanentError`` (trying again cannot help: no address, the
receiver refused the request). Their message is the generic reason the send log shows an
office admin ("Webhook 无法连接", never the socket error that names a host or a port); their
``detail`` is what the server log gets. Nothing here touches the database.

Webhook: a JSON POST with three headers, only to an address ``reminders.outbound`` allows
(https to public addresses; checked again at every send, and the connection goes to the
address that was checked), never following a redirect, never without a secret.

- ``X-Openday-Delivery``: the delivery's id. A retry carries the same id, so a gateway that
  saw it before can drop it (a worker killed after the POST but before recording it sends
  again).
- ``X-Openday-Timestamp``: Unix seconds.
- ``X-Openday-Signature``: ``sha256=`` + hex HMAC-SHA256 of ``"{timestamp}.{body}"`` under the
  office's secret; see ``webhook_signature`` and ``webhook_verify``.
"""

import hashlib
import hmac
import http.client
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage

from openday.core.text import one_line
from openday.reminders import outbound

SIGNATURE_HEADER = "X-Openday-Signature"
TIMESTAMP_HEADER = "X-Openday-Timestamp"
DELIVERY_HEADER = "X-Openday-Delivery"
# Statuses worth another try; any other 4xx means the request itself is wrong.
RETRYABLE_STATUSES = frozenset({408, 425, 429})
# Long enough that a receiver's HMAC check means something.
SECRET_MIN_LENGTH = 16


# The reasons the send log shows; the details go to the server log only.
WEBHOOK_UNREACHABLE = "Webhook 无法连接，稍后重试。"
WEBHOOK_TIMEOUT = "Webhook 超时，稍后重试。"
WEBHOOK_NOT_ALLOWED = "Webhook 地址不允许（只能发往公网 https 地址），请检查 Webhook 设置。"
WEBHOOK_REDIRECT = "接收方要求重定向，已拒绝。"
WEBHOOK_UNSIGNED = "Webhook 未设置签名密钥，已拒绝发送。"
MAIL_UNAVAILABLE = "邮件服务器不可用，稍后重试。"


class DeliveryError(Exception):
    """``message``: the reason for the send log; ``detail``: for the server log."""

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail or message


class RetryableError(DeliveryError):
    pass


class PermanentError(DeliveryError):
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
        # A title with a line break would be a header injection: Django refuses it.
        subject=f"【政务公开主题日】{one_line(message.title)}",
        body=f"{text}\n\n（本邮件由政务公开主题日平台自动发送，请勿直接回复。）",
        to=[message.email],
        # One id per delivery: a resend after a crash is the same message to mail systems.
        headers={"Message-ID": f"<delivery-{message.delivery_id}@openday>"},
    )
    try:
        email.send(fail_silently=False)
    except OSError as error:  # smtplib errors are OSErrors: refused, timed out, unreachable
        raise RetryableError(MAIL_UNAVAILABLE, detail=repr(error)) from error


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
    if not secret:
        raise PermanentError(WEBHOOK_UNSIGNED)
    try:
        target = outbound.webhook_target(url)
        addresses = outbound.resolve(target)
    except outbound.UnresolvedWebhook as error:
        raise RetryableError(WEBHOOK_UNREACHABLE, detail=error.detail) from error
    except outbound.UnsafeWebhook as error:
        raise PermanentError(WEBHOOK_NOT_ALLOWED, detail=f"{url}: {error.detail}") from error
    body = webhook_payload(message)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "openday-webhook/1",
        DELIVERY_HEADER: str(message.delivery_id),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: webhook_signature(secret, timestamp, body),
    }
    where = f"{target.scheme}://{target.host}:{target.port} via {', '.join(map(str, addresses))}"
    connection = outbound.open_connection(
        target, addresses, timeout=settings.OPENDAY_WEBHOOK_TIMEOUT
    )
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(1024)
        status = response.status
    except TimeoutError as error:
        raise RetryableError(WEBHOOK_TIMEOUT, detail=f"{where}: {error!r}") from error
    except (OSError, http.client.HTTPException) as error:
        raise RetryableError(WEBHOOK_UNREACHABLE, detail=f"{where}: {error!r}") from error
    finally:
        connection.close()
    if 200 <= status < 300:
        return
    detail = f"{where}: HTTP {status}"
    if 300 <= status < 400:
        raise PermanentError(WEBHOOK_REDIRECT, detail=detail)
    if status >= 500 or status in RETRYABLE_STATUSES:
        raise RetryableError(f"Webhook 返回 HTTP {status}，稍后重试。", detail=detail)
    raise PermanentError(f"Webhook 返回 HTTP {status}，请求被拒绝。", detail=detail)
