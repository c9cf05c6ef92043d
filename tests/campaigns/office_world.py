"""A small world for the rules and plan rows tests: 天心区's running 2023 campaign (with 浏阳市's
notice text kept, for its many rules), its units, and one person per kind of reach.

Rules as 浏阳市's notice: filing 5 working days before, report within 5 working days after,
publicity within 3 days after. Activities (dates on the 2023 calendar; the National Day
holiday ran 10-01..10-06, Saturday 10-07 and Sunday 10-08 were working days):

1. scheduled for Friday 10-20: filing due 10-13 (open)
2. held Tuesday 10-10: report due 10-17 and publicity due 10-13 (both open)
3. held 10-10 and its report in on 10-12: report met, publicity open
4. scheduled for 10-20, then cancelled: its filing deadline stays as it was
5. planned for November: no date, no deadline
"""

import datetime as dt
from dataclasses import dataclass

from openday.activities.enums import DeadlineKind
from openday.activities.models import Activity, ActivityDeadline
from openday.activities.services import activity_cancel, activity_mark_held, activity_schedule
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_rules
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind
from openday.orgs.models import Unit
from tests.conftest import SEEDS
from tests.factories import (
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

D = dt.date
TODAY = D(2023, 10, 13)
NOTICE = SEEDS / "001_ddfed9181dbfe701.txt"
RULES = {
    "filing_lead_days": 5,
    "filing_lead_working": True,
    "report_due_days": 5,
    "report_due_working": True,
    "publicity_due_days": 3,
    "publicity_due_working": False,
    "min_staff": 6,
    "banner_templates": ["{unit}{year}年“政务公开主题日”活动"],
}


@dataclass
class OfficeWorld:
    campaign: Campaign
    other: Campaign
    units: dict[str, Unit]
    people: dict
    activities: dict[int, Activity]

    def due(self, seq: int) -> dict[str, tuple]:
        """Deadlines of activity ``seq`` by kind: (rule days, working, due date, done date)."""
        return {
            d.kind: (d.rule_days, d.rule_working, d.due_on, d.done_on)
            # The 确认开展 deadline (every scheduled activity's) is tested on its own.
            for d in ActivityDeadline.objects.filter(activity=self.activities[seq]).exclude(
                kind=DeadlineKind.HOLD
            )
        }


def _member(role, region, unit=None):
    user = UserFactory()
    MembershipFactory(user=user, role=role, region=region, unit=unit)
    return user


def _activity(campaign, seq, title, month, unit):
    activity = ActivityFactory(
        campaign=campaign, seq=seq, title=title, month_start=month, month_end=month
    )
    ActivityHostFactory(activity=activity, unit=unit, text=unit.name)
    return activity


def office_world() -> OfficeWorld:
    city = RegionFactory(
        name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    region = RegionFactory(name="天心区", slug="tianxin", parent=city)
    sibling = RegionFactory(name="浏阳市", slug="liuyang", parent=city)
    units = {
        "renshe": UnitFactory(region=region, name="区人力资源社会保障局"),
        "jiaoyu": UnitFactory(region=region, name="区教育局"),
        "chengnan": UnitFactory(region=region, name="城南路街道办事处", kind=UnitKind.STREET),
        "old": UnitFactory(region=region, name="区老干部局"),
        "liuyang": UnitFactory(region=sibling, name="市教育局"),
    }
    Unit.objects.filter(pk=units["old"].pk).update(is_active=False)
    units["old"].refresh_from_db()
    campaign = CampaignFactory(
        region=region,
        slug="tianxin-2023",
        year=2023,
        source_text=NOTICE.read_text(encoding="utf-8"),
    )
    campaign_set_rules(campaign=campaign, **RULES)
    other = CampaignFactory(region=sibling, slug="liuyang-2023", year=2023)
    people = {
        "admin": _member(Role.OFFICE_ADMIN, region),
        "admin_other": _member(Role.OFFICE_ADMIN, sibling),
        "liaison": _member(Role.UNIT_LIAISON, region, units["renshe"]),
        "viewer": _member(Role.SUPERIOR_VIEWER, city),
    }
    renshe = units["renshe"]
    activities = {
        1: _activity(campaign, 1, "社保政策宣讲", 10, renshe),
        2: _activity(campaign, 2, "招生政策解读", 10, units["jiaoyu"]),
        3: _activity(campaign, 3, "医保现场观摩", 10, renshe),
        4: _activity(campaign, 4, "就业座谈会", 10, renshe),
        5: _activity(campaign, 5, "街道开放日", 11, units["chengnan"]),
    }
    activity_schedule(actor=None, activity=activities[1], on=D(2023, 10, 20))
    for seq in (2, 3):
        activity_schedule(actor=None, activity=activities[seq], on=D(2023, 10, 10))
        activity_mark_held(
            actor=None, activity=activities[seq], held_on=D(2023, 10, 10), today=TODAY
        )
    ActivityDeadline.objects.filter(activity=activities[3], kind=DeadlineKind.REPORT).update(
        done_on=D(2023, 10, 12)
    )
    activity_schedule(actor=None, activity=activities[4], on=D(2023, 10, 20))
    activity_cancel(actor=None, activity=activities[4], reason="场地改建")
    for activity in activities.values():
        activity.refresh_from_db()
    return OfficeWorld(campaign, other, units, people, activities)
