"""Questionnaire links on pages whose views are not participation's own.

- ``{% satisfaction_link campaign activity %}``: on a published activity's public report, the
  link to the campaign's satisfaction questionnaire (活动满意度评价) for this activity, while
  it is open. The report page is cached under the campaign's content version, which opening,
  closing and changing a questionnaire bump; a window that merely passes does not, and the
  form itself then says the questionnaire ended.
- ``{% activity_questionnaires activity %}``: on the staff's participation page of an
  activity, its questionnaires with their answers, and the answers its report can cite
  (``answers_for_activity``: its own questionnaires and its satisfaction ratings).
"""

from django import template
from django.db.models import Count
from django.utils import timezone

from openday.activities.enums import ActivityState
from openday.participation.models import Questionnaire, QuestionnaireKind, QuestionnaireState
from openday.participation.permissions import may_create_questionnaire
from openday.participation.selectors import answers_for_activity

register = template.Library()


@register.inclusion_tag("portal/participation/questionnaire_report_link.html")
def satisfaction_link(campaign, activity) -> dict:
    questionnaire = None
    if activity.state == ActivityState.PUBLISHED:
        questionnaire = Questionnaire.objects.filter(
            campaign=campaign,
            kind=QuestionnaireKind.SATISFACTION,
            state=QuestionnaireState.OPEN,
            closes_at__gt=timezone.now(),
        ).first()
    return {"campaign": campaign, "activity": activity, "questionnaire": questionnaire}


@register.inclusion_tag(
    "workbench/participation/questionnaire_activity_block.html", takes_context=True
)
def activity_questionnaires(context, activity) -> dict:
    request = context["request"]
    questionnaires = list(
        Questionnaire.objects.filter(activity=activity)
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-id")
    )
    return {
        "campaign": activity.campaign,
        "activity": activity,
        "questionnaires": questionnaires,
        "answers": answers_for_activity(activity),
        "can_create": may_create_questionnaire(request.scope, activity.campaign, activity),
    }
