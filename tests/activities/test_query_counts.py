"""Exact query counts of an activity's staff page: the memberships are read once per request
(the user's ``Scope``), however many permission checks the page makes, and the page costs the
same for the host's liaison as for the office."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openday.activities.services import activity_file, activity_mark_held, activity_schedule
from tests.activities.materials import filing_input

pytestmark = pytest.mark.django_db

D = dt.date

# session, user, memberships, activity (+campaign, region, rules), hosts, host units, filing,
# notice, the notice handed in for review, report, forms, deadlines, events. The nav's audit
# link is answered from the scope; the office's 督办 form lists the hosts already read.
PAGE_QUERIES = 13


def page_url(activity) -> str:
    return reverse("staff:activity-detail", args=[activity.campaign.slug, activity.seq])


def bring_to(activity, liaison, state: str) -> None:
    """Move ``activity`` on to ``state``, so the page offers that state's actions."""
    if state == "planned":
        return
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 16))
    if state == "scheduled":
        return
    activity_file(actor=liaison, activity=activity, filing=filing_input(), on=D(2023, 10, 9))
    if state == "filed":
        return
    activity_mark_held(
        actor=liaison, activity=activity, held_on=D(2023, 10, 16), today=D(2023, 10, 17)
    )


def membership_reads(queries) -> list[str]:
    return [query["sql"] for query in queries if "orgs_membership" in query["sql"]]


@pytest.mark.parametrize("state", ["planned", "scheduled", "filed", "held"])
def test_liaison_activity_page_reads_memberships_once(client, activity, liaison, state):
    bring_to(activity, liaison, state)
    url = page_url(activity)
    client.force_login(liaison)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(membership_reads(captured.captured_queries)) == 1


@pytest.mark.parametrize("who", ["liaison", "admin"])
@pytest.mark.parametrize("state", ["planned", "scheduled", "held"])
def test_activity_page_query_count(
    client, activity, liaison, admin, who, state, django_assert_num_queries
):
    bring_to(activity, liaison, state)
    url = page_url(activity)
    client.force_login(liaison if who == "liaison" else admin)

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
