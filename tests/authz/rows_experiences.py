"""Matrix rows of the typical experiences (典型经验) and the year-end summary (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.

- An activity's recommendation page is read by whoever reads the whole region (the office, the
  viewers above; a liaison of the host unit: 403, of another unit: 404); only the county office
  posts: the world's activities are reported, not published, so the service refuses (400).
- A region's experiences page is the region's office's and its superior viewers' (a liaison:
  403); the office posts its steps (an empty post: 400), a viewer never (403). The city page
  is the city viewer's (the world has no city office admin).
- The year-end summary is read by the office and the viewers above, saved by the office only.
"""

from tests.authz.table import LOGIN, Row, row


def _activity(hosted) -> dict:
    return {"slug": hosted.activity.campaign.slug, "seq": hosted.activity.ref}


def _summary(w) -> dict:
    return {
        "title": "天心区2023年工作总结",
        "body": "一、总体情况\n全年开展活动 2 场。",
        "issued_by": "天心区政务公开办",
        "issued_on": "2023-12-20",
    }


def _recommend(w) -> dict:
    return {"text": "现场答疑，效果突出。"}


# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:activity-experience": [
        Row("a1", lambda w: _activity(w.activity_a1),
            GET=row(LOGIN, 403, 404, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 404, 400, 404, 403, 404, 400),
            data=_recommend),
        Row("a2", lambda w: _activity(w.activity_a2),
            GET=row(LOGIN, 404, 403, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 404, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: _activity(w.activity_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400),
            data=_recommend),
        Row("unknown activity", lambda w: {"slug": w.campaign_a.slug, "seq": "99"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    "staff:region-experiences": [
        Row("city", lambda w: {"region_slug": "changsha"},
            GET=row(LOGIN, 404, 404, 404, 404, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 404, 403, 404, 400)),
        Row("a", lambda w: {"region_slug": w.region_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: {"region_slug": w.region_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("unknown region", lambda w: {"region_slug": "no-such-region"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    "staff:campaign-year-summary": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("a saved", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302),
            data=_summary),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
}
# fmt: on
