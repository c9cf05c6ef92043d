"""Matrix rows of the office's own units, people and passwords (see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``.

Only a region's office admin (and the superuser) reaches its units and people: its liaisons
get 403, everyone else 404 — a superior viewer too, and another region's admin. Rows ``a + b``
name region B's unit or person through region A's URL.
"""

from tests.authz.table import LOGIN, NOT_ALLOWED, Row, row

# Region A's pages (as a liaison of A: 403; only A's admin and the superuser get in).
A_PAGE = row(LOGIN, 403, 403, 200, 404, 404, 404, 200)
A_EMPTY = row(LOGIN, 403, 403, 400, 404, 404, 404, 400)
A_DONE = row(LOGIN, 403, 403, 302, 404, 404, 404, 302)
B_PAGE = row(LOGIN, 404, 404, 404, 200, 404, 404, 200)
B_EMPTY = row(LOGIN, 404, 404, 404, 400, 404, 404, 400)
B_DONE = row(LOGIN, 404, 404, 404, 302, 404, 404, 302)
# A's URL with B's object: A's liaisons still 403 on the region, nobody finds the object.
MIXED = row(LOGIN, 403, 403, 404, 404, 404, 404, 404)


def _a(w, **more):
    return {"region_slug": w.region_a.slug, **more}


def _b(w, **more):
    return {"region_slug": w.region_b.slug, **more}


# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:unit-list": [
        Row("a", _a, GET=A_PAGE, POST=NOT_ALLOWED),
        Row("b", _b, GET=B_PAGE, POST=NOT_ALLOWED),
    ],
    "staff:unit-create": [
        Row("a", _a, GET=A_PAGE, POST=A_EMPTY),
        Row("a valid", _a, GET=A_PAGE, POST=A_DONE,
            data=lambda w: {"name": "区新设局", "kind": "department", "aliases": "新设局"}),
        Row("a duplicate", _a, GET=A_PAGE, POST=A_EMPTY,
            data=lambda w: {"name": "天心区人力资源和社会保障局", "kind": "department"}),
        Row("b", _b, GET=B_PAGE, POST=B_EMPTY),
    ],
    "staff:unit-edit": [
        Row("a", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=A_PAGE, POST=A_EMPTY),
        Row("a rename", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=A_PAGE, POST=A_DONE,
            data=lambda w: {"name": "区人社局", "kind": "department"}),
        Row("b", lambda w: _b(w, unit_id=w.unit_b1.pk), GET=B_PAGE, POST=B_EMPTY),
        Row("a + b", lambda w: _a(w, unit_id=w.unit_b1.pk), GET=MIXED, POST=MIXED),
    ],
    "staff:unit-active": [
        Row("a", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=NOT_ALLOWED, POST=A_EMPTY),
        Row("a deactivate", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=NOT_ALLOWED,
            POST=A_DONE, data=lambda w: {"active": "0"}),
        Row("a already active", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=NOT_ALLOWED,
            POST=A_EMPTY, data=lambda w: {"active": "1"}),
        Row("b", lambda w: _b(w, unit_id=w.unit_b1.pk), GET=NOT_ALLOWED, POST=B_EMPTY),
        Row("a + b", lambda w: _a(w, unit_id=w.unit_b1.pk), GET=NOT_ALLOWED, POST=MIXED,
            data=lambda w: {"active": "0"}),
    ],
    "staff:unit-merge": [
        Row("a", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=A_PAGE, POST=A_EMPTY),
        # Both units declared in the same campaign: refused, nothing moves.
        Row("a both declared", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=A_PAGE, POST=A_EMPTY,
            data=lambda w: {"kept": w.unit_a2.pk, "confirm": "1"}),
        # Another region's unit is not among the choices.
        Row("a into b", lambda w: _a(w, unit_id=w.unit_a1.pk), GET=A_PAGE, POST=A_EMPTY,
            data=lambda w: {"kept": w.unit_b1.pk, "confirm": "1"}),
        Row("b", lambda w: _b(w, unit_id=w.unit_b1.pk), GET=B_PAGE, POST=B_EMPTY),
        Row("a + b", lambda w: _a(w, unit_id=w.unit_b1.pk), GET=MIXED, POST=MIXED),
    ],
    "staff:person-list": [
        Row("a", _a, GET=A_PAGE, POST=NOT_ALLOWED),
        Row("b", _b, GET=B_PAGE, POST=NOT_ALLOWED),
    ],
    "staff:person-create": [
        Row("a", _a, GET=A_PAGE, POST=A_EMPTY),
        Row("a liaison", _a, GET=A_PAGE, POST=A_DONE,
            data=lambda w: {"username": "new-liaison", "role": "unit_liaison",
                            "unit": w.unit_a1.pk}),
        # A unit of another region is not among the choices.
        Row("a liaison of b", _a, GET=A_PAGE, POST=A_EMPTY,
            data=lambda w: {"username": "new-liaison", "role": "unit_liaison",
                            "unit": w.unit_b1.pk}),
        # Superior viewer is above what an office grants.
        Row("a viewer", _a, GET=A_PAGE, POST=A_EMPTY,
            data=lambda w: {"username": "new-viewer", "role": "superior_viewer"}),
        Row("b", _b, GET=B_PAGE, POST=B_EMPTY),
    ],
    "staff:person-detail": [
        Row("a", lambda w: _a(w, user_id=w.users["liaison_a1"].pk), GET=A_PAGE,
            POST=NOT_ALLOWED),
        Row("b", lambda w: _b(w, user_id=w.users["admin_b"].pk), GET=B_PAGE, POST=NOT_ALLOWED),
        Row("a + b", lambda w: _a(w, user_id=w.users["admin_b"].pk), GET=MIXED,
            POST=NOT_ALLOWED),
        # A superior viewer holds no membership in region A: not one of its people.
        Row("a + viewer", lambda w: _a(w, user_id=w.users["viewer_city"].pk), GET=MIXED,
            POST=NOT_ALLOWED),
    ],
    "staff:person-password-reset": [
        # An empty form is a reset to a one-time link.
        Row("a", lambda w: _a(w, user_id=w.users["liaison_a1"].pk), GET=NOT_ALLOWED,
            POST=A_DONE),
        Row("a too short", lambda w: _a(w, user_id=w.users["liaison_a1"].pk), GET=NOT_ALLOWED,
            POST=A_EMPTY, data=lambda w: {"password": "short"}),
        # One's own password is changed on the account page.
        Row("a self", lambda w: _a(w, user_id=w.users["admin_a"].pk), GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 400, 404, 404, 404, 302)),
        Row("b", lambda w: _b(w, user_id=w.users["admin_b"].pk), GET=NOT_ALLOWED,
            POST=row(LOGIN, 404, 404, 404, 400, 404, 404, 302)),
        Row("a + b", lambda w: _a(w, user_id=w.users["admin_b"].pk), GET=NOT_ALLOWED,
            POST=MIXED),
    ],
    "staff:person-active": [
        Row("a", lambda w: _a(w, user_id=w.users["liaison_a1"].pk), GET=NOT_ALLOWED,
            POST=A_EMPTY),
        Row("a deactivate", lambda w: _a(w, user_id=w.users["liaison_a1"].pk),
            GET=NOT_ALLOWED, POST=A_DONE, data=lambda w: {"active": "0"}),
        Row("a self", lambda w: _a(w, user_id=w.users["admin_a"].pk), GET=NOT_ALLOWED,
            POST=row(LOGIN, 403, 403, 400, 404, 404, 404, 302),
            data=lambda w: {"active": "0"}),
        Row("b", lambda w: _b(w, user_id=w.users["admin_b"].pk), GET=NOT_ALLOWED,
            POST=B_EMPTY),
        Row("a + b", lambda w: _a(w, user_id=w.users["admin_b"].pk), GET=NOT_ALLOWED,
            POST=MIXED, data=lambda w: {"active": "0"}),
    ],
    "staff:account-password": [
        Row("", lambda w: {},
            GET=row(LOGIN, 200, 200, 200, 200, 200, 200, 200),
            POST=row(LOGIN, 400, 400, 400, 400, 400, 400, 400)),
    ],
    "staff:account-set-password": [
        # A link that is not one: the page says so, to anyone.
        Row("", lambda w: {"uidb64": "MQ", "token": "abc-123"},
            GET=row(200, 200, 200, 200, 200, 200, 200, 200),
            POST=row(200, 200, 200, 200, 200, 200, 200, 200)),
    ],
}
# fmt: on
