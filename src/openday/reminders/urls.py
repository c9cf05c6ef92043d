"""Reminders URLs, under ``/staff/``: the inbox, one's channels, the send log, office defaults."""

from django.urls import path

from openday.reminders import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unread.json", views.unread, name="unread"),
    path("inbox/<int:pk>/read/", views.mark_read, name="mark-read"),
    path("inbox/read-all/", views.mark_all_read, name="mark-all-read"),
    path("inbox/settings/", views.preferences, name="preferences"),
    path("deliveries/", views.delivery_list, name="delivery-list"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry_view, name="delivery-retry"),
    path(
        "regions/<slug:region_slug>/notification-settings/",
        views.office_settings_view,
        name="office-settings",
    ),
]
