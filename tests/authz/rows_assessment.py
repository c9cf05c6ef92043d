"""Matrix rows of the assessment (考核) page (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.

Read by the region's office and the viewers above (a liaison: 403); the weights are set by
the office only: an empty post is refused by the form (400), a complete one saved (302); a
viewer who reads the page may not post (403).
"""

from tests.authz.table import LOGIN, Row, row


def _weights(w) -> dict:
    return {
        "weight_held": "20", "weight_filing": "15", "weight_report": "15",
        "weight_materials": "15", "weight_publicity": "10", "weight_staff": "10",
        "weight_participation": "10", "weight_replies": "5", "reply_days": "5",
    }  # fmt: skip


# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:campaign-assessment": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("a saved", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302),
            data=_weights),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
}
# fmt: on
