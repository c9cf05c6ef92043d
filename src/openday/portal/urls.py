from django.urls import path

from openday.core.converters import register_converters
from openday.portal import views

register_converters()

app_name = "portal"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("column/<slug:slug>/", views.campaign_column, name="campaign-column"),
    path("column/<slug:slug>/notices/<int:seq>/", views.activity_notice, name="activity-notice"),
    path("column/<slug:slug>/reports/<int:seq>/", views.activity_report, name="activity-report"),
    path(
        "column/<slug:slug>/reports/<int:seq>/photos/<int:photo_id>/<photosize:size>/",
        views.report_photo,
        name="report-photo",
    ),
    path("column/<slug:slug>/reports/<int:seq>/video/", views.report_video, name="report-video"),
]
