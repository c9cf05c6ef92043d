"""Matrix rows of the website-furniture page (网站信息; see ``test_matrix``).

Each row reads ``row(anonymous, liaison_a1, liaison_a2, admin_a, admin_b, viewer_city,
viewer_other_city, superuser)``. Only the region's office admin and the superuser reach it; a
liaison of the region gets 403, a viewer and another region's admin 404.
"""

from tests.authz.table import LOGIN, Row, row

A_PAGE = row(LOGIN, 403, 403, 200, 404, 404, 404, 200)
# An empty form lacks 主办单位: refused, nothing saved.
A_EMPTY = row(LOGIN, 403, 403, 400, 404, 404, 404, 400)
A_DONE = row(LOGIN, 403, 403, 302, 404, 404, 404, 302)
B_PAGE = row(LOGIN, 404, 404, 404, 200, 404, 404, 200)
B_EMPTY = row(LOGIN, 404, 404, 404, 400, 404, 404, 400)


def _a(w):
    return {"region_slug": w.region_a.slug}


def _b(w):
    return {"region_slug": w.region_b.slug}


# fmt: off
ROWS: dict[str, list[Row]] = {
    "staff:region-website": [
        Row("a", _a, GET=A_PAGE, POST=A_EMPTY),
        Row("a save", _a, GET=A_PAGE, POST=A_DONE,
            data=lambda w: {"sponsor": "长沙市天心区人民政府办公室",
                            "error_report_url": "https://zfwzzc.www.gov.cn/"}),
        Row("b", _b, GET=B_PAGE, POST=B_EMPTY),
    ],
}
# fmt: on
