"""Event notices: a returned declaration, accepted or returned materials, the published plan.

Driven through the domain services; the notices are recorded only when the transaction
commits, so each test runs the on-commit callbacks with ``django_capture_on_commit_callbacks``.
"""

import contextlib
import datetime as dt

import pytest
from django.db import transaction

from openday.activities.enums import ActivityState
from openday.activities.models import Activity, ActivityEvent
from openday.activities.services import activity_accept, activity_return
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_rules
from openday.core.audit import listeners_of
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.declarations.enums import DeclarationState
from openday.declarations.services import (
    declaration_return,
    declaration_submit,
    declaration_window_open,
    plan_publish,
)
from openday.orgs.enums import Role, UnitKind
from openday.reminders import events
from openday.reminders.models import Notification
from openday.reminders.recipients import activity_host_memberships
from tests.factories import MembershipFactory, RegionFactory, UnitFactory
from tests.factories.declarations import DeclarationFactory, DeclarationItemFactory
from tests.reminders.conftest import liaison

D = dt.date
CAMPAIGN = "天心区2023年“政务公开主题日”活动实施方案"
HELD = D(2023, 6, 15)


class Rollback(Exception):
    pass


def rolled_back(action) -> None:
    """Run ``action`` in a transaction that is then rolled back."""
    with contextlib.suppress(Rollback), transaction.atomic():
        action()
        raise Rollback


def told() -> list[str]:
    """Who was told, one username per notice, in order."""
    return list(
        Notification.objects.order_by("recipient__username", "pk").values_list(
            "recipient__username", flat=True
        )
    )


def set_phase(campaign: Campaign, phase: str) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(phase=phase)
    campaign.refresh_from_db()


def set_state(activity: Activity, state: str, **fields) -> None:
    Activity.objects.filter(pk=activity.pk).update(state=state, **fields)
    activity.refresh_from_db()


@pytest.fixture
def admin(world):
    """The office admin, who is also liaison of 区教育局 (the office's own unit, say)."""
    user = liaison(world.jiaoyu, "admin")
    MembershipFactory(user=user, role=Role.OFFICE_ADMIN, region=world.region)
    return user


@pytest.fixture
def everyone(world, admin):
    """Besides the world's liaisons: a second 教育局 liaison, and a street liaison and an
    admin of 雨花区 next door, who never hear of 天心区's events."""
    world.jiaoyu_deputy = liaison(world.jiaoyu, "jiaoyu2")
    yuhua = RegionFactory(name="雨花区", slug="yuhua", parent=world.region.parent)
    street = UnitFactory(region=yuhua, name="侯家塘街道办事处", kind=UnitKind.STREET)
    world.stranger = liaison(street, "yuhua-street")
    world.stranger_admin = MembershipFactory(
        role=Role.OFFICE_ADMIN, region=yuhua, user__username="yuhua-admin"
    ).user
    return world


def test_the_reminders_listen_to_the_four_domain_events():
    actions = ["declaration.return", "activity.accept", "activity.return", "plan.publish"]

    assert {action: listeners_of(action) for action in actions} == {
        "declaration.return": (events.on_declaration_return,),
        "activity.accept": (events.on_activity_accept,),
        "activity.return": (events.on_activity_return,),
        "plan.publish": (events.on_plan_publish,),
    }


# --- 申报被退回 ----------------------------------------------------------------------------


@pytest.fixture
def submitted(everyone, admin):
    world = everyone
    set_phase(world.campaign, CampaignPhase.DRAFT)
    declaration_window_open(actor=admin, campaign=world.campaign, closes_on=D(2023, 3, 31))
    declaration = DeclarationFactory(
        campaign=world.campaign, unit=world.jiaoyu, state=DeclarationState.SUBMITTED
    )
    DeclarationItemFactory(declaration=declaration, seq=1, title="教育政策进校园")
    return declaration


