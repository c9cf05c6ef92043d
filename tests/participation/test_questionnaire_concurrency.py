"""Concurrent answers against PostgreSQL: the unique digests on the answer (browser token,
phone) and the row lock on an invitation code decide every race, so each accepted answer is
stored exactly once and every duplicate is refused. (SQLite serialises writers anyway: the
same rules are tested in ``test_questionnaires``.)"""

import threading

import pytest
from django.db import connection, connections

from openday.core.errors import DomainError
from openday.participation.models import AnswerItem, QuestionnaireAnswer
from openday.participation.services import (
    AnswerInput,
    answer_submit,
    invitations_generate,
    questionnaire_open,
)
from tests.participation.conftest import NOW
from tests.participation.test_questionnaires import build_survey, choice

pytestmark = pytest.mark.django_db(transaction=True)


def _race(jobs) -> tuple[list[int], list[str]]:
    start = threading.Barrier(len(jobs))
    accepted, refused = [], []

    def run(job) -> None:
        try:
            start.wait()
            accepted.append(job().pk)
        except DomainError as error:
            refused.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return accepted, refused


def test_concurrent_answers_are_each_stored_once_and_duplicates_refused(place):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent inserts are PostgreSQL's; SQLite serialises writers")
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place)
    values = {q1.pk: choice(q1, "否"), q4.pk: "4"}

    def answer(token):
        return lambda: answer_submit(
            questionnaire=questionnaire, data=AnswerInput(values=values, token=token), now=NOW
        )

    # Six browsers, each sending its answer twice at the same moment.
    accepted, refused = _race([answer(f"browser-{n % 6}") for n in range(12)])
    assert len(accepted) == 6 == len(set(accepted))
    assert len(refused) == 6
    assert set(refused) == {"您已提交过本问卷，每人只能填写一次。感谢您的参与！"}
    assert QuestionnaireAnswer.objects.count() == 6
    assert AnswerItem.objects.count() == 12


def test_one_invitation_code_sent_from_several_browsers_counts_once(place):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    questionnaire, (q1, _q2, _q3, q4) = build_survey(place, open_it=False, by_invitation=True)
    (code,) = invitations_generate(actor=place.admin, questionnaire=questionnaire, count=1)
    questionnaire = questionnaire_open(actor=place.admin, questionnaire=questionnaire, now=NOW)
    values = {q1.pk: choice(q1, "否"), q4.pk: "4"}
    accepted, refused = _race(
        [
            lambda n=n: answer_submit(
                questionnaire=questionnaire,
                data=AnswerInput(values=values, token=f"b{n}", invitation_code=code.code),
                now=NOW,
            )
            for n in range(8)
        ]
    )
    assert len(accepted) == 1
    assert len(refused) == 7
    assert QuestionnaireAnswer.objects.get().invitation == code
