"""Reads of the inbox and the send log, and who may read the log.

An office admin reads the deliveries to the people of the regions they administer (anyone
with a membership there); a superuser reads all; nobody else reads the log.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from openday.core.errors import PermissionDenied
from openday.core.scope import Scope, scope_of
from openday.orgs.enums import Role
from openday.orgs.models import Membership, Office, Region
from openday.reminders.models import Delivery, Notification


def inbox_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def access_notification(scope: Scope, pk: int) -> Notification:
    """The user's own notification; anyone else's is a 404, as if it did not exist."""
    notification = inbox_for(scope_of(scope).user).filter(pk=pk).first()
    if notification is None:
        raise Http404("没有这条提醒。")
    return notification


def delivery_list() -> QuerySet[Delivery]:
    return Delivery.objects.select_related("notification__recipient").order_by("pk")


def administered_regions(scope: Scope) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=scope_of(scope).region_ids(Role.OFFICE_ADMIN))


def can_read_deliveries(scope: Scope) -> bool:
    scope = scope_of(scope)
    return scope.is_superuser or (
        scope.is_authenticated and bool(scope.region_ids(Role.OFFICE_ADMIN))
    )


def deliveries_for(scope: Scope) -> QuerySet[Delivery]:
    """The send log the user may read, newest first; 403 for anyone who reads none."""
    scope = scope_of(scope)
    if not can_read_deliveries(scope):
        raise PermissionDenied("只有政务公开办管理员可以查看提醒发送记录。")
    deliveries = Delivery.objects.select_related("notification__recipient").order_by("-pk")
    if scope.is_superuser:
        return deliveries
    people = Membership.objects.filter(region_id__in=scope.region_ids(Role.OFFICE_ADMIN)).values(
        "user_id"
    )
    return deliveries.filter(notification__recipient_id__in=people)


def deliveries_filtered(deliveries: QuerySet[Delivery], *, state="", channel="", recipient=""):
    if state:
        deliveries = deliveries.filter(state=state)
    if channel:
        deliveries = deliveries.filter(channel=channel)
    if recipient:
        deliveries = deliveries.filter(notification__recipient__username__icontains=recipient)
    return deliveries


def access_delivery(scope: Scope, pk: int) -> Delivery:
    """A delivery in the user's log; one outside it is a 404."""
    return get_object_or_404(deliveries_for(scope), pk=pk)


def access_office(scope: Scope, region_slug: str) -> Office:
    """The office of a region the user administers (or any, for a superuser). A member of the
    region who is not its admin gets 403; anyone else 404."""
    scope = scope_of(scope)
    office = get_object_or_404(Office.objects.select_related("region"), region__slug=region_slug)
    if scope.is_superuser or scope.has(Role.OFFICE_ADMIN, region_id=office.region_id):
        return office
    if office.region_id in scope.region_ids(*Role.values):
        raise PermissionDenied("只有本级政务公开办管理员可以修改提醒渠道默认设置。")
    raise Http404("没有找到该政务公开办。")
