"""Public questionnaire pages (问卷调查 / 满意度评价): the form (GET) and the answer (POST), and
the thank-you page.

- ``/column/<slug>/questionnaires/<id>/``: a questionnaire about the campaign or one activity;
  the satisfaction questionnaire lists the published activities to rate instead.
- ``/column/<slug>/questionnaires/<id>/activities/<ref>/``: the satisfaction questionnaire for
  one published activity (its report page links here).

Works with JavaScript off: every question is shown, a conditional one says on what it
depends, and the server keeps only the answers to the questions shown (``answer_submit``);
``static/openday/js/questionnaire.js`` hides the conditional ones while their condition is
unmet. One answer per person: the browser's token in a signed cookie set only here (these
pages are ``private, no-store``, never kept by a proxy), and the phone's one-time code when
the office asks for it — the 获取验证码 button posts the same form, so nothing typed is lost.
Every post passes the abuse checks first (size, honeypot, rate per address): 400 or 429 with
a Chinese message, then the form, then the service.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe

from openday.campaigns.selectors import public_campaign_by_slug
from openday.core.errors import DomainError
from openday.core.forms import add_domain_error, error_items
from openday.participation import abuse
from openday.participation.models import Questionnaire
from openday.participation.personal import mask_phone, new_token
from openday.participation.questionnaires_abuse import (
    ANSWER_PER_ADDRESS,
    CODE_PER_ADDRESS,
    CODE_PER_PHONE,
    INVITATION_PER_ADDRESS,
    check_answer_body,
    person_digest,
)
from openday.participation.questionnaires_forms import AnswerForm, PhoneCodeForm
from openday.participation.questionnaires_phone import CODE_SECONDS, phone_code_issue
from openday.participation.questionnaires_selectors import (
    already_answered,
    public_questionnaire,
    questionnaire_refusal,
    questions_of,
    rateable_activities,
    rateable_activity,
)
from openday.participation.services import answer_submit
from openday.participation.services.questionnaires import ALREADY_ANSWERED

GET_POST = ["GET", "HEAD", "POST"]
COOKIE = "openday_respondent"
COOKIE_SALT = "openday.questionnaire"
COOKIE_AGE = 400 * 24 * 3600  # browsers cap a cookie's life at 400 days


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _campaign_or_404(slug: str):
    campaign = public_campaign_by_slug(slug)
    if campaign is None:
        raise Http404("没有找到该活动专栏。")
    return campaign


def _questionnaire_or_404(campaign, pk: int) -> Questionnaire:
    questionnaire = public_questionnaire(campaign, pk)
    if questionnaire is None:
        raise Http404("没有找到该问卷。")
    questionnaire.campaign = campaign
    return questionnaire


def _token(request: HttpRequest) -> tuple[str, bool]:
    """The browser's respondent token, and whether it is new (to be set on the response)."""
    token = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    if token and len(token) <= 64:
        return token, False
    return new_token(), True


