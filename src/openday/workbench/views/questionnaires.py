"""Staff pages of questionnaires (问卷调查 / 满意度评价), under a campaign's participation.

- the list, and a new questionnaire (the office: about the campaign, any activity, or the
  year's one satisfaction questionnaire; a host unit: about one of its activities);
- a questionnaire's page: its settings and state, its questions with 上移 / 下移 / 修改 /
  删除 buttons while a draft (plain forms, no script), 开放 / 结束;
- a question's form (new or changed), the settings' form;
- invitation codes (a printable list of those not used yet, and a form to make more);
- results per question (bars drawn as SVG on the server, the numbers in a table beside each)
  and every answer as .xlsx.

Questionnaires come through ``participation.permissions.access_questionnaire`` (404 when
the user may not read it, 403 when they read it but may not run it: superior viewers).
Invitation codes are secrets: only those who run the questionnaire see them. A refused post
re-renders its page with the errors (400); a done one redirects with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openday.activities.models import Activity
from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import add_domain_error
from openday.core.http import XLSX, download
from openday.participation import services
from openday.participation.models import (
    CHOICE_KINDS,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireState,
)
from openday.participation.permissions import (
    QUESTIONNAIRE_REFUSED,
    access_campaign_participation,
    access_questionnaire,
    manages_campaign_participation,
    questionnaires_visible_to,
    readable_activity_refs,
    runs_questionnaire,
)
from openday.participation.questionnaires_forms import (
    InvitationForm,
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireForm,
)
from openday.participation.questionnaires_selectors import (
    invitation_counts,
    questionnaire_results,
    questions_of,
    rateable_activity,
    unused_invitations,
)
from openday.participation.selectors import refs_q
from openday.reports.charts import Bar, bar_chart
from openday.reports.questionnaire_export import questionnaire_xlsx

GET_POST = ["GET", "HEAD", "POST"]


def _context(campaign, **more) -> dict:
    return {"campaign": campaign, "nav": "campaigns", **more}


# --- the list and a new questionnaire ------------------------------------------------------


def _may_create(request: HttpRequest, campaign) -> bool:
    """The office, or a liaison whose unit hosts an activity of the campaign."""
    if manages_campaign_participation(request.scope, campaign):
        return True
    refs = readable_activity_refs(request.scope, campaign)
    return refs is not None and bool(refs)


@require_safe
@login_required
def questionnaire_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_participation(request.scope, slug)
    questionnaires = (
        questionnaires_visible_to(request.scope, campaign)
        .select_related("activity")
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-id")
    )
    return render(
        request,
        "workbench/participation/questionnaire_list.html",
        _context(
            campaign,
            questionnaires=list(questionnaires),
            can_create=_may_create(request, campaign),
            states=QuestionnaireState,
        ),
    )


def _activity_of(request: HttpRequest, campaign, ref: str) -> Activity | None:
    """The activity ``ref`` names among those the user reads; DomainError when none."""
    refs = readable_activity_refs(request.scope, campaign)
    activity = (
        Activity.objects.filter(campaign=campaign)
        .filter(refs_q(refs))
        .by_ref(ref.strip())
        .select_related("campaign__region")
        .prefetch_related("hosts__unit")
        .first()
    )
    if activity is None:
        raise DomainError(
            f"计划表中没有第 {ref.strip()[:16]} 项活动，或不是本单位承办的。", field="activity"
        )
    return activity


@require_http_methods(GET_POST)
@login_required
def questionnaire_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_participation(request.scope, slug)
    if not _may_create(request, campaign):
        raise PermissionDenied(QUESTIONNAIRE_REFUSED)
    office = manages_campaign_participation(request.scope, campaign)
    status = 200
    if request.method == "POST":
        form = QuestionnaireCreateForm(request.POST, office=office)
        if form.is_valid():
            try:
                ref = form.cleaned_data["activity"].strip()
                activity = _activity_of(request, campaign, ref) if ref else None
                questionnaire = services.questionnaire_create(
                    actor=request.user, campaign=campaign, activity=activity, **form.arguments()
                )
            except PermissionDenied as error:
                form.add_error("activity", error.message)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "问卷已创建，请添加题目。")
                return redirect("staff:questionnaire-detail", slug=slug, pk=questionnaire.pk)
        status = 400
    else:
        initial = QuestionnaireForm.initial_for(None, timezone.localdate())
        initial["activity"] = request.GET.get("activity", "")[:16]
        form = QuestionnaireCreateForm(initial=initial, office=office)
    return render(
        request,
        "workbench/participation/questionnaire_settings.html",
        _context(campaign, form=form, questionnaire=None),
        status=status,
    )


# --- one questionnaire ---------------------------------------------------------------------


def _detail(request, questionnaire, *, problem: str = "", status: int = 200) -> HttpResponse:
    runs = runs_questionnaire(request.scope, questionnaire)
    questions = list(questions_of(questionnaire))
    draft = questionnaire.state == QuestionnaireState.DRAFT
    total, used = invitation_counts(questionnaire)
    return render(
        request,
        "workbench/participation/questionnaire_detail.html",
        _context(
            questionnaire.campaign,
            questionnaire=questionnaire,
            questions=questions,
            runs=runs,
            editable=runs and draft,
            answers=questionnaire.answers.count(),
            invitations_total=total,
            invitations_used=used,
            problem=problem,
            states=QuestionnaireState,
            kinds=QuestionKind,
            now=timezone.now(),
        ),
        status=status,
    )


@require_safe
@login_required
def questionnaire_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _detail(request, access_questionnaire(request.scope, slug, pk))


@require_http_methods(GET_POST)
@login_required
def questionnaire_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    questionnaire = access_questionnaire(request.scope, slug, pk, run=True)
    status = 200
    if request.method == "POST":
        form = QuestionnaireForm(request.POST)
        if form.is_valid():
            try:
                services.questionnaire_update(
                    actor=request.user, questionnaire=questionnaire, **form.arguments()
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "问卷设置已保存。")
                return redirect("staff:questionnaire-detail", slug=slug, pk=pk)
        status = 400
    else:
        form = QuestionnaireForm(
            initial=QuestionnaireForm.initial_for(questionnaire, timezone.localdate())
        )
    return render(
        request,
        "workbench/participation/questionnaire_settings.html",
        _context(questionnaire.campaign, form=form, questionnaire=questionnaire),
        status=status,
    )


TRANSITIONS = {
    "open": (services.questionnaire_open, "问卷已开放，题目已冻结。"),
    "close": (services.questionnaire_close, "问卷已结束，不再接受填写。"),
}


@require_POST
@login_required
def questionnaire_transition(request: HttpRequest, slug: str, pk: int, action: str):
    if action not in TRANSITIONS:
        raise Http404("没有这项操作。")
    questionnaire = access_questionnaire(request.scope, slug, pk, run=True)
    service, done = TRANSITIONS[action]
    try:
        service(actor=request.user, questionnaire=questionnaire)
    except PermissionDenied:
        raise
    except DomainError as error:
        return _detail(request, questionnaire, problem=error.message, status=400)
    messages.success(request, done)
    return redirect("staff:questionnaire-detail", slug=slug, pk=pk)


# --- questions -----------------------------------------------------------------------------


def _question_or_404(questionnaire: Questionnaire, qid: int) -> Question:
    question = (
        Question.objects.filter(questionnaire=questionnaire, pk=qid)
        .prefetch_related("choices")
        .first()
    )
    if question is None:
        raise Http404("没有找到该题目。")
    question.questionnaire = questionnaire
    return question


def _question_page(request, questionnaire, question: Question | None) -> HttpResponse:
    questions = list(questions_of(questionnaire))
    conditions = QuestionForm.conditions(questions, question.position if question else None)
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST, conditions=conditions)
        if form.is_valid():
            try:
                if question is None:
                    services.question_add(
                        actor=request.user, questionnaire=questionnaire, **form.arguments()
                    )
                else:
                    services.question_update(
                        actor=request.user, question=question, **form.arguments()
                    )
            except PermissionDenied:
                raise
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "题目已保存。")
                return redirect(
                    "staff:questionnaire-detail",
                    slug=questionnaire.campaign.slug,
                    pk=questionnaire.pk,
                )
        status = 400
    else:
        initial = QuestionForm.initial_for(question) if question else {"required": True}
        form = QuestionForm(initial=initial, conditions=conditions)
    return render(
        request,
        "workbench/participation/questionnaire_question.html",
        _context(
            questionnaire.campaign,
            questionnaire=questionnaire,
            question=question,
            form=form,
            frozen=questionnaire.state != QuestionnaireState.DRAFT,
            choice_kinds=[str(kind) for kind in CHOICE_KINDS],
        ),
        status=status,
    )


@require_http_methods(GET_POST)
@login_required
def question_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    questionnaire = access_questionnaire(request.scope, slug, pk, run=True)
    return _question_page(request, questionnaire, None)


@require_http_methods(GET_POST)
@login_required
def question_edit(request: HttpRequest, slug: str, pk: int, qid: int) -> HttpResponse:
    questionnaire = access_questionnaire(request.scope, slug, pk, run=True)
    return _question_page(request, questionnaire, _question_or_404(questionnaire, qid))


QUESTION_ACTIONS = {"up", "down", "delete"}


@require_POST
@login_required
def question_action(request: HttpRequest, slug: str, pk: int, qid: int, action: str):
    if action not in QUESTION_ACTIONS:
        raise Http404("没有这项操作。")
    questionnaire = access_questionnaire(request.scope, slug, pk, run=True)
    question = _question_or_404(questionnaire, qid)
    try:
        if action == "delete":
            services.question_delete(actor=request.user, question=question)
        else:
            services.question_move(actor=request.user, question=question, direction=action)
    except PermissionDenied:
        raise
    except DomainError as error:
        return _detail(request, questionnaire, problem=error.message, status=400)
    done = "题目已删除。" if action == "delete" else "题目顺序已调整。"
    messages.success(request, done)
    return redirect("staff:questionnaire-detail", slug=slug, pk=pk)


# --- invitations ---------------------------------------------------------------------------


@require_http_methods(GET_POST)
@login_required
def questionnaire_invitations(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    questionnaire = access_questionnaire(request.scope, slug, pk, run=True)
    status = 200
    form = InvitationForm()
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                made = services.invitations_generate(
                    actor=request.user, questionnaire=questionnaire, **form.arguments()
                )
            except PermissionDenied:
                raise
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"已生成 {len(made)} 个邀请码。")
                return redirect("staff:questionnaire-invitations", slug=slug, pk=pk)
        status = 400
    total, used = invitation_counts(questionnaire)
    return render(
        request,
        "workbench/participation/questionnaire_invitations.html",
        _context(
            questionnaire.campaign,
            questionnaire=questionnaire,
            form=form,
            unused=list(unused_invitations(questionnaire)),
            total=total,
            used=used,
        ),
        status=status,
    )


# --- results -------------------------------------------------------------------------------


def _charts(results) -> list[dict]:
    """Each question's result with its chart (choices or ratings) for the template."""
    shown = []
    for result in results:
        counts = result.choices or result.ratings
        chart = ""
        if counts:
            chart = bar_chart(
                chart_id=f"chart-q{result.question.pk}",
                title=f"第 {result.question.position} 题：{result.question.text}",
                bars=[Bar(c.text, c.count, f"{c.count}（{c.percent}%）") for c in counts],
                unit="",
            )
        shown.append({"result": result, "counts": counts, "chart": chart})
    return shown


@require_safe
@login_required
def questionnaire_results_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    questionnaire = access_questionnaire(request.scope, slug, pk)
    activity = None
    ref = request.GET.get("activity", "")
    if questionnaire.is_satisfaction and ref:
        activity = rateable_activity(questionnaire.campaign, ref)
        if activity is None:
            raise Http404("没有找到该活动的报道。")
    total, results = questionnaire_results(questionnaire, activity)
    return render(
        request,
        "workbench/participation/questionnaire_results.html",
        _context(
            questionnaire.campaign,
            questionnaire=questionnaire,
            activity=activity,
            total=total,
            results=_charts(results),
            kinds=QuestionKind,
            satisfaction=QuestionnaireKind.SATISFACTION,
        ),
    )


@require_safe
@login_required
def questionnaire_export(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    questionnaire = access_questionnaire(request.scope, slug, pk)
    content, filename = questionnaire_xlsx(questionnaire)
    fallback = f"{slug}-questionnaire-{questionnaire.pk}.xlsx"
    return download(content, content_type=XLSX, filename=filename, fallback=fallback)
