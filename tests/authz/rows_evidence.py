"""Matrix rows of the evidence pack download (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.

Downloaded by the region's office and the viewers above (a liaison: 403, another region:
404); it only answers GET (and HEAD), so a POST is 405 for everyone signed in.
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row

# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:campaign-evidence": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
}
# fmt: on
