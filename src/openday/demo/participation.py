"""The public's part in the demo: 天心区's campaign of the current year gets an announced
activity with online sign-up open and full (three places taken, two people waiting), and
opinions — on that activity and on the campaign — published with and without the office's
reply, one waiting for review and one not made public.

Everything goes through the participation services, dated around ``today``. Idempotent: once
the activity has sign-up settings, nothing is done (one line says so).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.campaigns.models import Campaign
from openday.demo.current_year import OFFICE, current_year_slug
from openday.participation.models import SignupSettings
from openday.participation.selectors import signup_counts
from openday.participation.services import (
    OpinionInput,
    SignupInput,
    opinion_hide,
    opinion_post,
    opinion_publish,
    opinion_reply,
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


def load_demo_participation(today: dt.date) -> list[str]:
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
