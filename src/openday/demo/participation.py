"""The public's part in the demo: 天心区's campaign of the current year gets an announced
activity with online sign-up open and full (three places taken, two people waiting), and
opinions — on that activity and on the campaign — published with and without the office's
reply, one waiting for review and one not made public.

Its questionnaires (``load_demo_questionnaires``): an open survey about the year with 30
answers (a conditional question, choices, a rating, texts) and the office's satisfaction
questionnaire with a few ratings of each published activity — only once the year has a
published report to rate.

Everything goes through the participation services, dated around ``today``. Idempotent: once
the activity has sign-up settings, nothing is done (one line says so); once the survey
exists, neither are the questionnaires.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.demo.current_year import OFFICE, current_year_slug
from openday.participation.models import Questionnaire, QuestionnaireKind, SignupSettings
from openday.participation.selectors import signup_counts
from openday.participation.services import (
    AnswerInput,
    OpinionInput,
    QuestionInput,
    QuestionnaireInput,
    SignupInput,
    answer_submit,
    opinion_hide,
    opinion_post,
    opinion_publish,
    opinion_reply,
    question_add,
    questionnaire_create,
    questionnaire_open,
    signup_create,
    signup_settings_save,
)

PURPOSE = (
    "您填写的姓名、手机号码仅用于本次活动的报名核对、现场签到和活动变更通知，"
    "本年度活动结束 180 天后删除。"
)
PEOPLE = [
    ("刘敏", "13807310001", "deputies", 1),
    ("陈晓东", "13807310002", "enterprises", 2),
    ("周丽", "13807310003", "public", 2),  # no place left: waits
    ("黄建国", "13807310004", "public", 1),  # waits behind
]
ACTIVITY_OPINIONS = [
    (
        "建议活动安排在周末，方便上班族参加。",
        "published",
        "感谢您的建议。本次活动已增设周六上午场次，欢迎报名参加。",
    ),
    ("能否在现场设置老年人咨询专窗？", "published", ""),
    ("希望提前公布活动议程。", "pending", ""),
]
CAMPAIGN_OPINIONS = [
    (
        "希望各街道的活动预告能提前一周发布。",
        "published",
        "已要求各承办单位至少提前五个工作日发布活动预告。",
    ),
    ("加我微信了解更多优惠信息", "hidden", ""),
]


def _announced(campaign: Campaign) -> Activity | None:
    return (
        Activity.objects.filter(
            campaign=campaign, state=ActivityState.ANNOUNCED, notice__withdrawn_at__isnull=True
        )
        .select_related("campaign__region")
        .order_by("scheduled_on", "seq", "part_no")
        .first()
    )


def _signups_and_opinions(today: dt.date) -> list[str]:
    campaign = Campaign.objects.filter(slug=current_year_slug(today.year)).first()
    office = get_user_model().objects.filter(username=OFFICE).first()
    if campaign is None or office is None:
        return []
    activity = _announced(campaign)
    if activity is None:
        return [f"{campaign.slug}: 没有已发布预告的活动，未设置在线报名。"]
    if SignupSettings.objects.filter(activity=activity).exists():
        # No slug in this line: a rerun's lines about the year say only that it was kept.
        return ["演示的在线报名和留言已有，未改动。"]
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    day_before = (activity.scheduled_on or today) - dt.timedelta(days=1)
    deadline = max(
        timezone.make_aware(dt.datetime.combine(day_before, dt.time(17, 0))),
        now + dt.timedelta(days=1),
    )
    with transaction.atomic():
        signup_settings_save(
            actor=office,
            activity=activity,
            enabled=True,
            capacity=3,
            waitlist_size=3,
            deadline=deadline,
            purpose=PURPOSE,
            ask_email=True,
            now=now,
        )
        for minutes, (name, phone, group, size) in enumerate(PEOPLE):
            signup_create(
                activity=activity,
                data=SignupInput(name=name, phone=phone, group=group, party_size=size),
                now=now + dt.timedelta(minutes=minutes),
            )
        opinions = [(activity, *row) for row in ACTIVITY_OPINIONS]
        opinions += [(None, *row) for row in CAMPAIGN_OPINIONS]
        for target, text, state, reply in opinions:
            opinion = opinion_post(
                campaign=campaign, activity=target, data=OpinionInput(text=text), now=now
            )
            if state == "published":
                opinion_publish(actor=office, opinion=opinion, now=now)
                if reply:
                    opinion_reply(actor=office, opinion=opinion, text=reply, now=now)
            elif state == "hidden":
                opinion_hide(actor=office, opinion=opinion, reason="含有广告内容。", now=now)
    counts = signup_counts(activity)
    replied = sum(1 for row in opinions if row[3])
    return [
        f"{campaign.slug}: 第 {activity.ref} 项开放在线报名（名额 {counts.confirmed} 人已满，"
        f"候补 {counts.waitlisted} 人）；留言 {len(opinions)} 条（已回应 {replied} 条）"
    ]


def load_demo_participation(today: dt.date) -> list[str]:
    return _signups_and_opinions(today) + load_demo_questionnaires(today)


# --- questionnaires -------------------------------------------------------------------------

SURVEY_TITLE = "政务公开工作公众满意度问卷"
SATISFACTION_TITLE = "活动满意度评价"
QUESTIONNAIRE_PURPOSE = (
    "本问卷不收集姓名和联系方式；填写内容仅用于统计分析和改进政务公开工作，"
    "只公开统计结果，不公开任何人的答卷。"
)
JOINED = ("是", "否")
FORMS = ("现场观摩", "政策宣讲", "线上直播", "座谈交流")
CHANNELS = ("政府网站", "微信公众号", "短信通知", "社区公告栏")
SUGGESTIONS = (
    "希望活动预告提前一周发布。",
    "建议增加晚间和周末场次。",
    "政策解读可以多用图表，通俗易懂。",
    "希望现场有手语翻译。",
)
SURVEY_ANSWERS = 30
RATINGS_PER_ACTIVITY = (5, 4, 5)


def _published(campaign: Campaign) -> list[Activity]:
    return list(
        Activity.objects.filter(campaign=campaign, state=ActivityState.PUBLISHED).order_by(
            "seq", "part_no"
        )
    )


def _survey_values(n: int, questions) -> dict:
    """The ``n``-th demo answer, the same on every run: a third did not join any activity
    (question 2 is then not shown), ratings lean good, every fourth leaves a suggestion."""
    joined, forms, rating, channel, text = questions
    choices = {q.pk: list(q.choices.order_by("position")) for q in (joined, forms, channel)}
    took_part = n % 3 != 0
    values = {
        joined.pk: str(choices[joined.pk][0 if took_part else 1].pk),
        rating.pk: str((3, 4, 5, 5, 4, 2, 5)[n % 7]),
        channel.pk: str(choices[channel.pk][(n * 5) % 4].pk),
    }
    if took_part:
        picked = {n % 4, (n // 2) % 4}
        values[forms.pk] = [str(choices[forms.pk][i].pk) for i in sorted(picked)]
    if n % 4 == 1:
        values[text.pk] = SUGGESTIONS[(n // 4) % len(SUGGESTIONS)]
    return values


def load_demo_questionnaires(today: dt.date) -> list[str]:
    campaign = Campaign.objects.filter(slug=current_year_slug(today.year)).first()
    office = get_user_model().objects.filter(username=OFFICE).first()
    if campaign is None or office is None:
        return []
    rated = _published(campaign)
    if not rated:
        # The satisfaction questionnaire rates published reports: none yet, nothing to show.
        return []
    if Questionnaire.objects.filter(campaign=campaign, title=SURVEY_TITLE).exists():
        return ["演示的问卷已有，未改动。"]
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    window = {
        "purpose": QUESTIONNAIRE_PURPOSE,
        "opens_at": now - dt.timedelta(days=7),
        "closes_at": now + dt.timedelta(days=60),
    }
    with transaction.atomic():
        survey = questionnaire_create(
            actor=office,
            campaign=campaign,
            data=QuestionnaireInput(
                title=SURVEY_TITLE,
                intro="感谢您参与本年度政务公开主题日活动。本问卷共 5 题，约需 2 分钟。",
                **window,
            ),
        )
        joined = question_add(
            actor=office,
            questionnaire=survey,
            data=QuestionInput("single", "您是否参加过今年的政务公开主题日活动？", choices=JOINED),
        )
        yes = joined.choices.get(text="是")
        questions = [
            joined,
            question_add(
                actor=office,
                questionnaire=survey,
                data=QuestionInput(
                    "multiple", "您参加过哪些形式的活动？", choices=FORMS, depends_on_id=yes.pk
                ),
            ),
            question_add(
                actor=office,
                questionnaire=survey,
                data=QuestionInput("rating", "您对本地区政务公开工作的总体评价"),
            ),
            question_add(
                actor=office,
                questionnaire=survey,
                data=QuestionInput(
                    "single", "您最希望通过哪个渠道获取政务信息？", choices=CHANNELS
                ),
            ),
            question_add(
                actor=office,
                questionnaire=survey,
                data=QuestionInput("text", "您对政务公开工作还有哪些建议？", required=False),
            ),
        ]
        survey = questionnaire_open(actor=office, questionnaire=survey, now=now)
        for n in range(SURVEY_ANSWERS):
            answer_submit(
                questionnaire=survey,
                data=AnswerInput(values=_survey_values(n, questions), token=f"demo-survey-{n}"),
                now=now + dt.timedelta(minutes=n),
            )
        satisfaction = questionnaire_create(
            actor=office,
            campaign=campaign,
            kind=QuestionnaireKind.SATISFACTION,
            data=QuestionnaireInput(
                title=SATISFACTION_TITLE, intro="请对您参加的活动打分。", **window
            ),
        )
        overall = question_add(
            actor=office,
            questionnaire=satisfaction,
            data=QuestionInput("rating", "您对本次活动的总体满意度"),
        )
        useful = question_add(
            actor=office,
            questionnaire=satisfaction,
            data=QuestionInput("rating", "活动内容对您是否有帮助"),
        )
        satisfaction = questionnaire_open(actor=office, questionnaire=satisfaction, now=now)
        ratings = 0
        for activity in rated:
            for n, score in enumerate(RATINGS_PER_ACTIVITY):
                answer_submit(
                    questionnaire=satisfaction,
                    activity=activity,
                    data=AnswerInput(
                        values={overall.pk: str(score), useful.pk: str(max(score - n % 2, 1))},
                        token=f"demo-rating-{n}",
                    ),
                    now=now,
                )
                ratings += 1
    return [
        f"{campaign.slug}: 问卷“{SURVEY_TITLE}”已开放（答卷 {SURVEY_ANSWERS} 份）；"
        f"活动满意度评价已开放（{len(rated)} 项活动，评价 {ratings} 份）"
    ]
