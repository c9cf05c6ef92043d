"""Public pages: the list of columns, each campaign's column, its activity notices (预告)
and published reports (活动报道), and the photos of published reports.

The column page is the hot path (thousands of requests a second). Its rendered HTML is cached
under a key carrying the campaign's pk and ``content_version``: every process — whatever its
cache backend — finds the current version or renders it, never an older one. The same pair is
the ETag, so a conditional GET is answered 304 after one indexed query and no rendering.
The cache holds ``(html, first rendered at)``; the latter is the Last-Modified. The column
also carries the day, since "近期活动" lists what is still ahead; notice and report pages
are cached the same way under their own keys.

Photos are stored privately (``core.storage``) and served here only while their report
is published and the office made them public; otherwise the public URL is a 404 and staff see
them through staff views. A notice or report the office withdrew is gone (404); one it
corrected says "更正于 <date>" with what changed.
Nothing personal reaches these pages: the filing (people, phones) is never read, and phone
numbers typed into a report's text are masked.
"""

import hashlib
from collections.abc import Callable
from time import time as _now

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from openday.activities.enums import ActivityState, CorrectionTarget
from openday.activities.models import ActivityReport
from openday.activities.selectors import (
    public_corrections,
    public_notice,
    public_photo,
    public_report,
    published_reports,
    upcoming_notices,
)
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.selectors import (
    PLAN_PUBLISHED_PHASES,
    plan_is_published,
    public_campaigns,
    public_years,
)
from openday.core.formats import date_label
from openday.core.http import stream
from openday.portal.column_participation import column_participation
from openday.portal.column_rows import column_plan
from openday.portal.filters import FilterOptions, PlanFilter, filter_groups
from openday.portal.pages import page_meta
from openday.portal.selectors import report_published_at, website_of
from openday.portal.templatetags.portal_text import mask_phones

# Bump when the column template changes what it shows, so HTML cached by the previous
# release is not served by the new one.
COLUMN_RENDER_VERSION = 8
# Keys carry the content version, so an entry is never stale; the timeout only frees memory.
COLUMN_CACHE_SECONDS = 24 * 3600


def column_cache_key(campaign, page: str = "column") -> str:
    """``page``: "column" (with the day), "notice-<seq>" or "report-<seq>"."""
    page = _dated(page)
    return f"portal:{page}:r{COLUMN_RENDER_VERSION}:{campaign.pk}:{campaign.content_version}"


def column_etag(campaign, page: str = "column") -> str:
    page = _dated(page)
    return f'"c{campaign.pk}-v{campaign.content_version}-r{COLUMN_RENDER_VERSION}-{page}"'


def _dated(page: str) -> str:
    # "近期活动" changes at midnight without any change of content.
    return f"column{timezone.localdate():%Y%m%d}" if page == "column" else page


def _public_headers(response: HttpResponse, *, etag: str, last_modified: float | None) -> None:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)


@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    html = render_to_string(
        "portal/campaign_list.html",
        {
            # The row count stands in for a notice that gives no planned count.
            "campaigns": list(
                public_campaigns().annotate(
                    row_count=Count("activities", filter=Q(activities__lead__isnull=True))
                )
            ),
            "plan_published_phases": PLAN_PUBLISHED_PHASES,
        },
    )
    etag = '"' + hashlib.sha256(html.encode()).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(html)
    _public_headers(response, etag=etag, last_modified=None)
    return response


def _cached_page(
    request: HttpRequest, campaign, page: str, render: Callable[[], str]
) -> HttpResponse:
    """The page ``render`` makes, cached by the campaign's content version, with ETag and
    Last-Modified answered before any cache or template work."""
    etag = column_etag(campaign, page)
    # A client holding the current version is answered before any cache or template work.
    response = get_conditional_response(request, etag=etag)
    last_modified = None
    if response is None:
        key = column_cache_key(campaign, page)
        entry = cache.get(key)
        if entry is None:
            entry = (render(), int(_now()))
            cache.set(key, entry, COLUMN_CACHE_SECONDS)
        html, last_modified = entry
        # Last-Modified is when this version was first rendered: never earlier than the change
        # itself, whichever service made it and however it saved the campaign.
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        ) or HttpResponse(html)
    _public_headers(response, etag=etag, last_modified=last_modified)
    return response


def _campaign_or_404(slug: str):
    # The region's website furniture (the footer) comes in the same query.
    campaign = public_campaigns().select_related("region__website").filter(slug=slug).first()
    if campaign is None:
        raise Http404("没有找到该活动专栏。")
    return campaign


