"""A running 天心区 2023 campaign moved through the lifecycle with explicit dates, seen on
2023-10-13 (a Friday), beside a sibling region's campaign, another city's and a draft.

Deadline rules (as 浏阳市's notice): plan filed 5 working days before, report within 5 working
days after, media publicity within 3 days after. Dates worked out on the 2023 calendar (the
National Day holiday ran 10-01..10-06; Saturday 10-07 and Sunday 10-08 were working days).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from openday.activities.models import Activity, ActivityEvent
from openday.activities.services import (
    activity_accept,
    activity_cancel,
    activity_file,
    activity_mark_held,
    activity_publish,
    activity_record_publicity,
    activity_report,
    activity_schedule,
)
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.services import campaign_set_rules
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitGroup, UnitKind
from tests.activities.materials import filing_input, report_input
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
SHANGHAI = ZoneInfo("Asia/Shanghai")

RULES = {
    "filing_lead_days": 5,
    "filing_lead_working": True,
    "report_due_days": 5,
    "report_due_working": True,
    "publicity_due_days": 3,
    "publicity_due_working": False,
    # The 确认开展 deadline has its own to-do tests (tests/activities/test_date_rules.py).
    "hold_confirm_days": None,
}


@pytest.fixture
def today(monkeypatch):
    """Freeze ``timezone.localdate()`` (what the views take as today) at ``TODAY``."""
    real = timezone.localdate

    def freeze(on: dt.date = TODAY) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, tz=None: on if value is None else real(value, tz),
        )

    freeze()
    return freeze


def running_campaign(region, slug: str, year: int = 2023, **fields):
    campaign = CampaignFactory(region=region, slug=slug, year=year, **fields)
    campaign_set_rules(campaign=campaign, **RULES)
    return campaign


def add(campaign, seq: int, title: str, month: int | None, *hosts):
    """An activity of ``campaign`` hosted by units or groups (UnitGroup values)."""
    activity = ActivityFactory(
        campaign=campaign, seq=seq, title=title, month_start=month, month_end=month
    )
    for position, host in enumerate(hosts):
        if isinstance(host, str):
            ActivityHostFactory(
                activity=activity,
                position=position,
                unit=None,
                group=host,
                text=UnitGroup(host).label + "办事处",
            )
        else:
            ActivityHostFactory(activity=activity, position=position, unit=host, text=host.name)
    return activity


def reported_at(activity, when: dt.datetime) -> None:
    ActivityEvent.objects.filter(activity=activity, to_state="reported").update(at=when)


class World:
    """What the tests read back: regions, units, people and activities by 序号."""

    def __init__(self):
        self.city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=self.city)
        self.sibling = RegionFactory(name="浏阳市", slug="liuyang", parent=self.city)
        self.other_city = RegionFactory(
            name="邵阳市", slug="shaoyang", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.far = RegionFactory(name="大祥区", slug="daxiang", parent=self.other_city)

        unit = lambda name, kind=UnitKind.DEPARTMENT: UnitFactory(  # noqa: E731
            region=self.region, name=name, kind=kind
        )
        self.renshe = unit("区人力资源社会保障局")
        self.jiaoyu = unit("区教育局")
        self.yibao = unit("区医保局")
        self.yingji = unit("区应急管理局")
        self.chengnan = unit("城南路街道办事处", UnitKind.STREET)

        self.admin = self.member(Role.OFFICE_ADMIN, self.region, first_name="王晓")
        self.liaison = self.member(Role.UNIT_LIAISON, self.region, unit=self.renshe)
        self.street_liaison = self.member(Role.UNIT_LIAISON, self.region, unit=self.chengnan)
        self.city_viewer = self.member(Role.SUPERIOR_VIEWER, self.city)
        self.superuser = UserFactory(username="root", is_superuser=True)

        self.campaign = running_campaign(self.region, "tianxin-2023")
        self.activities = self._tianxin_plan()
        self._elsewhere()

    def member(self, role, region, unit=None, **user_fields):
        return MembershipFactory(
            role=role, region=region, unit=unit, user=UserFactory(**user_fields)
        ).user

    def __getitem__(self, seq: int) -> Activity:
        return Activity.objects.get(campaign=self.campaign, seq=seq)

    def _tianxin_plan(self) -> None:
        c, admin = self.campaign, self.admin
        renshe, jiaoyu, yibao, yingji = self.renshe, self.jiaoyu, self.yibao, self.yingji

        # 1: date fixed for 10-16; the plan was due 10-09 and is not in: overdue.
        a = add(c, 1, "社保政策宣讲", 10, renshe)
        activity_schedule(actor=admin, activity=a, on=D(2023, 10, 16))
        # 2: held 10-11; publicity due 10-14 (soon), report due 10-18.
        a = add(c, 2, "就业服务进社区", 10, renshe)
        activity_schedule(actor=admin, activity=a, on=D(2023, 10, 11))
        activity_file(actor=admin, activity=a, filing=filing_input(), on=D(2023, 9, 28))
        activity_mark_held(actor=admin, activity=a, held_on=D(2023, 10, 11), today=TODAY)
        # 3: September, still without a date.
        add(c, 3, "劳动仲裁开放日", 9, renshe)
        # 4: November, no date yet (not late).
        add(c, 4, "技能培训宣讲", 11, renshe)
        # 5: 11-20; the plan is due 11-13.
        a = add(c, 5, "人才政策发布", 11, renshe)
        activity_schedule(actor=admin, activity=a, on=D(2023, 11, 20))
        # 6: reported 09-25, waits for the office.
        a = add(c, 6, "养老保险座谈", 9, renshe)
        self._report(a, held=D(2023, 9, 20), filed=D(2023, 9, 12), reported=D(2023, 9, 25))
        # 7: the office's and every street's.
        add(c, 7, "安全生产月", 10, yingji, UnitGroup.ALL_STREETS)
        # 8: another unit's, plan overdue since 09-27.
        a = add(c, 8, "招生政策宣讲", 10, jiaoyu)
        activity_schedule(actor=admin, activity=a, on=D(2023, 10, 10))
        # 9: cancelled.
        a = add(c, 9, "退役军人政策宣传", 10, renshe)
        activity_cancel(actor=admin, activity=a, reason="并入第 1 项")
        # 10: hosted jointly, plan filed, the day is today: the next step is to confirm it.
        a = add(c, 10, "医保社保联合宣传", 10, renshe, yibao)
        activity_schedule(actor=admin, activity=a, on=TODAY)
        activity_file(actor=admin, activity=a, filing=filing_input(), on=D(2023, 9, 28))
        # 11: held 09-04, neither the publicity (09-07) nor the report (09-11) is in.
        a = add(c, 11, "医保政策宣传月", 9, yibao)
        activity_schedule(actor=admin, activity=a, on=D(2023, 9, 4))
        activity_file(actor=admin, activity=a, filing=filing_input(), on=D(2023, 8, 25))
        activity_mark_held(actor=admin, activity=a, held_on=D(2023, 9, 4), today=TODAY)
        # 12: reported 09-28, before 6 was reported in the system.
        a = add(c, 12, "教育惠民政策发布", 9, jiaoyu)
        self._report(a, held=D(2023, 9, 25), filed=D(2023, 9, 15), reported=D(2023, 9, 28))
        reported_at(a, dt.datetime(2023, 9, 28, 9, 30, tzinfo=SHANGHAI))
        reported_at(self[6], dt.datetime(2023, 9, 29, 16, 5, tzinfo=SHANGHAI))
        # 13: August, still without a date.
        add(c, 13, "家庭教育讲座", 8, jiaoyu)
        # 14: published.
        a = add(c, 14, "政务公开开放日", 9, yingji)
        self._report(a, held=D(2023, 9, 15), filed=D(2023, 9, 5), reported=D(2023, 9, 18))
        activity_accept(actor=admin, activity=a)
        activity_publish(actor=admin, activity=a)

    def _report(self, a, *, held, filed, reported) -> None:
        admin = self.admin
        activity_schedule(actor=admin, activity=a, on=held)
        activity_file(actor=admin, activity=a, filing=filing_input(), on=filed)
        activity_mark_held(actor=admin, activity=a, held_on=held, today=TODAY)
        activity_record_publicity(actor=admin, activity=a, on=held + dt.timedelta(days=1))
        activity_report(
            actor=admin, activity=a, report=report_input(held), on=reported, today=TODAY
        )

    def _elsewhere(self) -> None:
        # A sibling region with a unit of the same name and an overdue plan.
        liuyang = running_campaign(self.sibling, "liuyang-2023")
        twin = UnitFactory(region=self.sibling, name="区人力资源社会保障局")
        self.sibling_admin = self.member(Role.OFFICE_ADMIN, self.sibling)
        a = add(liuyang, 1, "浏阳社保宣讲", 10, twin)
        activity_schedule(actor=self.sibling_admin, activity=a, on=D(2023, 10, 10))
        add(liuyang, 2, "浏阳政策解读", 3, twin)
        # Another city's region.
        add(
            running_campaign(self.far, "daxiang-2023"),
            1,
            "大祥区水利宣传",
            12,
            UnitFactory(region=self.far, name="区水利局"),
        )
        # Next year's draft of 天心区: nothing in it is to do yet.
        draft = running_campaign(self.region, "tianxin-2024", year=2024, phase=CampaignPhase.DRAFT)
        add(draft, 1, "草案中的社保活动", 3, self.renshe)


@pytest.fixture
def world(db) -> World:
    return World()
