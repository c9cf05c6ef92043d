"""The column's read-only JSON API under ``/api/v1/``: public campaigns, their plan rows,
public notices (预告), published reports and the questionnaires open now. The OpenAPI document that
describes it is ``portal.api_schema`` (``/api/v1/openapi.json``).

Only what the public pages already show, through the same selectors: a draft campaign is a
404, a plan not yet published has no rows, reports are those of published activities, phone
numbers typed into free text are masked as on the pages, and nothing of a filing, a sign-up
or an opinion's contact details is ever read.

Every answer is JSON (``ensure_ascii`` off: Chinese stays readable) with
``Access-Control-Allow-Origin: *`` — the data is public and read-only, so any site (the
county portal's widget) may fetch it. Successful answers are marked ``public``, so
``PublicCacheMiddleware`` gives them the pages' shared-cache lifetime and an ETag; nothing
here touches the session, so no answer carries a cookie. Errors are JSON too,
``{"detail": "<中文说明>"}``, with 400 (a bad parameter), 404 (unknown campaign, page or
path) or 405 (anything but GET/HEAD/OPTIONS).

Lists are paginated: ``?page=`` (from 1) and ``?page_size=`` (1 to ``MAX_PAGE_SIZE``,
``PAGE_SIZE`` by default); the answer carries ``count``, ``pages``, ``next`` and
``previous`` (absolute URLs from ``settings.SITE_URL``, like every link here).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from openday.activities.enums import ActivityState
from openday.activities.lifecycle import NOT_HELD_LABEL, NOT_HELD_STATES
from openday.activities.models import (
    Activity,
    ActivityForm,
    ActivityHost,
    ActivityNotice,
    ActivityReport,
    MediaReport,
    ReportAttendance,
    ReportPhoto,
)
from openday.activities.selectors import (
    campaign_totals,
    part_lines,
    parts_prefetch,
    plan_activities,
    upcoming_notices,
)
from openday.campaigns.enums import CampaignPhase, FormKind
from openday.campaigns.models import Campaign
from openday.campaigns.selectors import plan_is_published, public_campaigns
from openday.core.text import mask_phones, one_line
from openday.participation.models import Questionnaire
from openday.participation.questionnaires_selectors import open_questionnaires
from openday.portal.filters import PlanFilter, apply_filter
from openday.portal.pages import absolute
from openday.portal.selectors import public_notice_ids, public_notices, public_reports

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# A page number longer than this is not a page anyone has.
_MAX_DIGITS = 6

# Where a plan row stands, in the public's words (as the column's filter names them): the
# workbench's finer states (filed, accepted …) are the office's business.
STATUS_LABELS = {
    "planned": "未开展",
    "held": "已开展",
    "published": "已发布活动报道",
    "postponed": "已延期",
    "cancelled": "已取消",
}
_HELD_STATES = (ActivityState.HELD, ActivityState.REPORTED, ActivityState.ACCEPTED)
WITH_LEAD_LABEL = "随牵头单位一同开展"


class ApiError(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response.headers["Access-Control-Allow-Origin"] = "*"
    if status == 200:
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


def error_response(status: int, detail: str) -> JsonResponse:
    return _json({"detail": detail}, status)


def api_view(view: Callable[..., dict]) -> Callable[..., HttpResponse]:
    """A view returning a dict becomes a JSON endpoint: GET and HEAD only (OPTIONS answers a
    browser's preflight), ``ApiError`` as a JSON error. Exempt from CSRF: it writes nothing,
    and a POST gets the API's own 405 instead of the HTML 403 page."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "本接口只读，只接受 GET 请求。")
            response.headers["Allow"] = "GET, HEAD, OPTIONS"
            return response
        try:
            return _json(view(request, *args, **kwargs))
        except ApiError as error:
            return error_response(error.status, error.detail)

    return wrapper


# --- Parameters and pages -------------------------------------------------------------------


def _positive_int(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > _MAX_DIGITS or int(raw) < 1:
        shown = one_line(raw)[:20]
        raise ApiError(400, f"参数 {name} 应为正整数，收到的是“{shown}”。")
    return int(raw)


def _page_link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return absolute(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest, items: Iterable, serialize: Callable[[Any], dict]
) -> dict[str, Any]:
    """One page of ``items`` (an ordered queryset or a list), each through ``serialize``."""
    number = _positive_int(request, "page", 1)
    size = _positive_int(request, "page_size", PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise ApiError(400, f"参数 page_size 不能大于 {MAX_PAGE_SIZE}，收到的是 {size}。")
    paginator = Paginator(items, size)
    if number > paginator.num_pages:
        raise ApiError(404, f"第 {number} 页不存在：共 {paginator.num_pages} 页。")
    page = paginator.page(number)
    return {
        "count": paginator.count,
        "page": number,
        "page_size": size,
        "pages": paginator.num_pages,
        "next": _page_link(request, number + 1) if page.has_next() else None,
        "previous": _page_link(request, number - 1) if page.has_previous() else None,
        "results": [serialize(item) for item in page.object_list],
    }


def _campaign_or_404(slug: str) -> Campaign:
    campaign = public_campaigns().filter(slug=slug).first()
    if campaign is None:
        raise ApiError(404, f"没有找到活动专栏“{slug}”。")
    return campaign


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _datetime(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _url(name: str, *args: Any) -> str:
    return absolute(reverse(name, args=args))


# --- Campaigns ------------------------------------------------------------------------------


def _campaign_links(campaign: Campaign) -> dict[str, str]:
    slug = campaign.slug
    return {
        "column": _url("portal:campaign-column", slug),
        "self": _url("portal-api:campaign-detail", slug),
        "plan": _url("portal-api:campaign-plan", slug),
        "notices": _url("portal-api:campaign-notices", slug),
        "reports": _url("portal-api:campaign-reports", slug),
        "questionnaires": _url("portal-api:campaign-questionnaires", slug),
        "feed": _url("portal:campaign-feed", slug),
        "calendar": _url("portal:campaign-calendar", slug),
        "ics": _url("portal:campaign-ics", slug),
        "widget": _url("portal:campaign-widget", slug),
    }


def campaign_item(campaign: Campaign, counts: dict[str, int | None]) -> dict[str, Any]:
    parent = campaign.region.parent
    return {
        "slug": campaign.slug,
        "year": campaign.year,
        "title": campaign.title,
        "column_title": f"{campaign.region.name}{campaign.display_column_title}",
        "region": {
            "name": campaign.region.name,
            "slug": campaign.region.slug,
            "parent": parent.name if parent else None,
        },
        "issuer": campaign.issuer,
        "doc_number": campaign.doc_number,
        "issued_on": _date(campaign.issued_on),
        "phase": campaign.phase,
        "phase_label": CampaignPhase(campaign.phase).label,
        "plan_published": plan_is_published(campaign),
        "closed_on": _date(campaign.closed_on),
        "counts": counts,
        "links": _campaign_links(campaign),
    }


def _list_counts(campaign: Campaign) -> dict[str, int | None]:
    published = plan_is_published(campaign)
    return {
        "planned": campaign.planned_count,
        # Rows of a plan still being compiled are the office's business.
        "rows": campaign.row_count if published else 0,
        "published_reports": campaign.report_count if published else 0,
    }


@api_view
def campaign_list(request: HttpRequest) -> dict:
    campaigns = public_campaigns().annotate(
        row_count=Count("activities", filter=Q(activities__lead__isnull=True), distinct=True),
        report_count=Count(
            "activities", filter=Q(activities__state=ActivityState.PUBLISHED), distinct=True
        ),
    )
    return paginate(request, campaigns, lambda c: campaign_item(c, _list_counts(c)))


@api_view
def campaign_detail(request: HttpRequest, slug: str) -> dict:
    campaign = _campaign_or_404(slug)
    counts: dict[str, int | None] = {"planned": campaign.planned_count}
    if plan_is_published(campaign):
        # A closed year's numbers are frozen with it, as its column shows them.
        totals = campaign.closed_stats or campaign_totals(campaign)
        counts.update(
            rows=totals.get("activities", 0),
            held=totals.get("held", 0),
            published_reports=totals.get("published", 0),
            cancelled=totals.get("cancelled", 0),
            joint_parts=totals.get("parts", 0),
            joint_parts_held=totals.get("parts_held", 0),
        )
    else:
        counts.update(
            rows=0, held=0, published_reports=0, cancelled=0, joint_parts=0, joint_parts_held=0
        )
    return campaign_item(campaign, counts)


# --- The plan -------------------------------------------------------------------------------


def public_status(state: str) -> str:
    """Where an activity stands in the public's words (a key of ``STATUS_LABELS``)."""
    if state == ActivityState.PUBLISHED:
        return "published"
    if state in _HELD_STATES:
        return "held"
    if state in (ActivityState.POSTPONED, ActivityState.CANCELLED):
        return str(state)
    return "planned"


def _status_label(state: str, *, closed: bool) -> str:
    if closed and state in NOT_HELD_STATES:
        return NOT_HELD_LABEL
    return STATUS_LABELS[public_status(state)]


def _plan_row(
    activity: Activity, *, slug: str, closed: bool, notice_ids: set[int]
) -> dict[str, Any]:
    published = activity.state == ActivityState.PUBLISHED
    has_notice = activity.pk in notice_ids
    joint = None
    if activity.joint:
        lines = part_lines(activity)
        held = sum(line.held for line in lines)
        joint = {
            "parts": len(lines),
            "parts_held": held,
            "summary": f"联合开展：{len(lines)} 个单位分项，已开展 {held} 个",
            "items": [
                {
                    "ref": line.part.ref,
                    "unit": line.unit,
                    "held": line.held,
                    "status_label": WITH_LEAD_LABEL
                    if line.part.with_lead
                    else _status_label(line.part.state, closed=closed),
                    "report": _url("portal:activity-report", slug, line.part.ref)
                    if line.part.state == ActivityState.PUBLISHED
                    else None,
                }
                for line in lines
            ],
        }
    return {
        "ref": activity.ref,
        "seq": activity.seq,
        "months": {
            "start": activity.month_start,
            "end": activity.month_end or activity.month_start,
            "label": activity.month_label,
        },
        "title": activity.title,
        "forms": [
            {"text": form.text, "kind": form.kind, "kind_label": FormKind(form.kind).label}
            for form in activity.forms.all()
        ],
        "hosts": [host.text for host in activity.hosts.all()],
        "status": public_status(activity.state),
        "status_label": _status_label(activity.state, closed=closed),
        # The day is public once the notice is.
        "date": _date(activity.scheduled_on) if has_notice else None,
        "joint": joint,
        "links": {
            "notice": _url("portal:activity-notice", slug, activity.ref) if has_notice else None,
            "report": _url("portal:activity-report", slug, activity.ref) if published else None,
        },
    }


@api_view
def campaign_plan(request: HttpRequest, slug: str) -> dict:
    campaign = _campaign_or_404(slug)
    plan_filter = PlanFilter.from_query(request.GET, campaign)
    if plan_is_published(campaign):
        rows = apply_filter(plan_filter, plan_activities(campaign)).prefetch_related(
            parts_prefetch()
        )
        notice_ids = public_notice_ids(campaign)
    else:
        rows, notice_ids = Activity.objects.none(), set()
    closed = campaign.phase == CampaignPhase.CLOSED
    page = paginate(
        request,
        rows,
        lambda row: _plan_row(row, slug=campaign.slug, closed=closed, notice_ids=notice_ids),
    )
    return {
        "campaign": campaign.slug,
        "plan_published": plan_is_published(campaign),
        # What of the filter could not be used, and why (the rest still applies).
        "notes": list(plan_filter.notes),
        **page,
    }


# --- Notices --------------------------------------------------------------------------------


def _notice_item(notice: ActivityNotice, *, slug: str, closed: bool) -> dict[str, Any]:
    activity = notice.activity
    on = activity.scheduled_on or notice.held_on
    # The notice's times hold for its own day; after a postponement only the day is known.
    same_day = notice.held_on == on
    return {
        "ref": activity.ref,
        "title": notice.theme,
        "plan_title": activity.title,
        "date": _date(on),
        "start_time": _time(notice.start_time) if same_day else None,
        "end_time": _time(notice.end_time) if same_day else None,
        "venue": activity.venue or notice.venue,
        "host": notice.host,
        "form": notice.form,
        "audience": notice.audience,
        "signup": notice.signup,
        "contact": notice.contact,
        "content": mask_phones(notice.content),
        "status": public_status(activity.state),
        "status_label": _status_label(activity.state, closed=closed),
        "published_at": _datetime(notice.published_at),
        "links": {
            "notice": _url("portal:activity-notice", slug, activity.ref),
            "report": _url("portal:activity-report", slug, activity.ref)
            if activity.state == ActivityState.PUBLISHED
            else None,
            "opinions": _url("portal:activity-opinions", slug, activity.ref),
        },
    }


def _flag(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in ("", "1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    raise ApiError(400, f"参数 {name} 应为 1 或 0，收到的是“{one_line(raw)[:20]}”。")


@api_view
def campaign_notices(request: HttpRequest, slug: str) -> dict:
    campaign = _campaign_or_404(slug)
    closed = campaign.phase == CampaignPhase.CLOSED
    if _flag(request, "upcoming"):
        # A closed year is an archive: nothing is coming up.
        notices = (
            ActivityNotice.objects.none()
            if closed
            else upcoming_notices(campaign, timezone.localdate())
        )
    else:
        notices = public_notices(campaign).order_by(
            "-published_at", "-activity__seq", "-activity__part_no"
        )
    return paginate(request, notices, lambda n: _notice_item(n, slug=campaign.slug, closed=closed))


# --- Reports --------------------------------------------------------------------------------


def _report_item(report: ActivityReport, *, slug: str) -> dict[str, Any]:
    activity = report.activity
    ref = activity.ref
    return {
        "ref": ref,
        "title": activity.title,
        "hosts": [host.text for host in activity.hosts.all()],
        "forms": [form.text for form in activity.forms.all()],
        "held_on": _date(report.held_on),
        "venue": activity.venue,
        "published_at": _datetime(report.published_at),
        "headcount": report.headcount,
        "attendance": [
            {"group": row.group, "group_label": row.get_group_display(), "count": row.count}
            for row in report.attendance.all()
            if row.count
        ],
        # As the report's page: a phone number typed into the text is never shown in full.
        "summary": mask_phones(report.summary),
        "practices": mask_phones(report.practices),
        "effects": mask_phones(report.effects),
        "photos": [
            {
                "caption": photo.caption,
                "width": photo.width,
                "height": photo.height,
                "thumbnail": _url("portal:report-photo", slug, ref, photo.pk, "thumb"),
                "full": _url("portal:report-photo", slug, ref, photo.pk, "full"),
            }
            for photo in report.api_photos
        ],
        "video": _url("portal:report-video", slug, ref) if report.video else None,
        "video_url": report.video_url or None,
        "media": [
            {
                "outlet": item.outlet,
                "title": item.title,
                "url": item.url,
                "published_on": _date(item.published_on),
            }
            for item in report.media.all()
        ],
        "links": {"report": _url("portal:activity-report", slug, ref)},
    }


@api_view
def campaign_reports(request: HttpRequest, slug: str) -> dict:
    campaign = _campaign_or_404(slug)
    reports = public_reports(campaign).prefetch_related(
        Prefetch("activity__hosts", queryset=ActivityHost.objects.order_by("position", "pk")),
        Prefetch("activity__forms", queryset=ActivityForm.objects.order_by("position", "pk")),
        Prefetch("attendance", queryset=ReportAttendance.objects.order_by("pk")),
        Prefetch("media", queryset=MediaReport.objects.order_by("position", "id")),
        Prefetch(
            "photos",
            queryset=ReportPhoto.objects.filter(public=True).order_by("position", "id"),
            to_attr="api_photos",
        ),
    )
    return paginate(request, reports, lambda r: _report_item(r, slug=campaign.slug))


# --- Questionnaires -------------------------------------------------------------------------


def _questionnaire_item(questionnaire: Questionnaire, *, slug: str) -> dict[str, Any]:
    activity = questionnaire.activity
    return {
        "id": questionnaire.pk,
        "title": questionnaire.title,
        "kind": questionnaire.kind,
        "kind_label": questionnaire.get_kind_display(),
        "intro": questionnaire.intro,
        "activity": activity.ref if activity else None,
        "by_invitation": questionnaire.by_invitation,
        "opens_at": _datetime(questionnaire.opens_at),
        "closes_at": _datetime(questionnaire.closes_at),
        "links": {"questionnaire": _url("portal:questionnaire-form", slug, questionnaire.pk)},
    }


@api_view
def campaign_questionnaires(request: HttpRequest, slug: str) -> dict:
    campaign = _campaign_or_404(slug)
    questionnaires = open_questionnaires(campaign, timezone.now()).select_related("activity")
    return paginate(request, questionnaires, lambda q: _questionnaire_item(q, slug=campaign.slug))


# --- Anything else under /api/v1/ -----------------------------------------------------------


@api_view
def not_found(request: HttpRequest, rest: str = "") -> dict:
    raise ApiError(404, "没有这个接口，可用的接口见 /api/v1/openapi.json。")
