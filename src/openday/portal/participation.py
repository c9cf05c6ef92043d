"""Public participation pages: sign-up for an announced activity (报名), its confirmation with
a QR code and the self-service cancel link, and opinions (意见征集) on an activity or on the
campaign with the published ones and their replies.

These pages carry a form (and its CSRF token) or someone's sign-up, so unlike the column they
are rendered per request and never stored by a browser or a proxy (``private, no-store``).
Every post passes ``participation.abuse`` first: a body too large or a filled honeypot is a
400, too many posts from one address or for one phone a 429, each with a Chinese message on
the page; then the form (400 with its errors), then the service.
"""

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.activities.selectors import public_notice
from openday.campaigns.selectors import public_campaign_by_slug
from openday.core.errors import DomainError
from openday.core.forms import add_domain_error, error_items
from openday.participation import abuse
from openday.participation.enums import SignupState
from openday.participation.forms import OpinionForm, SignupForm
from openday.participation.models import Signup
from openday.participation.personal import mask_name, mask_phone, normalize_code, token_hash
from openday.participation.selectors import (
    has_public_notice,
    opinion_refusal,
    public_opinions,
    signup_counts,
    signup_refusal,
    signup_settings_of,
)
from openday.participation.services import opinion_post, signup_cancel, signup_create
from openday.participation.services.signups import signup_by_token

GET_POST = ["GET", "HEAD", "POST"]
OPINION_PURPOSE = (
    "您留下的姓名和联系方式仅用于工作人员就您的意见与您联系，不会公开，"
    "年度活动结束后按规定期限删除。"
)


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return _private(render(request, template, context, status=status))


def _campaign_or_404(slug: str):
    campaign = public_campaign_by_slug(slug)
    if campaign is None:
        raise Http404("没有找到该活动专栏。")
    return campaign


def _guard(request: HttpRequest, per_address: abuse.Limit) -> tuple[str, int] | None:
    """The abuse checks every post passes before its form: (message, status) or None."""
    try:
        abuse.check_body(request)
        abuse.check_honeypot(request.POST)
        abuse.check_address(request, per_address)
    except abuse.RateLimited as error:
        return error.message, 429
    except abuse.BadSubmission as error:
        return error.message, 400
    return None


# --- sign-up --------------------------------------------------------------------------------


def _full(settings, counts) -> bool:
    """No place and no waiting place left, even for one person."""
    return counts.confirmed >= settings.capacity and counts.waitlisted >= settings.waitlist_size


