"""Public pages: the list of columns and each campaign's column.

The column page is the hot path (thousands of requests a second). Its rendered HTML is cached
under a key carrying the campaign's pk and ``content_version``: every process — whatever its
cache backend — finds the current version or renders it, never an older one. The same pair is
the ETag, so a conditional GET is answered 304 after one indexed query and no rendering.
The cache holds ``(html, first rendered at)``; the latter is the Last-Modified.
"""

import hashlib
from time import time as _now

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from openday.activities.selectors import plan_by_month
from openday.campaigns.selectors import (
    PLAN_PUBLISHED_PHASES,
    plan_is_published,
    public_campaign_by_slug,
    public_campaigns,
)

# Bump when the column template changes what it shows, so HTML cached by the previous
# release is not served by the new one.
COLUMN_RENDER_VERSION = 1
# Keys carry the content version, so an entry is never stale; the timeout only frees memory.
COLUMN_CACHE_SECONDS = 24 * 3600


def column_cache_key(campaign) -> str:
    return f"portal:column:r{COLUMN_RENDER_VERSION}:{campaign.pk}:{campaign.content_version}"


def column_etag(campaign) -> str:
    return f'"c{campaign.pk}-v{campaign.content_version}-r{COLUMN_RENDER_VERSION}"'


def _public_headers(response: HttpResponse, *, etag: str, last_modified: float | None) -> None:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)


@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    html = render_to_string(
        "portal/campaign_list.html",
        {"campaigns": list(public_campaigns()), "plan_published_phases": PLAN_PUBLISHED_PHASES},
    )
    etag = '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(html)
    _public_headers(response, etag=etag, last_modified=None)
    return response


@require_safe
def campaign_column(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = public_campaign_by_slug(slug)
    if campaign is None:
        raise Http404("没有找到该活动专栏。")
    etag = column_etag(campaign)
    # A client holding the current version is answered before any cache or template work.
    response = get_conditional_response(request, etag=etag)
    last_modified = None
    if response is None:
        key = column_cache_key(campaign)
        entry = cache.get(key)
        if entry is None:
            entry = (_render_column(campaign), int(_now()))
            cache.set(key, entry, COLUMN_CACHE_SECONDS)
        html, last_modified = entry
        # Last-Modified is when this version was first rendered: never earlier than the change
        # itself, whichever service made it and however it saved the campaign.
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        ) or HttpResponse(html)
    _public_headers(response, etag=etag, last_modified=last_modified)
    return response


def _render_column(campaign) -> str:
    published = plan_is_published(campaign)
    # Rendered without the request: the HTML is shared by every visitor.
    return render_to_string(
        "portal/campaign_column.html",
        {
            "campaign": campaign,
            "plan_published": published,
            "months": plan_by_month(campaign) if published else [],
        },
    )
