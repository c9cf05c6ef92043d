import datetime as dt

import pytest
from django.utils import timezone

from openday.campaigns.enums import CampaignPhase
from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.jobs import first_workday, month_start_due, run_due_jobs
from openday.reminders.models import Delivery, Notification


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.strptime(text, "%Y-%m-%d %H:%M"))  # noqa: DTZ007


JUNE_1 = at("2023-06-01 08:00")
CAMPAIGN = "《天心区2023年“政务公开主题日”活动实施方案》"


def test_month_start_lists_the_units_activities_deadlines_and_requirements(world):
    run_due_jobs(JUNE_1)

    notification = Notification.objects.get(recipient=world.jiaoyu_liaison)
    assert notification.occasion == f"month-start:2023-06:unit-{world.jiaoyu.pk}"
    assert notification.title == "6月主题日活动提醒：区教育局本月2场"
    assert (notification.item_type, notification.item_id) == ("orgs.unit", world.jiaoyu.pk)
    assert notification.region == world.region
    assert notification.link == "/staff/"
    assert notification.read_at is None
    assert notification.body == "\n".join(
        [
            "区教育局2023年6月承办的主题日活动共2场。",
            "",
            CAMPAIGN,
            "1. 教育政策进校园（6月，2023-06-15）",
            "   方案报备截止 2023-06-08",
            "2. 医保政策宣讲（5—7月，日期待定）",
            "活动要求：",
            "- 现场工作人员不少于3人",
            "- 会标：天心区教育局2023年政务公开主题日活动",
        ]
    )


def test_month_start_queues_one_inbox_delivery_per_notification(world):
    queued = run_due_jobs(JUNE_1)

    assert len(queued) == 4
    assert {d.channel for d in Delivery.objects.all()} == {Channel.INBOX}
    assert Delivery.objects.filter(state=DeliveryState.PENDING).count() == 4


def test_running_again_for_the_same_moment_records_nothing_new(world):
    assert len(run_due_jobs(JUNE_1)) == 4

    assert run_due_jobs(JUNE_1) == []
    # Later that month the month start is still due (a missed tick catches up), but done.
    assert run_due_jobs(at("2023-06-20 09:00"), only=["month-start"]) == []
    assert Notification.objects.filter(recipient=world.jiaoyu_liaison).count() == 1
    assert Delivery.objects.count() == 4


def test_a_group_host_reaches_every_street_liaison(world):
    run_due_jobs(JUNE_1)

    for user, unit in [
        (world.chengnan_liaison, world.chengnan),
        (world.poyang_liaison, world.poyang),
    ]:
        notification = Notification.objects.get(recipient=user)
        assert notification.title == f"6月主题日活动提醒：{unit.name}本月1场"
        assert "4. 街道开放日（6月，日期待定）" in notification.body
        assert f"- 会标：{unit.name}2023年政务公开主题日活动" in notification.body


def test_before_eight_on_day_one_nothing_is_due(world):
    assert run_due_jobs(at("2023-06-01 07:59")) == []
    assert not Notification.objects.exists()


def test_a_unit_with_nothing_that_month_gets_no_notification(world):
    run_due_jobs(at("2023-07-03 08:00"), only=["month-start"])

    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "jiaoyu",
        "yibao",
    }


@pytest.mark.parametrize("phase", [CampaignPhase.DRAFT, CampaignPhase.CLOSED])
def test_only_running_campaigns_count(world, phase):
    world.campaign.phase = phase
    world.campaign.save(update_fields=["phase"])

    assert run_due_jobs(JUNE_1) == []


@pytest.mark.parametrize(
    ("year", "month", "first"),
    [
        (2023, 6, dt.date(2023, 6, 1)),  # a Thursday
        (2023, 7, dt.date(2023, 7, 3)),  # the 1st is a Saturday
        (2023, 10, dt.date(2023, 10, 7)),  # 1–6 National Day, the 7th a 调休 Saturday
        (2024, 1, dt.date(2024, 1, 2)),  # 元旦 on the Monday
        (2024, 5, dt.date(2024, 5, 6)),  # 劳动节 1–5 May
    ],
)
def test_first_working_day_of_the_month(db, year, month, first):
    assert first_workday(year, month) == first


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        ("2023-06-01 07:59", False),
        ("2023-06-01 08:00", True),
        ("2023-06-30 23:59", True),
        ("2023-07-01 08:00", False),
        ("2023-07-02 20:00", False),
        ("2023-07-03 07:59", False),
        ("2023-07-03 08:00", True),
        ("2023-07-31 23:59", True),
        ("2023-10-01 08:00", False),
        ("2023-10-06 12:00", False),
        ("2023-10-07 08:00", True),
        ("2023-10-31 08:00", True),
    ],
)
def test_month_start_is_due_from_eight_on_the_first_working_day(db, moment, due):
    assert month_start_due(at(moment)) is due


def test_month_start_waits_for_the_first_working_day_then_catches_up(world):
    assert run_due_jobs(at("2023-07-01 08:00"), only=["month-start"]) == []
    assert run_due_jobs(at("2023-07-02 08:00"), only=["month-start"]) == []

    queued = run_due_jobs(at("2023-07-05 10:00"), only=["month-start"])

    assert sorted(q.notification.occasion for q in queued) == [
        f"month-start:2023-07:unit-{world.jiaoyu.pk}",
        f"month-start:2023-07:unit-{world.yibao.pk}",
    ]
