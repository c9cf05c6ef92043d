"""A small 天心区 2023 with every count and every criterion worked out by hand; today is
2023-06-30. Used by the dashboard's and the assessment's tests.

====  ===========================  =========  ===================================================
ref   hosts                        state      what it carries
====  ===========================  =========  ===================================================
1     区教育局                     published  held 06-10, 现场观摩, sign-up open; report: 100
                                              people (人大代表 3, 群众代表 50), staff 8, no photo,
                                              2 media (长沙晚报, 天心发布); filing on time, report
                                              on time, publicity due 06-13 done 06-15 (2 days late)
2     区医保局 (lead), 城南路街道  reported   joint row, held 05-20, 座谈交流; report: 60 people
                                              (专家学者 4), staff 4, a photo, 1 media (长沙晚报);
                                              filing due 05-10 done 05-12 (2 working days late),
                                              report due 05-27 done 05-26
2-1   城南路街道办事处 (part)      held       held 05-22 on its own, 座谈交流; report due 05-29
                                              never done: overdue
2-2   坡子街街道办事处 (part)      planned    held with its lead: counts as its lead (reported)
3     坡子街街道办事处             planned    plan 7月, no date: not due
4     区医保局                     cancelled  plan 6月
5     区司法局                     planned    plan 9月, no date: not due — 不参与考核
====  ===========================  =========  ===================================================
"""

import datetime as dt

from openday.activities.enums import ActivityState as S
from openday.activities.enums import DeadlineKind, JointRole, ReportGroup
from openday.activities.models import ActivityForm, ReportPhoto
from openday.campaigns.enums import FormKind
from openday.campaigns.models import CampaignRules
from openday.orgs.enums import RegionKind, RegionLevel, UnitKind
from openday.participation.models import SignupSettings
from tests.factories import (
    ActivityDeadlineFactory,
    ActivityFactory,
    ActivityHostFactory,
    ActivityReportFactory,
    CampaignFactory,
    MediaReportFactory,
    RegionFactory,
    ReportAttendanceFactory,
    UnitFactory,
)

D = dt.date
TODAY = D(2023, 6, 30)


def make_activity(campaign, seq, title, hosts, *, state=S.PLANNED, months=(6, 6), on=None,
                  held=None, form=None, lead=None, part_no=0, with_lead=False,
                  joint=JointRole.NONE):  # fmt: skip
    activity = ActivityFactory(
        campaign=campaign,
        seq=seq,
        part_no=part_no,
        lead=lead,
        with_lead=with_lead,
        joint=joint,
        title=title,
        month_start=months[0],
        month_end=months[1],
        state=state,
        scheduled_on=on or held,
        held_on=held,
    )
    for position, unit in enumerate(hosts):
        ActivityHostFactory(activity=activity, position=position, unit=unit, text=unit.name)
    if form:
        ActivityForm.objects.create(activity=activity, position=0, text=form.label, kind=form)
    return activity


def make_report(activity, headcount, *, staff=8, attendance=(), media=(), photo=False):
    report = ActivityReportFactory(
        activity=activity,
        held_on=activity.held_on,
        headcount=headcount,
        staff_count=staff,
        summary="活动顺利开展。",
        submitted_on=activity.held_on,
    )
    for group, count in attendance:
        ReportAttendanceFactory(report=report, group=group, count=count)
    for position, outlet in enumerate(media):
        MediaReportFactory(
            report=report,
            position=position,
            outlet=outlet,
            title=f"{activity.title}报道",
            url=f"https://news.example.cn/{activity.pk}/{position}",
            published_on=activity.held_on,
        )
    if photo:
        ReportPhoto.objects.create(
            report=report, image="p.jpg", thumbnail="t.jpg", original_name="现场.jpg",
            width=10, height=10,
        )  # fmt: skip
    return report


def make_deadline(activity, kind, due_on, *, done_on=None, working=True):
    return ActivityDeadlineFactory(
        activity=activity,
        kind=kind,
        rule_days=5,
        rule_working=working,
        base_date=due_on,
        due_on=due_on,
        done_on=done_on,
    )


