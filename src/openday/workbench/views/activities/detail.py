"""Staff page of one activity and the lifecycle actions posted from it.

The page shows the activity, its deadlines as they stand today, its materials (the filed plan,
the public notice, the report with its photos) and its history, then one small form per action
the user may take now — or, for filing, the notice and the report, a link to their own page
(``pages``). Each small form posts to ``activity_transition``: reach the activity through
``access_activity`` (404 when not visible, 403 when the action is not the user's), parse the
form, call the one service; a refusal comes back as a form error (400, with the page and the
user's input), success redirects to the page with a message.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from openday.activities import deadlines, lifecycle, services
from openday.activities.enums import ActivityState
from openday.activities.forms import FORMS, TransitionForm
from openday.activities.models import Activity, ActivityEvent
from openday.activities.permissions import (
    access_activity,
    actions_allowed,
    can_download_filing,
    is_office_admin,
)
from openday.activities.selectors import activity_materials
from openday.activities.services.dates import date_warnings
from openday.activities.services.filing import late_filing
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.selectors import PUBLIC_PHASES
from openday.core.errors import DomainError
from openday.core.formats import date_label
from openday.core.forms import add_domain_error
from openday.participation.selectors import answers_for_activity
from openday.workbench.views.activities.office import office_panel
from openday.workbench.views.activities.parts import joint_panel

SERVICES = {
    "schedule": services.activity_schedule,
    "hold": services.activity_mark_held,
    "accept": services.activity_accept,
    "return": services.activity_return,
    "publish": services.activity_publish,
    "postpone": services.activity_postpone,
    "cancel": services.activity_cancel,
}

# What an event's ``data`` holds, in the order it is shown; dates are ISO strings.
_EVENT_DATA = {
    "scheduled_on": "活动日期",
    "venue": "活动地点",
    "filed_on": "报备日期",
    "held_on": "开展日期",
    "reported_on": "报送日期",
    "from": "原定日期",
    "to": "新日期",
    "plan_adjustment": "计划调整原因",
    "document": "方案文件",
    "leader": "分管领导",
    "section": "责任科室",
    "person": "具体负责人",
    "headcount": "活动覆盖人数",
    "media_count": "媒体报道",
    "photo_count": "活动照片",
    "public_photos": "公开照片",
    "unit_name": "督办单位",
    "fields": "更正内容",
}
_DATE_KEYS = frozenset({"scheduled_on", "filed_on", "held_on", "reported_on", "from", "to"})
_COUNT_UNITS = {"headcount": "人", "media_count": "条", "photo_count": "张", "public_photos": "张"}


@dataclass(frozen=True)
class DeadlineRow:
    kind: str
    rule: str
    due_on: str
    done_on: str
    status: str
    status_key: str


@dataclass(frozen=True)
class PageLink:
    """In the action list, an action done on its own page: a link instead of a form."""

    action: str
    label: str
    hint: str
    url: str
    has_page: bool = True

    @classmethod
    def of(cls, activity: Activity, action: str) -> "PageLink":
        form = FORMS[action]
        url = reverse(
            "staff:activity-transition", args=[activity.campaign.slug, activity.ref, action]
        )
        return cls(action=action, label=lifecycle.ACTION_LABELS[action], hint=form.hint, url=url)

    @classmethod
    def late_filing(cls, activity: Activity) -> "PageLink":
        """Filing the plan after the activity went past it without one (its deadline open)."""
        link = cls.of(activity, "file")
        return cls(
            action="file",
            label=LATE_FILING_LABEL,
            hint="活动未报备方案即已推进；补报后方案报备期限记为完成，活动状态不变。",
            url=link.url,
        )


LATE_FILING_LABEL = "补报方案"


@dataclass(frozen=True)
class EventRow:
    event: ActivityEvent
    actor: str
    action: str
    details: list[str]


def deadline_rows(activity: Activity, today: dt.date) -> list[DeadlineRow]:
    rows = []
    for deadline in activity.deadlines.all():
        state = deadlines.status(deadline, today)
        rows.append(
            DeadlineRow(
                kind=deadline.get_kind_display(),
                rule=deadlines.rule_of(deadline).label,
                due_on=date_label(deadline.due_on),
                done_on=date_label(deadline.done_on, missing=""),
                status=state.label,
                status_key=state.value,
            )
        )
    return rows


def _data_value(key: str, value) -> str:
    if key in _DATE_KEYS:
        return date_label(dt.date.fromisoformat(value)) if value else "未定"
    if key in _COUNT_UNITS:
        return f"{value} {_COUNT_UNITS[key]}"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def event_rows(activity: Activity) -> list[EventRow]:
    rows = []
    for event in activity.events.select_related("actor").order_by("at", "id"):
        details = [
            f"{label}：{_data_value(key, event.data[key])}"
            for key, label in _EVENT_DATA.items()
            if key in event.data and event.data[key] != ""
        ]
        actor = (
            (event.actor.get_full_name() or event.actor.get_username()) if event.actor else "系统"
        )
        rows.append(
            EventRow(
                event=event,
                actor=actor,
                action=lifecycle.ACTION_LABELS.get(event.action)
                or lifecycle.EVENT_LABELS.get(event.action, event.action),
                details=details,
            )
        )
    return rows


def _time_label(activity: Activity) -> str:
    start, end = activity.start_time, activity.end_time
    if start and end:
        return f"{start:%H:%M}—{end:%H:%M}"
    if start:
        return f"{start:%H:%M} 开始"
    return "待定"


def _action_form(
    activity: Activity, action: str, failed: TransitionForm | None, *, late: bool
) -> TransitionForm | PageLink:
    """The action's small form, or a link to its own page (filing late has its own words)."""
    if failed is not None and failed.action == action:
        return failed
    if action == "file" and late:
        return PageLink.late_filing(activity)
    if FORMS[action].has_page:
        return PageLink.of(activity, action)
    return FORMS[action](activity=activity)


