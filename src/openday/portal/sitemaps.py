"""``/sitemap.xml``: the list of columns, every public column, its public notices and its
published reports, for search engines. A small view rather than ``django.contrib.sitemaps``
(which must be an installed app for its templates) — three queries, whatever the size.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from openday.portal.pages import absolute
from openday.portal.selectors import sitemap_entries

_ROUTES = {"notice": "portal:activity-notice", "report": "portal:activity-report"}


def _loc(entry) -> str:
    if entry.kind == "column":
        return absolute(reverse("portal:campaign-column", args=[entry.slug]))
    return absolute(reverse(_ROUTES[entry.kind], args=[entry.slug, entry.ref]))


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    urls = [(absolute(reverse("portal:campaign-list")), None)]
    urls += [(_loc(entry), entry.lastmod) for entry in sitemap_entries()]
    xml = render_to_string("portal/sitemap.xml", {"urls": urls})
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response
