"""A province-scale data set (``openday generate-province``): one province, its cities and
~130 counties, each with five yearly campaigns of 100 activities in every state, for the
benchmarks (``benchmarks/staff_pages.py``) and the query-count tests.

The rows are built here and written with ``bulk_create`` — not through the services, which
would take hours at this size — in one transaction per county, with no query per row. They
are kept consistent all the same: every activity's events, deadlines (due and done dates, as
``activities.deadlines`` resolves them, on one shared working-day calendar), filing, notice
and report (attendance, media reports, a photo) match its state; joint rows have their parts
(held on their own or with the lead); each state change has its audit entry; deadlines have
their reminders (``Notification`` and ``Delivery`` rows, some failed); and the public's
participation (sign-ups, opinions with replies — and questionnaire answers once
``participation`` has a ``Questionnaire`` model) adds up to ``answers`` rows over the
campaigns. The latest year is running around ``today``; the earlier ones are closed.

Every name starts with the province's slug (regions ``<slug>-3``, users ``<slug>-3-admin``,
``<slug>-3-u7``, ``<slug>-viewer``), so several provinces can sit in one database and
``replace`` removes exactly one. All accounts share the demo password.
"""

import datetime as dt
import hashlib
import itertools
import math
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from openday.activities.enums import ActivityState, DeadlineKind, JointRole, ReportGroup
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
from openday.activities.selectors import campaign_totals
from openday.campaigns.enums import CampaignPhase, FormKind
from openday.campaigns.models import Campaign, CampaignForm, CampaignRules
from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.core.storage import private_storage
from openday.declarations.enums import DeclarationState
from openday.declarations.models import Declaration, DeclarationItem, DeclarationWindow
from openday.demo.data import DEMO_PASSWORD
from openday.demo.media import docx_bytes, scene_jpeg
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind
from openday.orgs.models import Membership, Office, Region, Unit
from openday.participation.enums import OpinionState, SignupState
from openday.participation.models import Opinion, OpinionReply, Signup, SignupSettings
from openday.participation.personal import CODE_ALPHABET, CODE_LENGTH
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import Delivery, Notification, OfficeNotificationSettings
from openday.workdays.calendar import WorkdayCalendar

S = ActivityState
BATCH = 2000
COUNTIES_PER_CITY = 10
UNITS_PER_ACTIVITIES = 4  # one unit per four plan rows (25 for 100)
STREET_EVERY = 5  # one unit in five is a street
JOINT_EVERY = 10  # one row in ten is hosted by two units: the lead and a part
# Shares of the answers: sign-ups, opinions, and with questionnaires their answers (the rest).
SHARES = {False: (0.7, 0.3), True: (0.35, 0.15)}
# The questionnaire of each campaign when participation has them: (kind, text, choices).
QUESTIONS = [
    ("single", "您是通过什么渠道了解到本次活动的？", ["政府网站", "微信公众号", "社区通知"]),
    ("multiple", "您最关心哪些政策？", ["社保", "就业", "医疗", "教育"]),
    ("rating", "您对本次活动的总体评价", []),
    ("text", "您还有什么意见和建议？", []),
]

