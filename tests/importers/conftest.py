"""The office of 天心区 the import pages are driven as."""

import pytest

from openday.orgs.enums import Role
from tests.factories import MembershipFactory, RegionFactory


@pytest.fixture
def tianxin():
    return RegionFactory(name="天心区", slug="tianxin")


@pytest.fixture
def admin(client, tianxin):
    user = MembershipFactory(role=Role.OFFICE_ADMIN, region=tianxin).user
    client.force_login(user)
    return user
