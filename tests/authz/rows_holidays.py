"""Matrix rows of the holiday-notice page (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``. Only the region's office admin and the superuser reach it; a
liaison of the region gets 403, a viewer and another region's admin 404.
"""

from pathlib import Path

from tests.authz.table import LOGIN, Row, row

NOTICE_2027 = Path(__file__).parents[1] / "workdays" / "files" / "notice-2027-invented.txt"

A_PAGE = row(LOGIN, 403, 403, 200, 404, 404, 404, 200)
A_EMPTY = row(LOGIN, 403, 403, 400, 404, 404, 404, 400)
A_DONE = row(LOGIN, 403, 403, 302, 404, 404, 404, 302)
B_PAGE = row(LOGIN, 404, 404, 404, 200, 404, 404, 200)


def _a(w):
    return {"region_slug": w.region_a.slug}


def _b(w):
    return {"region_slug": w.region_b.slug}


# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:holiday-notice": [
        Row("a", _a, GET=A_PAGE, POST=A_EMPTY),
        Row("a preview", _a, GET=A_PAGE, POST=A_PAGE,
            data=lambda w: {"text": NOTICE_2027.read_text(encoding="utf-8")}),
        Row("a save", _a, GET=A_PAGE, POST=A_DONE,
            data=lambda w: {"text": NOTICE_2027.read_text(encoding="utf-8"), "confirm": "1"}),
        Row("b", _b, GET=B_PAGE, POST=row(LOGIN, 404, 404, 404, 400, 404, 404, 400)),
    ],
}
# fmt: on
