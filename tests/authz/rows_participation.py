"""Matrix rows of participation (报名与留言; see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``. An activity's participation is read by whoever reads the
activity (the host unit's liaison, the office, the viewers above) and run by the office and the
host (a viewer gets 403); others get 404. Opinions follow their activity; one on the campaign
as a whole is the office's (a liaison gets 404). Retention is the office's.

The world's activities are reported: opening sign-up on them is refused (400), saving it
closed succeeds (302); an empty check-in is refused by its form (400). The opinions are made
here, once per world, as rows (the services take opinions only on public activities).
"""

from openday.participation.models import Opinion
from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row


def _campaign(w, kind: str):
    return w.campaign_b if kind == "b" else w.campaign_a


def _hosted(w, kind: str):
    return {"a1": w.activity_a1, "a2": w.activity_a2, "b": w.activity_b1}[kind].activity


def _opinion(w, kind: str) -> Opinion:
    """A pending opinion on A1's, A2's or B's activity, or on campaign A ("a")."""
    cache = w.__dict__.setdefault("_opinions", {})
    if kind not in cache:
        activity = None if kind == "a" else _hosted(w, kind)
        campaign = activity.campaign if activity else w.campaign_a
        cache[kind] = Opinion.objects.create(
            campaign=campaign, activity=activity, text="建议增加周末场次。", phone="13700000001"
        )
    return cache[kind]


def _activity(w, kind: str) -> dict:
    activity = _hosted(w, kind)
    return {"slug": activity.campaign.slug, "seq": activity.ref}


# Who reads a campaign's participation (A or B) and who reads an activity's (A1, A2, B).
READ = {
    "a": row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
    "b": row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
    "a1": row(LOGIN, 200, 404, 200, 404, 200, 404, 200),
    "a2": row(LOGIN, 404, 200, 200, 404, 200, 404, 200),
}
READ["b1"] = READ["b"]


def _run(kind: str, ok):
    """The office and the host run it; the viewer above reads it (403); others 404."""
    return {
        "a1": row(LOGIN, ok, 404, ok, 404, 403, 404, ok),
        "a2": row(LOGIN, 404, ok, ok, 404, 403, 404, ok),
        "b": row(LOGIN, 404, 404, 404, ok, 403, 404, ok),
        # An opinion on campaign A as a whole: the office's; liaisons do not see it.
        "a": row(LOGIN, 404, 404, ok, 404, 403, 404, ok),
    }[kind]


def _office(kind: str, ok):
    return {
        "a": row(LOGIN, 403, 403, ok, 404, 403, 404, ok),
        "b": row(LOGIN, 404, 404, 404, ok, 403, 404, ok),
    }[kind]


def _read_opinion(kind: str):
    return {
        "a1": READ["a1"],
        "a2": READ["a2"],
        "b": READ["b"],
        "a": row(LOGIN, 404, 404, 200, 404, 200, 404, 200),
    }[kind]


_CLOSED_SETTINGS = {
    "capacity": "10",
    "waitlist_size": "0",
    "deadline": "2023-09-19T17:00",
    "purpose": "仅用于报名核对。",
}

# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:participation-overview": [
        Row(kind, lambda w, kind=kind: {"slug": _campaign(w, kind).slug},
            GET=READ[kind], POST=NOT_ALLOWED)
        for kind in ("a", "b")
    ],
    "staff:opinion-list": [
        Row(kind, lambda w, kind=kind: {"slug": _campaign(w, kind).slug},
            GET=READ[kind], POST=NOT_ALLOWED)
        for kind in ("a", "b")
    ],
    "staff:participation-retention": [
        Row(kind, lambda w, kind=kind: {"slug": _campaign(w, kind).slug},
            GET=_office(kind, 200), POST=_office(kind, 400))
        for kind in ("a", "b")
    ] + [
        Row("a, 90 days", lambda w: {"slug": w.campaign_a.slug},
            GET=_office("a", 200), POST=_office("a", 302), data=lambda w: {"days": "90"}),
    ],
    "staff:participation-activity": [
        Row(kind, lambda w, kind=kind: _activity(w, kind), GET=READ[kind], POST=NOT_ALLOWED)
        for kind in ("a1", "a2", "b")
    ],
    "staff:signups-export": [
        Row(kind, lambda w, kind=kind: _activity(w, kind), GET=READ[kind], POST=NOT_ALLOWED)
        for kind in ("a1", "a2", "b")
    ],
    "staff:signup-settings": [
        Row(kind, lambda w, kind=kind: _activity(w, kind),
            GET=_run(kind, 200), POST=_run(kind, 400))
        for kind in ("a1", "a2", "b")
    ] + [
        # Opening sign-up on a reported activity is refused by the service.
        Row("a1, opened", lambda w: _activity(w, "a1"),
            GET=_run("a1", 200), POST=_run("a1", 400),
            data=lambda w: {**_CLOSED_SETTINGS, "enabled": "on"}),
        Row("a1, closed", lambda w: _activity(w, "a1"),
            GET=_run("a1", 200), POST=_run("a1", 302), data=lambda w: dict(_CLOSED_SETTINGS)),
    ],
    "staff:signup-checkin": [
        Row(kind, lambda w, kind=kind: _activity(w, kind), GET=NOT_ALLOWED, POST=_run(kind, 400))
        for kind in ("a1", "a2", "b")
    ],
    "staff:opinion-detail": [
        Row(kind, lambda w, kind=kind: {"slug": _campaign(w, kind).slug,
                                        "pk": _opinion(w, kind).pk},
            GET=_read_opinion(kind), POST=NOT_ALLOWED)
        for kind in ("a1", "a2", "b", "a")
    ] + [
        # B's opinion through campaign A's URL: nobody reaches it.
        Row("a + b's opinion", lambda w: {"slug": w.campaign_a.slug, "pk": _opinion(w, "b").pk},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404), POST=NOT_ALLOWED),
    ],
    "staff:opinion-action": [
        Row(f"{kind} publish", lambda w, kind=kind: {"slug": _campaign(w, kind).slug,
                                                     "pk": _opinion(w, kind).pk,
                                                     "action": "publish"},
            GET=NOT_ALLOWED, POST=_run(kind, 302))
        for kind in ("a1", "a2", "b", "a")
    ] + [
        Row("a1 hide without a reason", lambda w: {"slug": w.campaign_a.slug,
                                                   "pk": _opinion(w, "a1").pk, "action": "hide"},
            GET=NOT_ALLOWED, POST=_run("a1", 400)),
        Row("a1 reply to a pending one", lambda w: {"slug": w.campaign_a.slug,
                                                    "pk": _opinion(w, "a1").pk, "action": "reply"},
            GET=NOT_ALLOWED, POST=_run("a1", 400), data=lambda w: {"text": "感谢建议。"}),
        Row("a1 unknown action", lambda w: {"slug": w.campaign_a.slug,
                                            "pk": _opinion(w, "a1").pk, "action": "explode"},
            GET=NOT_ALLOWED, POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
        Row("a + b's opinion", lambda w: {"slug": w.campaign_a.slug, "pk": _opinion(w, "b").pk,
                                          "action": "publish"},
            GET=NOT_ALLOWED, POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
}
# fmt: on
