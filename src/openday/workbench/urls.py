"""Workbench URLs under ``/staff/``. The to-do page itself is ``staff:home`` (the page after
login), wired in ``openday.campaigns.urls``."""

from django.urls import path

from openday.workbench import views

urlpatterns = [
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/export.csv", views.audit_export, name="audit-export"),
]
