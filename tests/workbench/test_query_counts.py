"""Exact query counts of the to-do page (待办) per role, at the request level (Zulip's
``assert_database_query_count``): an upper bound would hide a lookup repeated per row or per
permission check. Each count holds as the plan grows, and the memberships are read once."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from openday.activities.services import activity_mark_held, activity_schedule
from openday.campaigns.enums import CampaignPhase
from openday.demo.province import ProvinceSpec, province_generate
from openday.orgs.enums import UnitGroup
from tests.factories import CampaignFactory, UserFactory
from tests.workbench.conftest import TODAY, D, add

pytestmark = pytest.mark.django_db

URL = "/staff/"

# Every staff request: the session, the user, the user's memberships (their Scope).
REQUEST = 3


def grow(world) -> None:
    """Twenty more activities of every unit and state, in both regions."""
    for seq in range(100, 120):
        host = [world.renshe, world.jiaoyu, world.yibao][seq % 3]
        activity = add(
            world.campaign, seq, f"新增活动{seq}", 1 + seq % 12, host, UnitGroup.ALL_UNITS
        )
        if seq % 2:
            activity_schedule(
                actor=world.admin, activity=activity, on=D(2023, 9, 1 + seq % 28), reason="调整"
            )
        if seq % 4 == 1:
            activity_mark_held(
                actor=world.admin, activity=activity, held_on=activity.scheduled_on, today=TODAY
            )


def membership_reads(queries) -> int:
    """Reads of the user's own memberships (the Scope); other queries may look at a unit's."""
    return sum('"orgs_membership"."user_id" =' in query["sql"] for query in queries)


@pytest.mark.parametrize(
    ("who", "queries"),
    [
        # rows (with campaign, rules and the late-without-a-date flag), their hosts, their open
        # deadlines, the monthly counts, the campaigns taking declarations
        ("liaison", REQUEST + 5),
        ("street_liaison", REQUEST + 5),
        # running campaigns, reports to review and their hosts, overdue deadlines by host,
        # activities late without a date and their hosts, the monthly counts, declarations
        # to review, units without a liaison
        ("admin", REQUEST + 10),
        # the roll-up per campaign
        ("city_viewer", REQUEST + 1),
        ("superuser", REQUEST + 1),
    ],
)
def test_to_do_page_query_count_by_role(
    client, world, today, who, queries, django_assert_num_queries
):
    client.force_login(getattr(world, who))
    with django_assert_num_queries(queries) as small:
        assert client.get(URL).status_code == 200
    grow(world)

    with django_assert_num_queries(queries) as large:
        response = client.get(URL)

    assert response.status_code == 200
    assert membership_reads(small) == membership_reads(large) == 1


def test_an_open_declaration_window_adds_the_units_and_their_declarations(
    client, world, today, django_assert_num_queries
):
    CampaignFactory(
        region=world.region, year=2030, slug="tianxin-2030", phase=CampaignPhase.DECLARATION
    )
    client.force_login(world.liaison)

    with django_assert_num_queries(REQUEST + 5 + 2):
        response = client.get(URL)

    assert "tianxin-2030" in response.content.decode()


def test_a_user_without_a_role_costs_only_the_request(
    client, world, today, django_assert_num_queries
):
    client.force_login(UserFactory())

    with django_assert_num_queries(REQUEST):
        response = client.get(URL)

    assert "您的账号还没有分配工作角色" in response.content.decode()


# --- Every staff page, on a generated province three times the size ---------------------------
# Two provinces from ``openday generate-province`` in one database: "small" (2 counties, 10
# activities a campaign) and "large" (3 counties, 30 activities a campaign: three times the
# rows, units, sign-ups, reminders and audit entries). Each page is asked once of both (caches
# warm), then counted on both: the counts must be equal.

GROWN_TODAY = dt.date(2025, 6, 16)
SIZES = {"small": (2, 10), "large": (3, 30)}


@pytest.fixture(scope="module")
def provinces(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both provinces, generated once for the module in a transaction rolled back at its end."""
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
                    answers=regions * 2 * activities * 10,
                    today=GROWN_TODAY,
                )
                province_generate(spec, progress=lambda _line: None)
            yield files
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def grown_today(monkeypatch):
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, tz=None: GROWN_TODAY if value is None else real_localdate(value, tz),
    )