# Every state, in turn: row k of a campaign is in STATES[k % 10].
STATES = [
    S.PLANNED,
    S.SCHEDULED,
    S.FILED,
    S.ANNOUNCED,
    S.HELD,
    S.REPORTED,
    S.ACCEPTED,
    S.PUBLISHED,
    S.POSTPONED,
    S.CANCELLED,
]
HELD_STATES = frozenset({S.HELD, S.REPORTED, S.ACCEPTED, S.PUBLISHED})
REPORTED_STATES = frozenset({S.REPORTED, S.ACCEPTED, S.PUBLISHED})
NOTICE_STATES = frozenset({S.ANNOUNCED, *HELD_STATES})
FILED_STATES = frozenset({S.FILED, S.POSTPONED, *NOTICE_STATES})
# The transitions that brought a row to its state, in order.
PATHS = {
    S.PLANNED: [],
    S.SCHEDULED: [(S.PLANNED, S.SCHEDULED, "schedule")],
    S.FILED: [(S.PLANNED, S.SCHEDULED, "schedule"), (S.SCHEDULED, S.FILED, "file")],
    S.ANNOUNCED: [
        (S.PLANNED, S.SCHEDULED, "schedule"),
        (S.SCHEDULED, S.FILED, "file"),
        (S.FILED, S.ANNOUNCED, "announce"),
    ],
    S.POSTPONED: [
        (S.PLANNED, S.SCHEDULED, "schedule"),
        (S.SCHEDULED, S.FILED, "file"),
        (S.FILED, S.POSTPONED, "postpone"),
    ],
    S.CANCELLED: [(S.PLANNED, S.SCHEDULED, "schedule"), (S.SCHEDULED, S.CANCELLED, "cancel")],
}
PATHS[S.HELD] = [*PATHS[S.ANNOUNCED], (S.ANNOUNCED, S.HELD, "hold")]
PATHS[S.REPORTED] = [*PATHS[S.HELD], (S.HELD, S.REPORTED, "report")]
PATHS[S.ACCEPTED] = [*PATHS[S.REPORTED], (S.REPORTED, S.ACCEPTED, "accept")]
PATHS[S.PUBLISHED] = [*PATHS[S.ACCEPTED], (S.ACCEPTED, S.PUBLISHED, "publish")]

FORMS = [
    ("实地调研", FormKind.FIELD_RESEARCH),
    ("现场观摩", FormKind.SITE_VISIT),
    ("座谈交流", FormKind.DISCUSSION),
    ("政策宣讲", FormKind.PUBLICITY),
]
THEMES = ["社保政策", "就业服务", "医保惠民", "教育招生", "安全生产", "营商环境", "乡村振兴"]
RULES = {
    "filing_lead_days": 5,
    "filing_lead_working": True,
    "report_due_days": 5,
    "report_due_working": True,
    "publicity_due_days": 3,
    "publicity_due_working": False,
    "hold_confirm_days": 1,
    "hold_confirm_working": True,
    "min_staff": 3,
    "banner_templates": ["{unit}{year}年政务公开主题日活动"],
}
# (kind, days, working, base): the rules above as ``activities.deadlines`` reads them.
DEADLINE_RULES = [
    (DeadlineKind.FILING, -5, True, "scheduled_on"),
    (DeadlineKind.HOLD, 1, True, "scheduled_on"),
    (DeadlineKind.REPORT, 5, True, "held_on"),
    (DeadlineKind.PUBLICITY, 3, False, "held_on"),
]


@dataclass(frozen=True)
class ProvinceSpec:
    slug: str = "province"
    name: str = "基准省"
    regions: int = 130
    years: int = 5
    activities: int = 100  # plan rows per campaign
    answers: int = 1_000_000  # participation rows over all campaigns
    seed: int = 1
    today: dt.date | None = None  # the running year's "today"; the local date by default


@dataclass
class ProvinceSummary:
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    questionnaire: bool = False

    def lines(self) -> list[str]:
        return [f"  {name:<22} {count:>10,}" for name, count in self.counts.items()]


def province_exists(slug: str) -> bool:
    return Region.objects.filter(slug=slug).exists()


QUESTIONNAIRE_MODELS = ("Questionnaire", "Question", "Choice", "QuestionnaireAnswer", "AnswerItem")


def questionnaire_models() -> dict | None:
    """participation's questionnaire models by name when that app has them, else None (the
    generator then leaves questionnaires out)."""
    try:
        return {name: apps.get_model("participation", name) for name in QUESTIONNAIRE_MODELS}
    except LookupError:
        return None


