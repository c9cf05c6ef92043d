"""Matrix rows of campaign rules and plan rows (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.

The rules page is read by whoever sees the campaign and changed by its office: an empty post
lacks the reminder lead (400), a full one is saved (302). The plan rows pages are the office's
alone: a liaison or a viewer who sees the campaign gets 403 whichever row they name. The
world's activities are all reported, so removing one is refused on the page (400).
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row  # noqa: F401


def _rules_form(w) -> dict:
    return {
        "filing_lead_days": "3",
        "filing_lead_unit": "calendar",
        "report_due_days": "5",
        "report_due_unit": "working",
        "publicity_due_days": "",
        "publicity_due_unit": "calendar",
        "remind_before_workdays": "2",
        "min_staff": "6",
        "banner_templates": "{unit}{year}年“政务公开主题日”活动",
    }


def _row_form(w) -> dict:
    return {
        "title": "新增活动",
        "month_start": "11",
        "month_end": "11",
        "hosts": [f"unit:{w.unit_a1.pk}"],
    }


def _seq(hosted, **more) -> dict:
    return {"slug": hosted.activity.campaign.slug, "seq": hosted.activity.seq, **more}


# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:campaign-rules": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("a saved", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 200, 200, 200, 404, 200, 404, 200),
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302),
            data=_rules_form),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 200, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("unknown slug", lambda w: {"slug": "no-such-campaign"},
            GET=row(LOGIN, 404, 404, 404, 404, 404, 404, 404),
            POST=row(LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    ],
    # The notice's facts: the office's; every field is optional, so a post is saved (302).
    "staff:campaign-facts": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302)),
        Row("a, bad email", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400),
            data=lambda w: {"contact_email": "not-an-address"}),
        Row("b", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 302, 403, 404, 302)),
    ],
    "staff:plan-row-add": [
        Row("a", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("a saved", lambda w: {"slug": w.campaign_a.slug},
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302),
            data=_row_form),
        # A's unit posted to B's campaign: not one of B's units.
        Row("b + a's unit", lambda w: {"slug": w.campaign_b.slug},
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400),
            data=_row_form),
    ],
    "staff:plan-row-edit": [
        Row("a1", lambda w: _seq(w.activity_a1),
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("a1 saved", lambda w: _seq(w.activity_a1),
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 302, 404, 403, 404, 302),
            data=_row_form),
        Row("a2", lambda w: _seq(w.activity_a2),
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: _seq(w.activity_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("a + b's seq", lambda w: {"slug": w.campaign_a.slug, "seq": 99},
            GET=row(LOGIN, 403, 403, 404, 404, 403, 404, 404),
            POST=row(LOGIN, 403, 403, 404, 404, 403, 404, 404)),
    ],
    "staff:plan-row-remove": [
        Row("a1", lambda w: _seq(w.activity_a1),
            GET=row(LOGIN, 403, 403, 200, 404, 403, 404, 200),
            POST=row(LOGIN, 403, 403, 400, 404, 403, 404, 400)),
        Row("b", lambda w: _seq(w.activity_b1),
            GET=row(LOGIN, 404, 404, 404, 200, 403, 404, 200),
            POST=row(LOGIN, 404, 404, 404, 400, 403, 404, 400)),
        Row("a + b's seq", lambda w: {"slug": w.campaign_a.slug, "seq": 99},
            GET=row(LOGIN, 403, 403, 404, 404, 403, 404, 404),
            POST=row(LOGIN, 403, 403, 404, 404, 403, 404, 404)),
    ],
}
# fmt: on
