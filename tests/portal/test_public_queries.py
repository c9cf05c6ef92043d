"""The public pages an anonymous visitor reads — the column, an activity's notice (预告) and a
published report — cost a constant, small number of queries, on a generated province three
times the size as on a small one; and without a cookie nothing asks for a session, a user or
their memberships, nor is a cookie set (the proxy's micro-cache may keep the page).

Two provinces from ``openday generate-province``: "small" (10 activities a campaign) and
"large" (30). Activity 4 of each running campaign is announced (with its joint part), 8 is
published with its report, attendance, media reports and a photo.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.demo.province import ProvinceSpec, province_generate

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 16)
SIZES = {"small": (2, 10), "large": (3, 30)}
PAGES = {
    "column": "/column/{p}-1-2025/",
    "notice": "/column/{p}-1-2025/notices/4/",
    "report": "/column/{p}-1-2025/reports/8/",
    "closed-column": "/column/{p}-1-2024/",
}
# Uncached: campaign with its region and website, then the page's own reads. Cached: the
# campaign (its content version is the cache key).
CACHED_QUERIES = 1
# "Small": about a dozen reads of the page's parts, never one per row; equality across the
# two sizes is what proves it.
SMALL_UNCACHED = 15
PRIVATE_TABLES = ("django_session", "auth_user", "orgs_membership")


@pytest.fixture(scope="module")
def provinces(django_db_setup, django_db_blocker, tmp_path_factory):
    root = tmp_path_factory.mktemp("province")
    files = {"MEDIA_ROOT": root / "media", "PRIVATE_MEDIA_ROOT": root / "private-media"}
    with override_settings(**files), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for slug, (regions, activities) in SIZES.items():
                spec = ProvinceSpec(
                    slug=slug,
                    regions=regions,
                    years=2,
                    activities=activities,
                    answers=regions * 2 * activities * 5,
                    today=TODAY,
                )
                province_generate(spec, progress=lambda _line: None)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def queries_of(client, url: str) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries], response


def test_the_generated_pages_show_what_they_are_about(provinces):
    for slug in SIZES:
        row = Activity.objects.rows().filter(campaign__slug=f"{slug}-1-2025")
        assert row.get(seq=4).state == ActivityState.ANNOUNCED
        assert row.get(seq=8).state == ActivityState.PUBLISHED


@pytest.mark.parametrize("page", list(PAGES))
def test_uncached_public_page_queries_do_not_grow_with_the_data(provinces, client, page):
    cache.clear()
    small, _ = queries_of(client, PAGES[page].format(p="small"))
    large, response = queries_of(client, PAGES[page].format(p="large"))

    assert len(small) == len(large), "\n\n".join(["small:", *small, "large:", *large])
    assert len(large) <= SMALL_UNCACHED
    assert response.content


@pytest.mark.parametrize("page", list(PAGES))
def test_cached_public_page_takes_one_query(provinces, client, page):
    url = PAGES[page].format(p="large")
    client.get(url)

    queries, response = queries_of(client, url)

    assert len(queries) == CACHED_QUERIES
    assert "campaigns_campaign" in queries[0]
    assert response.content


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_visitor_costs_no_session_user_or_membership_lookup(provinces, client, page):
    cache.clear()

    queries, response = queries_of(client, PAGES[page].format(p="large"))

    assert [q for q in queries if any(f'"{table}"' in q for table in PRIVATE_TABLES)] == []
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"].startswith("public")
