"""Reads of the inbox and the send log."""

from django.db.models import QuerySet
from django.http import Http404

from openday.reminders.models import Delivery, Notification


def inbox_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def access_notification(user, pk: int) -> Notification:
    """The user's own notification; anyone else's is a 404, as if it did not exist."""
    notification = inbox_for(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("没有这条提醒。")
    return notification


def delivery_list() -> QuerySet[Delivery]:
    return Delivery.objects.select_related("notification__recipient").order_by("pk")
