"""A running 天心区 2023 campaign with rules, a department, two streets and their liaisons."""

import datetime as dt

import pytest

from openday.activities.enums import DeadlineKind
from openday.campaigns.services import campaign_set_rules
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitGroup, UnitKind
from tests.factories import (
    ActivityDeadlineFactory,
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)


def add(campaign, seq, title, months, *hosts):
    start, end = months
    activity = ActivityFactory(
        campaign=campaign, seq=seq, title=title, month_start=start, month_end=end
    )
    for position, host in enumerate(hosts):
        if isinstance(host, str):
            ActivityHostFactory(
                activity=activity, position=position, unit=None, group=host, text="各街道办事处"
            )
        else:
            ActivityHostFactory(activity=activity, position=position, unit=host, text=host.name)
    return activity


def liaison(unit, username):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=unit.region, unit=unit)
    return user


class World:
    def __init__(self):
        city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=city)
        self.jiaoyu = UnitFactory(region=self.region, name="区教育局")
        self.yibao = UnitFactory(region=self.region, name="区医保局")
        self.chengnan = UnitFactory(
            region=self.region, name="城南路街道办事处", kind=UnitKind.STREET
        )
        self.poyang = UnitFactory(region=self.region, name="坡子街街道办事处", kind=UnitKind.STREET)
        self.campaign = CampaignFactory(region=self.region, slug="tianxin-2023")
        campaign_set_rules(
            campaign=self.campaign,
            min_staff=3,
            banner_templates=["{unit}{year}年政务公开主题日活动"],
        )
        first = add(self.campaign, 1, "教育政策进校园", (6, 6), self.jiaoyu)
        first.scheduled_on = dt.date(2023, 6, 15)
        first.save(update_fields=["scheduled_on"])
        ActivityDeadlineFactory(
            activity=first,
            kind=DeadlineKind.FILING,
            rule_days=5,
            rule_working=True,
            base_date=first.scheduled_on,
            due_on=dt.date(2023, 6, 8),
        )
        add(self.campaign, 2, "医保政策宣讲", (5, 7), self.yibao, self.jiaoyu)
        add(self.campaign, 3, "教育局七月活动", (7, 7), self.jiaoyu)
        add(self.campaign, 4, "街道开放日", (6, 6), UnitGroup.ALL_STREETS)
        self.jiaoyu_liaison = liaison(self.jiaoyu, "jiaoyu")
        self.yibao_liaison = liaison(self.yibao, "yibao")
        self.chengnan_liaison = liaison(self.chengnan, "chengnan")
        self.poyang_liaison = liaison(self.poyang, "poyang")


@pytest.fixture
def world(db):
    return World()
