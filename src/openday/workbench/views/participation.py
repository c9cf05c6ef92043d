"""Staff pages of participation (报名与留言): a campaign's overview, an activity's sign-ups
(settings, list, export, check-in at the door, the checked-in people by group) and the
opinions' moderation queue with replies; the office's retention of personal data.

Activities come through ``participation.permissions.access_participation`` (404 when the user
may not read the activity, 403 when they read it but may not run its participation: superior
viewers), opinions through ``access_opinion`` (a liaison reaches only those on their units'
activities). Phones are whole for the office and the host unit, masked for everyone else, on
the page and in the export. A refused post re-renders its page with the form's errors (400);
a done one redirects with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openday.activities.enums import ReportGroup
from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import add_domain_error
from openday.core.http import XLSX, download
from openday.participation import services
from openday.participation.enums import OpinionState, SignupState
from openday.participation.forms import (
    CheckInForm,
    EmptyForm,
    OpinionDuplicateForm,
    OpinionHideForm,
    OpinionReplyForm,
    RetentionForm,
    SignupSettingsForm,
)
from openday.participation.permissions import (
    access_campaign_participation,
    access_opinion,
    access_participation,
    can_moderate,
    manages_campaign_participation,
    opinions_visible_to,
    readable_activity_refs,
    runs_participation,
    sees_full_phone,
)
from openday.participation.personal import mask_phone
from openday.participation.selectors import (
    CHECK_IN_STATES,
    checked_in_by_group,
    opinion_queue,
    opinion_state_counts,
    participation_by_activity,
    reply_counts_by_unit,
    retention_days,
    signup_counts,
    signup_list,
    signup_settings_of,
)
from openday.reports.signups_export import signups_xlsx

GET_POST = ["GET", "HEAD", "POST"]
GROUP_LABELS = dict(ReportGroup.choices)


# --- a campaign's overview -----------------------------------------------------------------


@require_safe
@login_required
def participation_overview(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_participation(request.scope, slug)
    refs = readable_activity_refs(request.scope, campaign)
    opinions = opinions_visible_to(request.scope, campaign)
    office = manages_campaign_participation(request.scope, campaign)
    return render(
        request,
        "workbench/participation/overview.html",
        {
            "campaign": campaign,
            "rows": participation_by_activity(campaign, refs),
            "opinion_counts": opinion_state_counts(opinions),
            "campaign_opinions": opinions.filter(activity__isnull=True).count() if office else 0,
            "replies_by_unit": reply_counts_by_unit(campaign, opinions),
            "retention_days": retention_days(campaign),
            "is_office": office,
            "states": OpinionState,
            "nav": "campaigns",
        },
    )


# --- an activity's sign-ups ----------------------------------------------------------------


def _activity_page(
    request: HttpRequest, activity, *, checkin: CheckInForm | None = None, status: int = 200
) -> HttpResponse:
    scope = request.scope
    full = sees_full_phone(scope, activity)
    runs = runs_participation(scope, activity)
    signups = list(signup_list(activity))
    for signup in signups:
        signup.shown_phone = signup.phone if full else mask_phone(signup.phone)
    by_group = checked_in_by_group(activity)
    opinions = opinion_queue(
        opinions_visible_to(scope, activity.campaign).filter(activity=activity)
    )
    return render(
        request,
        "workbench/participation/activity.html",
        {
            "activity": activity,
            "campaign": activity.campaign,
            "settings": signup_settings_of(activity),
            "counts": signup_counts(activity),
            "signups": signups,
            "checked_in": [(GROUP_LABELS[group], n) for group, n in by_group.items()],
            "checked_in_total": sum(by_group.values()),
            "runs": runs,
            "full_phones": full,
            "can_check_in": runs and activity.state in CHECK_IN_STATES,
            "checkin": checkin or CheckInForm(),
            "opinions": list(opinions),
            "signup_states": SignupState,
            "nav": "campaigns",
        },
        status=status,
    )


@require_safe
@login_required
def participation_activity(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    return _activity_page(request, access_participation(request.scope, slug, seq))


@require_http_methods(GET_POST)
@login_required
def signup_settings_edit(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    activity = access_participation(request.scope, slug, seq, run=True)
    current = signup_settings_of(activity)
    status = 200
    if request.method == "POST":
        form = SignupSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.signup_settings_save(
                    actor=request.user, activity=activity, **form.arguments()
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "报名设置已保存。")
                return redirect("staff:participation-activity", slug=slug, seq=activity.ref)
        status = 400
    else:
        form = SignupSettingsForm(initial=SignupSettingsForm.initial_for(current, activity))
    return render(
        request,
        "workbench/participation/settings.html",
        {
            "activity": activity,
            "campaign": activity.campaign,
            "form": form,
            "current": current,
            "nav": "campaigns",
        },
        status=status,
    )


@require_POST
@login_required
def signup_check_in(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    activity = access_participation(request.scope, slug, seq, run=True)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            signup = services.signup_check_in(
                actor=request.user, activity=activity, **form.arguments()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"确认码 {signup.code} 已签到："
                f"{signup.get_group_display()} {signup.party_size} 人。",
            )
            return redirect("staff:participation-activity", slug=slug, seq=activity.ref)
    return _activity_page(request, activity, checkin=form, status=400)


@require_safe
@login_required
def signups_export(request: HttpRequest, slug: str, seq: str) -> HttpResponse:
    activity = access_participation(request.scope, slug, seq)
    content, filename = signups_xlsx(activity, full_phones=sees_full_phone(request.scope, activity))
    fallback = f"{slug}-{activity.ref}-signups.xlsx"
    return download(content, content_type=XLSX, filename=filename, fallback=fallback)


# --- opinions ------------------------------------------------------------------------------


@require_safe
@login_required
def opinion_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_participation(request.scope, slug)
    opinions = opinions_visible_to(request.scope, campaign)
    state = request.GET.get("state", "")
    if state not in OpinionState.values:
        state = ""
    return render(
        request,
        "workbench/participation/opinion_list.html",
        {
            "campaign": campaign,
            "opinions": list(opinion_queue(opinions, state)[:500]),
            "counts": opinion_state_counts(opinions),
            "state": state,
            "states": OpinionState,
            "nav": "campaigns",
        },
    )


ACTIONS = {
    "publish": (EmptyForm, services.opinion_publish, "留言已公开。"),
    "hide": (OpinionHideForm, services.opinion_hide, "留言已设为不予公开。"),
    "duplicate": (OpinionDuplicateForm, services.opinion_mark_duplicate, "留言已标记为重复。"),
    "reply": (OpinionReplyForm, services.opinion_reply, "回应已发布。"),
}


def _opinion_page(request, opinion, *, failed: tuple[str, object] | None = None, status=200):
    moderate = can_moderate(request.scope, opinion)
    forms = {}
    if moderate:
        reply = getattr(opinion, "reply", None)
        forms = {
            "hide": OpinionHideForm(),
            "duplicate": OpinionDuplicateForm(),
            "reply": OpinionReplyForm(initial={"text": reply.text if reply else ""}),
        }
        if failed:
            forms[failed[0]] = failed[1]
    full = (
        opinion.activity is None and manages_campaign_participation(request.scope, opinion.campaign)
    ) or (opinion.activity is not None and sees_full_phone(request.scope, opinion.activity))
    return render(
        request,
        "workbench/participation/opinion_detail.html",
        {
            "opinion": opinion,
            "campaign": opinion.campaign,
            "reply": getattr(opinion, "reply", None),
            "moderate": moderate,
            "forms": forms,
            "failed": failed[1] if failed else None,
            "phone": opinion.phone if full else mask_phone(opinion.phone),
            "email": opinion.email if full else ("已填写" if opinion.email else ""),
            "states": OpinionState,
            "nav": "campaigns",
        },
        status=status,
    )


@require_safe
@login_required
def opinion_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _opinion_page(request, access_opinion(request.scope, slug, pk))


@require_POST
@login_required
def opinion_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("没有这项操作。")
    opinion = access_opinion(request.scope, slug, pk, moderate=True)
    form_class, service, done = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, opinion=opinion, **form.arguments())
        except PermissionDenied:
            raise  # a 403, not a form error (it is a DomainError too)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("staff:opinion-detail", slug=slug, pk=opinion.pk)
    opinion.refresh_from_db()
    return _opinion_page(request, opinion, failed=(action, form), status=400)


# --- retention ------------------------------------------------------------------------------


@require_http_methods(GET_POST)
@login_required
def retention_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_participation(request.scope, slug)
    if not manages_campaign_participation(request.scope, campaign):
        raise PermissionDenied("只有本地区政务公开办可以设置个人信息保留期限。")
    status = 200
    if request.method == "POST":
        form = RetentionForm(request.POST)
        if form.is_valid():
            try:
                services.retention_set(actor=request.user, campaign=campaign, **form.arguments())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "个人信息保留期限已保存。")
                return redirect("staff:participation-overview", slug=slug)
        status = 400
    else:
        form = RetentionForm(initial={"days": retention_days(campaign)})
    return render(
        request,
        "workbench/participation/retention.html",
        {"campaign": campaign, "form": form, "nav": "campaigns"},
        status=status,
    )
