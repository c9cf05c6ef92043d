from django.contrib import admin, messages

from openday.core.errors import DomainError
from openday.reminders.enums import DeliveryState
from openday.reminders.models import (
    Delivery,
    Notification,
    NotificationPreference,
    OfficeNotificationSettings,
)
from openday.reminders.services import delivery_retry


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "state", "address", "attempts", "last_error", "sent_at"]
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "occasion", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "occasion", "recipient__username"]
    readonly_fields = ["created_at"]
    inlines = [DeliveryInline]


@admin.action(description="重新发送所选的失败记录")
def retry_failed(modeladmin, request, queryset):
    retried = 0
    for delivery in queryset.filter(state=DeliveryState.FAILED):
        try:
            delivery_retry(actor=request.user, delivery=delivery)
        except DomainError:
            continue
        retried += 1
    modeladmin.message_user(request, f"已重新排队 {retried} 条发送记录。", messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "notification",
        "channel",
        "state",
        "address",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["channel", "state"]
    search_fields = ["notification__recipient__username", "notification__occasion"]
    list_select_related = ["notification__recipient"]
    readonly_fields = [
        "notification",
        "channel",
        "state",
        "address",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
    ]
    actions = [retry_failed]


@admin.register(OfficeNotificationSettings)
class OfficeNotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["office", "by_email", "by_webhook", "webhook_url", "updated_at"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "follow_office", "by_email", "by_webhook", "mobile", "updated_at"]
    search_fields = ["user__username", "mobile"]
