"""The to-do selectors on their own: who hosts what, the roles a user's scope opens, and the
package's names. The domain rules they show are tested in tests/activities/ (test_steps.py,
test_selectors.py)."""

import pytest

from openday.campaigns.enums import CampaignPhase
from openday.core.scope import scope_of
from openday.orgs.enums import Role, UnitGroup, UnitKind
from openday.workbench import selectors
from openday.workbench.selectors import liaison_activities, roles_of, todo_for
from tests.factories import (
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.workbench.conftest import TODAY, add, running_campaign

pytestmark = pytest.mark.django_db


def test_group_hosts_reach_liaisons_of_units_of_those_kinds():
    region = RegionFactory()
    campaign = running_campaign(region, "c-2023")
    town = UnitFactory(region=region, name="某镇", kind=UnitKind.TOWN)
    street = UnitFactory(region=region, name="某街道办事处", kind=UnitKind.STREET)
    add(campaign, 1, "各街道", 5, UnitGroup.ALL_STREETS)
    add(campaign, 2, "各乡镇（街道）", 5, UnitGroup.ALL_TOWNS_AND_STREETS)
    add(campaign, 3, "各乡镇", 5, UnitGroup.ALL_TOWNS)
    add(campaign, 4, "各单位", 5, UnitGroup.ALL_UNITS)
    add(campaign, 5, "各部门", 5, UnitGroup.ALL_DEPARTMENTS)
    add(campaign, 6, "镇自己的", 5, town)
    # Another region's group host reaches nobody here.
    add(running_campaign(RegionFactory(), "d-2023"), 1, "别处各单位", 5, UnitGroup.ALL_UNITS)
    # Nor does a campaign that is not running.
    draft = CampaignFactory(region=region, year=2024, slug="c-2024", phase=CampaignPhase.DRAFT)
    add(draft, 1, "草案各单位", 5, UnitGroup.ALL_UNITS)

    def seqs(unit) -> list[int]:
        user = UserFactory()
        MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=region, unit=unit)
        return sorted(a.seq for a in liaison_activities(user))

    assert seqs(town) == [2, 3, 4, 6]
    assert seqs(street) == [1, 2, 4]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        # (is_liaison, is_office_admin, sees_overview, can_read_audit)
        ([Role.UNIT_LIAISON], (True, False, False, False)),
        ([Role.OFFICE_ADMIN], (False, True, False, True)),
        ([Role.SUPERIOR_VIEWER], (False, False, True, False)),
        ([Role.OFFICE_ADMIN, Role.UNIT_LIAISON, Role.SUPERIOR_VIEWER], (True, True, True, True)),
        ([], (False, False, False, False)),
    ],
)
def test_roles_are_read_from_one_membership_query(roles, expected, django_assert_num_queries):
    region = RegionFactory()
    user = UserFactory()
    for role in roles:
        unit = UnitFactory(region=region) if role == Role.UNIT_LIAISON else None
        MembershipFactory(user=user, role=role, region=region, unit=unit)

    with django_assert_num_queries(1):
        found = roles_of(user)
        again = roles_of(user)

    flags = (found.is_liaison, found.is_office_admin, found.sees_overview, found.can_read_audit)
    assert flags == expected
    assert found.is_superuser is False
    assert again.scope is found.scope is scope_of(user)


def test_the_superuser_sees_the_overview_and_the_audit_log():
    roles = roles_of(UserFactory(is_superuser=True))

    assert (roles.is_superuser, roles.sees_overview, roles.can_read_audit) == (True, True, True)


def test_the_to_do_takes_a_scope_as_well_as_a_user(world, django_assert_num_queries):
    scope = scope_of(world.city_viewer)

    with django_assert_num_queries(1):  # the roll-up; the memberships are read already
        page = todo_for(scope, TODAY)

    assert page.roles.scope is scope
    assert (page.liaison, page.office) == (None, None)
    assert [row.region for row in page.overview.rows] == ["天心区", "浏阳市"]


def test_every_name_is_reachable_from_the_package():
    for name in selectors.__all__:
        assert getattr(selectors, name) is not None
    # What the to-do view imports today.
    assert selectors.STATE_COLUMNS[0] == ("待定日期", ("planned",))
    assert callable(selectors.todo_for)
