"""Named reads of questionnaires: their questions in order, whether the public may answer now,
which questions an answer shows, and the results per question.

Results are SQL aggregates: one query for the answers per question, one for the choices
chosen, one for the ratings, one for the texts, whatever the number of questions.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.participation.models import (
    AnswerItem,
    InvitationCode,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireKind,
    QuestionnaireState,
)

PUBLIC_STATES = (QuestionnaireState.OPEN, QuestionnaireState.CLOSED)
# How many text answers the results page lists per question (the export has them all).
TEXTS_SHOWN = 200


def questions_of(questionnaire: Questionnaire) -> QuerySet[Question]:
    return (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("depends_on__question")
        .prefetch_related("choices")
        .order_by("position")
    )


def questionnaire_refusal(questionnaire: Questionnaire, now: dt.datetime) -> str:
    """Why the public cannot answer ``questionnaire`` now, or ""."""
    if questionnaire.campaign.phase == CampaignPhase.CLOSED:
        return "本年度活动已结束，问卷不再接受填写。"
    if questionnaire.state == QuestionnaireState.DRAFT:
        return "该问卷尚未开放。"
    if questionnaire.state == QuestionnaireState.CLOSED or now >= questionnaire.closes_at:
        return "该问卷已结束，感谢您的关注。"
    if now < questionnaire.opens_at:
        return f"该问卷尚未开始，开始时间：{_when(questionnaire.opens_at)}。"
    return ""


def _when(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y年%m月%d日 %H:%M")


def public_questionnaire(campaign: Campaign, pk: int) -> Questionnaire | None:
    """A questionnaire the public may see (open, or closed with its notice that it ended)."""
    return (
        Questionnaire.objects.filter(campaign=campaign, pk=pk, state__in=PUBLIC_STATES)
        .select_related("campaign__region", "activity")
        .first()
    )


def open_questionnaires(campaign: Campaign, now: dt.datetime) -> QuerySet[Questionnaire]:
    """The campaign's questionnaires the public may answer now, newest first."""
    return Questionnaire.objects.filter(
        campaign=campaign,
        state=QuestionnaireState.OPEN,
        opens_at__lte=now,
        closes_at__gt=now,
    ).order_by("-opens_at", "-id")


def satisfaction_of(campaign: Campaign) -> Questionnaire | None:
    return Questionnaire.objects.filter(
        campaign=campaign, kind=QuestionnaireKind.SATISFACTION
    ).first()


def rateable_activity(campaign: Campaign, ref: str) -> Activity | None:
    """An activity of ``campaign`` the satisfaction questionnaire rates: a published one."""
    return (
        Activity.objects.filter(campaign=campaign, state=ActivityState.PUBLISHED)
        .by_ref(ref)
        .first()
    )


def shown_questions(questions: list[Question], values: Mapping[int, object]) -> set[int]:
    """The questions (by pk) an answer with ``values`` shows: those without a condition, and
    those whose condition's choice was chosen in a question that is itself shown. Pure."""
    question_of_choice = {c.pk: q.pk for q in questions for c in q.choices.all()}
    shown: set[int] = set()
    for question in questions:
        if question.depends_on_id is not None:
            parent = question_of_choice.get(question.depends_on_id)
            if parent not in shown or str(question.depends_on_id) not in _chosen(values, parent):
                continue
        shown.add(question.pk)
    return shown


def _chosen(values: Mapping[int, object], question_pk: int | None) -> set[str]:
    value = values.get(question_pk) if question_pk is not None else None
    if value is None or value == "":
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def answers_of(
    questionnaire: Questionnaire, activity: Activity | None = None
) -> QuerySet[QuestionnaireAnswer]:
    answers = QuestionnaireAnswer.objects.filter(questionnaire=questionnaire)
    return answers.filter(activity=activity) if activity is not None else answers


