from django.contrib import admin

from openday.reminders.models import Delivery, Notification


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["channel", "state", "attempts", "last_error", "sent_at"]
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "occasion", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "occasion", "recipient__username"]
    readonly_fields = ["created_at"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification", "channel", "state", "attempts", "last_error", "sent_at"]
    list_filter = ["channel", "state"]
    list_select_related = ["notification__recipient"]
