"""The demo's questionnaires: an open survey with 30 answers and the satisfaction
questionnaire rating each published activity; a rerun changes nothing; a year without a
published report gets none."""

import datetime as dt

import pytest

from openday.core.models import AuditEntry
from openday.demo.participation import load_demo_participation, load_demo_questionnaires
from openday.orgs.enums import Role
from openday.participation.models import (
    AnswerItem,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireKind,
    QuestionnaireState,
)
from openday.participation.questionnaires_selectors import questionnaire_results
from tests.factories import MembershipFactory, UserFactory
from tests.participation.test_questionnaires import published

pytestmark = pytest.mark.django_db
TODAY = dt.date(2023, 6, 10)


@pytest.fixture
def demo_place(place):
    office = UserFactory(username="tianxin-admin")
    MembershipFactory(user=office, role=Role.OFFICE_ADMIN, region=place.region)
    place.rated = [published(place, 3), published(place, 4, "就业政策宣讲")]
    return place


def test_the_demo_opens_a_survey_with_30_answers_and_satisfaction_ratings(demo_place):
    assert load_demo_questionnaires(TODAY) == [
        "tianxin-2023: 问卷“政务公开工作公众满意度问卷”已开放（答卷 30 份）；"
        "活动满意度评价已开放（2 项活动，评价 6 份）"
    ]
    survey = Questionnaire.objects.get(kind=QuestionnaireKind.SURVEY)
    satisfaction = Questionnaire.objects.get(kind=QuestionnaireKind.SATISFACTION)
    assert (survey.state, satisfaction.state) == (QuestionnaireState.OPEN,) * 2
    total, results = questionnaire_results(survey)
    assert total == 30
    joined, forms, rating, channel, text = results
    assert [(c.text, c.count) for c in joined.choices] == [("是", 20), ("否", 10)]
    # The conditional question was answered by those who joined only.
    assert forms.answered == 20
    assert rating.answered == channel.answered == 30
    assert text.answered == 8
    for activity in demo_place.rated:
        assert (
            QuestionnaireAnswer.objects.filter(
                questionnaire=satisfaction, activity=activity
            ).count()
            == 3
        )


def test_a_second_run_changes_nothing(demo_place):
    load_demo_questionnaires(TODAY)
    before = (
        QuestionnaireAnswer.objects.count(),
        AnswerItem.objects.count(),
        AuditEntry.objects.count(),
    )
    assert load_demo_questionnaires(TODAY + dt.timedelta(days=2)) == ["演示的问卷已有，未改动。"]
    after = (
        QuestionnaireAnswer.objects.count(),
        AnswerItem.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before


def test_the_participation_demo_includes_the_questionnaires(demo_place):
    lines = load_demo_participation(TODAY)
    assert len(lines) == 2
    assert lines[1].startswith("tianxin-2023: 问卷")


def test_without_a_published_report_no_questionnaire_is_made(place):
    office = UserFactory(username="tianxin-admin")
    MembershipFactory(user=office, role=Role.OFFICE_ADMIN, region=place.region)
    assert load_demo_questionnaires(TODAY) == []
    assert not Questionnaire.objects.exists()
