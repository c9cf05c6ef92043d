"""The pages of the actions with materials: filing, the public notice and the report.

GET shows the form (filled from what is already known); POST checks it and calls the one
service. A refusal re-renders the page with every error listed at the top and at its field,
and with what was typed kept (files excepted: browsers never refill them, and the page says
which ones to choose again). These pages sit at the same URL as the action itself
(``staff:activity-transition`` with ``file``, ``announce`` or ``report``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.activities import lifecycle, services
from openday.activities.enums import ActivityState, ReportGroup
from openday.activities.forms import FORMS, PageForm, media_formset
from openday.activities.models import Activity
from openday.activities.permissions import access_activity
from openday.activities.selectors import open_submission
from openday.activities.services.filing import filing_open, late_filing
from openday.activities.services.notice import needs_review
from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.participation.selectors import checked_in_by_group

PAGES = {
    "file": (services.activity_file, ActivityState.FILED, "activities/activity_file.html"),
    "announce": (
        services.activity_announce,
        ActivityState.ANNOUNCED,
        "activities/activity_announce.html",
    ),
    "report": (services.activity_report, ActivityState.REPORTED, "activities/activity_report.html"),
}


def kept_note(form: PageForm) -> str:
    """Below the error summary: what the page kept, and which files to choose again."""
    chosen = form.chosen_uploads()
    if not chosen:
        return "已填写的内容已保留。"
    return (
        "已填写的内容已保留；出于安全原因浏览器不会保留已选择的文件，"
        f"本次选择的{'、'.join(chosen)}均未保存，请重新选择。"
    )


def _returned_comment(activity: Activity) -> str:
    """The office's reasons, when the report on this page was returned to the unit."""
    if activity.state != ActivityState.HELD:
        return ""
    last = activity.events.filter(action__in=["return", "report"]).order_by("-at", "-id").first()
    return last.comment if last is not None and last.action == "return" else ""


def _open(activity: Activity, action: str) -> bool:
    """Whether ``action`` can be done now; the plan can also be filed late (``late_filing``)."""
    if action == "file":
        return filing_open(activity)
    return lifecycle.can_move(activity.state, PAGES[action][1])


def _checked_in_prefill(activity: Activity, form) -> str:
    """Fill a new report's headcount and attendance by group with the people checked in at
    the door (the host can still change them); what the page says about it, or "".

    Done here rather than in the report form: ``activities`` sits below ``participation``.
    A report already given (returned to be reported again) keeps its own numbers; the page
    then shows the check-ins beside them to compare."""
    checked = {group: n for group, n in checked_in_by_group(activity).items() if n}
    if not checked:
        return ""
    total = sum(checked.values())
    parts = "、".join(f"{ReportGroup(group).label} {n} 人" for group, n in checked.items())
    if form.initial.get("headcount") is not None:
        return f"现场签到：{parts}，共 {total} 人（供核对，已报送的人数未改动）。"
    form.initial["headcount"] = total
    form.initial.update({f"attend_{group}": n for group, n in checked.items()})
    return f"已按现场签到预填：{parts}，共 {total} 人。可按实际到场情况修改。"


def _render(
    request,
    activity: Activity,
    action: str,
    form,
    media,
    *,
    status: int = 200,
    checked_in_note: str = "",
):
    _service, target, template = PAGES[action]
    refusal = None if _open(activity, action) else lifecycle.refusal(activity.state, target)
    review = action == "announce" and needs_review(request.user, activity)
    if review:
        form.submit_label = "提交审核"
    return render(
        request,
        template,
        {
            "activity": activity,
            "campaign": activity.campaign,
            "form": form,
            "media": media,
            "refusal": refusal,
            "kept_note": kept_note(form) if form.is_bound else "",
            "groups": ReportGroup,
            "review": review,
            "submission": open_submission(activity) if action == "announce" else None,
            "returned_comment": _returned_comment(activity) if action == "report" else "",
            "late_filing": action == "file" and late_filing(activity),
            "checked_in_note": checked_in_note,
            "nav": "campaigns",
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def activity_action_page(request: HttpRequest, slug: str, seq: int, action: str) -> HttpResponse:
    activity = access_activity(request.scope, slug, seq, action=action)
    # Read once: whether the plan can still be filed late (``late_filing``).
    prefetch_related_objects([activity], "deadlines")
    form_class = FORMS[action]
    service = PAGES[action][0]
    if request.method != "POST":
        media = media_formset(activity) if action == "report" else None
        form = form_class(activity=activity)
        note = _checked_in_prefill(activity, form) if action == "report" else ""
        return _render(request, activity, action, form, media, checked_in_note=note)

    form = form_class(request.POST, request.FILES, activity=activity)
    media = media_formset(activity, request.POST) if action == "report" else None
    if not _open(activity, action):
        # Not now, whatever was posted: say why before checking (or processing) any of it.
        return _render(request, activity, action, form_class(activity=activity), None, status=400)
    # Both are checked, so every error shows at once.
    valid = [form.is_valid(), media.is_valid() if media is not None else True]
    if all(valid):
        arguments = form.arguments(media.entries()) if media is not None else form.arguments()
        try:
            service(actor=request.user, activity=activity, **arguments)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            activity.refresh_from_db()
            if action == "announce" and activity.state != ActivityState.ANNOUNCED:
                messages.success(request, "活动预告已提交，待政务公开办审核通过后在专栏公开。")
            elif action == "file" and activity.state != ActivityState.FILED:
                messages.success(request, "活动方案已补报，活动状态不变。")
            else:
                messages.success(
                    request,
                    f"“{form.label}”已办理，活动现为“{ActivityState(activity.state).label}”。",
                )
            return redirect("staff:activity-detail", slug=slug, seq=seq)
    return _render(request, activity, action, form, media, status=400)


def activity_file_page(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return activity_action_page(request, slug, seq, "file")


def activity_announce_page(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return activity_action_page(request, slug, seq, "announce")


def activity_report_page(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    return activity_action_page(request, slug, seq, "report")
