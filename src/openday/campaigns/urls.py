from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from openday.campaigns import views
from openday.workbench import views as workbench_views


class ExportFormatConverter:
    regex = "xlsx|docx|csv"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "exportfmt")

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The page after login is the to-do (LOGIN_REDIRECT_URL is "staff:home").
    path("", workbench_views.todo, name="home"),
    path("campaigns/", views.campaign_list, name="campaign-list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign-detail"),
    path(
        "campaigns/<slug:slug>/plan.<exportfmt:fmt>",
        views.campaign_plan_export,
        name="campaign-plan-export",
    ),
    path("campaigns/<slug:slug>/activities/", include("openday.activities.urls")),
]
