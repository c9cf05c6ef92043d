"""天心区's campaign of the current year for the demo, so the to-do pages, the reminders and
the column's 近期活动 have something to say on whatever day someone runs ``make demo``.

The campaign (``tianxin-<year>``) has 天心区's rules and its 50 plan rows imported from the
seed notice as ``tianxin-2023``'s are; its notice text is moved into the year. Around
``today`` (the loader reads the clock once and passes it in) about fifteen rows are taken
along their lifecycle through the activity services, every date chosen relative to
``today`` and kept inside the year:

- done: published (2), accepted, reported and waiting for review (2), returned to its host
  (its report due again);
- due: a report whose deadline passed, a report due in the next working days, a date whose
  filing deadline passed, a date whose filing is due in the next days;
- ahead: dated in the coming weeks — filed, filed and announced (the column's 近期活动), only
  dated.

Deadlines are the services' own, on Chinese working days from the campaign's rules; a shape
the year's edge makes impossible (no report overdue on 1月2日, no date ahead on 12月31日 but
the day itself) is left out or lands on the nearest day inside the year. The demo's 天心区
liaisons get their share: ``tianxin-chengnanlu`` a filing overdue (seq 23, through
各街道办事处) and a deadline due soon (seq 4), ``tianxin-renshe`` its returned report (seq 1);
the office (``tianxin-admin``) does the rest.

Idempotent: when 天心区 already has a campaign of ``today``'s year, nothing is done.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from openday.activities import deadlines
from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import Activity
from openday.activities.services import MediaInput
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.presets import rules_from_preset
from openday.campaigns.services import campaign_create, campaign_set_forms, campaign_set_rules
from openday.campaigns.titles import retitle_year
from openday.core.formats import date_label
from openday.demo.data import CAMPAIGNS, NOTICES
from openday.demo.progress import Filing, Notice, Progress, Report, acting_for, advance, host_names
from openday.importers.services import plan_import
from openday.orgs.models import Region
from openday.workdays.calendar import is_workday

REGION = "tianxin"
OFFICE = "tianxin-admin"
SPEC = next(spec for spec in CAMPAIGNS if spec["slug"] == "tianxin-2023")
SOURCE_YEAR = SPEC["year"]

# The rows the demo's 天心区 liaisons host, by the shape they take.
RENSHE, CHENGNANLU = "tianxin-renshe", "tianxin-chengnanlu"
LIAISON_ROWS = {
    "returned": (1, RENSHE),
    "filing-overdue": (23, CHENGNANLU),
    "due-soon": (4, CHENGNANLU),
}


def current_year_slug(year: int) -> str:
    return f"{REGION}-{year}"


@dataclass(frozen=True)
class Shape:
    """Where one activity stands around ``today``: its dates and the office's review."""

    name: str
    on: dt.date  # the date it is scheduled for, and held on when held
    filed_on: dt.date | None = None
    announce: bool = False
    held: bool = False
    reported_on: dt.date | None = None
    review: str = ""  # "accept", "publish" or "return"


class _Year:
    """Dates around ``today`` kept inside its year."""

    def __init__(self, today: dt.date):
        self.today = today
        self.first = dt.date(today.year, 1, 1)
        self.last = dt.date(today.year, 12, 31)

    def past(self, days: int) -> dt.date:
        """A working day about ``days`` before today, not before the year's first day."""
        day = max(self.today - dt.timedelta(days=days), self.first)
        return self._workday(day, -1, self.first, self.today)

    def ahead(self, days: int) -> dt.date:
        """A working day about ``days`` after today, not after the year's last day."""
        day = min(self.today + dt.timedelta(days=days), self.last)
        return self._workday(day, 1, self.today, self.last)

    def workday_before(self, day: dt.date) -> dt.date:
        """The last working day up to ``day`` in the year, or ``day`` when there is none."""
        return self._workday(day, -1, self.first, day)

    @staticmethod
    def _workday(day: dt.date, step: int, low: dt.date, high: dt.date) -> dt.date:
        """The first working day from ``day`` on in ``step``'s direction within [low, high];
        ``day`` itself when there is none (an activity may be held on a holiday)."""
        current = day
        while low <= current <= high:
            if is_workday(current).workday:
                return current
            current += dt.timedelta(days=step)
        return day

    def days(self, offsets: Iterable[int]) -> list[dt.date]:
        """Today plus each offset, those inside the year, in the offsets' order."""
        found = []
        for offset in offsets:
            day = self.today + dt.timedelta(days=offset)
            if self.first <= day <= self.last:
                found.append(day)
        return found