def province_generate(
    spec: ProvinceSpec, *, replace: bool = False, progress: Callable[[str], None] = print
) -> ProvinceSummary:
    """Build the province ``spec`` describes; refused if its slug exists, unless ``replace``."""
    if spec.regions < 1 or spec.years < 1 or spec.activities < 1 or spec.answers < 0:
        raise DomainError("地区数、年数和每年活动数应为正整数，参与记录数不能为负数。")
    start = time.perf_counter()
    if province_exists(spec.slug):
        if not replace:
            raise DomainError(
                f"标识为“{spec.slug}”的省份已存在；如需重新生成，请加 --replace。", field="slug"
            )
        removed = province_remove(spec.slug)
        progress(
            f"已删除原有的 {spec.slug}（{removed:,} 行），用时 {time.perf_counter() - start:.1f} 秒"
        )
    builder = _Builder(spec, progress)
    builder.build()
    builder.summary.seconds = time.perf_counter() - start
    return builder.summary


# --- Removing a province ----------------------------------------------------------------------


def province_remove(slug: str) -> int:
    """Delete the province ``slug`` with everything under it and its people, leaves first,
    one DELETE per table (Django's cascade would read every row first). Returns the rows."""
    province = Region.objects.get(slug=slug)
    under = {"path__startswith": province.path}
    regions = Region.objects.filter(**under)
    campaigns = Campaign.objects.filter(region__in=regions)
    activities = Activity.objects.filter(campaign__in=campaigns)
    reports = ActivityReport.objects.filter(activity__in=activities)
    opinions = Opinion.objects.filter(campaign__in=campaigns)
    users = get_user_model().objects.filter(username__startswith=f"{slug}-")
    notifications = Notification.objects.filter(recipient__in=users)
    declarations = Declaration.objects.filter(campaign__in=campaigns)
    steps = []
    questionnaire = questionnaire_models()
    if questionnaire:
        questionnaires = questionnaire["Questionnaire"].objects.filter(campaign__in=campaigns)
        questions = questionnaire["Question"].objects.filter(questionnaire__in=questionnaires)
        answers = questionnaire["QuestionnaireAnswer"].objects.filter(
            questionnaire__in=questionnaires
        )
        steps += [
            questionnaire["AnswerItem"].objects.filter(answer__in=answers),
            answers,
            questionnaire["Choice"].objects.filter(question__in=questions),
            questions,
            questionnaires,
        ]
    steps += [
        OpinionReply.objects.filter(opinion__in=opinions),
        opinions,
        Signup.objects.filter(activity__in=activities),
        SignupSettings.objects.filter(activity__in=activities),
        Delivery.objects.filter(notification__in=notifications),
        notifications,
        AuditEntry.objects.filter(region__in=regions),
        ReportAttendance.objects.filter(report__in=reports),
        MediaReport.objects.filter(report__in=reports),
        ReportPhoto.objects.filter(report__in=reports),
        reports,
        ActivityNotice.objects.filter(activity__in=activities),
        ActivityFiling.objects.filter(activity__in=activities),
        ActivityDeadline.objects.filter(activity__in=activities),
        ActivityEvent.objects.filter(activity__in=activities),
        ActivityForm.objects.filter(activity__in=activities),
        ActivityHost.objects.filter(activity__in=activities),
        activities.filter(lead__isnull=False),
        activities,
        DeclarationItem.objects.filter(declaration__in=declarations),
        declarations,
        DeclarationWindow.objects.filter(campaign__in=campaigns),
        CampaignForm.objects.filter(campaign__in=campaigns),
        CampaignRules.objects.filter(campaign__in=campaigns),
        campaigns,
        Membership.objects.filter(region__in=regions),
        users,
        Unit.objects.filter(region__in=regions),
        OfficeNotificationSettings.objects.filter(office__region__in=regions),
        Office.objects.filter(region__in=regions),
    ]
    removed = 0
    with transaction.atomic():
        for queryset in steps:
            removed += _raw_delete(queryset)
        for level in (RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE):
            removed += _raw_delete(regions.filter(level=level))
    return removed


def _raw_delete(queryset) -> int:
    # One DELETE … WHERE … statement: the tables pointing at these rows were emptied before.
    return queryset._raw_delete(queryset.db)


# --- Building ---------------------------------------------------------------------------------


