"""What shared caches may keep (``portal.caching.PublicCacheMiddleware``), at the request level:
public pages for the micro-cache's seconds and never with a cookie; forms, POSTs, signed-in
sessions, staff pages private; static files untouched."""

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import Role
from tests.factories import MembershipFactory, UserFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages are keyed by pk, and primary keys are reused after a rolled-back test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


def column_url(campaign) -> str:
    return reverse("portal:campaign-column", args=[campaign.slug])


def public_pages(campaign) -> list[str]:
    return [reverse("portal:campaign-list"), column_url(campaign)]


def assert_shared_for(response, seconds: int) -> None:
    assert response.headers["Cache-Control"] == f"public, max-age=0, s-maxage={seconds}"
    # (Accept-Language is LocaleMiddleware's; the pages are in one language.)
    assert response.headers["Vary"] == "Accept-Language, Accept-Encoding"
    assert response.headers["ETag"].startswith('"')
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.parametrize("seconds", [5, 30])
def test_public_pages_are_kept_by_shared_caches_for_the_micro_cache_seconds(
    client, settings, campaign, seconds
):
    settings.OPENDAY_PUBLIC_CACHE_SECONDS = seconds

    for url in public_pages(campaign):
        response = client.get(url)

        assert response.status_code == 200
        assert_shared_for(response, seconds)


def test_the_default_micro_cache_is_five_seconds(client, campaign):
    response = client.get(column_url(campaign))

    assert_shared_for(response, 5)


def test_zero_seconds_turns_the_micro_cache_off(client, settings, campaign):
    settings.OPENDAY_PUBLIC_CACHE_SECONDS = 0

    response = client.get(column_url(campaign))

    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=0"


def test_a_revalidation_is_answered_304_with_the_same_cache_headers(client, campaign):
    first = client.get(column_url(campaign))

    again = client.get(column_url(campaign), headers={"if-none-match": first.headers["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert_shared_for(again, 5)


def test_head_gets_the_headers_of_get(client, campaign):
    response = client.head(column_url(campaign))

    assert response.status_code == 200
    assert response.content == b""
    assert_shared_for(response, 5)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_an_unsafe_method_on_a_public_page_is_private(client, campaign, method):
    response = getattr(client, method)(column_url(campaign))

    assert response.status_code == 405
    assert response.headers["Cache-Control"] == PRIVATE
    assert "s-maxage" not in response.headers["Cache-Control"]


def test_a_signed_in_visitor_gets_the_public_page_without_a_cookie(client, campaign):
    admin = UserFactory()
    MembershipFactory(user=admin, role=Role.OFFICE_ADMIN, region=campaign.region)
    client.force_login(admin)

    response = client.get(column_url(campaign))

    assert response.status_code == 200
    assert_shared_for(response, 5)


def test_a_page_the_public_cannot_see_is_not_marked_for_caching(client, campaign):
    campaign.phase = CampaignPhase.DRAFT
    campaign.save()

    response = client.get(column_url(campaign))

    assert response.status_code == 404
    assert "s-maxage" not in response.headers.get("Cache-Control", "")
    assert "Set-Cookie" not in response.headers


@pytest.mark.urls("tests.deploy.urls_forms")
def test_a_form_page_is_private_even_if_its_view_says_public(client, campaign):
    url = f"{column_url(campaign)}activities/1/signup/"

    response = client.get(url)

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert response.headers["Cache-Control"] == PRIVATE
    assert "csrftoken" in response.cookies


@pytest.mark.urls("tests.deploy.urls_forms")
def test_a_form_page_is_private_for_a_visitor_who_has_the_csrf_cookie(client, campaign):
    url = f"{column_url(campaign)}activities/1/signup/"
    client.get(url)

    response = client.get(url)

    assert response.headers["Cache-Control"] == PRIVATE


@pytest.mark.urls("tests.deploy.urls_forms")
def test_a_form_post_is_private(client, campaign):
    url = f"{column_url(campaign)}activities/1/signup/"

    response = client.post(url, {"name": "张三"})

    assert response.headers["Cache-Control"] == PRIVATE


@pytest.mark.urls("tests.deploy.urls_forms")
def test_a_public_file_keeps_its_browser_max_age_and_gets_the_micro_cache(client):
    response = client.get("/column/files/photo.jpg")

    assert response.headers["Cache-Control"] == "public, max-age=86400, s-maxage=5"
    assert response.headers["Vary"] == "Accept-Language, Accept-Encoding"
    assert b"".join(response.streaming_content) == b"photo"


@pytest.mark.urls("tests.deploy.urls_forms")
def test_a_public_page_without_an_etag_gets_one_and_answers_revalidations(client):
    response = client.get("/column/files/feed.xml")

    assert_shared_for(response, 5)
    again = client.get("/column/files/feed.xml", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert_shared_for(again, 5)


@pytest.mark.parametrize("url", ["/staff/login/", "/admin/login/"])
def test_staff_and_admin_pages_stay_private(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == PRIVATE


def test_static_files_keep_their_own_headers(client):
    assert finders.find("openday/css/site.css")

    response = client.get("/static/openday/css/site.css")

    assert response.status_code == 200
    assert "s-maxage" not in response.headers.get("Cache-Control", "")
