"""天心区's 2023 campaign with two announced activities, each hosted by its own unit, and the
people who look at their participation: the office, each unit's liaison, the city's viewer.

Sign-up on activity 1 is open (3 places, 2 on the waiting list, until a day after ``NOW``).
"""

import datetime as dt
import zoneinfo

import pytest
from django.core.cache import cache

from openday.activities.services import activity_announce, activity_file, activity_schedule
from openday.orgs.enums import RegionKind, RegionLevel, Role
from openday.participation.services import signup_settings_save
from tests.activities.materials import filing_input, notice_input
from tests.factories import (
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    OfficeFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

NOW = dt.datetime(2023, 6, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
HELD_ON = dt.date(2023, 6, 20)
PURPOSE = "仅用于本次活动的报名核对和现场签到。"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters and cached public pages live in the cache.
    cache.clear()
    yield
    cache.clear()


class Place:
    def __init__(self):
        city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=city)
        OfficeFactory(region=self.region, name="天心区政务公开办")
        self.unit_a1 = UnitFactory(region=self.region, name="区人力资源社会保障局")
        self.unit_a2 = UnitFactory(region=self.region, name="区教育局")
        self.campaign = CampaignFactory(region=self.region, slug="tianxin-2023", year=2023)
        self.admin = self._member(Role.OFFICE_ADMIN, self.region, username="txadmin")
        self.liaison_a1 = self._member(Role.UNIT_LIAISON, self.region, self.unit_a1, "renshe")
        self.liaison_a2 = self._member(Role.UNIT_LIAISON, self.region, self.unit_a2, "jiaoyu")
        self.viewer = self._member(Role.SUPERIOR_VIEWER, city, username="csviewer")
        self.activity_1 = self._announced(1, "社保政策宣讲", self.unit_a1)
        self.activity_2 = self._announced(2, "招生政策宣讲", self.unit_a2)
        self.settings_1 = signup_settings_save(
            actor=self.admin,
            activity=self.activity_1,
            enabled=True,
            capacity=3,
            waitlist_size=2,
            deadline=NOW + dt.timedelta(days=1),
            purpose=PURPOSE,
            ask_email=False,
            now=NOW,
        )

    def _member(self, role, region, unit=None, username=None):
        user = UserFactory(**({"username": username} if username else {}))
        MembershipFactory(user=user, role=role, region=region, unit=unit)
        return user

    def _announced(self, seq, title, unit):
        activity = ActivityFactory(
            campaign=self.campaign, seq=seq, title=title, month_start=6, month_end=6
        )
        ActivityHostFactory(activity=activity, unit=unit, text=unit.name)
        activity_schedule(actor=self.admin, activity=activity, on=HELD_ON)
        activity_file(
            actor=self.admin, activity=activity, filing=filing_input(), on=dt.date(2023, 6, 9)
        )
        activity_announce(actor=self.admin, activity=activity, notice=notice_input(activity))
        activity.refresh_from_db()
        return activity


@pytest.fixture
def place(db) -> Place:
    return Place()