def test_a_returned_declaration_tells_the_units_liaisons(
    submitted, admin, everyone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration_return(actor=admin, declaration=submitted, comment="活动简介过于简单。")

    entry = AuditEntry.objects.get(action="declaration.return")
    assert told() == ["jiaoyu", "jiaoyu2"]
    notification = Notification.objects.get(recipient=everyone.jiaoyu_liaison)
    assert notification.occasion == f"declaration-returned:{submitted.pk}:{entry.pk}"
    assert notification.title == f"《{CAMPAIGN}》主题申报被退回"
    assert notification.body == "\n".join(
        [
            "区教育局的主题申报被天心区政务公开办退回。",
            "退回意见：活动简介过于简单。",
            "请按退回意见修改后重新提交。",
            "申报截止日期：2023年3月31日（当天仍可提交）。",
        ]
    )
    assert notification.link == (
        f"/staff/campaigns/tianxin-2023/declarations/units/{everyone.jiaoyu.pk}/"
    )
    assert (notification.item_type, notification.item_id) == (
        "declarations.declaration",
        submitted.pk,
    )
    assert notification.region == everyone.region


@pytest.mark.parametrize(
    ("actor", "comment", "error"),
    [
        ("admin", "", DomainError),
        ("admin", "   ", DomainError),
        ("jiaoyu_liaison", "请修改。", PermissionDenied),
        ("stranger_admin", "请修改。", PermissionDenied),
    ],
)
def test_a_refused_return_tells_no_one(
    submitted, admin, everyone, actor, comment, error, django_capture_on_commit_callbacks
):
    who = admin if actor == "admin" else getattr(everyone, actor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(error):
        declaration_return(actor=who, declaration=submitted, comment=comment)

    assert callbacks == []
    assert told() == []


def test_a_return_rolled_back_tells_no_one(submitted, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rolled_back(
            lambda: declaration_return(actor=admin, declaration=submitted, comment="请修改。")
        )

    assert callbacks == []
    assert told() == []
    submitted.refresh_from_db()
    assert submitted.state == DeclarationState.SUBMITTED


def test_a_declaration_returned_twice_gives_two_notices(
    submitted, admin, everyone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration_return(actor=admin, declaration=submitted, comment="第一次意见。")
        declaration_submit(
            actor=everyone.jiaoyu_liaison, declaration=submitted, today=D(2023, 3, 20)
        )
        declaration_return(actor=admin, declaration=submitted, comment="第二次意见。")

    notices = list(Notification.objects.filter(recipient=everyone.jiaoyu_liaison).order_by("pk"))
    assert [n.body.splitlines()[1] for n in notices] == [
        "退回意见：第一次意见。",
        "退回意见：第二次意见。",
    ]
    assert len({n.occasion for n in notices}) == 2
    assert told() == ["jiaoyu", "jiaoyu", "jiaoyu2", "jiaoyu2"]


def test_recording_the_same_return_again_records_nothing(
    submitted, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration_return(actor=admin, declaration=submitted, comment="请修改。")
    entry = AuditEntry.objects.get(action="declaration.return")

    assert events.declaration_returned(submitted, "请修改。", entry=entry) == []
    assert told() == ["jiaoyu", "jiaoyu2"]


# --- 活动材料审核通过 / 被退回 --------------------------------------------------------------


@pytest.fixture
def reported(everyone):
    """2 (医保局 and 教育局) and 4 (every street) have reported; reports are due 5 working
    days after the activity."""
    world = everyone
    campaign_set_rules(campaign=world.campaign, report_due_days=5, report_due_working=True)
    world.campaign.refresh_from_db()
    for seq in (2, 4):
        set_state(
            Activity.objects.get(campaign=world.campaign, seq=seq),
            ActivityState.REPORTED,
            held_on=HELD,
        )
    world.medical = Activity.objects.get(campaign=world.campaign, seq=2)
    world.open_day = Activity.objects.get(campaign=world.campaign, seq=4)
    return world


def test_accepted_materials_tell_every_host_units_liaisons_but_not_the_admin(
    reported, admin, django_capture_on_commit_callbacks
):
    activity = reported.medical
    with django_capture_on_commit_callbacks(execute=True):
        activity_accept(actor=admin, activity=activity, comment="材料齐全。")

    event = ActivityEvent.objects.get(activity=activity, action="accept")
    assert AuditEntry.objects.get(action="activity.accept").after == {
        "state": "accepted",
        "event": event.pk,
    }
    assert told() == ["jiaoyu", "jiaoyu2", "yibao"]
    notification = Notification.objects.get(recipient=reported.yibao_liaison)
    assert notification.occasion == f"report-accepted:{event.pk}"
    assert notification.title == "活动材料审核通过：医保政策宣讲"
    assert notification.body == "\n".join(
        [f"《{CAMPAIGN}》第2项“医保政策宣讲”的活动材料已审核通过。", "审核意见：材料齐全。"]
    )
    assert notification.link == "/staff/campaigns/tianxin-2023/activities/2/"
    assert (notification.item_type, notification.item_id) == ("activities.activity", activity.pk)
    assert notification.region == reported.region


def test_returned_materials_of_a_group_host_tell_every_street_and_when_to_report(
    reported, admin, django_capture_on_commit_callbacks
):
    activity = reported.open_day
    with django_capture_on_commit_callbacks(execute=True):
        activity_return(actor=admin, activity=activity, comment="缺少活动照片。")

    event = ActivityEvent.objects.get(activity=activity, action="return")
    due = activity.deadlines.get(kind="report")
    assert (due.due_on, due.done_on) == (D(2023, 6, 25), None)
    assert told() == ["chengnan", "poyang"]
    notification = Notification.objects.get(recipient=reported.poyang_liaison)
    assert notification.occasion == f"report-returned:{event.pk}"
    assert notification.title == "活动材料被退回：街道开放日"
    assert notification.body == "\n".join(
        [
            f"《{CAMPAIGN}》第4项“街道开放日”的活动材料被退回。",
            "退回意见：缺少活动照片。",
            "请按退回意见修改后，于2023年6月25日前重新报送。",
        ]
    )
    assert notification.link == "/staff/campaigns/tianxin-2023/activities/4/"


def test_returned_materials_without_a_report_deadline_say_only_to_report_again(
    reported, admin, django_capture_on_commit_callbacks
):
    campaign_set_rules(campaign=reported.campaign, report_due_days=None)
    with django_capture_on_commit_callbacks(execute=True):
        activity_return(actor=admin, activity=reported.open_day, comment="缺少活动照片。")

    body = Notification.objects.get(recipient=reported.chengnan_liaison).body
    assert body.splitlines()[-1] == "请按退回意见修改后重新报送。"


@pytest.mark.parametrize(
    ("action", "actor", "comment", "error"),
    [
        ("return", "admin", "", DomainError),
        ("return", "chengnan_liaison", "缺少照片。", PermissionDenied),
        ("accept", "chengnan_liaison", "", PermissionDenied),
        ("accept", "stranger_admin", "", PermissionDenied),
        ("accept", "stranger", "", PermissionDenied),
    ],
)
def test_a_refused_review_of_materials_tells_no_one(
    reported, admin, action, actor, comment, error, django_capture_on_commit_callbacks
):
    who = admin if actor == "admin" else getattr(reported, actor)
    service = {"accept": activity_accept, "return": activity_return}[action]

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(error):
        service(actor=who, activity=reported.open_day, comment=comment)

    assert callbacks == []
    assert told() == []


def test_a_review_of_materials_in_the_wrong_state_tells_no_one(
    reported, admin, django_capture_on_commit_callbacks
):
    set_state(reported.open_day, ActivityState.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        activity_return(actor=admin, activity=reported.open_day, comment="缺少照片。")

    assert told() == []


@pytest.mark.parametrize("action", ["accept", "return"])
def test_a_review_of_materials_rolled_back_tells_no_one(
    reported, admin, action, django_capture_on_commit_callbacks
):
    service = {"accept": activity_accept, "return": activity_return}[action]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rolled_back(lambda: service(actor=admin, activity=reported.medical, comment="意见。"))

    assert callbacks == []
    assert told() == []


def test_materials_returned_twice_give_two_notices(
    reported, admin, django_capture_on_commit_callbacks
):
    activity = reported.medical
    with django_capture_on_commit_callbacks(execute=True):
        activity_return(actor=admin, activity=activity, comment="第一次意见。")
        set_state(activity, ActivityState.REPORTED)  # the hosts report again
        activity_return(actor=admin, activity=activity, comment="第二次意见。")

    notices = list(Notification.objects.filter(recipient=reported.yibao_liaison).order_by("pk"))
    assert [n.body.splitlines()[1] for n in notices] == [
        "退回意见：第一次意见。",
        "退回意见：第二次意见。",
    ]
    assert [n.occasion for n in notices] == [
        f"report-returned:{event.pk}"
        for event in ActivityEvent.objects.filter(activity=activity).order_by("pk")
    ]


def test_recording_the_same_review_again_records_nothing(
    reported, admin, django_capture_on_commit_callbacks
):
    activity = reported.medical
    with django_capture_on_commit_callbacks(execute=True):
        activity_return(actor=admin, activity=activity, comment="缺少照片。")
    event = ActivityEvent.objects.get(activity=activity)

    assert events.report_returned(activity, "缺少照片。", event=event) == []
    assert events.report_accepted(activity, event=event) != []  # another occasion
    assert events.report_accepted(activity, event=event) == []
    assert Notification.objects.filter(recipient=reported.yibao_liaison).count() == 2


# --- 活动计划已发布 ------------------------------------------------------------------------


@pytest.fixture
def planned(everyone):
    """The plan is compiled, not yet published; 区医保局's liaison also answers for 城南路街道;
    区财政局 hosts nothing; a former 坡子街街道 liaison's account is disabled."""
    world = everyone
    set_phase(world.campaign, CampaignPhase.PLANNING)
    MembershipFactory(
        user=world.yibao_liaison,
        role=Role.UNIT_LIAISON,
        region=world.region,
        unit=world.chengnan,
    )
    idle = UnitFactory(region=world.region, name="区财政局")
    world.idle_liaison = liaison(idle, "caizheng")
    gone = liaison(world.poyang, "poyang-gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    return world


def test_a_published_plan_tells_each_host_liaison_once_with_their_activities(
    planned, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(actor=admin, campaign=planned.campaign)

    entry = AuditEntry.objects.get(action="plan.publish")
    assert told() == ["chengnan", "jiaoyu", "jiaoyu2", "poyang", "yibao"]
    notification = Notification.objects.get(recipient=planned.jiaoyu_liaison)
    assert notification.occasion == f"plan-published:{planned.campaign.pk}:{entry.pk}"
    assert notification.title == f"《{CAMPAIGN}》活动计划已发布"
    assert notification.body == "\n".join(
        [
            f"《{CAMPAIGN}》活动计划已发布，共4场活动。",
            "",
            "区教育局承办3场：",
            "1. 教育政策进校园（6月）",
            "2. 医保政策宣讲（5-7月）",
            "3. 教育局七月活动（7月）",
        ]
    )
    assert notification.link == "/staff/campaigns/tianxin-2023/"
    assert (notification.item_type, notification.item_id) == (
        "campaigns.campaign",
        planned.campaign.pk,
    )
    assert notification.region == planned.region
    both = Notification.objects.get(recipient=planned.yibao_liaison).body
    assert both.splitlines()[1:] == [
        "",
        "区医保局承办1场：",
        "2. 医保政策宣讲（5-7月）",
        "",
        "城南路街道办事处承办1场：",
        "4. 街道开放日（6月）",
    ]


def test_plan_hosts_agree_with_each_activitys_liaisons(planned):
    expected = {
        (m.user.username, m.unit.name, activity.seq)
        for activity in Activity.objects.filter(campaign=planned.campaign)
        for m in activity_host_memberships(activity)
        if m.user.is_active
    }
    found = {
        (user.username, unit.name, activity.seq)
        for user, units in events.plan_hosts(planned.campaign).items()
        for unit, activities in units.items()
        for activity in activities
    }
    assert found == expected


@pytest.mark.parametrize(
    ("actor", "phase", "error"),
    [
        ("jiaoyu_liaison", CampaignPhase.PLANNING, PermissionDenied),
        ("stranger_admin", CampaignPhase.PLANNING, PermissionDenied),
        ("admin", CampaignPhase.RUNNING, DomainError),
    ],
)
def test_a_refused_publication_tells_no_one(
    planned, admin, actor, phase, error, django_capture_on_commit_callbacks
):
    set_phase(planned.campaign, phase)
    who = admin if actor == "admin" else getattr(planned, actor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(error):
        plan_publish(actor=who, campaign=planned.campaign)

    assert callbacks == []
    assert told() == []


def test_a_publication_rolled_back_tells_no_one(planned, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rolled_back(lambda: plan_publish(actor=admin, campaign=planned.campaign))

    assert callbacks == []
    assert told() == []


def test_recording_the_same_publication_again_records_nothing(
    planned, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan_publish(actor=admin, campaign=planned.campaign)
    entry = AuditEntry.objects.get(action="plan.publish")

    assert events.plan_published(planned.campaign, entry=entry) == []
    assert Notification.objects.count() == 5


# --- only after commit ---------------------------------------------------------------------


@pytest.fixture
def actions(submitted, reported, planned, admin):
    world = planned
    return {
        "declaration_return": lambda: declaration_return(
            actor=admin, declaration=submitted, comment="请修改。"
        ),
        "activity_accept": lambda: activity_accept(actor=admin, activity=world.medical),
        "activity_return": lambda: activity_return(
            actor=admin, activity=world.medical, comment="缺少照片。"
        ),
        "plan_publish": lambda: plan_publish(actor=admin, campaign=world.campaign),
    }


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("declaration_return", ["jiaoyu", "jiaoyu2"]),
        ("activity_accept", ["jiaoyu", "jiaoyu2", "yibao"]),
        ("activity_return", ["jiaoyu", "jiaoyu2", "yibao"]),
        ("plan_publish", ["chengnan", "jiaoyu", "jiaoyu2", "poyang", "yibao"]),
    ],
)
def test_nothing_is_recorded_until_the_transaction_commits(
    actions, action, expected, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        actions[action]()
        assert told() == []

    assert len(callbacks) == 1
    callbacks[0]()
    assert told() == expected


def test_a_long_title_is_clipped_to_fit(reported, admin, django_capture_on_commit_callbacks):
    Activity.objects.filter(pk=reported.medical.pk).update(title="长" * 300)
    reported.medical.refresh_from_db()
    Campaign.objects.filter(pk=reported.campaign.pk).update(title="题" * 255)
    set_phase(reported.campaign, CampaignPhase.PLANNING)
    with django_capture_on_commit_callbacks(execute=True):
        activity_accept(actor=admin, activity=reported.medical)
        plan_publish(actor=admin, campaign=reported.campaign)

    titles = Notification.objects.filter(recipient=reported.yibao_liaison).values_list(
        "title", flat=True
    )
    assert sorted(titles) == sorted(
        [f"活动材料审核通过：{'长' * 190}…", f"《{'题' * 190}…》活动计划已发布"]
    )
