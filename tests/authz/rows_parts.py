"""Matrix rows of joint rows' parts: how a part is held (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``. The office and the activity's own unit may choose; the world's
activities are no parts, so a valid choice is refused with a message (a redirect back, nothing
written). A viewer above reads the activity and gets 403; whoever may not read it, 404.
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row


def _activity(activity) -> dict:
    return {"slug": activity.campaign.slug, "seq": activity.ref}


def _mode(_w) -> dict:
    return {"mode": "lead"}


# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:activity-part-mode": [
        Row("a1", lambda w: _activity(w.activity_a1.activity),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 302, 404, 302, 404, 403, 404, 302), data=_mode),
        Row("a2", lambda w: _activity(w.activity_a2.activity),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 302, 302, 404, 403, 404, 302), data=_mode),
        Row("b", lambda w: _activity(w.activity_b1.activity),
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302), data=_mode),
    ],
}
