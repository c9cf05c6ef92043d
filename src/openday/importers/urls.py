from django.urls import path

from openday.importers import views

urlpatterns = [
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    path("campaigns/<slug:slug>/import-plan/", views.plan_import_page, name="plan-import"),
]
