"""Reads of the inbox and the send log, and who may read the log.

An office admin reads the deliveries about the regions they administer: a delivery belongs to
the region of what its notification is about (``Notification.region``: the campaign's, the
activity's, the unit's), never to every region its recipient happens to belong to, so a person
with memberships in two regions does not put one office's notices into the other's log. A
notification about nothing recorded (or recorded before regions were kept and not traced back)
falls to the recipient's own office, the region of their first membership, as
``preferences.office_of`` says. A superuser reads all; nobody else reads the log.
"""

from django.db.models import OuterRef, Q, QuerySet, Subquery
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
    regions = scope.region_ids(Role.OFFICE_ADMIN)
    return deliveries.filter(
        Q(notification__region_id__in=regions)
        | Q(notification__region__isnull=True, notification__recipient_id__in=_homed_in(regions))
    )


def _homed_in(regions) -> QuerySet:
    """The ids of the people whose first membership (their own office's region) is in
    ``regions``."""
    first = Membership.objects.filter(user_id=OuterRef("user_id")).order_by("pk").values("pk")[:1]
    return Membership.objects.filter(pk=Subquery(first), region_id__in=regions).values("user_id")


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
