"""Sending one delivery, and the background task that does it (run by ``openday worker``).

``delivery_send`` sends one delivery in three steps, so no transaction (and on SQLite no write
lock) is held while a mail server or webhook answers:

1. claim: in a short transaction, a due PENDING delivery (or a SENDING one whose worker died
   more than ``OPENDAY_DELIVERY_LEASE`` seconds ago) becomes SENDING and its ``attempts`` goes
   up by one; only one worker can win the row, and the new ``attempts`` is its token;
2. send, outside any transaction;
3. finish: SENT, or PENDING again with ``next_attempt_at`` after a back-off, or FAILED, written
   only while the row still carries the claim's token.

Whatever goes wrong in step 2 ends in step 3: a channel's expected errors with their generic
reason, anything else (a bug, a library's surprise) as FAILED with "发送时出现意外错误" and the
retry button, never left at SENDING to be picked up again and again. The details of every
failure go to the server log with the delivery's id, not to the send log.

The ``deliver`` task runs ``delivery_send``, and a send that failed for now queues the task
again for its retry (``delivery_enqueue``): the task and what it runs live in this one module
so that neither has to import the other. ``reminders.tasks`` names the task for the worker.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from openday.reminders import channels
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import Delivery
from openday.reminders.preferences import mobile_of, webhook_endpoint

logger = logging.getLogger(__name__)

UNEXPECTED = "发送时出现意外错误"


@task()
def deliver(delivery_id: int) -> None:
    delivery_send(delivery_id=delivery_id)


def delivery_enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    """Queue the ``deliver`` task for ``delivery_id``, to run at once or from ``run_after``."""
    queued = deliver.using(run_after=run_after) if run_after else deliver
    queued.enqueue(delivery_id)


def _claimable(now: dt.datetime) -> Q:
    due = Q(state=DeliveryState.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(
        state=DeliveryState.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=settings.OPENDAY_DELIVERY_LEASE),
    )
    return due | abandoned


def _claim(delivery_id: int, now: dt.datetime) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__recipient")
            .filter(_claimable(now), pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None
        delivery.state = DeliveryState.SENDING
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["state", "claimed_at", "attempts"])
    return delivery


def _message(delivery: Delivery) -> channels.Message:
    notification = delivery.notification
    user = notification.recipient
    return channels.Message(
        delivery_id=delivery.pk,
        notification_id=notification.pk,
        occasion=notification.occasion,
        title=notification.title,
        body=notification.body,
        link=notification.link,
        item=notification.item,
        recipient_username=user.get_username(),
        recipient_name=user.get_full_name() or user.get_username(),
        email=user.email,
        mobile=mobile_of(user),
        created_at=notification.created_at.isoformat(),
    )


def _send(delivery: Delivery, message: channels.Message) -> str:
    """Send on the delivery's channel; the address it went to."""
    if delivery.channel == Channel.EMAIL:
        channels.send_email(message)
        return message.email
    if delivery.channel == Channel.WEBHOOK:
        endpoint = webhook_endpoint(delivery.notification.recipient)
        channels.send_webhook(message, url=endpoint.url, secret=endpoint.secret)
        return message.mobile
    # The inbox is the notification row itself: it is there once recorded.
    return ""


def _log_failure(delivery: Delivery, error: channels.DeliveryError) -> None:
    logger.warning(
        "delivery %s (%s, attempt %s) failed: %s (%s)",
        delivery.pk,
        delivery.channel,
        delivery.attempts,
        error.message,
        getattr(error, "detail", ""),
    )


def retry_delay(attempts: int) -> dt.timedelta | None:
    """How long to wait after the ``attempts``-th failure; ``None`` once retries are spent."""
    delays = settings.OPENDAY_DELIVERY_RETRY_DELAYS
    if attempts > len(delays):
        return None
    return dt.timedelta(seconds=delays[attempts - 1])


def delivery_send(*, delivery_id: int, now: dt.datetime | None = None) -> Delivery | None:
    """Send one delivery if it is due; ``None`` when it is not (sent, failed, not yet due, or
    another worker holds it)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    changes = {"last_error": "", "next_attempt_at": None, "claimed_at": None}
    retry_at = None
    try:
        changes["address"] = _send(delivery, _message(delivery))
    except channels.RetryableError as error:
        _log_failure(delivery, error)
        delay = retry_delay(delivery.attempts)
        changes["last_error"] = str(error)
        if delay is None:
            changes["state"] = DeliveryState.FAILED
        else:
            changes["state"] = DeliveryState.PENDING
            changes["next_attempt_at"] = retry_at = now + delay
    except channels.PermanentError as error:
        _log_failure(delivery, error)
        changes.update(state=DeliveryState.FAILED, last_error=str(error))
    except Exception:
        # Per delivery, whatever it is: one bad row must not stick at SENDING nor stop the
        # worker; the traceback is for the server log, the send log gets a plain reason.
        logger.exception(
            "delivery %s (%s, attempt %s): unexpected error while sending",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
        )
        changes.update(state=DeliveryState.FAILED, last_error=UNEXPECTED)
    else:
        changes.update(state=DeliveryState.SENT, sent_at=timezone.now())
    finished = Delivery.objects.filter(
        pk=delivery.pk, state=DeliveryState.SENDING, attempts=delivery.attempts
    ).update(**changes)
    if finished and retry_at is not None:
        delivery_enqueue(delivery.pk, run_after=retry_at)
    delivery.refresh_from_db()
    return delivery