real_localdate = timezone.localdate

# (page, who): the URL in province ``p`` ("small" or "large"), and the user. Activity 4 is a
# joint row (announced, with its part 4-1), 8 is published with its report and photos.
GROWN_PAGES = {
    "todo": lambda p: "/staff/",
    "campaign": lambda p: f"/staff/campaigns/{p}-1-2025/",
    "closed-campaign": lambda p: f"/staff/campaigns/{p}-1-2024/",
    "activity-joint": lambda p: f"/staff/campaigns/{p}-1-2025/activities/4/",
    "activity-part": lambda p: f"/staff/campaigns/{p}-1-2025/activities/4-1/",
    "activity-published": lambda p: f"/staff/campaigns/{p}-1-2025/activities/8/",
    "declarations": lambda p: f"/staff/campaigns/{p}-1-2025/declarations/",
    "participation": lambda p: f"/staff/campaigns/{p}-1-2025/participation/",
    "audit": lambda p: "/staff/audit/",
    "deliveries": lambda p: "/staff/deliveries/",
}
WHO = {
    "admin": lambda p: f"{p}-1-admin",
    "liaison": lambda p: f"{p}-1-u1",
    # the province's viewer: the to-do is the region overview
    "viewer": lambda p: f"{p}-viewer",
    "city_viewer": lambda p: f"{p}-c1-viewer",
}
GROWN_CASES = [
    ("todo", "admin"),
    ("todo", "liaison"),
    ("todo", "viewer"),
    ("todo", "city_viewer"),
    ("campaign", "admin"),
    ("campaign", "liaison"),
    ("campaign", "viewer"),
    ("closed-campaign", "admin"),
    ("activity-joint", "admin"),
    ("activity-joint", "viewer"),
    ("activity-part", "admin"),
    ("activity-published", "admin"),
    ("activity-published", "viewer"),
    ("declarations", "admin"),
    ("declarations", "liaison"),
    ("declarations", "viewer"),
    ("participation", "admin"),
    ("participation", "viewer"),
    ("audit", "admin"),
    ("deliveries", "admin"),
]
# The dashboard, the assessment and the region comparison, by URL name and the arguments
# in province ``p``, when the workbench has them (they are being built beside this test).
OPTIONAL_PAGES = [
    ("staff:campaign-dashboard", lambda p: {"slug": f"{p}-1-2025"}, "admin"),
    ("staff:campaign-dashboard", lambda p: {"slug": f"{p}-1-2025"}, "viewer"),
    ("staff:campaign-assessment", lambda p: {"slug": f"{p}-1-2025"}, "admin"),
    ("staff:region-comparison", lambda p: {"region_slug": p}, "viewer"),
    ("staff:region-comparison", lambda p: {"region_slug": f"{p}-c1"}, "city_viewer"),
]


def page_queries(client, url: str, username: str) -> list[str]:
    client.force_login(get_user_model().objects.get(username=username))
    client.get(url)  # warm: the first request of a process fills its own caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, username, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def assert_same_count(client, url_of, who: str) -> None:
    small = page_queries(client, url_of("small"), WHO[who]("small"))
    large = page_queries(client, url_of("large"), WHO[who]("large"))
    assert len(small) == len(large), "\n\n".join(["small:", *small, "large:", *large])


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "who"), GROWN_CASES)
def test_staff_page_queries_do_not_grow_with_the_data(provinces, grown_today, client, page, who):
    assert_same_count(client, GROWN_PAGES[page], who)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "who"), OPTIONAL_PAGES)
def test_dashboard_queries_do_not_grow_with_the_data(
    provinces, grown_today, client, name, kwargs, who
):
    try:
        reverse(name, kwargs=kwargs("small"))
    except NoReverseMatch:
        pytest.skip(f"{name} is not a staff page (yet)")
    assert_same_count(client, lambda p: reverse(name, kwargs=kwargs(p)), who)
