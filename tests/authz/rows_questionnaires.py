"""Matrix rows of questionnaires (问卷调查 / 满意度评价; see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``. A questionnaire about an activity is read by whoever reads
the activity and run by the office and the host (a viewer gets 403); one about the campaign
as a whole (or the satisfaction questionnaire) is the office's — liaisons get 404. A new
questionnaire may be made by the office and by a liaison whose unit hosts an activity of the
campaign. Invitation codes are secrets: only those who run the questionnaire see them.

The questionnaires are made here, once per world, as rows: a draft with one rating question,
its window open around the real clock (opening it succeeds).
"""

import datetime as dt

from django.utils import timezone

from openday.participation.models import Question, Questionnaire
from tests.authz.rows_participation import READ, _campaign, _hosted, _read_opinion, _run
from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row

NOBODY = row(LOGIN, 404, 404, 404, 404, 404, 404, 404)


def _questionnaire(w, kind: str) -> Questionnaire:
    """A draft about A1's, A2's or B's activity, or about campaign A as a whole ("a")."""
    cache = w.__dict__.setdefault("_questionnaires", {})
    if kind not in cache:
        activity = None if kind == "a" else _hosted(w, kind)
        campaign = activity.campaign if activity else w.campaign_a
        now = timezone.now()
        questionnaire = Questionnaire.objects.create(
            campaign=campaign,
            activity=activity,
            title=f"问卷 {kind}",
            purpose="仅用于统计。",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=365),
        )
        Question.objects.create(questionnaire=questionnaire, position=1, kind="rating", text="评分")
        cache[kind] = questionnaire
    return cache[kind]


def _q(w, kind: str, **more) -> dict:
    questionnaire = _questionnaire(w, kind)
    return {"slug": questionnaire.campaign.slug, "pk": questionnaire.pk, **more}


def _question(w, kind: str, **more) -> dict:
    questionnaire = _questionnaire(w, kind)
    return _q(w, kind, qid=questionnaire.questions.get().pk, **more)


def _create(kind: str, ok):
    """The office, and a liaison whose unit hosts one of the campaign's activities."""
    return {
        "a": row(LOGIN, ok, ok, ok, 404, 403, 404, ok),
        "b": row(LOGIN, 404, 404, 404, ok, 403, 404, ok),
    }[kind]


KINDS = ("a1", "a2", "b", "a")

# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:questionnaire-list": [
        Row(kind, lambda w, kind=kind: {"slug": _campaign(w, kind).slug},
            GET=READ[kind], POST=NOT_ALLOWED)
        for kind in ("a", "b")
    ],
    "staff:questionnaire-create": [
        Row(kind, lambda w, kind=kind: {"slug": _campaign(w, kind).slug},
            GET=_create(kind, 200), POST=_create(kind, 400))
        for kind in ("a", "b")
    ],
    "staff:questionnaire-detail": [
        Row(kind, lambda w, kind=kind: _q(w, kind), GET=_read_opinion(kind), POST=NOT_ALLOWED)
        for kind in KINDS
    ] + [
        # B's questionnaire through campaign A's URL: nobody reaches it.
        Row("a + b's questionnaire",
            lambda w: {"slug": w.campaign_a.slug, "pk": _questionnaire(w, "b").pk},
            GET=NOBODY, POST=NOT_ALLOWED),
    ],
    "staff:questionnaire-results": [
        Row(kind, lambda w, kind=kind: _q(w, kind), GET=_read_opinion(kind), POST=NOT_ALLOWED)
        for kind in KINDS
    ],
    "staff:questionnaire-export": [
        Row(kind, lambda w, kind=kind: _q(w, kind), GET=_read_opinion(kind), POST=NOT_ALLOWED)
        for kind in KINDS
    ] + [
        Row("a + b's questionnaire",
            lambda w: {"slug": w.campaign_a.slug, "pk": _questionnaire(w, "b").pk},
            GET=NOBODY, POST=NOT_ALLOWED),
    ],
    "staff:questionnaire-edit": [
        Row(kind, lambda w, kind=kind: _q(w, kind), GET=_run(kind, 200), POST=_run(kind, 400))
        for kind in KINDS
    ],
    "staff:questionnaire-invitations": [
        Row(kind, lambda w, kind=kind: _q(w, kind), GET=_run(kind, 200), POST=_run(kind, 400))
        for kind in KINDS
    ],
    "staff:questionnaire-transition": [
        Row(f"{kind} open", lambda w, kind=kind: _q(w, kind, action="open"),
            GET=NOT_ALLOWED, POST=_run(kind, 302))
        for kind in KINDS
    ] + [
        Row("a1 close a draft", lambda w: _q(w, "a1", action="close"),
            GET=NOT_ALLOWED, POST=_run("a1", 400)),
        Row("a1 unknown action", lambda w: _q(w, "a1", action="explode"),
            GET=NOT_ALLOWED, POST=NOBODY),
        Row("a + b's questionnaire",
            lambda w: {"slug": w.campaign_a.slug, "pk": _questionnaire(w, "b").pk,
                       "action": "open"},
            GET=NOT_ALLOWED, POST=NOBODY),
    ],
    "staff:question-add": [
        Row(kind, lambda w, kind=kind: _q(w, kind), GET=_run(kind, 200), POST=_run(kind, 400))
        for kind in KINDS
    ] + [
        Row("a1, a rating", lambda w: _q(w, "a1"), GET=_run("a1", 200), POST=_run("a1", 302),
            data=lambda w: {"kind": "rating", "text": "满意度", "required": "on"}),
    ],
    "staff:question-edit": [
        Row(kind, lambda w, kind=kind: _question(w, kind),
            GET=_run(kind, 200), POST=_run(kind, 400))
        for kind in KINDS
    ] + [
        # A question of B's questionnaire under A1's questionnaire: not found.
        Row("a1 + b's question",
            lambda w: _q(w, "a1", qid=_questionnaire(w, "b").questions.get().pk),
            GET=_run("a1", 404), POST=_run("a1", 404)),
    ],
    "staff:question-action": [
        Row(f"{kind} delete", lambda w, kind=kind: _question(w, kind, action="delete"),
            GET=NOT_ALLOWED, POST=_run(kind, 302))
        for kind in KINDS
    ] + [
        # The only question cannot move up: refused by the service.
        Row("a1 up", lambda w: _question(w, "a1", action="up"),
            GET=NOT_ALLOWED, POST=_run("a1", 400)),
        Row("a1 unknown action", lambda w: _question(w, "a1", action="explode"),
            GET=NOT_ALLOWED, POST=NOBODY),
    ],
}
# fmt: on