def _first(days: Iterable[dt.date], ok: Callable[[dt.date], bool]) -> dt.date | None:
    """The first of ``days`` that is ``ok``, a working day if any is (activities are held on
    working days, but at the year's edge a holiday is better than nothing)."""
    days = list(days)
    workdays = [day for day in days if is_workday(day).workday]
    return next((day for day in workdays if ok(day)), None) or next(
        (day for day in days if ok(day)), None
    )


def _due(rule: deadlines.Rule | None, base: dt.date) -> dt.date | None:
    """The rule's due date from ``base``, or None when the rule is missing or the date rests on
    a year whose holidays nobody has published (its status would say nothing)."""
    if rule is None:
        return None
    due_on, provisional = deadlines.resolve(rule, base)
    return None if provisional else due_on


def plan_shapes(today: dt.date, rules: list[deadlines.Rule]) -> list[Shape]:
    """The activities' shapes around ``today``, every date inside ``today``'s year."""
    year = _Year(today)
    by_kind = {rule.kind: rule for rule in rules}
    filing, report = by_kind.get(DeadlineKind.FILING), by_kind.get(DeadlineKind.REPORT)
    # "Due soon" as the to-do pages count it: within these calendar days from today.
    soon = today + dt.timedelta(days=deadlines.DUE_SOON_DAYS)

    def filed(on: dt.date) -> dt.date:
        # Handed in five days ahead, never after today nor before the year began.
        day = max(min(on - dt.timedelta(days=5), today), year.first)
        return year.workday_before(day)

    def reported(held: dt.date, workdays: int = 2) -> dt.date:
        due = _due(deadlines.Rule(DeadlineKind.REPORT, workdays, True, "held_on"), held)
        return max(min(due or held, today), held)

    shapes = []
    for name, days, review in [
        ("published", 45, "publish"),
        ("published", 30, "publish"),
        ("accepted", 21, "accept"),
        ("returned", 16, "return"),
        ("reported", 9, ""),
        ("reported", 6, ""),
    ]:
        on = year.past(days)
        shapes.append(
            Shape(
                name,
                on,
                filed_on=filed(on),
                announce=name == "published",
                held=True,
                reported_on=reported(on),
                review=review,
            )
        )

    def report_due(held: dt.date) -> dt.date | None:
        return _due(report, held)

    overdue_report = _first(
        year.days(range(-10, -60, -1)),
        lambda held: (due := report_due(held)) is not None and due < today,
    )
    if overdue_report:
        shapes.append(
            Shape("report-overdue", overdue_report, filed_on=filed(overdue_report), held=True)
        )
    soon_report = _first(
        year.days(range(0, -30, -1)),
        lambda held: (due := report_due(held)) is not None and today <= due <= soon,
    )
    if soon_report:
        shapes.append(Shape("report-due", soon_report, filed_on=filed(soon_report), held=True))

    def filing_due(on: dt.date) -> dt.date | None:
        return _due(filing, on)

    overdue_filing = _first(
        year.days([1, 2, 0]), lambda on: (due := filing_due(on)) is not None and due < today
    )
    if overdue_filing:
        shapes.append(Shape("filing-overdue", overdue_filing))
    ahead = year.days(range(0, 21))
    soon_filing = _first(
        ahead, lambda on: (due := filing_due(on)) is not None and today < due <= soon
    ) or _first(ahead, lambda on: filing_due(on) == today)
    if soon_filing:
        shapes.append(Shape("filing-due", soon_filing))

    for name, days in [("filed", 10), ("announced", 14), ("announced", 24), ("scheduled", 30)]:
        on = year.ahead(days)
        shapes.append(
            Shape(
                name,
                on,
                filed_on=None if name == "scheduled" else filed(on),
                announce=name == "announced",
            )
        )
    return shapes


