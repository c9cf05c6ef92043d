"""``/api/v1/``: the column's read-only JSON API (``portal.api``) and its OpenAPI document."""

from django.urls import path, re_path

from openday.portal import api, api_schema

app_name = "portal-api"
urlpatterns = [
    path("openapi.json", api_schema.openapi_json, name="openapi"),
    path("campaigns/", api.campaign_list, name="campaign-list"),
    path("campaigns/<slug:slug>/", api.campaign_detail, name="campaign-detail"),
    path("campaigns/<slug:slug>/plan/", api.campaign_plan, name="campaign-plan"),
    path("campaigns/<slug:slug>/notices/", api.campaign_notices, name="campaign-notices"),
    path("campaigns/<slug:slug>/reports/", api.campaign_reports, name="campaign-reports"),
    path(
        "campaigns/<slug:slug>/questionnaires/",
        api.campaign_questionnaires,
        name="campaign-questionnaires",
    ),
    # Anything else that ends in a slash: a JSON 404, not the HTML page. Without the slash,
    # CommonMiddleware's APPEND_SLASH redirect still applies first.
    re_path(r"^(?P<rest>(?:.*/)?)$", api.not_found, name="not-found"),
]
