"""Reads of the inbox and the send log, and who may read the log.

An office admin reads the deliveries to the people of the regions they administer (anyone
with a membership there); a superuser reads all; nobody else reads the log.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from openday.orgs.enums import Role
from openday.orgs.models import Membership, Office, Region
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


def administered_regions(user) -> QuerySet[Region]:
    return Region.objects.filter(
        memberships__user=user, memberships__role=Role.OFFICE_ADMIN
    ).distinct()


def can_read_deliveries(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or administered_regions(user).exists()


def deliveries_for(user) -> QuerySet[Delivery]:
    """The send log ``user`` may read, newest first; 403 for anyone who reads none."""
    if not can_read_deliveries(user):
        raise PermissionDenied("只有政务公开办管理员可以查看提醒发送记录。")
    deliveries = Delivery.objects.select_related("notification__recipient").order_by("-pk")
    if user.is_superuser:
        return deliveries
    people = Membership.objects.filter(region__in=administered_regions(user)).values("user_id")
    return deliveries.filter(notification__recipient_id__in=people)


def deliveries_filtered(deliveries: QuerySet[Delivery], *, state="", channel="", recipient=""):
    if state:
        deliveries = deliveries.filter(state=state)
    if channel:
        deliveries = deliveries.filter(channel=channel)
    if recipient:
        deliveries = deliveries.filter(notification__recipient__username__icontains=recipient)
    return deliveries


def access_delivery(user, pk: int) -> Delivery:
    """A delivery in the user's log; one outside it is a 404."""
    return get_object_or_404(deliveries_for(user), pk=pk)


def access_office(user, region_slug: str) -> Office:
    """The office of a region the user administers (or any, for a superuser). A member of the
    region who is not its admin gets 403; anyone else 404."""
    office = get_object_or_404(Office.objects.select_related("region"), region__slug=region_slug)
    if user.is_superuser or administered_regions(user).filter(pk=office.region_id).exists():
        return office
    if Membership.objects.filter(user=user, region_id=office.region_id).exists():
        raise PermissionDenied("只有本级政务公开办管理员可以修改提醒渠道默认设置。")
    raise Http404("没有找到该政务公开办。")
