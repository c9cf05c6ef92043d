"""Exact query counts of the units and people lists: they hold as the region grows."""

import pytest

from openday.orgs.enums import Role
from tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The session, the user, the user's memberships (their Scope), the region.
REQUEST = 4


def grow(place) -> None:
    for number in range(10):
        unit = UnitFactory(region=place.region, name=f"区第{number}办")
        MembershipFactory(role=Role.UNIT_LIAISON, region=place.region, unit=unit)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the units with their liaison counts, their aliases
        ("/staff/regions/tianxin/units/", REQUEST + 2),
        # the people, their memberships in the region with their units
        ("/staff/regions/tianxin/people/", REQUEST + 2),
    ],
)
def test_list_query_count(client, place, url, queries, django_assert_num_queries):
    client.force_login(place.admin)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(place)

    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
