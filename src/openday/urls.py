from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import include, path

admin.site.site_header = "政务公开主题日管理后台"
admin.site.site_title = "openday 管理后台"
admin.site.index_title = "配置"


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon
    (its plain name, which WhiteNoise serves beside the hashed one, so the redirect holds)."""
    return HttpResponsePermanentRedirect(f"{settings.STATIC_URL}openday/img/favicon.ico")


# Two front ends, one URL namespace each: ``staff`` (the workbench) and ``portal`` (public).
urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("staff/", include("openday.workbench.urls")),
    path("api/v1/", include("openday.portal.api_urls")),
    path("", include("openday.portal.urls")),
]
