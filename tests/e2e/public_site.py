"""The public side of a running year for the browser tests, dated around the real today (the
live server's clock): 天心区's campaign of this year with

- activity 1, announced for a date ahead, hosted by 区人力资源社会保障局, with online sign-up
  (1 place, 1 on the waiting list, open for a week);
- activity 2, held today, reported and published, with a photo;
- a questionnaire about the year, open from yesterday for a week (a choice and a rating);
- the office admin ``txadmin`` and the unit's liaison ``renshe`` (password ``PASSWORD``).
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.orgs.enums import Role
from openday.orgs.models import Unit
from openday.participation.models import Questionnaire
from openday.participation.services import (
    QuestionInput,
    QuestionnaireInput,
    question_add,
    questionnaire_create,
    questionnaire_open,
    signup_settings_save,
)
from tests.factories import (
    ActivityFactory,
    ActivityFormFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    OfficeFactory,
    UnitFactory,
    UserFactory,
)
from tests.portal.plans import make_region
from tests.portal.steps import announce, publish

PASSWORD = "openday-test-pass"
PURPOSE = "仅用于本次活动的报名核对和现场签到。"


@dataclass
class PublicSite:
    campaign: Campaign
    unit: Unit
    upcoming: Activity
    published: Activity
    admin: object
    liaison: object
    questionnaire: Questionnaire

    def url(self, name: str, *args) -> str:
        return reverse(name, args=args)

    def public_paths(self) -> dict[str, str]:
        """Every public page, by the name the tests report it under."""
        slug, up, pub = self.campaign.slug, self.upcoming.ref, self.published.ref
        return {
            "home": reverse("portal:campaign-list"),
            "column": reverse("portal:campaign-column", args=[slug]),
            "column-search": reverse("portal:campaign-column", args=[slug]) + "?q=政策&month=13",
            "notice": reverse("portal:activity-notice", args=[slug, up]),
            "report": reverse("portal:activity-report", args=[slug, pub]),
            "calendar": reverse("portal:campaign-calendar", args=[slug])
            + f"?month={self.upcoming.scheduled_on:%Y-%m}",
            "signup": reverse("portal:signup-form", args=[slug, up]),
            "opinions": reverse("portal:campaign-opinions", args=[slug]),
            "activity-opinions": reverse("portal:activity-opinions", args=[slug, up]),
            "questionnaire": reverse(
                "portal:questionnaire-form", args=[slug, self.questionnaire.pk]
            ),
        }


def _activity(campaign, seq, title, unit, on: dt.date) -> Activity:
    activity = ActivityFactory(
        campaign=campaign, seq=seq, title=title, month_start=on.month, month_end=on.month
    )
    ActivityFormFactory(activity=activity, text="政策宣传")
    ActivityHostFactory(activity=activity, unit=unit, text=unit.name)
    return activity


def make_public_site() -> PublicSite:
    today = timezone.localdate()
    ahead = min(today + dt.timedelta(days=10), dt.date(today.year, 12, 31))
    region = make_region()
    OfficeFactory(region=region, name="天心区政务公开办")
    unit = UnitFactory(region=region, name="区人力资源社会保障局")
    other = UnitFactory(region=region, name="区人居环境局")
    campaign = CampaignFactory(
        region=region,
        year=today.year,
        slug=f"tianxin-{today.year}",
        planned_count=50,
        doc_number=f"天政务公开办发〔{today.year}〕1号",
    )
    admin = UserFactory(username="txadmin")
    MembershipFactory(user=admin, role=Role.OFFICE_ADMIN, region=region)
    liaison = UserFactory(username="renshe")
    MembershipFactory(user=liaison, role=Role.UNIT_LIAISON, region=region, unit=unit)

    upcoming = announce(admin, _activity(campaign, 1, "社保政策宣讲进社区", unit, ahead), ahead)
    published = publish(
        admin, _activity(campaign, 2, "老旧小区改造方案交流会", other, today), today
    )
    now = timezone.now()
    signup_settings_save(
        actor=admin,
        activity=upcoming,
        enabled=True,
        capacity=1,
        waitlist_size=1,
        deadline=now + dt.timedelta(days=7),
        purpose=PURPOSE,
        ask_email=False,
        now=now,
    )
    return PublicSite(
        campaign, unit, upcoming, published, admin, liaison, open_questionnaire(admin, campaign)
    )


def open_questionnaire(admin, campaign) -> Questionnaire:
    """A questionnaire about the year, open by the real clock, with two questions."""
    now = timezone.now()
    questionnaire = questionnaire_create(
        actor=admin,
        campaign=campaign,
        data=QuestionnaireInput(
            title="政务公开主题日活动满意度调查",
            purpose="问卷不收集姓名和联系方式，结果仅用于改进活动。",
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=7),
        ),
    )
    question_add(
        actor=admin,
        questionnaire=questionnaire,
        data=QuestionInput(kind="single", text="您是否参加过现场活动？", choices=("是", "否")),
    )
    question_add(
        actor=admin,
        questionnaire=questionnaire,
        data=QuestionInput(kind="rating", text="总体满意度"),
    )
    return questionnaire_open(actor=admin, questionnaire=questionnaire, now=now)
