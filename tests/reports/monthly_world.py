"""A hand-built June 2023 of 天心区 for the month's summary (月末总结), with today 2023-06-30.

June's activities (a ✓ counts as planned):

====  ==========================  ===========  ============================================
seq   hosts                       state        why it is here
====  ==========================  ===========  ============================================
1 ✓   区教育局                    published    held 06-10; 100 people, 2 media, 2 outlets
2 ✓   区医保局、区教育局          reported     plan 5-7月, held 06-15; 60 people, 1 media
3 ✓   各街道办事处 (group)        planned      no date, plan 6月: both active streets host it
4 ✓   区医保局                    held         report returned: its numbers do not count
5     区教育局                    cancelled    counted apart
6     区教育局                    scheduled    07-05: July's; its filing (due 06-28) is overdue
7     城南路街道办事处            held         05-30: May's; its report (due 06-06) is overdue
8     区教育局                    accepted     plan 6月 but held 05-28: May's
9 ✓   区教育局                    postponed    plan 5月, now scheduled 06-02
10 ✓  坡子街街道办事处            accepted     held 06-25; 40 people, no media
11 ✓  各乡镇 (group)              planned      the region has no town: a line of its own
====  ==========================  ===========  ============================================

Deadlines that are not overdue on 06-30: 1's report (done), 5's filing (cancelled), 9's
publicity (provisional), 10's publicity (due 06-30 itself).
"""

import datetime as dt

from openday.activities.enums import ActivityState as S
from openday.activities.enums import DeadlineKind, ReportGroup
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitGroup, UnitKind
from openday.orgs.models import Unit
from tests.factories import (
    ActivityDeadlineFactory,
    ActivityFactory,
    ActivityHostFactory,
    ActivityReportFactory,
    CampaignFactory,
    MediaReportFactory,
    MembershipFactory,
    RegionFactory,
    ReportAttendanceFactory,
    UnitFactory,
    UserFactory,
)

D = dt.date
TODAY = D(2023, 6, 30)
GROUP_TEXT = {UnitGroup.ALL_STREETS: "各街道办事处", UnitGroup.ALL_TOWNS: "各乡镇"}


def activity(campaign, seq, title, hosts, *, months=(6, 6), state=S.PLANNED, on=None, held=None):
    created = ActivityFactory(
        campaign=campaign,
        seq=seq,
        title=title,
        month_start=months[0],
        month_end=months[1],
        state=state,
        scheduled_on=on,
        held_on=held,
    )
    for position, host in enumerate(hosts):
        if isinstance(host, str):
            ActivityHostFactory(
                activity=created, position=position, unit=None, group=host, text=GROUP_TEXT[host]
            )
        else:
            ActivityHostFactory(activity=created, position=position, unit=host, text=host.name)
    return created


def report(target, headcount, *, attendance=(), media=()):
    record = ActivityReportFactory(
        activity=target,
        held_on=target.held_on,
        headcount=headcount,
        staff_count=3,
        summary="活动顺利开展。",
        submitted_on=target.held_on,
    )
    for group, count in attendance:
        ReportAttendanceFactory(report=record, group=group, count=count)
    for position, (outlet, title) in enumerate(media):
        MediaReportFactory(
            report=record,
            position=position,
            outlet=outlet,
            title=title,
            url=f"https://news.example.cn/{target.seq}/{position}",
            published_on=target.held_on,
        )
    return record


def deadline(target, kind, due_on, *, done_on=None, provisional=False):
    return ActivityDeadlineFactory(
        activity=target,
        kind=kind,
        rule_days=5,
        rule_working=True,
        base_date=due_on,
        due_on=due_on,
        done_on=done_on,
        provisional=provisional,
    )


