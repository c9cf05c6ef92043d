"""Staff downloads of reports, included by ``openday.activities.urls`` (so under a campaign's
path, in the ``staff`` namespace)."""

from django.urls import path, register_converter

from openday.reports import views


class BannerFormatConverter:
    regex = "docx|txt"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(BannerFormatConverter, "bannerfmt")

urlpatterns = [
    path("statistics.xlsx", views.statistics_campaign, name="statistics-campaign"),
    path("statistics/units/<int:unit_id>.xlsx", views.statistics_unit, name="statistics-unit"),
    path(
        "materials/banner/<int:unit_id>.<bannerfmt:fmt>",
        views.campaign_banner,
        name="campaign-banner",
    ),
]
