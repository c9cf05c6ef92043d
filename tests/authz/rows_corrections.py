"""Matrix rows of review of notices, withdrawals, corrections, photos, 督办 (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``. All of it is the region's office's: the host unit's liaison
and the viewers above, who read the activity, get 403; whoever may not read it, 404.

The world's activities are reported, with no notice: an empty post is refused by the form or
the service (400) once the permission passes — nothing to approve, no reason given, nothing
published to withdraw or correct, no photo left public. Two rows post a complete body and
succeed (302): the photo choice and a 督办 to unit A1, which has a liaison.
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row


def _activity(hosted) -> dict:
    return {"slug": hosted.activity.campaign.slug, "seq": hosted.activity.seq}


# Who may reach an activity of A1, of A2, of B (the office's pages; 200 or 400 for them).
def _reach(kind: str, ok: int):
    return {
        "a1": row(LOGIN, 403, 404, ok, 404, 403, 404, ok),
        "a2": row(LOGIN, 404, 403, ok, 404, 403, 404, ok),
        "b": row(LOGIN, 404, 404, 404, ok, 403, 404, ok),
    }[kind]


def _hosted(w, kind: str):
    return {"a1": w.activity_a1, "a2": w.activity_a2, "b": w.activity_b1}[kind]


_POSTS = (
    "staff:activity-notice-approve",
    "staff:activity-notice-return",
    "staff:activity-notice-withdraw",
    "staff:activity-report-withdraw",
    "staff:activity-urge",
)
_PAGES = (
    "staff:activity-notice-correct",
    "staff:activity-report-correct",
    "staff:activity-photos",
)

# fmt: off
ROWS: dict[str, list[Row]] = {
    **{
        name: [
            Row(kind, lambda w, kind=kind: _activity(_hosted(w, kind)),
                GET=NOT_ALLOWED,
                POST=_reach(kind, 400))
            for kind in ("a1", "a2", "b")
        ]
        for name in _POSTS
    },
    **{
        name: [
            Row(kind, lambda w, kind=kind: _activity(_hosted(w, kind)),
                GET=_reach(kind, 200),
                POST=_reach(kind, 400))
            for kind in ("a1", "a2", "b")
        ]
        for name in _PAGES
    },
}

ROWS["staff:activity-photos"].append(
    Row("a1, one photo public with a caption", lambda w: _activity(w.activity_a1),
        GET=_reach("a1", 200),
        POST=_reach("a1", 302),
        data=lambda w: {
            f"public_{w.activity_a1.photo.pk}": "on",
            f"caption_{w.activity_a1.photo.pk}": "活动现场",
        }),
)
ROWS["staff:activity-urge"] += [
    Row("a1, to unit A1", lambda w: _activity(w.activity_a1),
        GET=NOT_ALLOWED,
        POST=_reach("a1", 302),
        data=lambda w: {"unit": w.unit_a1.pk, "message": "请于本周内报送活动材料。"}),
    # Unit B1 is not a host of A1's activity (nor of A's region): refused at the field.
    Row("a1, to B's unit", lambda w: _activity(w.activity_a1),
        GET=NOT_ALLOWED,
        POST=_reach("a1", 400),
        data=lambda w: {"unit": w.unit_b1.pk, "message": "请尽快办理。"}),
]
# fmt: on
