"""Matrix rows of the statistics dashboard and the region comparison (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.

The dashboard is read by the region's office and the viewers above it; a liaison sees the
campaign but not the whole region's numbers (403). The comparison is of the regions below a
region the reader reads whole: the city's for its viewer, a county's for its office (a
county has none below: an empty page); a liaison of the county gets 403, anyone who may not
see the region 404. Both are pages to read: a POST is 405.
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row

# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:campaign-dashboard": [
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
    "staff:region-comparison": [
        Row("city", lambda w: {"region_slug": "changsha"},
            GET=row(LOGIN, 404, 404, 404, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("a", lambda w: {"region_slug": w.region_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("b", lambda w: {"region_slug": w.region_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=NOT_ALLOWED),
        Row("unknown region", lambda w: {"region_slug": "no-such-region"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=NOT_ALLOWED),
    ],
}
# fmt: on
