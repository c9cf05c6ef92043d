from django.urls import path, register_converter

from openday.portal import views


class PhotoSizeConverter:
    regex = "full|thumb"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PhotoSizeConverter, "publicphotosize")

app_name = "portal"
urlpatterns = [
    path("", views.campaign_list, name="campaign-list"),
    path("column/<slug:slug>/", views.campaign_column, name="campaign-column"),
    path("column/<slug:slug>/notices/<int:seq>/", views.activity_notice, name="activity-notice"),
    path("column/<slug:slug>/reports/<int:seq>/", views.activity_report, name="activity-report"),
    path(
        "column/<slug:slug>/reports/<int:seq>/photos/<int:photo_id>/<publicphotosize:size>/",
        views.report_photo,
        name="report-photo",
    ),
    path("column/<slug:slug>/reports/<int:seq>/video/", views.report_video, name="report-video"),
]
