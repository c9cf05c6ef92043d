"""The staff inbox (站内消息): the user's own notifications, mark read, mark all read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from openday.reminders.selectors import access_notification, inbox_for, unread_count
from openday.reminders.services import notification_mark_read, notifications_mark_all_read

INBOX_SIZE = 200


@require_safe
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = list(inbox_for(request.user)[:INBOX_SIZE])
    unread = sum(1 for n in notifications if n.read_at is None)
    return render(
        request,
        "reminders/inbox.html",
        {"notifications": notifications, "inbox_unread": unread, "nav": "inbox"},
    )


@require_safe
@login_required
def unread(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"unread": unread_count(request.user)})


@require_POST
@login_required
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification_mark_read(notification=access_notification(request.user, pk))
    return redirect("reminders:inbox")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect("reminders:inbox")