@require_safe
def campaign_column(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    plan_filter = PlanFilter.from_query(request.GET, campaign)
    if plan_filter.asked:
        # A search is rendered for its asker: its combinations are endless, its cost bounded.
        response = HttpResponse(_render_column(campaign, plan_filter))
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response
    return _cached_page(request, campaign, "column", lambda: _render_column(campaign))


@require_safe
def activity_notice(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    campaign = _campaign_or_404(slug)

    def render() -> str:
        notice = public_notice(campaign, seq)
        if notice is None:
            raise Http404("没有找到该活动预告。")
        return render_to_string(
            "portal/activity_notice.html",
            {
                "campaign": campaign,
                "notice": notice,
                "activity": notice.activity,
                "state_note": _state_note(notice),
                "report_published": notice.activity.state == ActivityState.PUBLISHED,
                "corrections": public_corrections(notice.activity, CorrectionTarget.NOTICE),
                "website": website_of(campaign.region),
                "meta": page_meta(
                    f"{notice.theme} - 活动预告",
                    notice.content,
                    reverse("portal:activity-notice", args=[campaign.slug, notice.activity.ref]),
                    "article",
                ),
            },
        )

    return _cached_page(request, campaign, f"notice-{seq}", render)


@require_safe
def activity_report(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    campaign = _campaign_or_404(slug)

    def render() -> str:
        report = public_report(campaign, seq)
        if report is None:
            raise Http404("没有找到该活动报道。")
        return render_to_string(
            "portal/activity_report.html",
            {
                "campaign": campaign,
                "report": report,
                "activity": report.activity,
                "hosts_text": "、".join(h.text for h in report.activity.hosts.all()),
                "forms_text": "、".join(f.text for f in report.activity.forms.all()),
                "attendance": [row for row in report.attendance.all() if row.count],
                "has_notice": public_notice(campaign, seq) is not None,
                "corrections": public_corrections(report.activity, CorrectionTarget.REPORT),
                "published_at": report_published_at(report),
                "website": website_of(campaign.region),
                "meta": page_meta(
                    f"{report.activity.title} - 活动报道",
                    mask_phones(report.summary),
                    reverse("portal:activity-report", args=[campaign.slug, report.activity.ref]),
                    "article",
                ),
            },
        )

    return _cached_page(request, campaign, f"report-{seq}", render)


@require_safe
def report_photo(request: HttpRequest, slug: str, seq: int, photo_id: int, size: str):
    campaign = _campaign_or_404(slug)
    photo = public_photo(campaign, seq, photo_id)
    if photo is None:
        raise Http404("没有找到该照片。")
    fieldfile = photo.thumbnail if size == "thumb" else photo.image
    return stream(fieldfile, filename=photo.original_name, attachment=False, public=True)


@require_safe
def report_video(request: HttpRequest, slug: str, seq: int):
    campaign = _campaign_or_404(slug)
    report = (
        ActivityReport.objects.filter(
            activity__campaign=campaign,
            activity__seq=seq,
            activity__state=ActivityState.PUBLISHED,
        )
        .exclude(video="")
        .first()
    )
    if report is None:
        raise Http404("没有找到该视频。")
    return stream(report.video, filename=report.video_name, attachment=False, public=True)


def _state_note(notice) -> str:
    """A line above a notice whose activity moved on since it was published."""
    activity = notice.activity
    if activity.state == ActivityState.CANCELLED:
        return "本次活动已取消。"
    if activity.state == ActivityState.POSTPONED and activity.scheduled_on:
        return f"本次活动已延期至 {date_label(activity.scheduled_on)}，具体安排以最新通知为准。"
    if activity.state in (
        ActivityState.HELD,
        ActivityState.REPORTED,
        ActivityState.ACCEPTED,
        ActivityState.PUBLISHED,
    ):
        return "本次活动已举办。"
    return ""


def _render_column(campaign, plan_filter: PlanFilter | None = None) -> str:
    published = plan_is_published(campaign)
    plan_filter = plan_filter or PlanFilter()
    # A closed year is an archive: nothing is coming up, nothing can be joined.
    closed = campaign.phase == CampaignPhase.CLOSED
    today = timezone.localdate()
    # The rows come with their HTML drawn (column_rows: the page's hot path), and say whether
    # any notice is upcoming or any report published: a column with neither asks no more.
    participation = column_participation(campaign, closed=closed, now=timezone.now())
    signups = {activity.pk for activity in participation.signups}
    plan = column_plan(campaign, closed=closed, today=today, signups=signups) if published else None
    months = plan.months if plan else []
    row_count = sum(len(group.activities) for group in months)
    months = filter_groups(plan_filter, campaign, months)
    # Rendered without the request: the HTML is shared by every visitor.
    return render_to_string(
        "portal/campaign_column.html",
        {
            "campaign": campaign,
            "plan_published": published,
            "months": months,
            "row_count": row_count,
            "plan_filter": plan_filter,
            "filter_options": plan.options if plan else FilterOptions(),
            "found_count": sum(len(group.activities) for group in months),
            "website": website_of(campaign.region),
            "meta": page_meta(
                f"{campaign.region.name}{campaign.display_column_title}",
                f"{campaign.region.name}{campaign.year}年“政务公开主题日”活动计划、活动预告和活动报道。",
                reverse("portal:campaign-column", args=[campaign.slug]),
                feed_path=reverse("portal:campaign-feed", args=[campaign.slug]),
            ),
            "upcoming": []
            if closed or (plan and not plan.any_upcoming)
            else list(upcoming_notices(campaign, today)),
            "reports": [] if plan and not plan.any_published else list(published_reports(campaign)),
            "years": list(public_years(campaign)),
            "closed": closed,
            # "参与互动": open questionnaires, open sign-ups, the opinions page.
            "participation": participation,
        },
    )