def _keep_token(request: HttpRequest, response: HttpResponse, token: str, new: bool):
    if new:
        response.set_signed_cookie(
            COOKIE,
            token,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return _private(response)


def _guard(request: HttpRequest, questionnaire: Questionnaire) -> tuple[str, int] | None:
    try:
        check_answer_body(request)
        abuse.check_honeypot(request.POST)
        abuse.check_address(request, ANSWER_PER_ADDRESS)
        if questionnaire.by_invitation:
            abuse.check_address(request, INVITATION_PER_ADDRESS)
    except abuse.RateLimited as error:
        return error.message, 429
    except abuse.BadSubmission as error:
        return error.message, 400
    return None


def _send_code(request, questionnaire, form: AnswerForm) -> tuple[str, str, int]:
    """获取验证码: (notice, message, status); the phone's problem goes on the form."""
    phone_form = PhoneCodeForm(request.POST)
    if not phone_form.is_valid():
        for error in phone_form.errors.get("phone", []):
            form.add_error("phone", error)
        return "", "", 400
    phone = phone_form.cleaned_data["phone"]
    try:
        check_answer_body(request)
        abuse.check_honeypot(request.POST)
        abuse.check_address(request, CODE_PER_ADDRESS)
        abuse.check(CODE_PER_PHONE, phone)
        phone_code_issue(questionnaire=questionnaire, phone=phone)
    except abuse.RateLimited as error:
        return "", error.message, 429
    except abuse.BadSubmission as error:
        return "", error.message, 400
    except DomainError as error:
        form.add_error("phone", error.message)
        return "", "", 400
    minutes = CODE_SECONDS // 60
    return f"验证码已发送至 {mask_phone(phone)}，{minutes} 分钟内有效，请填写后提交问卷。", "", 200


def _answer_page(request: HttpRequest, campaign, questionnaire, activity) -> HttpResponse:
    now = timezone.now()
    refusal = questionnaire_refusal(questionnaire, now)
    token, new = _token(request)
    done = not new and already_answered(
        questionnaire, activity, person_digest(questionnaire.pk, "token", token)
    )
    questions = list(questions_of(questionnaire))
    form = AnswerForm(questionnaire=questionnaire, questions=questions)
    status, message, notice = 200, "", ""
    if request.method == "POST":
        if refusal or done:
            status = 400
        else:
            form = AnswerForm(request.POST, questionnaire=questionnaire, questions=questions)
            if "send_code" in request.POST and questionnaire.phone_check:
                form.is_valid()
                notice, message, status = _send_code(request, questionnaire, form)
            elif problem := _guard(request, questionnaire):
                message, status = problem
            else:
                status = 400
                if form.is_valid():
                    try:
                        answer_submit(
                            questionnaire=questionnaire,
                            activity=activity,
                            now=now,
                            **form.arguments(token),
                        )
                    except DomainError as error:
                        if error.message == ALREADY_ANSWERED:
                            done = True
                        add_domain_error(form, error)
                    else:
                        url = reverse(
                            "portal:questionnaire-thanks", args=[campaign.slug, questionnaire.pk]
                        )
                        if activity is not None:
                            url = f"{url}?activity={activity.ref}"
                        return _keep_token(request, redirect(url), token, new)
    response = render(
        request,
        "portal/participation/questionnaire_form.html",
        {
            "campaign": campaign,
            "questionnaire": questionnaire,
            "activity": activity,
            "refusal": refusal,
            "done": done,
            "form": form,
            "questions": form.question_fields(),
            "message": message,
            "notice": notice,
            "errors": error_items(form) if form.is_bound and status != 200 else [],
            "honeypot": abuse.HONEYPOT_FIELD,
        },
        status=status,
    )
    return _keep_token(request, response, token, new)


@require_http_methods(GET_POST)
def questionnaire_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    questionnaire = _questionnaire_or_404(campaign, pk)
    if questionnaire.is_satisfaction:
        # Each answer rates one activity: the person picks it first.
        return _private(
            render(
                request,
                "portal/participation/questionnaire_pick.html",
                {
                    "campaign": campaign,
                    "questionnaire": questionnaire,
                    "activities": list(rateable_activities(campaign)),
                    "refusal": questionnaire_refusal(questionnaire, timezone.now()),
                },
                status=405 if request.method == "POST" else 200,
            )
        )
    return _answer_page(request, campaign, questionnaire, questionnaire.activity)


@require_http_methods(GET_POST)
def questionnaire_activity_form(request: HttpRequest, slug: str, pk: int, seq: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    questionnaire = _questionnaire_or_404(campaign, pk)
    if not questionnaire.is_satisfaction:
        raise Http404("该问卷不是活动满意度评价。")
    activity = rateable_activity(campaign, seq)
    if activity is None:
        raise Http404("没有找到该活动的报道，只能评价已发布报道的活动。")
    activity.campaign = campaign
    return _answer_page(request, campaign, questionnaire, activity)


@require_safe
def questionnaire_thanks(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    questionnaire = _questionnaire_or_404(campaign, pk)
    activity = None
    if questionnaire.is_satisfaction and (ref := request.GET.get("activity", "")):
        activity = rateable_activity(campaign, ref)
    return _private(
        render(
            request,
            "portal/participation/questionnaire_thanks.html",
            {"campaign": campaign, "questionnaire": questionnaire, "activity": activity},
        )
    )