class June:
    def __init__(self):
        city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.city = city
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=city)
        self.jiaoyu = UnitFactory(region=self.region, name="区教育局")
        self.yibao = UnitFactory(region=self.region, name="区医保局")
        self.chengnan = UnitFactory(
            region=self.region, name="城南路街道办事处", kind=UnitKind.STREET
        )
        self.poziji = UnitFactory(region=self.region, name="坡子街街道办事处", kind=UnitKind.STREET)
        merged = UnitFactory(region=self.region, name="已撤并街道办事处", kind=UnitKind.STREET)
        Unit.objects.filter(pk=merged.pk).update(is_active=False)
        self.campaign = CampaignFactory(region=self.region, slug="tianxin-2023")
        c = self.campaign

        first = activity(c, 1, "教育政策进校园", [self.jiaoyu], state=S.PUBLISHED,
                         on=D(2023, 6, 10), held=D(2023, 6, 10))  # fmt: skip
        report(
            first,
            100,
            attendance=[(ReportGroup.DEPUTIES, 3), (ReportGroup.PUBLIC, 50)],
            media=[("长沙晚报", "教育政策走进校园"), ("天心发布", "教育局开放日")],
        )
        deadline(first, DeadlineKind.REPORT, D(2023, 6, 17), done_on=D(2023, 6, 12))
        second = activity(c, 2, "医保政策宣讲", [self.yibao, self.jiaoyu], months=(5, 7),
                          state=S.REPORTED, on=D(2023, 6, 15), held=D(2023, 6, 15))  # fmt: skip
        report(
            second,
            60,
            attendance=[(ReportGroup.DEPUTIES, 2), (ReportGroup.EXPERTS, 4)],
            media=[("长沙晚报", "医保政策宣讲进社区")],
        )
        activity(c, 3, "街道开放日", [UnitGroup.ALL_STREETS])
        returned = activity(c, 4, "医保窗口开放日", [self.yibao], state=S.HELD,
                            on=D(2023, 6, 20), held=D(2023, 6, 20))  # fmt: skip
        report(
            returned,
            80,
            attendance=[(ReportGroup.PUBLIC, 30)],
            media=[("湖南日报", "退回的报道")],
        )
        cancelled = activity(c, 5, "取消的座谈会", [self.jiaoyu], state=S.CANCELLED)
        deadline(cancelled, DeadlineKind.FILING, D(2023, 6, 1))
        july = activity(c, 6, "七月招生政策发布", [self.jiaoyu], months=(7, 7),
                        state=S.SCHEDULED, on=D(2023, 7, 5))  # fmt: skip
        self.july_filing = deadline(july, DeadlineKind.FILING, D(2023, 6, 28))
        may = activity(c, 7, "五月社区宣讲", [self.chengnan], months=(5, 5), state=S.HELD,
                       on=D(2023, 5, 30), held=D(2023, 5, 30))  # fmt: skip
        self.may_report = deadline(may, DeadlineKind.REPORT, D(2023, 6, 6))
        activity(c, 8, "提前开展的活动", [self.jiaoyu], state=S.ACCEPTED,
                 on=D(2023, 5, 28), held=D(2023, 5, 28))  # fmt: skip
        postponed = activity(c, 9, "延期的活动", [self.jiaoyu], months=(5, 5),
                             state=S.POSTPONED, on=D(2023, 6, 2))  # fmt: skip
        deadline(postponed, DeadlineKind.PUBLICITY, D(2023, 6, 1), provisional=True)
        tenth = activity(c, 10, "街道政策宣讲", [self.poziji], state=S.ACCEPTED,
                         on=D(2023, 6, 25), held=D(2023, 6, 25))  # fmt: skip
        report(tenth, 40)
        deadline(tenth, DeadlineKind.PUBLICITY, TODAY)
        activity(c, 11, "乡镇政策宣讲", [UnitGroup.ALL_TOWNS])

        # Another region's June: never in 天心区's summary.
        other = RegionFactory(name="雨花区", slug="yuhua", parent=city)
        other_campaign = CampaignFactory(region=other, slug="yuhua-2023")
        other_unit = UnitFactory(region=other, name="雨花区教育局")
        elsewhere = activity(other_campaign, 1, "雨花区活动", [other_unit], state=S.PUBLISHED,
                             on=D(2023, 6, 5), held=D(2023, 6, 5))  # fmt: skip
        report(elsewhere, 999, media=[("雨花发布", "雨花区报道")])
        deadline(elsewhere, DeadlineKind.PUBLICITY, D(2023, 6, 8))
        self.other_campaign = other_campaign
        self.other_unit = other_unit


def member(role, region, *, unit=None, username=None):
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, role=role, region=region, unit=unit)
    return user


def office_admin(region, username=None):
    return member(Role.OFFICE_ADMIN, region, username=username)
