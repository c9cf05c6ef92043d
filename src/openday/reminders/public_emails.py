"""E-mail to members of the public (``PublicEmail``): recorded once, sent by the scheduler.

The public has no account, so no ``Notification`` and no inbox; the only channel is the
e-mail address they gave. ``public_email_record`` writes the row under its unique occasion
(a rerun, a retry or a second scheduler records nothing); ``public_emails_send`` sends what is
pending, each row claimed by its ``attempts`` in a short transaction so two schedulers never
send one row twice, with the same retry delays as staff deliveries
(``OPENDAY_DELIVERY_RETRY_DELAYS``). Once sent or given up, the address is blanked.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from openday.core.text import one_line
from openday.reminders.channels import MAIL_UNAVAILABLE
from openday.reminders.delivery import retry_delay
from openday.reminders.enums import DeliveryState
from openday.reminders.models import PublicEmail
from openday.reminders.services import draft_title

logger = logging.getLogger(__name__)

FOOTER = "（本邮件由政务公开主题日平台自动发送，请勿直接回复。）"


@dataclass(frozen=True)
class PublicDraft:
    occasion: str
    address: str
    title: str
    body: str
    link: str = ""
    region_id: int | None = None


def public_email_record(*, draft: PublicDraft) -> PublicEmail | None:
    """Record ``draft`` to be sent; ``None`` when its occasion was recorded before."""
    try:
        with transaction.atomic():
            email, created = PublicEmail.objects.get_or_create(
                occasion=draft.occasion,
                defaults={
                    "address": draft.address,
                    "title": draft_title("", one_line(draft.title)),
                    "body": draft.body,
                    "link": draft.link,
                    "region_id": draft.region_id,
                },
            )
    except IntegrityError:
        # Another process inserted the same occasion between our read and write.
        return None
    return email if created else None


def _url(link: str) -> str:
    if not link or link.startswith(("http://", "https://")):
        return link
    return f"{settings.SITE_URL}{link}"


def _send(email: PublicEmail) -> None:
    text = email.body
    if email.link:
        text = f"{text}\n\n详情：{_url(email.link)}"
    EmailMessage(
        subject=f"【政务公开主题日】{one_line(email.title)}",
        body=f"{text}\n\n{FOOTER}",
        to=[email.address],
        # One id per row: a resend after a crash is the same message to mail systems.
        headers={"Message-ID": f"<public-email-{email.pk}@openday>"},
    ).send(fail_silently=False)


def _claim(pk: int, now: dt.datetime) -> PublicEmail | None:
    with transaction.atomic():
        email = PublicEmail.objects.select_for_update().filter(pk=pk).first()
        if email is None or email.state != DeliveryState.PENDING:
            return None
        if email.next_attempt_at is not None and email.next_attempt_at > now:
            return None
        email.attempts += 1
        email.state = DeliveryState.SENDING
        email.save(update_fields=["attempts", "state"])
    return email


def public_emails_send(*, now: dt.datetime | None = None) -> int:
    """Send every pending public e-mail that is due; how many went out."""
    now = now or timezone.now()
    due = PublicEmail.objects.filter(
        Q(state=DeliveryState.PENDING)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        email = _claim(pk, now)
        if email is None:
            continue
        changes = {"last_error": "", "next_attempt_at": None}
        try:
            _send(email)
        except OSError as error:  # smtplib errors: refused, timed out, unreachable
            logger.warning("public email %s (attempt %s) failed: %r", pk, email.attempts, error)
            delay = retry_delay(email.attempts)
            changes["last_error"] = MAIL_UNAVAILABLE
            if delay is None:
                changes.update(state=DeliveryState.FAILED, address="")
            else:
                changes.update(state=DeliveryState.PENDING, next_attempt_at=now + delay)
        except Exception:
            # A bad row must not stick at SENDING nor stop the others.
            logger.exception("public email %s: unexpected error while sending", pk)
            changes.update(state=DeliveryState.FAILED, last_error="发送时出现意外错误", address="")
        else:
            changes.update(state=DeliveryState.SENT, sent_at=timezone.now(), address="")
            sent += 1
        PublicEmail.objects.filter(
            pk=pk, state=DeliveryState.SENDING, attempts=email.attempts
        ).update(**changes)
    return sent
