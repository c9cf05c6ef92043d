"""督办 and the review of a 活动预告 reach people: the office's reminder about one activity reaches
the liaisons of the unit it names, each once, and no one else; a unit's notice handed in tells
the office; a notice the office returns tells the hosts' liaisons why. Driven through the
domain services; the notices are recorded when the transaction commits
(``django_capture_on_commit_callbacks``)."""

import datetime as dt

import pytest

from openday.activities.models import Activity, ActivityEvent
from openday.activities.services import (
    activity_announce,
    activity_schedule,
    activity_urge,
    notice_return,
)
from openday.core.audit import listeners_of
from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from openday.reminders import events
from openday.reminders.models import Delivery, Notification
from tests.activities.materials import notice_input
from tests.factories import MembershipFactory
from tests.reminders.conftest import liaison

CAMPAIGN = "天心区2023年“政务公开主题日”活动实施方案"


def told() -> list[str]:
    return list(
        Notification.objects.order_by("recipient__username", "pk").values_list(
            "recipient__username", flat=True
        )
    )


@pytest.fixture
def admin(world):
    return MembershipFactory(
        role=Role.OFFICE_ADMIN, region=world.region, user__username="office"
    ).user


@pytest.fixture
def medical(world):
    """Activity 2, hosted by 医保局 and 教育局 together."""
    world.jiaoyu_deputy = liaison(world.jiaoyu, "jiaoyu2")
    return Activity.objects.get(campaign=world.campaign, seq=2)


def test_the_reminders_listen_to_urge_and_the_notices_review():
    assert listeners_of("activity.urge") == (events.on_activity_urge,)
    assert listeners_of("activity.notice_submit") == (events.on_notice_submit,)
    assert listeners_of("activity.notice_return") == (events.on_notice_return,)


def test_urging_reaches_the_named_units_liaisons_once(
    world, medical, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        activity_urge(
            actor=admin, activity=medical, unit=world.jiaoyu, message="请于本周五前确定活动日期。"
        )

    # 教育局's two liaisons; not 医保局's, though it hosts the activity too.
    assert told() == ["jiaoyu", "jiaoyu2"]
    event = ActivityEvent.objects.get(activity=medical, action="urge")
    notification = Notification.objects.get(recipient=world.jiaoyu_liaison)
    assert notification.occasion == f"activity-urged:{event.pk}"
    assert notification.title == "督办：医保政策宣讲"
    assert notification.body == "\n".join(
        [
            f"天心区政务公开办就《{CAMPAIGN}》第2项“医保政策宣讲”向区教育局督办：",
            "请于本周五前确定活动日期。",
            "请尽快办理，并在工作台更新活动进展。",
        ]
    )
    assert notification.link == "/staff/campaigns/tianxin-2023/activities/2/"
    assert Delivery.objects.filter(notification=notification).exists()

    # Hearing of the same 督办 again (a rerun listener) records nothing more.
    entry = AuditEntry.objects.get(action="activity.urge")
    events.on_activity_urge(entry)
    assert told() == ["jiaoyu", "jiaoyu2"]


def test_each_urge_is_its_own_notice(world, medical, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        activity_urge(actor=admin, activity=medical, unit=world.yibao, message="请报备方案。")
    with django_capture_on_commit_callbacks(execute=True):
        activity_urge(actor=admin, activity=medical, unit=world.yibao, message="再次提醒。")

    assert told() == ["yibao", "yibao"]


def test_a_refused_urge_tells_no_one(world, medical, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(DomainError):
        activity_urge(actor=admin, activity=medical, unit=world.chengnan, message="请办理。")

    assert callbacks == []
    assert told() == []


def test_a_returned_notice_tells_the_hosts_liaisons_why(
    world, admin, django_capture_on_commit_callbacks
):
    first = Activity.objects.get(campaign=world.campaign, seq=1)
    activity_schedule(actor=admin, activity=first, on=dt.date(2023, 6, 15))
    with django_capture_on_commit_callbacks(execute=True):
        activity_announce(
            actor=world.jiaoyu_liaison, activity=first, notice=notice_input(first, host="区教育局")
        )

    # The office hears of the notice handed in.
    assert told() == ["office"]
    submitted = Notification.objects.get()
    assert (submitted.title, submitted.link) == (
        "活动预告待审核：教育政策进校园",
        "/staff/campaigns/tianxin-2023/activities/1/",
    )
    assert submitted.body.startswith(
        f"《{CAMPAIGN}》第1项“教育政策进校园”的活动预告已提交，请审核。"
    )

    with django_capture_on_commit_callbacks(execute=True):
        notice_return(actor=admin, activity=first, comment="请写明报名截止时间。")

    assert told() == ["jiaoyu", "office"]
    notification = Notification.objects.get(recipient=world.jiaoyu_liaison)
    assert notification.title == "活动预告被退回：教育政策进校园"
    assert notification.body == "\n".join(
        [
            f"《{CAMPAIGN}》第1项“教育政策进校园”的活动预告未通过审核，暂未在专栏公开。",
            "退回意见：请写明报名截止时间。",
            "请按退回意见修改后重新提交。",
        ]
    )
