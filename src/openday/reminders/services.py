"""Writes of the reminders app: record a notification once, deliver it, retry it, mark it read,
and save who wants which channels.

``notification_record`` is the "exactly once" point: it inserts the (recipient, occasion) row
and queues the deliveries only when this call created it; a rerun, a retry or a second
scheduler finds the row and queues nothing.

``delivery_send`` sends one delivery in three steps, so no transaction (and on SQLite no write
lock) is held while a mail server or webhook answers:

1. claim: in a short transaction, a due PENDING delivery (or a SENDING one whose worker died
   more than ``OPENDAY_DELIVERY_LEASE`` seconds ago) becomes SENDING and its ``attempts`` goes
   up by one; only one worker can win the row, and the new ``attempts`` is its token;
2. send, outside any transaction;
3. finish: SENT, or PENDING again with ``next_attempt_at`` after a back-off, or FAILED, written
   only while the row still carries the claim's token.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.reminders import channels
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import (
    Delivery,
    Notification,
    NotificationPreference,
    OfficeNotificationSettings,
)
from openday.reminders.preferences import channels_for, mobile_of, webhook_endpoint


@dataclass(frozen=True)
class Draft:
    """A notification as a job words it, before it is recorded."""

    recipient: object
    occasion: str
    title: str
    body: str = ""
    link: str = ""
    item_type: str = ""
    item_id: int | None = None


TITLE_MAX = Notification._meta.get_field("title").max_length


def draft_title(before: str, name: str, after: str = "") -> str:
    """``before + name + after``, ``name`` clipped with … so the whole fits the title column."""
    room = TITLE_MAX - len(before) - len(after)
    if len(name) > room:
        name = f"{name[: room - 1]}…"
    return f"{before}{name}{after}"


def notification_record(*, draft: Draft) -> Notification | None:
    """Record ``draft`` and queue a delivery per channel the recipient takes; ``None`` when it
    was recorded before."""
    wanted = channels_for(draft.recipient)
    try:
        with transaction.atomic():
            notification, created = Notification.objects.get_or_create(
                recipient=draft.recipient,
                occasion=draft.occasion,
                defaults={
                    "title": draft.title,
                    "body": draft.body,
                    "link": draft.link,
                    "item_type": draft.item_type,
                    "item_id": draft.item_id,
                },
            )
            if not created:
                return None
            for channel in wanted:
                delivery = Delivery.objects.create(notification=notification, channel=channel)
                transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))
    except IntegrityError:
        # Another process inserted the same (recipient, occasion) between our read and write.
        return None
    return notification


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    from openday.reminders.tasks import deliver

    task = deliver.using(run_after=run_after) if run_after else deliver
    task.enqueue(delivery_id)


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
    message = _message(delivery)
    changes = {"last_error": "", "next_attempt_at": None, "claimed_at": None}
    retry_at = None
    try:
        changes["address"] = _send(delivery, message)
    except channels.RetryableError as error:
        delay = retry_delay(delivery.attempts)
        changes["last_error"] = str(error)
        if delay is None:
            changes["state"] = DeliveryState.FAILED
        else:
            changes["state"] = DeliveryState.PENDING
            changes["next_attempt_at"] = retry_at = now + delay
    except channels.PermanentError as error:
        changes.update(state=DeliveryState.FAILED, last_error=str(error))
    else:
        changes.update(state=DeliveryState.SENT, sent_at=timezone.now())
    finished = Delivery.objects.filter(
        pk=delivery.pk, state=DeliveryState.SENDING, attempts=delivery.attempts
    ).update(**changes)
    if finished and retry_at is not None:
        _enqueue(delivery.pk, run_after=retry_at)
    delivery.refresh_from_db()
    return delivery


def _lost(now: dt.datetime) -> Q:
    """Due for a lease's length and still not sent: its task was lost or its worker killed."""
    late = now - dt.timedelta(seconds=settings.OPENDAY_DELIVERY_LEASE)
    waiting = Q(state=DeliveryState.PENDING) & (
        Q(next_attempt_at__lt=late) | Q(next_attempt_at__isnull=True, created_at__lt=late)
    )
    return waiting | Q(state=DeliveryState.SENDING, claimed_at__lt=late)


def deliveries_requeue(*, now: dt.datetime | None = None) -> int:
    """Queue again what has waited past its time by a lease: a retry whose task was lost, a
    claim whose worker was killed. A spare task is harmless; the claim lets one through."""
    now = now or timezone.now()
    ids = list(Delivery.objects.filter(_lost(now)).values_list("pk", flat=True))
    for pk in ids:
        _enqueue(pk)
    return len(ids)


def delivery_retry(*, actor, delivery: Delivery, region=None) -> Delivery:
    """An office admin sends a failed delivery again, with a fresh round of retries."""
    if delivery.state != DeliveryState.FAILED:
        raise DomainError("只有发送失败的记录可以重新发送。")
    before = {"state": delivery.state, "attempts": delivery.attempts, "error": delivery.last_error}
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.FAILED).update(
            state=DeliveryState.PENDING, attempts=0, next_attempt_at=None, claimed_at=None
        )
        if not updated:
            raise DomainError("该记录已在重新发送。")
        audit_record(
            actor=actor,
            action="重新发送提醒",
            obj=delivery,
            region=region,
            before=before,
            after={"state": DeliveryState.PENDING},
        )
        transaction.on_commit(lambda: _enqueue(delivery.pk))
    delivery.refresh_from_db()
    return delivery


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_save(
    *, user, follow_office: bool, by_email: bool, by_webhook: bool, email: str, mobile: str
) -> NotificationPreference:
    """A person's channels; the checks name the field, and nothing is saved when one fails."""
    errors = []
    if not follow_office and by_email and not email:
        errors.append(DomainError("选择电子邮件提醒时，请填写电子邮箱。", field="email"))
    if not follow_office and by_webhook and not mobile:
        errors.append(DomainError("选择短信提醒时，请填写手机号码。", field="mobile"))
    if errors:
        raise errors[0]
    with transaction.atomic():
        if user.email != email:
            user.email = email
            user.save(update_fields=["email"])
        preference, _ = NotificationPreference.objects.update_or_create(
            user=user,
            defaults={
                "follow_office": follow_office,
                "by_email": by_email and not follow_office,
                "by_webhook": by_webhook and not follow_office,
                "mobile": mobile,
            },
        )
    return preference


def office_settings_save(
    *, actor, office, by_email: bool, by_webhook: bool, webhook_url: str, webhook_secret: str | None
) -> OfficeNotificationSettings:
    """An office's defaults. ``webhook_secret`` None keeps the stored secret."""
    with transaction.atomic():
        current = OfficeNotificationSettings.objects.filter(office=office).first()
        before = (
            None
            if current is None
            else {
                "by_email": current.by_email,
                "by_webhook": current.by_webhook,
                "webhook_url": current.webhook_url,
            }
        )
        defaults = {"by_email": by_email, "by_webhook": by_webhook, "webhook_url": webhook_url}
        if webhook_secret is not None:
            defaults["webhook_secret"] = webhook_secret
        record, _ = OfficeNotificationSettings.objects.update_or_create(
            office=office, defaults=defaults
        )
        audit_record(
            actor=actor,
            action="修改提醒渠道默认设置",
            obj=record,
            region=office.region,
            before=before,
            after={"by_email": by_email, "by_webhook": by_webhook, "webhook_url": webhook_url},
        )
    return record