class Tianxin:
    def __init__(self):
        self.city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=self.city)
        self.jiaoyu = UnitFactory(region=self.region, name="区教育局")
        self.yibao = UnitFactory(region=self.region, name="区医保局")
        self.sifa = UnitFactory(region=self.region, name="区司法局")
        self.chengnan = UnitFactory(
            region=self.region, name="城南路街道办事处", kind=UnitKind.STREET
        )
        self.poziji = UnitFactory(region=self.region, name="坡子街街道办事处", kind=UnitKind.STREET)
        self.campaign = c = CampaignFactory(region=self.region, slug="tianxin-2023", year=2023)
        CampaignRules.objects.update_or_create(
            campaign=c,
            defaults={
                "filing_lead_days": 5,
                "report_due_days": 5,
                "publicity_due_days": 3,
                "publicity_due_working": False,
                "min_staff": 6,
            },
        )

        self.first = first = make_activity(
            c, 1, "教育政策进校园", [self.jiaoyu], state=S.PUBLISHED, held=D(2023, 6, 10),
            form=FormKind.SITE_VISIT,
        )  # fmt: skip
        make_report(
            first,
            100,
            attendance=[(ReportGroup.DEPUTIES, 3), (ReportGroup.PUBLIC, 50)],
            media=["长沙晚报", "天心发布"],
        )
        make_deadline(first, DeadlineKind.FILING, D(2023, 6, 1), done_on=D(2023, 5, 30))
        make_deadline(first, DeadlineKind.REPORT, D(2023, 6, 17), done_on=D(2023, 6, 12))
        make_deadline(
            first, DeadlineKind.PUBLICITY, D(2023, 6, 13), done_on=D(2023, 6, 15), working=False
        )
        SignupSettings.objects.create(
            activity=first,
            enabled=True,
            capacity=30,
            deadline=dt.datetime(2023, 6, 9, 18, tzinfo=dt.UTC),
        )

        self.joint = joint = make_activity(
            c, 2, "医保政策宣讲", [self.yibao, self.chengnan], state=S.REPORTED, months=(5, 5),
            held=D(2023, 5, 20), form=FormKind.DISCUSSION, joint=JointRole.LED,
        )  # fmt: skip
        make_report(
            joint, 60, staff=4, attendance=[(ReportGroup.EXPERTS, 4)], media=["长沙晚报"],
            photo=True,
        )  # fmt: skip
        make_deadline(joint, DeadlineKind.FILING, D(2023, 5, 10), done_on=D(2023, 5, 12))
        make_deadline(joint, DeadlineKind.REPORT, D(2023, 5, 27), done_on=D(2023, 5, 26))
        self.part = part = make_activity(
            c, 2, "医保政策宣讲", [self.chengnan], state=S.HELD, months=(5, 5),
            held=D(2023, 5, 22), form=FormKind.DISCUSSION, lead=joint, part_no=1,
        )  # fmt: skip
        make_deadline(part, DeadlineKind.REPORT, D(2023, 5, 29))
        self.part_with_lead = make_activity(
            c, 2, "医保政策宣讲", [self.poziji], months=(5, 5), form=FormKind.DISCUSSION,
            lead=joint, part_no=2, with_lead=True,
        )  # fmt: skip
        make_activity(c, 3, "街道政策宣讲", [self.poziji], months=(7, 7), form=FormKind.PUBLICITY)
        make_activity(c, 4, "取消的座谈会", [self.yibao], state=S.CANCELLED)
        make_activity(c, 5, "法治宣传", [self.sifa], months=(9, 9))

        # Another region of the city, for the comparison: one event held and published.
        self.other_region = RegionFactory(name="雨花区", slug="yuhua", parent=self.city)
        other_unit = UnitFactory(region=self.other_region, name="雨花区教育局")
        self.other_campaign = CampaignFactory(
            region=self.other_region, slug="yuhua-2023", year=2023
        )
        elsewhere = make_activity(
            self.other_campaign, 1, "雨花区活动", [other_unit], state=S.PUBLISHED,
            held=D(2023, 6, 5),
        )  # fmt: skip
        make_report(elsewhere, 999, media=["雨花发布"])
        make_deadline(elsewhere, DeadlineKind.REPORT, D(2023, 6, 12), done_on=D(2023, 6, 20))