def _render_page(
    request: HttpRequest,
    activity: Activity,
    *,
    failed: TransitionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    # Read once: the deadlines on the page, and whether the plan can still be filed late.
    prefetch_related_objects([activity], "deadlines")
    # A closed year is an archive: nothing is left to do on its activities.
    closed = activity.campaign.phase == CampaignPhase.CLOSED
    # A part held with its lead, or a row only its parts hold, has no steps of its own.
    idle = closed or not activity.has_steps
    next_actions = [] if idle else lifecycle.next_actions(activity.state)
    wanted = [action for _target, action in next_actions if action in FORMS]
    # Past the filing step without a plan on file: it can still be filed while its deadline is
    # open (``late_filing``), so the overdue item can be cleared.
    late = not closed and "file" not in wanted and late_filing(activity)
    # Withdrawing a report is the office's, on its own URL (``corrections``).
    allowed = actions_allowed(request.scope, activity, [*wanted, *(["file"] if late else [])])
    action_forms = [_action_form(activity, action, failed, late=late) for action in allowed]
    materials = activity_materials(activity)
    office = office_panel(request.scope, activity, materials, failed)
    public = activity.campaign.phase in PUBLIC_PHASES
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "campaign": activity.campaign,
            "state_label": lifecycle.state_label(activity.state, year_closed=closed),
            "is_final": closed or activity.state in lifecycle.FINAL_STATES,
            "forms_text": "、".join(form.text for form in activity.forms.all()) or "—",
            "hosts_text": "、".join(host.text for host in activity.hosts.all()) or "—",
            "scheduled_label": date_label(activity.scheduled_on, weekday=True),
            "time_label": _time_label(activity),
            "held_label": date_label(activity.held_on, missing="—"),
            "has_rules": bool(deadlines.rules_of(activity)),
            "deadlines": deadline_rows(activity, today),
            "events": event_rows(activity),
            "action_forms": action_forms,
            "failed": failed,
            # The failed form's fields are on the page only while its action is still open.
            "failed_shown": failed is not None
            and (failed in action_forms or failed in office.forms),
            "office": office,
            "joint": joint_panel(request.scope, activity),
            # The answers its questionnaires got, which its report cites (as 附件2 does).
            "answers": answers_for_activity(activity) if materials.report else 0,
            "submission": materials.submission,
            "filing": materials.filing,
            "notice": materials.notice,
            "report": materials.report,
            "can_download_filing": materials.filing is not None
            and can_download_filing(request.scope, activity),
            "notice_public": public
            and materials.notice is not None
            and materials.notice.withdrawn_at is None,
            "report_public": public and activity.state == ActivityState.PUBLISHED,
            # The plan row itself (title, months, forms, hosts): the office's, while the year runs.
            "can_edit_row": is_office_admin(request.scope, activity)
            and activity.campaign.phase != CampaignPhase.CLOSED,
            "nav": "campaigns",
        },
        status=status,
    )


@require_safe
@login_required
def activity_detail(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    activity = access_activity(request.scope, slug, seq)
    return _render_page(request, activity)


# The date an action sets, by action: a date that is not a working day is worth a warning.
_DATE_ARGUMENTS = {"schedule": "on", "postpone": "new_date"}


def post_action(
    request: HttpRequest,
    activity: Activity,
    form: TransitionForm,
    service,
    done: Callable[[Activity], str],
) -> HttpResponse:
    """An action posted from the activity page: on success back to the page with ``done``'s
    message (and a warning for a date on a non-working day); a refusal shows the page again
    with the form's errors (400), nothing changed."""
    if form.is_valid():
        arguments = form.arguments()
        try:
            service(actor=request.user, activity=activity, **arguments)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done(activity))
            on = arguments.get(_DATE_ARGUMENTS.get(form.action, ""))
            for warning in date_warnings(on) if on else []:
                messages.warning(request, warning)
            return redirect("staff:activity-detail", slug=activity.campaign.slug, seq=activity.ref)
    return _render_page(request, activity, failed=form, status=400)


@require_POST
@login_required
def activity_transition(request: HttpRequest, slug: str, seq: int, action: str) -> HttpResponse:
    form_class = FORMS.get(action)
    # Actions with a page of their own are routed to it (``pages``) before this view.
    if form_class is None or form_class.has_page:
        raise Http404("没有这项办理事项。")
    activity = access_activity(request.scope, slug, seq, action=action)
    form = form_class(request.POST, activity=activity)
    return post_action(
        request,
        activity,
        form,
        SERVICES[action],
        lambda moved: f"“{form.label}”已办理，活动现为“{ActivityState(moved.state).label}”。",
    )
