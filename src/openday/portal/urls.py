from django.urls import path

from openday.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("column/<slug:slug>/", views.campaign_column, name="campaign-column"),
]
