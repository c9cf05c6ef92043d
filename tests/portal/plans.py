"""A small slice of 天心区's 2023 plan (seed 000), with a range and an activity without a month."""

import datetime

from openday.activities.enums import ActivityState
from openday.campaigns.enums import CampaignPhase, FormKind
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitGroup
from tests.factories import (
    ActivityFactory,
    ActivityFormFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

KINDS = {
    "政策宣传": FormKind.PUBLICITY,
    "座谈交流": FormKind.DISCUSSION,
    "现场观摩": FormKind.SITE_VISIT,
    "调查征集": FormKind.SURVEY,
}

# seq, months, title, forms, hosts
TIANXIN_ROWS = [
    (1, (3, 3), "被征地农民社会保险业务政策宣讲", ["政策宣传"], ["区人力资源社会保障局"]),
    (2, (3, 3), "老旧小区改造方案交流会", ["座谈交流"], ["区人居环境局"]),
    (16, (5, 6), "公益发展基金交流宣传", ["现场观摩", "政策宣传"], ["金盆岭街道办事处"]),
    (23, (6, 6), "安全生产月", ["政策宣传"], ["区应急管理局", "各街道办事处"]),
    (13, (5, 5), "狂犬病免疫知识进社区", ["政策宣传"], ["区农业农村局"]),
    (50, (None, None), "垃圾分类宣讲", ["政策宣传"], ["区城管执法局"]),
]


def make_region(name="天心区", slug="tianxin", parent_name="长沙市", parent_slug="changsha"):
    city = RegionFactory(
        name=parent_name, slug=parent_slug, level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    return RegionFactory(name=name, slug=slug, parent=city)


def add_activity(campaign, seq, months, title, forms, hosts):
    activity = ActivityFactory(
        campaign=campaign, seq=seq, month_start=months[0], month_end=months[1], title=title
    )
    for position, text in enumerate(forms):
        ActivityFormFactory(activity=activity, position=position, text=text, kind=KINDS[text])
    for position, text in enumerate(hosts):
        if text.startswith("各"):
            ActivityHostFactory(
                activity=activity,
                position=position,
                unit=None,
                group=UnitGroup.ALL_STREETS,
                text=text,
            )
        else:
            unit = UnitFactory(region=campaign.region, name=text)
            ActivityHostFactory(activity=activity, position=position, unit=unit, text=text)
    return activity


def make_tianxin_campaign(region=None, **fields):
    region = region or make_region()
    values = {
        "region": region,
        "slug": "tianxin-2023",
        "issuer": "长沙市天心区政务公开政务服务工作领导小组办公室",
        "doc_number": "天政务公开办发〔2023〕1号",
        "issued_on": datetime.date(2023, 3, 3),
        "planned_count": 50,
        "phase": CampaignPhase.RUNNING,
    }
    campaign = CampaignFactory(**{**values, **fields})
    for row in TIANXIN_ROWS:
        add_activity(campaign, *row)
    return campaign


def held_activity_waiting_report(campaign, unit):
    """Activity 99 of ``campaign``, held on 2023-10-12 by ``unit`` and waiting for its report,
    and ``txliaison``, the unit's liaison."""
    held = datetime.date(2023, 10, 12)
    activity = ActivityFactory(
        campaign=campaign,
        seq=99,
        month_start=10,
        month_end=10,
        title="“一网通办”现场体验",
        state=ActivityState.HELD,
        scheduled_on=held,
        held_on=held,
    )
    ActivityHostFactory(activity=activity, unit=unit, text=unit.name)
    liaison = UserFactory(username="txliaison")
    MembershipFactory(user=liaison, role=Role.UNIT_LIAISON, region=campaign.region, unit=unit)
    return activity, liaison