def answers_for_export(questionnaire: Questionnaire) -> QuerySet[QuestionnaireAnswer]:
    """Every answer with its items and the activity it names, in the order given."""
    return (
        answers_of(questionnaire)
        .select_related("activity", "invitation")
        .prefetch_related("items")
        .order_by("created_at", "id")
    )


@dataclass
class ChoiceCount:
    text: str
    count: int
    percent: float  # of the people who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    choices: list[ChoiceCount] = field(default_factory=list)
    ratings: list[ChoiceCount] = field(default_factory=list)  # 1 to 5
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    more_texts: int = 0


def _percent(count: int, base: int) -> float:
    return round(100 * count / base, 1) if base else 0.0


def questionnaire_results(
    questionnaire: Questionnaire, activity: Activity | None = None
) -> tuple[int, list[QuestionResult]]:
    """The number of answers (about ``activity``, or all) and each question's result."""
    answers = answers_of(questionnaire, activity)
    total = answers.count()
    items = AnswerItem.objects.filter(answer__in=answers)
    answered = dict(
        items.order_by()
        .values("question_id")
        .annotate(n=Count("answer_id", distinct=True))
        .values_list("question_id", "n")
    )
    chosen = dict(
        items.filter(choice__isnull=False)
        .order_by()
        .values("choice_id")
        .annotate(n=Count("id"))
        .values_list("choice_id", "n")
    )
    ratings: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, rating, n in (
        items.filter(rating__isnull=False)
        .order_by()
        .values("question_id", "rating")
        .annotate(n=Count("id"))
        .values_list("question_id", "rating", "n")
    ):
        ratings[question_id][rating] = n
    texts: dict[int, list[str]] = defaultdict(list)
    for question_id, text in (
        items.filter(question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .order_by("question_id", "-answer__created_at", "-id")
        .values_list("question_id", "text")
    ):
        texts[question_id].append(text)
    results = []
    for question in questions_of(questionnaire):
        base = answered.get(question.pk, 0)
        result = QuestionResult(question=question, answered=base)
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            result.choices = [
                ChoiceCount(c.text, chosen.get(c.pk, 0), _percent(chosen.get(c.pk, 0), base))
                for c in question.choices.all()
            ]
        elif question.kind == QuestionKind.RATING:
            counts = ratings.get(question.pk, {})
            result.ratings = [
                ChoiceCount(f"{n} 分", counts.get(n, 0), _percent(counts.get(n, 0), base))
                for n in range(1, 6)
            ]
            people = sum(counts.values())
            if people:
                result.average = round(sum(n * k for n, k in counts.items()) / people, 2)
        else:
            listed = texts.get(question.pk, [])
            result.texts = listed[:TEXTS_SHOWN]
            result.more_texts = max(len(listed) - TEXTS_SHOWN, 0)
        results.append(result)
    return total, results


def unused_invitations(questionnaire: Questionnaire) -> QuerySet[InvitationCode]:
    return InvitationCode.objects.filter(questionnaire=questionnaire, used_at__isnull=True)


def invitation_counts(questionnaire: Questionnaire) -> tuple[int, int]:
    """(codes, used)."""
    row = InvitationCode.objects.filter(questionnaire=questionnaire).aggregate(
        total=Count("id"), used=Count("id", filter=Q(used_at__isnull=False))
    )
    return row["total"], row["used"]


def rateable_activities(campaign: Campaign) -> QuerySet[Activity]:
    """The campaign's published activities, in plan order (what satisfaction can rate)."""
    return Activity.objects.filter(campaign=campaign, state=ActivityState.PUBLISHED).order_by(
        "seq", "part_no"
    )


def already_answered(
    questionnaire: Questionnaire, activity: Activity | None, token_hash: str
) -> bool:
    """Whether the browser whose token has ``token_hash`` answered (about ``activity``)."""
    return QuestionnaireAnswer.objects.filter(
        questionnaire=questionnaire, activity=activity, token_hash=token_hash
    ).exists()
