"""The office's work on what is public, and its reminders: the review of a unit's 活动预告,
withdrawing a published notice or report, publishing a correction (更正), choosing the
report's public photos, and 督办.

Every view reaches the activity through ``access_activity`` (404 when not visible) and lets
only the region's office on (403 for the host's liaison and the viewers above, who see it).
The small actions post from the activity page: a refusal re-renders that page with the form's
errors (400); success redirects to it with a message. Corrections and photos have pages of
their own, which say why when the activity offers nothing to correct.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from openday.activities import services
from openday.activities.enums import ActivityState
from openday.activities.forms.actions import TransitionForm
from openday.activities.forms.corrections import (
    NoticeApproveForm,
    NoticeCorrectionForm,
    NoticeReturnForm,
    NoticeWithdrawForm,
    PhotosForm,
    ReportCorrectionForm,
    ReportWithdrawForm,
    UrgeForm,
)
from openday.activities.models import Activity, ActivityNotice, ReportPhoto
from openday.activities.permissions import access_activity, is_office_admin
from openday.activities.services.corrections import PHOTO_STATES
from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import add_domain_error
from openday.workbench.views.activities.detail import post_action


def _office_activity(request: HttpRequest, slug: str, seq: int) -> Activity:
    activity = access_activity(request.scope, slug, seq)
    if not is_office_admin(request.scope, activity):
        raise PermissionDenied("只有本地区政务公开办可以办理该事项。")
    return activity


def _small_action(
    request: HttpRequest, slug: str, seq: int, form_class: type[TransitionForm], service, done: str
) -> HttpResponse:
    activity = _office_activity(request, slug, seq)
    form = form_class(request.POST, activity=activity)
    return post_action(request, activity, form, service, lambda _activity: done)


@require_POST
@login_required
def notice_approve(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _small_action(
        request,
        slug,
        seq,
        NoticeApproveForm,
        services.notice_approve,
        "活动预告已审核通过，已在公开专栏发布。",
    )


@require_POST
@login_required
def notice_return(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _small_action(
        request,
        slug,
        seq,
        NoticeReturnForm,
        services.notice_return,
        "活动预告已退回承办单位修改。",
    )


@require_POST
@login_required
def notice_withdraw(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _small_action(
        request,
        slug,
        seq,
        NoticeWithdrawForm,
        services.notice_withdraw,
        "活动预告已从公开专栏撤回。",
    )


@require_POST
@login_required
def report_withdraw(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _small_action(
        request,
        slug,
        seq,
        ReportWithdrawForm,
        services.report_withdraw,
        "活动报道已从公开专栏撤回，活动现为“已审核通过”。",
    )


@require_POST
@login_required
def activity_urge(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _small_action(request, slug, seq, UrgeForm, services.activity_urge, "督办已发送。")


# --- Pages ----------------------------------------------------------------------------------


def _page(
    request: HttpRequest,
    slug: str,
    seq: int,
    form_class: type[TransitionForm],
    service,
    refusal_of,
    done: str,
) -> HttpResponse:
    activity = _office_activity(request, slug, seq)
    refusal = refusal_of(activity)
    status = 200
    if request.method != "POST":
        form = form_class(activity=activity)
    elif refusal:
        form, status = form_class(activity=activity), 400
    else:
        form = form_class(request.POST, activity=activity)
        if form.is_valid():
            try:
                service(actor=request.user, activity=activity, **form.arguments())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, done)
                return redirect("staff:activity-detail", slug=slug, seq=seq)
        status = 400
    return render(
        request,
        "activities/office_page.html",
        {
            "activity": activity,
            "campaign": activity.campaign,
            "form": form,
            "media": None,  # the shared page's media formset: none here
            "refusal": refusal,
            "kept_note": "已填写的内容已保留。" if form.is_bound else "",
            "nav": "campaigns",
        },
        status=status,
    )


def _notice_refusal(activity: Activity) -> str | None:
    public = ActivityNotice.objects.filter(activity=activity, withdrawn_at__isnull=True).exists()
    return None if public else "该活动没有已发布的活动预告，不能更正。"


def _report_refusal(activity: Activity) -> str | None:
    if activity.state != ActivityState.PUBLISHED:
        return "活动报道尚未发布，不能更正；发布前请直接审核或退回承办单位修改。"
    return None


def _photos_refusal(activity: Activity) -> str | None:
    if activity.state not in PHOTO_STATES:
        return "活动材料尚未报送，还没有照片可选。"
    if not ReportPhoto.objects.filter(report__activity=activity).exists():
        return "活动材料中没有照片。"
    return None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def notice_correct(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _page(
        request,
        slug,
        seq,
        NoticeCorrectionForm,
        services.notice_correct,
        _notice_refusal,
        "活动预告的更正已发布。",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_correct(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _page(
        request,
        slug,
        seq,
        ReportCorrectionForm,
        services.report_correct,
        _report_refusal,
        "活动报道的更正已发布。",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_photos(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return _page(
        request,
        slug,
        seq,
        PhotosForm,
        services.report_photos_set,
        _photos_refusal,
        "照片设置已保存。",
    )
