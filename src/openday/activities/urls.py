"""Staff URLs of activities, included by ``openday.campaigns.urls`` under a campaign's path
(``campaigns/<slug>/activities/``) so they live in the ``staff`` namespace.

The pages of filing, the notice and the report answer at the action's own URL
(``staff:activity-transition`` with ``file``, ``announce``, ``report``): they come first.
The campaign's materials and statistics sit here too until the campaign URLs include them.
"""

from django.urls import include, path, register_converter

from openday.activities import views


class PhotoSizeConverter:
    regex = "full|thumb"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PhotoSizeConverter, "photosize")

urlpatterns = [
    path("materials/", views.campaign_materials, name="campaign-materials"),
    path("materials/logo/", views.campaign_logo, name="campaign-logo"),
    path("", include("openday.reports.urls")),
    path("<int:seq>/", views.activity_detail, name="activity-detail"),
    path("<int:seq>/file/", views.activity_file_page, name="activity-file"),
    path("<int:seq>/announce/", views.activity_announce_page, name="activity-announce"),
    path("<int:seq>/report/", views.activity_report_page, name="activity-report"),
    path(
        "<int:seq>/filings/<int:filing_id>/document/",
        views.activity_filing_document,
        name="activity-filing-document",
    ),
    path(
        "<int:seq>/photos/<int:photo_id>/<photosize:size>/",
        views.activity_photo,
        name="activity-photo",
    ),
    path(
        "<int:seq>/attachments/<int:attachment_id>/",
        views.activity_attachment,
        name="activity-attachment",
    ),
    path("<int:seq>/video/", views.activity_video, name="activity-video"),
    path("<int:seq>/<slug:action>/", views.activity_transition, name="activity-transition"),
]