class _Resolver:
    """``activities.deadlines.resolve`` on one calendar for the whole run, memoised."""

    def __init__(self):
        self.calendar = WorkdayCalendar()
        self.known: dict[tuple, tuple[dt.date, bool]] = {}

    def due(self, days: int, working: bool, base: dt.date) -> tuple[dt.date, bool]:
        key = (days, working, base)
        if key not in self.known:
            if working:
                answer = self.calendar.add_workdays(base, days)
                self.known[key] = (answer.date, answer.provisional)
            else:
                self.known[key] = (base + dt.timedelta(days=days), False)
        return self.known[key]


@dataclass
class _County:
    region: Region
    office: Office
    admin: object
    units: list
    liaisons: dict  # unit pk → user


class _Builder:
    def __init__(self, spec: ProvinceSpec, progress: Callable[[str], None]):
        self.spec = spec
        self.progress = progress
        self.random = random.Random(f"{spec.slug}:{spec.seed}")  # noqa: S311 - offsets, not secrets
        self.today = spec.today or timezone.localdate()
        self.first_year = self.today.year - spec.years + 1
        self.resolver = _Resolver()
        self.questionnaire = questionnaire_models()
        self.summary = ProvinceSummary(questionnaire=self.questionnaire is not None)
        self.password = make_password(DEMO_PASSWORD)  # hashed once, shared by every account
        self.code_counter = itertools.count(self.random.randrange(len(CODE_ALPHABET) ** 7))
        self.phone_counter = itertools.count(self.random.randrange(10**7))
        campaigns = spec.regions * spec.years
        self.answers = [
            spec.answers // campaigns + (1 if n < spec.answers % campaigns else 0)
            for n in range(campaigns)
        ]

    def count(self, name: str, rows: list) -> list:
        self.summary.counts[name] += len(rows)
        return rows

    def create(self, model, rows: list, name: str | None = None) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        return self.count(name or model._meta.verbose_name, created)

    # --- the tree and the people ---

    def build(self) -> None:
        spec = self.spec
        self.progress(
            f"生成 {spec.name}（{spec.slug}）：{spec.regions} 个县级地区 × {spec.years} 年 × "
            f"{spec.activities} 项活动，参与记录 {spec.answers:,} 条"
        )
        self.files = self._files()
        with transaction.atomic():
            self.province, self.cities = self._tree()
        started = time.perf_counter()
        for n in range(spec.regions):
            with transaction.atomic():
                county = self._county(n)
                for y in range(spec.years):
                    self._campaign(county, self.first_year + y, n * spec.years + y)
            done = n + 1
            if done == spec.regions or done % max(1, spec.regions // 20) == 0:
                elapsed = time.perf_counter() - started
                self.progress(
                    f"  {done}/{spec.regions} 个地区，{self.summary.counts['活动']:,} 项活动，"
                    f"{elapsed:.0f} 秒"
                )

    def _files(self) -> dict:
        """One plan document, photo and thumbnail in the private storage, named by every
        generated filing and photo (what a page streams is the same few files)."""
        folder = f"province/{self.spec.slug}"
        photo = scene_jpeg(self.spec.seed)
        document = docx_bytes("活动方案", ["（生成的数据）"])
        storage = private_storage()
        return {
            "document": storage.save(f"{folder}/plan.docx", ContentFile(document)),
            "document_size": len(document),
            "photo": storage.save(f"{folder}/photo.jpg", ContentFile(photo)),
            "thumbnail": storage.save(f"{folder}/thumb.jpg", ContentFile(photo)),
        }

    def _tree(self) -> tuple[Region, list[Region]]:
        spec = self.spec
        province = self._region(spec.name, spec.slug, RegionLevel.PROVINCE, RegionKind.PROVINCE)
        cities = [
            self._region(
                f"第{c + 1}市", f"{spec.slug}-c{c + 1}", RegionLevel.CITY, RegionKind.CITY, province
            )
            for c in range(math.ceil(spec.regions / COUNTIES_PER_CITY))
        ]
        viewers = [(f"{spec.slug}-viewer", province)] + [
            (f"{city.slug}-viewer", city) for city in cities
        ]
        users = self._users([name for name, _ in viewers])
        self.create(
            Membership,
            [
                Membership(user=user, role=Role.SUPERIOR_VIEWER, region=region)
                for user, (_, region) in zip(users, viewers, strict=True)
            ],
            "角色分配",
        )
        return province, cities

    def _region(self, name, slug, level, kind, parent=None) -> Region:
        region = Region.objects.create(name=name, slug=slug, level=level, kind=kind, parent=parent)
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
        region.save(update_fields=["path"])
        self.summary.counts["地区"] += 1
        return region

    def _users(self, usernames: list[str]) -> list:
        user_model = get_user_model()
        return self.create(
            user_model,
            [
                user_model(username=name, email=f"{name}@example.gov.cn", password=self.password)
                for name in usernames
            ],
            "用户",
        )

    def _county(self, n: int) -> _County:
        spec = self.spec
        slug = f"{spec.slug}-{n + 1}"
        kind = [RegionKind.DISTRICT, RegionKind.COUNTY, RegionKind.COUNTY_CITY][n % 3]
        suffix = {RegionKind.DISTRICT: "区", RegionKind.COUNTY: "县"}.get(kind, "市")
        region = self._region(
            f"第{n + 1}{suffix}",
            slug,
            RegionLevel.COUNTY,
            kind,
            self.cities[n // COUNTIES_PER_CITY],
        )
        office = Office.objects.create(region=region, name=f"{region.name}政务公开办")
        OfficeNotificationSettings.objects.create(office=office, by_email=True)
        size = max(5, spec.activities // UNITS_PER_ACTIVITIES)
        units = self.create(
            Unit,
            [
                Unit(region=region, name=f"第{j}街道办事处", kind=UnitKind.STREET)
                if j % STREET_EVERY == 0
                else Unit(region=region, name=f"区第{j}局", kind=UnitKind.DEPARTMENT)
                for j in range(1, size + 1)
            ],
            "单位",
        )
        people = self._users([f"{slug}-admin", *(f"{slug}-u{j}" for j in range(1, size + 1))])
        self.create(
            Membership,
            [
                Membership(user=people[0], role=Role.OFFICE_ADMIN, region=region),
                *(
                    Membership(user=user, role=Role.UNIT_LIAISON, region=region, unit=unit)
                    for user, unit in zip(people[1:], units, strict=True)
                ),
            ],
            "角色分配",
        )
        liaisons = {unit.pk: user for unit, user in zip(units, people[1:], strict=True)}
        return _County(region, office, people[0], units, liaisons)

    # --- a campaign ---

    def _campaign(self, county: _County, year: int, index: int) -> None:
        running = year == self.today.year
        region = county.region
        today = self.today if running else dt.date(year, 12, 31)
        campaign = Campaign.objects.create(
            region=region,
            year=year,
            slug=f"{region.slug}-{year}",
            title=f"{region.name}{year}年“政务公开主题日”活动实施方案",
            issuer=county.office.name,
            planned_count=self.spec.activities,
            phase=CampaignPhase.RUNNING if running else CampaignPhase.CLOSED,
            closed_on=None if running else dt.date(year + 1, 1, 10),
            published_on=dt.date(year, 2, 20),
        )
        self.summary.counts["年度活动"] += 1
        CampaignRules.objects.create(campaign=campaign, **RULES)
        forms = self.create(
            CampaignForm,
            [
                CampaignForm(campaign=campaign, name=name, kind=kind, position=p)
                for p, (name, kind) in enumerate(FORMS)
            ],
            "活动形式",
        )
        self._declarations(county, campaign)
        plan = _Plan(self, county, campaign, today, forms, index * self.spec.activities)
        plan.build()
        self._participation(county, campaign, plan, today, self.answers[index])
        self._audit(county, campaign, plan)
        self._reminders(county, campaign, plan, today)
        if not running:
            campaign.closed_stats = campaign_totals(campaign)
            campaign.save(update_fields=["closed_stats"])

    def _declarations(self, county: _County, campaign: Campaign) -> None:
        year = campaign.year
        DeclarationWindow.objects.create(
            campaign=campaign,
            opened_at=_at(dt.date(year, 2, 20), 0, 9),
            opened_by=county.admin,
            closes_on=dt.date(year, 3, 15),
        )
        declarations = self.create(
            Declaration,
            [
                Declaration(
                    campaign=campaign,
                    unit=unit,
                    state=DeclarationState.RETURNED if j % 9 == 4 else DeclarationState.ACCEPTED,
                    contact_person=f"联络员{j + 1}",
                    phone=f"0731-8{j:07d}",
                    submitted_at=_at(dt.date(year, 3, 1 + j % 14), 0),
                    reviewed_at=_at(dt.date(year, 3, 16), 0, 15),
                    reviewer=county.admin,
                    review_comment="请补充活动简介。" if j % 9 == 4 else "",
                )
                for j, unit in enumerate(county.units)
            ],
            "主题申报",
        )
        self.create(
            DeclarationItem,
            [
                DeclarationItem(
                    declaration=declaration,
                    seq=i + 1,
                    title=f"{declaration.unit.name}{THEMES[(j + i) % len(THEMES)]}开放日",
                    month_start=3 + (j + i * 4) % 10,
                    month_end=3 + (j + i * 4) % 10,
                    form_text=FORMS[(j + i) % len(FORMS)][0],
                    form_kind=FORMS[(j + i) % len(FORMS)][1],
                    brief="邀请群众代表走进单位，了解政策办理流程。",
                )
                for j, declaration in enumerate(declarations)
                for i in range(2)
            ],
            "申报主题",
        )

    # --- participation ---

    def _participation(self, county, campaign, plan: "_Plan", today, answers: int) -> None:
        open_to_public = [a for a in plan.rows if a.state in NOTICE_STATES]
        signup_share, opinion_share = SHARES[self.questionnaire is not None]
        signups = int(answers * signup_share) if open_to_public else 0
        opinions = int(answers * opinion_share)
        if self.questionnaire is None:
            opinions = answers - signups
        self._signups(campaign, open_to_public, today, signups)
        self._opinions(county, campaign, plan, today, opinions)
        if self.questionnaire is not None:
            self._questionnaire(county, campaign, today, answers - signups - opinions)

    def _signups(self, campaign, activities: list, today: dt.date, total: int) -> None:
        if not total:
            return
        per = [
            total // len(activities) + (1 if i < total % len(activities) else 0)
            for i in range(len(activities))
        ]
        settings_rows, rows = [], []
        for activity, count in zip(activities, per, strict=True):
            capacity = max(1, count * 9 // 10)
            settings_rows.append(
                SignupSettings(
                    activity=activity,
                    enabled=activity.state == S.ANNOUNCED,
                    capacity=capacity,
                    waitlist_size=count,
                    deadline=timezone.make_aware(
                        dt.datetime.combine(activity.scheduled_on, dt.time(12))
                    ),
                    purpose="仅用于本次活动的报名核对与签到。",
                )
            )
            held = activity.state in HELD_STATES
            for i in range(count):
                cancelled = i % 15 == 14
                state = (
                    SignupState.CANCELLED
                    if cancelled
                    else SignupState.CONFIRMED
                    if i < capacity
                    else SignupState.WAITLISTED
                )
                rows.append(
                    Signup(
                        activity=activity,
                        code=self._code(),
                        cancel_token_hash=hashlib.sha256(
                            f"{campaign.slug}:{activity.pk}:{i}".encode()
                        ).hexdigest(),
                        state=state,
                        name=f"报名人{i + 1}",
                        phone=f"139{next(self.phone_counter) % 10**8:08d}",
                        group=ReportGroup.values[i % 6],
                        party_size=1 + i % 2,
                        cancelled_at=_at(activity.scheduled_on, -2) if cancelled else None,
                        checked_in_at=(
                            _at(activity.held_on, 0)
                            if held and state == SignupState.CONFIRMED and i % 3
                            else None
                        ),
                    )
                )
        self.create(SignupSettings, settings_rows, "报名设置")
        self.create(Signup, rows, "报名")

    def _questionnaire(self, county, campaign, today: dt.date, total: int) -> None:
        """The campaign's survey (open in the running year, closed before) and ``total``
        answers to it, each answering every question (a text one in three)."""
        m = self.questionnaire
        year_end = dt.date(campaign.year, 12, 31)
        running = campaign.phase == CampaignPhase.RUNNING
        questionnaire = m["Questionnaire"].objects.create(
            campaign=campaign,
            title=f"{campaign.year}年政务公开主题日活动问卷调查",
            purpose="问卷匿名填写，结果仅用于改进活动。",
            opens_at=_at(dt.date(campaign.year, 3, 1), 0),
            closes_at=_at(year_end, 0, 18),
            state="open" if running else "closed",
            created_by=county.admin,
            opened_at=_at(dt.date(campaign.year, 3, 1), 0),
            closed_at=None if running else _at(year_end, 0, 18),
        )
        self.summary.counts["问卷"] += 1
        questions = self.create(
            m["Question"],
            [
                m["Question"](questionnaire=questionnaire, position=p + 1, kind=kind, text=text)
                for p, (kind, text, _) in enumerate(QUESTIONS)
            ],
            "问卷题目",
        )
        choices = self.create(
            m["Choice"],
            [
                m["Choice"](question=question, position=c + 1, text=text)
                for question, (_, _, texts) in zip(questions, QUESTIONS, strict=True)
                for c, text in enumerate(texts)
            ],
            "选项",
        )
        single = [c for c in choices if c.question_id == questions[0].pk]
        multiple = [c for c in choices if c.question_id == questions[1].pk]
        answers = self.create(
            m["QuestionnaireAnswer"],
            [
                m["QuestionnaireAnswer"](
                    questionnaire=questionnaire,
                    token_hash=hashlib.sha256(f"{campaign.slug}:q:{i}".encode()).hexdigest(),
                )
                for i in range(total)
            ],
            "问卷答卷",
        )
        item = m["AnswerItem"]
        items = []
        for i, answer in enumerate(answers):
            items.append(item(answer=answer, question=questions[0], choice=single[i % 3]))
            items += [
                item(answer=answer, question=questions[1], choice=choice)
                for choice in multiple[i % 4 : i % 4 + 1 + i % 2]
            ]
            items.append(item(answer=answer, question=questions[2], rating=1 + (i * 7) % 5))
            if i % 3 == 0:
                items.append(item(answer=answer, question=questions[3], text="希望多办几场。"))
        self.create(item, items, "答题")

    def _code(self) -> str:
        n, letters = next(self.code_counter), []
        for _ in range(CODE_LENGTH):
            n, digit = divmod(n, len(CODE_ALPHABET))
            letters.append(CODE_ALPHABET[digit])
        return "".join(letters)

    def _opinions(self, county, campaign, plan: "_Plan", today: dt.date, total: int) -> None:
        if not total:
            return
        states = [
            OpinionState.PUBLISHED,
            OpinionState.PUBLISHED,
            OpinionState.PUBLISHED,
            OpinionState.PENDING,
            OpinionState.HIDDEN,
        ]
        published = _at(min(today, dt.date(campaign.year, 12, 31)), -1)
        targets = [None, *(a for a in plan.rows if a.state in NOTICE_STATES)]
        rows = [
            Opinion(
                campaign=campaign,
                activity=targets[i % len(targets)],
                text=f"建议{THEMES[i % len(THEMES)]}活动多安排在周末，方便群众参加。（{i + 1}）",
                name=f"留言人{i + 1}",
                phone=f"138{next(self.phone_counter) % 10**8:08d}",
                state=states[i % len(states)],
                hidden_reason="与活动无关的广告" if states[i % len(states)] == "hidden" else "",
                published_at=published if states[i % len(states)] == "published" else None,
                moderated_at=None if states[i % len(states)] == "pending" else published,
                moderated_by=None if states[i % len(states)] == "pending" else county.admin,
            )
            for i in range(total)
        ]
        opinions = self.create(Opinion, rows, "留言")
        replies = []
        for i, opinion in enumerate(opinions):
            if opinion.state != OpinionState.PUBLISHED or i % 2:
                continue
            hosts = plan.hosts_of.get(opinion.activity.pk, []) if opinion.activity else []
            unit = hosts[0] if hosts else None
            replies.append(
                OpinionReply(
                    opinion=opinion,
                    text="感谢您的建议，我们将在后续活动中统筹安排。",
                    unit=unit,
                    responder=unit.name if unit else county.office.name,
                    author=county.liaisons[unit.pk] if unit else county.admin,
                    published_at=published,
                )
            )
        self.create(OpinionReply, replies, "留言回应")

    # --- audit and reminders ---

    def _audit(self, county: _County, campaign: Campaign, plan: "_Plan") -> None:
        admin = county.admin
        entries = [
            AuditEntry(
                actor=admin,
                actor_label=admin.username,
                action="campaign.create",
                object_type="campaigns.campaign",
                object_id=str(campaign.pk),
                object_repr=str(campaign)[:300],
                region=county.region,
                after={"title": campaign.title, "year": campaign.year},
            )
        ]
        for event in plan.events:
            actor = event.actor or admin
            entries.append(
                AuditEntry(
                    actor=actor,
                    actor_label=actor.username,
                    action=f"activity.{event.action}",
                    object_type="activities.activity",
                    object_id=str(event.activity.pk),
                    object_repr=str(event.activity)[:300],
                    region=county.region,
                    before={"state": event.from_state},
                    after={"state": event.to_state, **event.data},
                    comment=event.comment,
                )
            )
        self.create(AuditEntry, entries, "操作记录")

    def _reminders(self, county: _County, campaign, plan: "_Plan", today: dt.date) -> None:
        """The deadline reminders the scheduler would have sent by ``today``: 临近截止 for every
        deadline due by then, 逾期 for those met late or not at all; inbox and email each,
        one email in ten failed."""
        notifications = []
        for deadline in plan.deadlines:
            if deadline.due_on > today:
                continue
            activity = plan.by_pk[deadline.activity_id]
            users = [county.liaisons[u.pk] for u in plan.hosts_of.get(activity.pk, [])[:1]]
            kinds = ["deadline-soon"]
            if deadline.done_on is None or deadline.done_on > deadline.due_on:
                kinds.append("deadline-missed")
            for user, kind in itertools.product(users, kinds):
                late = kind == "deadline-missed"
                notifications.append(
                    Notification(
                        recipient=user,
                        occasion=f"{kind}:{deadline.pk}:{deadline.due_on.isoformat()}",
                        item_type="activities.activity",
                        item_id=activity.pk,
                        region=county.region,
                        title=f"{'已逾期' if late else '即将到期'}：{activity.title}"[:200],
                        body=f"{deadline.get_kind_display()}截止日期 {deadline.due_on}",
                        link=f"/staff/campaigns/{campaign.slug}/activities/{activity.ref}/",
                        read_at=_at(deadline.due_on, 0) if len(notifications) % 3 else None,
                    )
                )
        notifications = self.create(Notification, notifications, "提醒")
        deliveries = []
        for i, notification in enumerate(notifications):
            sent = _at(today, 0) if notification.read_at is None else notification.read_at
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=Channel.INBOX,
                    state=DeliveryState.SENT,
                    attempts=1,
                    sent_at=sent,
                )
            )
            failed = i % 10 == 9
            deliveries.append(
                Delivery(
                    notification=notification,
                    channel=Channel.EMAIL,
                    state=DeliveryState.FAILED if failed else DeliveryState.SENT,
                    address=notification.recipient.email,
                    attempts=6 if failed else 1,
                    last_error="无法连接" if failed else "",
                    sent_at=None if failed else sent,
                )
            )
        self.create(Delivery, deliveries, "发送记录")


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
