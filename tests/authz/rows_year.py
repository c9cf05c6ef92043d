"""Matrix rows of the year: publish, close, copy a campaign (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``. The world's campaigns are running: publishing one is
refused with a message (a redirect back, nothing written), and an empty post to close or copy
is refused by the form (400).
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row

# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:campaign-publish": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302)),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    "staff:campaign-close": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    "staff:campaign-copy": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
        Row("a, year taken", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400),
            data=lambda w: {"year": "2023", "slug": "tianxin-again"}),
    ],
}
# fmt: on
