import pytest

from openday.orgs.enums import RegionKind, RegionLevel, Role
from tests.factories import MembershipFactory, RegionFactory, UnitFactory, UserFactory


class Place:
    """天心区 with two units and its admin, 浏阳市 with one unit and its admin, and a viewer of
    the city above them."""

    def __init__(self):
        self.city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=self.city)
        self.other = RegionFactory(
            name="浏阳市", slug="liuyang", parent=self.city, kind=RegionKind.COUNTY_CITY
        )
        self.renshe = UnitFactory(region=self.region, name="区人力资源社会保障局")
        self.jiaoyu = UnitFactory(region=self.region, name="区教育局")
        self.other_unit = UnitFactory(region=self.other, name="市教育局")
        self.admin = self.member(Role.OFFICE_ADMIN, self.region, username="txadmin")
        self.liaison = self.member(
            Role.UNIT_LIAISON, self.region, unit=self.renshe, username="renshe"
        )
        self.other_admin = self.member(Role.OFFICE_ADMIN, self.other, username="lyadmin")
        self.viewer = self.member(Role.SUPERIOR_VIEWER, self.city, username="csviewer")
        self.superuser = UserFactory(username="root", is_superuser=True)

    def member(self, role, region, unit=None, **user_fields):
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, role=role, region=region, unit=unit)
        return user


@pytest.fixture
def place(db):
    return Place()
