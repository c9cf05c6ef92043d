"""Exact query counts of the to-do page (待办) per role, at the request level (Zulip's
``assert_database_query_count``): an upper bound would hide a lookup repeated per row or per
permission check. Each count holds as the plan grows, and the memberships are read once."""

import pytest

from openday.activities.services import activity_mark_held, activity_schedule
from openday.campaigns.enums import CampaignPhase
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
