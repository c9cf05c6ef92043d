"""Writes of the reminders app: record a notification once, deliver it, mark it read.

``notification_record`` is the "exactly once" point: it inserts the (recipient, occasion) row
and queues the deliveries only when this call created it; a rerun, a retry or a second
scheduler finds the row and queues nothing.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import Delivery, Notification

DEFAULT_CHANNELS = (Channel.INBOX,)


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


def notification_record(*, draft: Draft, channels=DEFAULT_CHANNELS) -> Notification | None:
    """Record ``draft`` and queue its deliveries; ``None`` when it was recorded before."""
    from openday.reminders.tasks import deliver

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
            deliveries = [
                Delivery.objects.create(notification=notification, channel=channel)
                for channel in channels
            ]
            for delivery in deliveries:
                transaction.on_commit(lambda pk=delivery.pk: deliver.enqueue(pk))
    except IntegrityError:
        # Another process inserted the same (recipient, occasion) between our read and write.
        return None
    return notification


def delivery_send(*, delivery_id: int) -> Delivery | None:
    """Send one pending delivery; a delivery already sent is left alone."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id, state=DeliveryState.PENDING)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        if delivery.channel == Channel.INBOX:
            # The inbox is the notification row itself: it is there once recorded.
            delivery.state = DeliveryState.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
        else:
            delivery.state = DeliveryState.FAILED
            delivery.last_error = f"渠道“{delivery.get_channel_display()}”尚未接通。"
        delivery.save(update_fields=["attempts", "state", "sent_at", "last_error"])
    return delivery


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
