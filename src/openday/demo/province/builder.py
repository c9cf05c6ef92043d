"""Building a generated province's rows with ``bulk_create``, county by county."""

import datetime as dt
import hashlib
import itertools
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from openday.activities.enums import ReportGroup
from openday.activities.selectors import campaign_totals
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign, CampaignForm, CampaignRules
from openday.core.models import AuditEntry
from openday.core.storage import private_storage
from openday.declarations.enums import DeclarationState
from openday.declarations.models import Declaration, DeclarationItem, DeclarationWindow
from openday.demo.data import DEMO_PASSWORD
from openday.demo.media import docx_bytes, scene_jpeg
from openday.demo.province.plan import (
    _at,
    _Plan,
)
from openday.demo.province.shape import (
    BATCH,
    COUNTIES_PER_CITY,
    FORMS,
    HELD_STATES,
    NOTICE_STATES,
    QUESTIONS,
    RULES,
    SHARES,
    STREET_EVERY,
    THEMES,
    UNITS_PER_ACTIVITIES,
    ProvinceSpec,
    ProvinceSummary,
    S,
    questionnaire_models,
)
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind
from openday.orgs.models import Membership, Office, Region, Unit
from openday.participation.enums import OpinionState, SignupState
from openday.participation.models import Opinion, OpinionReply, Signup, SignupSettings
from openday.participation.personal import CODE_ALPHABET, CODE_LENGTH
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import Delivery, Notification, OfficeNotificationSettings
from openday.workdays.calendar import WorkdayCalendar

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
