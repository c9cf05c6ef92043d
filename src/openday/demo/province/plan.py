"""Each plan row's fate in a generated campaign: its state, dates, hosts and what it left
behind (``_Plan``), written by the builder."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from openday.activities.enums import DeadlineKind, JointRole, ReportGroup
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityEvent,
    ActivityFiling,
    ActivityForm,
    ActivityHost,
    ActivityNotice,
    ActivityReport,
    MediaReport,
    ReportAttendance,
    ReportPhoto,
)
from openday.demo.province.shape import (
    DEADLINE_RULES,
    FILED_STATES,
    HELD_STATES,
    JOINT_EVERY,
    NOTICE_STATES,
    PATHS,
    REPORTED_STATES,
    STATES,
    THEMES,
    S,
)
from openday.orgs.models import Unit

if TYPE_CHECKING:
    from openday.demo.province.builder import _Builder, _County


def _at(day: dt.date, days: int, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=days), dt.time(hour)))


class _Plan:
    """One campaign's plan rows with their parts and everything their states imply."""

    def __init__(self, builder: _Builder, county: _County, campaign, today, forms, offset: int):
        self.b, self.county, self.campaign, self.today, self.forms = (
            builder,
            county,
            campaign,
            today,
            forms,
        )
        # Row k is in state STATES[(k + offset) % 10]: small plans still cover every state.
        self.offset = offset
        self.rows: list[Activity] = []
        self.hosts_of: dict[int, list[Unit]] = {}
        self.by_pk: dict[int, Activity] = {}
        self.events: list[ActivityEvent] = []
        self.deadlines: list[ActivityDeadline] = []

    def build(self) -> None:
        b, units, n = self.b, self.county.units, self.b.spec.activities
        rows, hosts = [], []
        for k in range(n):
            state = STATES[(k + self.offset) % len(STATES)]
            rows.append(self._activity(k, state, self._day(k, state)))
            first = units[k % len(units)]
            hosts.append([first, units[(k + 7) % len(units)]] if k % JOINT_EVERY == 3 else [first])
        for row, its_hosts in zip(rows, hosts, strict=True):
            row.joint = JointRole.LED if len(its_hosts) > 1 else JointRole.NONE
        self.rows = b.create(Activity, rows, "活动")
        parts = []
        for k, (row, its_hosts) in enumerate(zip(self.rows, hosts, strict=True)):
            self.hosts_of[row.pk] = its_hosts
            if len(its_hosts) > 1:
                with_lead = k % (2 * JOINT_EVERY) == 3
                state = S.PLANNED if with_lead else STATES[(k // JOINT_EVERY) % len(STATES)]
                part = self._activity(k + 1, state, self._day(k + 1, state))
                part.seq, part.title = row.seq, row.title
                part.month_start, part.month_end = row.month_start, row.month_end
                part.lead, part.part_no, part.with_lead = row, 1, with_lead
                parts.append((part, its_hosts[1]))
        created = b.create(Activity, [part for part, _ in parts], "联合开展分项")
        for part, (_, unit) in zip(created, parts, strict=True):
            self.hosts_of[part.pk] = [unit]
        everything = [*self.rows, *created]
        self.by_pk = {a.pk: a for a in everything}
        b.create(
            ActivityHost,
            [
                ActivityHost(activity=a, position=p, unit=u, text=u.name)
                for a in everything
                for p, u in enumerate(self.hosts_of[a.pk])
            ],
            "责任单位",
        )
        b.create(
            ActivityForm,
            [
                ActivityForm(
                    activity=a,
                    position=0,
                    text=self.forms[a.seq % 4].name,
                    kind=self.forms[a.seq % 4].kind,
                )
                for a in everything
            ],
            "活动形式（活动）",
        )
        self._steps(everything)

    def _day(self, k: int, state: str) -> dt.date | None:
        """Held states fall between New Year and ``today``; the others around ``today`` (some
        overdue), within the year."""
        year_start = dt.date(self.campaign.year, 1, 1)
        if state == S.PLANNED or (state == S.CANCELLED and k % 20 == 19):
            return None  # only a month; or cancelled before it had a date
        if state in HELD_STATES:
            past_days = max(1, (self.today - year_start).days - 12)
            return year_start + dt.timedelta(days=(k * 37) % past_days)
        year_end = dt.date(self.campaign.year, 12, 31)
        return max(year_start, min(year_end, self.today + dt.timedelta(days=(k * 13) % 40 - 10)))

    def _activity(self, k: int, state: str, day: dt.date | None) -> Activity:
        held = state in HELD_STATES
        month = day.month if day else 1 + (k * 5) % 12
        return Activity(
            campaign=self.campaign,
            seq=k + 1,
            title=f"{THEMES[k % len(THEMES)]}政务公开开放日（{k + 1}）",
            brief="走进政务服务现场，面对面解读政策、听取意见。",
            month_start=month,
            month_end=min(12, month + (1 if k % 7 == 6 else 0)),
            state=state,
            scheduled_on=None if state == S.PLANNED else day,
            start_time=None if state == S.PLANNED or day is None else dt.time(9, 30),
            venue="" if state == S.PLANNED else "区政务服务中心",
            held_on=day if held else None,
        )

    def _steps(self, activities: list[Activity]) -> None:
        b, admin = self.b, self.county.admin
        events, filings, notices, reports, deadlines = [], [], [], [], []
        for a in activities:
            if not a.has_steps:
                continue
            actor = self.county.liaisons[self.hosts_of[a.pk][0].pk]
            path = PATHS[a.state]
            if a.scheduled_on is None and a.state == S.CANCELLED:
                path = [(S.PLANNED, S.CANCELLED, "cancel")]
            for from_state, to_state, action in path:
                data, comment = {}, ""
                if action == "postpone":
                    data = {
                        "from": str(a.scheduled_on - dt.timedelta(days=14)),
                        "to": str(a.scheduled_on),
                    }
                    comment = "与其他活动时间冲突，延期举办"
                elif action == "cancel":
                    comment = "并入其他活动"
                events.append(
                    ActivityEvent(
                        activity=a,
                        actor=admin if action in ("accept", "publish", "cancel") else actor,
                        action=action,
                        from_state=from_state,
                        to_state=to_state,
                        comment=comment,
                        data=data,
                    )
                )
            done = self._deadlines(a, deadlines)
            if a.state in FILED_STATES:
                filings.append(self._filing(a, actor, done[DeadlineKind.FILING]))
            if a.state in NOTICE_STATES:
                notices.append(self._notice(a))
            if a.state in REPORTED_STATES:
                reports.append(self._report(a, actor, done[DeadlineKind.REPORT]))
        self.events = b.create(ActivityEvent, events, "活动记录")
        b.create(ActivityFiling, filings, "方案报备")
        b.create(ActivityNotice, notices, "活动预告")
        reports = b.create(ActivityReport, reports, "活动情况")
        self.deadlines = b.create(ActivityDeadline, deadlines, "活动期限")
        attendance, media, photos = [], [], []
        for i, report in enumerate(reports):
            for g, group in enumerate(
                [ReportGroup.PUBLIC, ReportGroup.DEPUTIES, ReportGroup.MEDIA][: 2 + i % 2]
            ):
                attendance.append(
                    ReportAttendance(report=report, group=group, count=5 + (i + g) % 20)
                )
            for m in range(1 + i % 2):
                media.append(
                    MediaReport(
                        report=report,
                        position=m,
                        outlet=["本地新闻网", "政务微信公众号"][m],
                        title=f"{report.activity.title}顺利举办",
                        url=f"https://news.example.gov.cn/{self.campaign.slug}/{report.activity.ref}/{m}",
                        published_on=report.held_on + dt.timedelta(days=1),
                    )
                )
            photos.append(
                ReportPhoto(
                    report=report,
                    image=b.files["photo"],
                    thumbnail=b.files["thumbnail"],
                    original_name="现场照片.jpg",
                    caption="活动现场",
                    width=640,
                    height=427,
                )
            )
        b.create(ReportAttendance, attendance, "参加人员")
        b.create(MediaReport, media, "媒体报道")
        b.create(ReportPhoto, photos, "活动照片")

    def _deadlines(self, a: Activity, out: list) -> dict:
        """The activity's deadlines as ``deadlines.refresh`` makes them, met as its state
        says (a few late); returns the day each kind was met."""
        if a.state == S.CANCELLED:
            return {}
        met = {}
        for kind, days, working, base_name in DEADLINE_RULES:
            base = getattr(a, base_name)
            if base is None:
                continue
            due_on, provisional = self.b.resolver.due(days, working, base)
            done = None
            if kind == DeadlineKind.FILING and a.state in FILED_STATES:
                done = due_on + dt.timedelta(days=1 if a.seq % 5 == 0 else -1)
            elif kind == DeadlineKind.HOLD and a.state in HELD_STATES:
                done = a.held_on
            elif (
                kind in (DeadlineKind.REPORT, DeadlineKind.PUBLICITY) and a.state in REPORTED_STATES
            ):
                late = a.seq % 6 == 0
                done = due_on + dt.timedelta(days=2 if late else -1)
            met[kind] = done
            out.append(
                ActivityDeadline(
                    activity=a,
                    kind=kind,
                    rule_days=days,
                    rule_working=working,
                    base_date=base,
                    due_on=due_on,
                    provisional=provisional,
                    done_on=done,
                )
            )
        return met

    def _filing(self, a: Activity, actor, filed_on: dt.date) -> ActivityFiling:
        return ActivityFiling(
            activity=a,
            document=self.b.files["document"],
            document_name="活动方案.docx",
            document_size=self.b.files["document_size"],
            leader="张副局长",
            section="办公室",
            person="李明",
            phone="0731-88880000",
            filed_on=filed_on,
            filed_by=actor,
        )

    def _notice(self, a: Activity) -> ActivityNotice:
        return ActivityNotice(
            activity=a,
            theme=a.title,
            host=self.hosts_of[a.pk][0].name,
            held_on=a.scheduled_on,
            start_time=a.start_time or dt.time(9, 30),
            venue=a.venue or "区政务服务中心",
            audience="人大代表、政协委员、群众代表",
            content="政策解读、现场答疑、参观办事流程。",
            form=self.forms[a.seq % 4].name,
            signup="在线报名或电话报名",
            contact="0731-88880000",
            published_at=_at(min(a.scheduled_on - dt.timedelta(days=7), self.today), 0),
        )

    def _report(self, a: Activity, actor, submitted_on: dt.date) -> ActivityReport:
        return ActivityReport(
            activity=a,
            held_on=a.held_on,
            headcount=50 + a.seq % 150,
            staff_count=3 + a.seq % 5,
            summary="活动邀请群众代表走进单位，现场解读政策并收集意见建议。",
            practices="线上线下同步开展。",
            effects="群众对政策的知晓度明显提高。",
            submitted_on=submitted_on,
            submitted_by=actor,
        )
