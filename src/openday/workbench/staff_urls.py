"""Every staff URL, under ``/staff/``, in the one ``staff`` namespace."""

from django.urls import include, path

urlpatterns = [
    path("", include("openday.importers.urls")),
    path("", include("openday.campaigns.urls")),
    path("", include("openday.declarations.urls")),
    path("", include("openday.workbench.urls")),
    path("", include("openday.reminders.urls")),
]
