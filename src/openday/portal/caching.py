"""What shared caches may keep of a public response: ``PublicCacheMiddleware``.

The public pages are the same for every visitor, so the reverse proxy in front keeps each one
for a few seconds (its micro-cache, ``deploy/nginx/openday.conf``) and a burst on 开放日 costs
the app one render per page per few seconds. What a response may be kept is decided here, in
one place, from what the views already say:

- A response a view marked ``public`` (the portal's pages, feeds, published photos) gets
  ``s-maxage=OPENDAY_PUBLIC_CACHE_SECONDS`` for shared caches, so a publish shows within
  that time without any purge. Pages also get ``max-age=0``: browsers ask again each time
  and the page's ETag answers 304 cheaply; files keep the view's browser max-age.
  ``Vary: Accept-Encoding``, and an ETag when the view set none.
- Anything that belongs to one visitor is ``private, no-store``: a response that sets a
  cookie or varies on the Cookie header (a form with its CSRF token, a signed-in session)
  and every answer to a POST or another unsafe method. So a public page never carries a
  ``Set-Cookie``, and no proxy can hand one visitor's form or session to another.
- Staff and admin responses are left to ``workbench.middleware.NoStoreMiddleware``; static
  files, which WhiteNoise answers before this middleware, keep their own headers.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

PRIVATE = "private, no-store"
SAFE_METHODS = ("GET", "HEAD")


def _directives(response: HttpResponse) -> set[str]:
    value = response.headers.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in value.split(",") if part.strip()}


def make_private(response: HttpResponse) -> HttpResponse:
    response.headers["Cache-Control"] = PRIVATE
    response.headers.pop("Expires", None)
    return response


def make_public(request: HttpRequest, response: HttpResponse, seconds: int) -> HttpResponse:
    """``response``, which its view marked public, as shared caches may keep it."""
    is_file = response.has_header("Content-Disposition")
    if response.status_code == 200 and not (is_file or response.streaming or "ETag" in response):
        set_response_etag(response)
        response = get_conditional_response(
            request, etag=response.headers["ETag"], response=response
        )
    if is_file:
        patch_cache_control(response, s_maxage=seconds)
    else:
        patch_cache_control(response, max_age=0, s_maxage=seconds)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.skipped: tuple[str, ...] = ()  # reversed on the first request, then kept

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not self.skipped:
            self.skipped = (reverse("staff:home"), reverse("admin:index"), settings.STATIC_URL)
        if request.path.startswith(self.skipped):
            return response
        if (
            request.method not in SAFE_METHODS
            or response.cookies
            or has_vary_header(response, "Cookie")
        ):
            return make_private(response)
        directives = _directives(response)
        if (
            response.status_code in (200, 304)
            and "public" in directives
            and not directives & {"private", "no-store", "no-cache"}
        ):
            return make_public(request, response, settings.OPENDAY_PUBLIC_CACHE_SECONDS)
        return response