def _month_distance(activity: Activity, month: int) -> int:
    if activity.month_start is None:
        return 12
    start, end = activity.month_start, activity.month_end or activity.month_start
    if start <= month <= end:
        return 0
    return min(abs(month - start), abs(month - end))


def assign_rows(shapes: list[Shape], activities: list[Activity]) -> list[tuple[Shape, Activity]]:
    """Each shape its row: the demo liaisons' rows for their shapes, else the unused row whose
    plan month is nearest the shape's date (then the lowest number)."""
    rows = {activity.seq: activity for activity in activities}
    reserved = {seq for seq, _ in LIAISON_ROWS.values()}
    pairs: list[tuple[Shape, Activity]] = []
    soon = next((s for s in shapes if s.name in ("filing-due", "report-due")), None)
    taken = set()
    for shape in shapes:
        key = "due-soon" if shape is soon else shape.name
        if key in LIAISON_ROWS and key not in taken and LIAISON_ROWS[key][0] in rows:
            taken.add(key)
            pairs.append((shape, rows[LIAISON_ROWS[key][0]]))
    used = {activity.seq for _, activity in pairs} | reserved
    rest = [s for s in shapes if all(s is not paired for paired, _ in pairs)]
    for shape in sorted(rest, key=lambda s: (s.on, s.name)):
        free = [a for a in activities if a.seq not in used]
        if not free:
            break
        row = min(free, key=lambda a: (_month_distance(a, shape.on.month), a.seq))
        used.add(row.seq)
        pairs.append((shape, row))
    return sorted(pairs, key=lambda pair: pair[1].seq)


def _who(activity: Activity) -> str:
    for seq, username in LIAISON_ROWS.values():
        if seq == activity.seq:
            return username
    return OFFICE


VENUES = [
    "天心区政务服务中心一楼大厅",
    "暮云街道综合文化站多功能厅",
    "坡子街街道西牌楼社区广场",
    "大托铺街道社区服务中心",
    "金盆岭街道新时代文明实践所",
    "青园街道居家养老服务中心",
    "天心区图书馆报告厅",
]
PEOPLE = [
    ("刘副局长", "综合科", "陈晓"),
    ("王副主任", "党政综合办公室", "周婷"),
    ("李副局长", "政策法规科", "黄丽"),
    ("赵副局长", "业务科", "彭军"),
    ("罗副主任", "办公室", "唐敏"),
]
RETURN_COMMENT = (
    "现场照片未体现“政务公开主题日”统一标识，请补充活动现场全景照片；"
    "同时请补填媒体宣传报道情况后重新报送。"
)