@require_http_methods(GET_POST)
def signup_form(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    notice = public_notice(campaign, seq)
    if notice is None:
        raise Http404("没有找到该活动预告。")
    activity = notice.activity
    activity.campaign = campaign
    settings = signup_settings_of(activity)
    if settings is None:
        raise Http404("本活动未开放在线报名。")
    refusal = signup_refusal(activity, settings, timezone.now())
    counts = signup_counts(activity)
    if not refusal and _full(settings, counts):
        refusal = "名额和候补名额均已满，暂不接受报名；有人取消后将重新开放。"
    ask_email = settings.ask_email
    form = SignupForm(ask_email=ask_email)
    refusal_status, message = 200, ""
    if request.method == "POST":
        if refusal:
            refusal_status = 400
        elif problem := _guard(request, abuse.SIGNUP_PER_ADDRESS):
            message, refusal_status = problem
        else:
            form = SignupForm(request.POST, ask_email=ask_email)
            refusal_status = 400
            if form.is_valid():
                try:
                    abuse.check(abuse.SIGNUP_PER_PHONE, form.cleaned_data["phone"])
                    result = signup_create(activity=activity, **form.arguments())
                except abuse.RateLimited as error:
                    message, refusal_status = error.message, 429
                except DomainError as error:
                    add_domain_error(form, error)
                else:
                    url = reverse("portal:signup-detail", args=[result.signup.code])
                    return redirect(f"{url}?token={result.cancel_token}")
    return _page(
        request,
        "portal/participation/signup_form.html",
        {
            "campaign": campaign,
            "activity": activity,
            "notice": notice,
            "settings": settings,
            "counts": counts,
            "refusal": refusal,
            "form": form,
            "message": message,
            "errors": error_items(form),
            "honeypot": abuse.HONEYPOT_FIELD,
        },
        status=refusal_status,
    )


def _qr_data_uri(code: str) -> str:
    """The code as a QR code, an SVG in a data: URI (the CSP allows data: images)."""
    return segno.make_qr(code, error="m").svg_data_uri(scale=6, border=2, dark="#111")


def _lookup_guard(request: HttpRequest) -> HttpResponse | None:
    try:
        abuse.check_address(request, abuse.LOOKUP_PER_ADDRESS)
    except abuse.RateLimited as error:
        return _page(request, "portal/participation/refused.html", {"message": error.message}, 429)
    return None


@require_safe
def signup_detail(request: HttpRequest, code: str) -> HttpResponse:
    if refused := _lookup_guard(request):
        return refused
    signup = (
        Signup.objects.filter(code=normalize_code(code))
        .select_related("activity__campaign__region", "activity__notice")
        .first()
    )
    if signup is None:
        raise Http404("没有找到该确认码的报名。")
    token = request.GET.get("token", "")
    owner = bool(token) and len(token) <= 64 and token_hash(token) == signup.cancel_token_hash
    activity = signup.activity
    return _page(
        request,
        "portal/participation/signup_detail.html",
        {
            "signup": signup,
            "activity": activity,
            "campaign": activity.campaign,
            "notice": getattr(activity, "notice", None),
            "name": mask_name(signup.name),
            "phone": mask_phone(signup.phone),
            "qr": _qr_data_uri(signup.code) if signup.state != SignupState.CANCELLED else "",
            "cancel_url": reverse("portal:signup-cancel", args=[token]) if owner else "",
            "states": SignupState,
        },
    )


@require_http_methods(GET_POST)
def signup_cancel_page(request: HttpRequest, token: str) -> HttpResponse:
    if refused := _lookup_guard(request):
        return refused
    signup = signup_by_token(token)
    if signup is None:
        return _page(
            request,
            "portal/participation/refused.html",
            {"message": "取消链接无效，请核对链接是否完整（链接在报名成功页面上）。"},
            404,
        )
    context = {
        "signup": signup,
        "activity": signup.activity,
        "campaign": signup.activity.campaign,
        "done": False,
        "message": "",
    }
    status = 200
    if request.method == "POST":
        try:
            signup = signup_cancel(token=token)
        except DomainError as error:
            context["message"], status = error.message, 400
        else:
            context.update(signup=signup, done=True)
    elif signup.state == SignupState.CANCELLED:
        context["message"] = "该报名已经取消。"
    return _page(request, "portal/participation/signup_cancel.html", context, status)


# --- opinions -------------------------------------------------------------------------------


def _public_activity(campaign, seq: str) -> Activity:
    activity = (
        Activity.objects.filter(campaign=campaign).by_ref(seq).select_related("notice").first()
    )
    if activity is None or not (
        activity.state == ActivityState.PUBLISHED or has_public_notice(activity)
    ):
        raise Http404("没有找到该活动。")
    activity.campaign = campaign
    return activity


def _opinions(request: HttpRequest, campaign, activity: Activity | None) -> HttpResponse:
    refusal = opinion_refusal(campaign, activity)
    form = OpinionForm()
    status, message = 200, ""
    if request.method == "POST":
        if refusal:
            status = 400
        elif problem := _guard(request, abuse.OPINION_PER_ADDRESS):
            message, status = problem
        else:
            form = OpinionForm(request.POST)
            status = 400
            if form.is_valid():
                try:
                    abuse.check(abuse.OPINION_PER_PHONE, form.cleaned_data["phone"])
                    opinion_post(campaign=campaign, activity=activity, **form.arguments())
                except abuse.RateLimited as error:
                    message, status = error.message, 429
                except DomainError as error:
                    add_domain_error(form, error)
                else:
                    return redirect(f"{request.path}?posted=1#opinion-form")
    return _page(
        request,
        "portal/participation/opinions.html",
        {
            "campaign": campaign,
            "activity": activity,
            "opinions": list(public_opinions(campaign, activity)),
            "refusal": refusal,
            "form": form,
            "message": message,
            "errors": error_items(form),
            "posted": request.GET.get("posted") == "1",
            "purpose": OPINION_PURPOSE,
            "honeypot": abuse.HONEYPOT_FIELD,
        },
        status=status,
    )


@require_http_methods(GET_POST)
def activity_opinions(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    return _opinions(request, campaign, _public_activity(campaign, seq))


@require_http_methods(GET_POST)
def campaign_opinions(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    return _opinions(request, campaign, None)
