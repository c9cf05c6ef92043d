"""Staff downloads of reports and the month's summary (月末总结), included by
``openday.activities.urls`` (so under a campaign's path, in the ``staff`` namespace)."""

from django.urls import path, register_converter

from openday.reports import views


class BannerFormatConverter:
    regex = "docx|txt"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(BannerFormatConverter, "bannerfmt")


class MonthConverter:
    """A month as two digits in URLs ("2023-06"); 00 and 13 are no month, so no match (404)."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        month = int(value)
        if not 1 <= month <= 12:
            raise ValueError(value)
        return month

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


register_converter(MonthConverter, "twodigitmonth")

urlpatterns = [
    path("statistics.xlsx", views.statistics_campaign, name="statistics-campaign"),
    path("statistics/units/<int:unit_id>.xlsx", views.statistics_unit, name="statistics-unit"),
    path(
        "monthly/<int:year>-<twodigitmonth:month>/", views.campaign_monthly, name="campaign-monthly"
    ),
    path(
        "monthly/<int:year>-<twodigitmonth:month>.docx",
        views.campaign_monthly_docx,
        name="campaign-monthly-docx",
    ),
    path(
        "materials/banner/<int:unit_id>.<bannerfmt:fmt>",
        views.campaign_banner,
        name="campaign-banner",
    ),
]
