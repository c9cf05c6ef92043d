"""Writes of the reminders app: record a notification once, queue its deliveries again, retry
a failed one, mark them read, and save who wants which channels. Sending a delivery, and the
task that does it, is ``reminders.delivery``.

``notification_record`` is the "exactly once" point: it inserts the (recipient, occasion) row
and queues the deliveries only when this call created it; a rerun, a retry or a second
scheduler finds the row and queues nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.core.text import one_line
from openday.reminders.channels import SECRET_MIN_LENGTH
from openday.reminders.delivery import delivery_enqueue
from openday.reminders.enums import DeliveryState
from openday.reminders.models import (
    Delivery,
    Notification,
    NotificationPreference,
    OfficeNotificationSettings,
)
from openday.reminders.outbound import UnsafeWebhook, webhook_target
from openday.reminders.preferences import channels_for


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
    # The region of what it is about: whose office's send log shows its deliveries.
    region_id: int | None = None


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
                    # A title is one line wherever it goes (an e-mail subject, an SMS).
                    "title": one_line(draft.title),
                    "region_id": draft.region_id,
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
                transaction.on_commit(lambda pk=delivery.pk: delivery_enqueue(pk))
    except IntegrityError:
        # Another process inserted the same (recipient, occasion) between our read and write.
        return None
    return notification


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
        delivery_enqueue(pk)
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
        transaction.on_commit(lambda: delivery_enqueue(delivery.pk))
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
    """An office's defaults. ``webhook_secret`` None keeps the stored secret. A webhook needs
    a secret, so that every request is signed, and an address the server may call (the form
    also resolves the host; the sender checks again at every send)."""
    if webhook_url:
        try:
            webhook_url = webhook_target(webhook_url).url
        except UnsafeWebhook as error:
            raise DomainError(error.message, field="webhook_url") from error
    with transaction.atomic():
        current = (
            OfficeNotificationSettings.objects.select_for_update().filter(office=office).first()
        )
        stored = current.webhook_secret if current is not None else ""
        secret = stored if webhook_secret is None else webhook_secret
        if webhook_url and len(secret) < SECRET_MIN_LENGTH:
            raise DomainError(
                "填写 Webhook 地址时，请设置签名密钥（至少16个字符）。", field="webhook_secret"
            )
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
