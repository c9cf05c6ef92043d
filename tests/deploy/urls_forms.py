"""The app's URLs plus stand-ins the cache-header tests need before the real pages exist: a
public form page (sign-up, opinions) whose view wrongly says "public", a public file, and a
public page without an ETag of its own (a feed)."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from django.utils.cache import patch_cache_control

FORM = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<input name="name"><button>报名</button></form>'
)


def signup_form(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    response = HttpResponse(FORM.render({}, request))
    patch_cache_control(response, public=True, max_age=60)
    return response


def public_feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("<feed/>", content_type="application/atom+xml")
    patch_cache_control(response, public=True)
    return response


def public_file(request: HttpRequest) -> FileResponse:
    response = FileResponse(iter([b"photo"]), content_type="image/jpeg")
    response.headers["Content-Disposition"] = 'inline; filename="photo.jpg"'
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


urlpatterns = [
    path("column/<slug:slug>/activities/<int:seq>/signup/", signup_form),
    path("column/files/photo.jpg", public_file),
    path("column/files/feed.xml", public_feed),
    path("", include("openday.urls")),
]