def progress_of(shape: Shape, activity: Activity) -> Progress:
    """The demo's ``Progress`` for ``activity`` taking ``shape``: its words and numbers."""
    hosts = host_names(activity)
    seq = activity.seq
    venue = VENUES[seq % len(VENUES)]
    leader, section, person = PEOPLE[seq % len(PEOPLE)]
    phone = f"0731-8500{seq:04d}"
    report = None
    if shape.reported_on is not None:
        headcount = 60 + (seq * 37) % 140
        media = []
        if shape.review in ("accept", "publish"):
            media.append(
                MediaInput(
                    outlet="天心区融媒体中心",
                    title=f"{hosts}举办政务公开主题日活动：{activity.title}",
                    url=f"https://news.example.cn/tianxin/{shape.on:%Y/%m%d}/seq{seq}.html",
                    published_on=shape.on,
                )
            )
        report = Report(
            on=shape.reported_on,
            headcount=headcount,
            staff=6,
            attendance={"deputies": 1, "cppcc": 1, "public": headcount // 2},
            summary=f"{date_label(shape.on)}，{hosts}在{venue}举办政务公开主题日活动"
            f"（{activity.title}），解读相关政策并现场答疑。",
            practices="设置咨询台一对一答疑，发放政策问答折页；邀请人大代表、政协委员现场监督。",
            effects=f"发放宣传资料{headcount * 2}份，现场解答群众咨询{headcount // 4}人次。",
            media=media,
            photos=2 if shape.review == "publish" else 1,
        )
    comments = {"publish": "材料齐全，同意发布。", "accept": "材料齐全，同意。"}
    return Progress(
        seq=seq,
        by=_who(activity),
        on=shape.on,
        start=dt.time(9, 30),
        end=dt.time(11, 30),
        venue=venue,
        filing=Filing(shape.filed_on, leader, section, person, phone) if shape.filed_on else None,
        notice=Notice(
            audience="辖区居民、企业代表、人大代表、政协委员",
            content=f"围绕本次活动主题（{activity.title}）开展政策解读，现场答疑并听取群众意见建议。",
            signup="无需报名，现场参加",
            contact=f"{phone}（{hosts}）",
        )
        if shape.announce
        else None,
        report=report,
        held=shape.held,
        review=shape.review,
        comment=RETURN_COMMENT if shape.review == "return" else comments.get(shape.review, ""),
    )


def _create_campaign(region: Region, today: dt.date) -> Campaign:
    year = today.year
    text = (NOTICES / SPEC["notice"]).read_text(encoding="utf-8")
    campaign = campaign_create(
        region=region,
        year=year,
        slug=current_year_slug(year),
        title=retitle_year(SPEC["title"], year),
        issuer=SPEC["issuer"],
        doc_number=SPEC["doc_number"].replace(str(SOURCE_YEAR), str(year)),
        issued_on=min(SPEC["issued_on"].replace(year=year), today),
        planned_count=SPEC["planned_count"],
        phase=CampaignPhase.RUNNING,
        column_title=f"{year}年政务公开主题日活动专栏",
        source_text=text.replace(str(SOURCE_YEAR), str(year)),
    )
    campaign_set_forms(campaign=campaign, names=SPEC["forms"])
    campaign_set_rules(campaign=campaign, **rules_from_preset(SPEC["preset"], year))
    return campaign


def load_current_year(today: dt.date) -> list[str]:
    """Set up ``tianxin-<year>`` around ``today``; nothing when 天心区 has a campaign of that
    year already (one line says so) or the demo's region and office account are missing."""
    region = Region.objects.filter(slug=REGION).first()
    if region is None:
        return []
    existing = Campaign.objects.filter(region=region, year=today.year).first()
    if existing is not None:
        return [f"{existing.slug}: {today.year} 年的年度活动已有，未改动。"]
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in={OFFICE, RENSHE, CHENGNANLU})
    }
    if OFFICE not in users:
        return []
    with transaction.atomic():
        campaign = _create_campaign(region, today)
        result = plan_import(campaign=campaign, path=NOTICES / SPEC["notice"])
        activities = list(
            campaign.activities.rows().order_by("seq").prefetch_related("hosts", "forms")
        )
        shapes = plan_shapes(today, deadlines.campaign_rules(campaign.rules))
        moved = []
        for shape, activity in assign_rows(shapes, activities):
            step = progress_of(shape, activity)
            host = users.get(step.by, users[OFFICE])
            activity = acting_for(activity, host)
            moved.append(advance(activity, step, host=host, office=users[OFFICE]))
    # In the lifecycle's order, furthest first.
    counts = [(state.label, sum(a.state == state for a in moved)) for state in ActivityState]
    states = "、".join(f"{label} {count}" for label, count in reversed(counts) if count)
    return [
        f"{campaign.slug}: {result.summary()}",
        f"{campaign.slug}: 本年度演示进度（以{date_label(today)}为今天）"
        f"{len(moved)} 项（{states}）",
    ]
