"""Staff pages of reminders, under ``/staff/``:

- the inbox (站内消息): the user's own notifications, mark read, mark all read;
- 提醒设置: the user's channels;
- 发送记录: what was sent to whom, by which channel, what failed and why, retry (office admins);
- an office's channel defaults and webhook (its admins).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.reminders.enums import Channel
from openday.reminders.forms import DeliveryFilterForm, OfficeSettingsForm, PreferenceForm
from openday.reminders.preferences import (
    channels_for,
    office_of,
    office_settings,
    preference_of,
    webhook_endpoint,
)
from openday.reminders.selectors import (
    access_delivery,
    access_notification,
    access_office,
    administered_regions,
    deliveries_filtered,
    deliveries_for,
    inbox_for,
    unread_count,
)
from openday.reminders.services import (
    delivery_retry,
    notification_mark_read,
    notifications_mark_all_read,
    office_settings_save,
    preference_save,
)

INBOX_SIZE = 200
DELIVERY_PAGE_SIZE = 50


@require_safe
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = list(inbox_for(request.user)[:INBOX_SIZE])
    unread = sum(1 for n in notifications if n.read_at is None)
    return render(
        request,
        "reminders/inbox.html",
        {
            "notifications": notifications,
            "inbox_unread": unread,
            "nav": "inbox",
            "channels": [Channel(c).label for c in channels_for(request.user)],
        },
    )


@require_safe
@login_required
def unread(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"unread": unread_count(request.user)})


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification_mark_read(notification=access_notification(request.scope, pk))
    return redirect("staff:inbox")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect("staff:inbox")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    preference = preference_of(user)
    office = office_of(user)
    defaults = office_settings(office)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                preference_save(
                    user=user,
                    follow_office=data["follow_office"],
                    by_email=data["by_email"],
                    by_webhook=data["by_webhook"],
                    email=data["email"],
                    mobile=data["mobile"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "提醒设置已保存。")
                return redirect("staff:preferences")
    else:
        form = PreferenceForm(
            initial={
                "follow_office": "1" if preference is None or preference.follow_office else "0",
                "by_email": bool(preference and preference.by_email),
                "by_webhook": bool(preference and preference.by_webhook),
                "email": user.email,
                "mobile": preference.mobile if preference else "",
            }
        )
    return render(
        request,
        "reminders/preferences.html",
        {
            "form": form,
            "office": office,
            "office_channels": [Channel(c).label for c in defaults.channels] if defaults else [],
            "current": [Channel(c).label for c in channels_for(user)],
            "webhook_ready": bool(webhook_endpoint(user).url),
            "nav": "inbox",
        },
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def delivery_list(request: HttpRequest) -> HttpResponse:
    return _delivery_page(request)


def _delivery_page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    deliveries = deliveries_for(request.scope)
    form = DeliveryFilterForm(request.GET)
    wanted = form.cleaned_data if form.is_valid() else {}
    filtered = deliveries_filtered(
        deliveries,
        state=wanted.get("state", ""),
        channel=wanted.get("channel", ""),
        recipient=wanted.get("recipient", ""),
    )
    page = Paginator(filtered, DELIVERY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reminders/delivery_list.html",
        {
            "form": form,
            "page": page,
            "offices": _offices_of(request.scope),
            "error": error,
            "nav": "deliveries",
        },
        status=status,
    )


def _offices_of(scope):
    if scope.is_superuser:
        return []
    return list(administered_regions(scope).select_related("office"))


@require_POST
@login_required
def delivery_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = access_delivery(request.scope, pk)
    region = delivery.notification.region or administered_regions(request.scope).first()
    try:
        delivery_retry(actor=request.user, delivery=delivery, region=region)
    except DomainError as error:
        return _delivery_page(request, error=error.message, status=400)
    messages.success(request, f"已重新排队发送：{delivery.notification.title}")
    return redirect("staff:delivery-list")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def office_settings_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    office = access_office(request.scope, region_slug)
    current = office_settings(office)
    if request.method == "POST":
        form = OfficeSettingsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                office_settings_save(
                    actor=request.user,
                    office=office,
                    by_email=data["by_email"],
                    by_webhook=data["by_webhook"],
                    webhook_url=data["webhook_url"],
                    webhook_secret=form.secret(),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "默认提醒渠道已保存。")
                return redirect("staff:office-settings", region_slug=region_slug)
    else:
        form = OfficeSettingsForm(
            initial={
                "by_email": bool(current and current.by_email),
                "by_webhook": bool(current and current.by_webhook),
                "webhook_url": current.webhook_url if current else "",
            }
        )
    return render(
        request,
        "reminders/office_settings.html",
        {
            "form": form,
            "office": office,
            "has_secret": bool(current and current.webhook_secret),
            "nav": "deliveries",
        },
        status=400 if form.errors else 200,
    )
