"""Inbox URLs (``/inbox/``)."""

from django.urls import path

from openday.reminders import views

app_name = "reminders"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/unread.json", views.unread, name="unread"),
    path("inbox/<int:pk>/read/", views.mark_read, name="mark-read"),
    path("inbox/read-all/", views.mark_all_read, name="mark-all-read"),
]
