"""The activity lifecycle through its services: every transition, each refusal, the history."""

import datetime as dt

import pytest

from openday.activities import lifecycle
from openday.activities.enums import ActivityState as S
from openday.activities.enums import DeadlineKind
from openday.activities.models import ActivityEvent, NoticeSubmission
from openday.activities.services import (
    activity_accept,
    activity_announce,
    activity_cancel,
    activity_file,
    activity_mark_held,
    activity_postpone,
    activity_publish,
    activity_report,
    activity_return,
    activity_schedule,
    notice_approve,
)
from openday.campaigns.services import campaign_set_rules
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import Role, UnitGroup, UnitKind
from tests.activities.materials import filing_input, notice_input, report_input
from tests.factories import (
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    campaign = CampaignFactory(year=2023, region=RegionFactory(name="浏阳市"))
    campaign_set_rules(
        campaign=campaign,
        filing_lead_days=5,
        filing_lead_working=True,
        report_due_days=5,
        report_due_working=True,
        publicity_due_days=3,
        publicity_due_working=False,
    )
    return campaign


@pytest.fixture
def admin(campaign):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user


@pytest.fixture
def activity(campaign):
    activity = ActivityFactory(campaign=campaign, month_start=10, month_end=10)
    ActivityHostFactory(activity=activity)
    return activity


@pytest.fixture
def liaison(activity):
    unit = activity.hosts.get().unit
    return MembershipFactory(
        role=Role.UNIT_LIAISON, region=activity.campaign.region, unit=unit
    ).user


def test_the_whole_lifecycle_records_each_step(activity, liaison, admin):
    activity_schedule(
        actor=liaison,
        activity=activity,
        on=dt.date(2023, 10, 12),
        start_time=dt.time(9),
        venue="市政务服务中心",
    )
    activity_file(actor=liaison, activity=activity, filing=filing_input(), on=dt.date(2023, 9, 28))
    # The campaign asks for review (the default): the unit hands the notice in, the office
    # approves it, and that approval is the lifecycle's "announce".
    activity_announce(actor=liaison, activity=activity, notice=notice_input(activity))
    notice_approve(actor=admin, activity=activity)
    activity_mark_held(actor=liaison, activity=activity, today=dt.date(2023, 10, 12))
    activity_report(
        actor=liaison,
        activity=activity,
        report=report_input(dt.date(2023, 10, 12)),
        on=dt.date(2023, 10, 16),
        today=dt.date(2023, 10, 16),
    )
    activity_accept(actor=admin, activity=activity, comment="材料齐全")
    activity_publish(actor=admin, activity=activity)

    assert activity.state == S.PUBLISHED
    events = list(ActivityEvent.objects.filter(activity=activity).order_by("id"))
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in events] == [
        ("schedule", S.PLANNED, S.SCHEDULED, liaison),
        ("file", S.SCHEDULED, S.FILED, liaison),
        ("notice_submit", S.FILED, S.FILED, liaison),
        ("announce", S.FILED, S.ANNOUNCED, admin),
        ("hold", S.ANNOUNCED, S.HELD, liaison),
        ("report", S.HELD, S.REPORTED, liaison),
        ("accept", S.REPORTED, S.ACCEPTED, admin),
        ("publish", S.ACCEPTED, S.PUBLISHED, admin),
    ]
    assert events[0].data == {"scheduled_on": "2023-10-12", "venue": "市政务服务中心"}
    assert events[1].data == {
        "filed_on": "2023-09-28",
        "document": "活动方案.docx",
        "leader": "张副局长",
        "section": "政务公开科",
        "person": "李明",
    }
    submission = NoticeSubmission.objects.get(activity=activity)
    assert events[2].data == {"submission": submission.pk, "venue": "区政务服务中心一楼大厅"}
    assert events[3].data == {"submission": submission.pk, "venue": "区政务服务中心一楼大厅"}
    assert events[5].data == {
        "reported_on": "2023-10-16",
        "headcount": 120,
        "media_count": 1,
        "photo_count": 1,
    }
    assert AuditEntry.objects.filter(action__startswith="activity.").count() == 8


def test_deadlines_follow_the_scheduled_and_held_dates(activity, liaison):
    # 5 working days before Thursday 2023-10-12, across the National Day holiday (10-01..06
    # off, 10-07 and 10-08 make-up working days): 10-11, 10-10, 10-09, 10-08, 10-07.
    activity_schedule(actor=liaison, activity=activity, on=dt.date(2023, 10, 12))
    deadlines = {d.kind: d for d in activity.deadlines.all()}
    assert set(deadlines) == {DeadlineKind.FILING, DeadlineKind.HOLD}
    assert deadlines[DeadlineKind.FILING].due_on == dt.date(2023, 10, 7)
    assert deadlines[DeadlineKind.FILING].provisional is False
    # Confirming it was held: the next working day after Thursday 10-12.
    assert deadlines[DeadlineKind.HOLD].due_on == dt.date(2023, 10, 13)

    activity_file(actor=liaison, activity=activity, filing=filing_input(), on=dt.date(2023, 10, 8))
    activity_mark_held(actor=liaison, activity=activity, today=dt.date(2023, 10, 12))
    deadlines = {d.kind: d for d in activity.deadlines.all()}
    # Report: 5 working days after Thursday 10-12 → 10-13, 16, 17, 18, 19.
    assert deadlines[DeadlineKind.REPORT].due_on == dt.date(2023, 10, 19)
    # Publicity: 3 calendar days.
    assert deadlines[DeadlineKind.PUBLICITY].due_on == dt.date(2023, 10, 15)
    assert deadlines[DeadlineKind.FILING].done_on == dt.date(2023, 10, 8)
    assert deadlines[DeadlineKind.HOLD].done_on == dt.date(2023, 10, 12)


@pytest.mark.parametrize(
    ("state", "target", "message"),
    [
        (S.PLANNED, S.REPORTED, "活动尚未开展，不能报送材料"),
        (S.SCHEDULED, S.REPORTED, "活动尚未开展，不能报送材料"),
        (S.HELD, S.PUBLISHED, "活动材料尚未审核通过，不能发布"),
        (S.REPORTED, S.PUBLISHED, "活动材料尚未审核通过，不能发布"),
        (S.PLANNED, S.FILED, "活动还没有确定日期，不能报备方案"),
        (S.HELD, S.ACCEPTED, "活动材料尚未报送，不能审核"),
        (S.CANCELLED, S.SCHEDULED, "活动已取消，不能再办理"),
        (S.PUBLISHED, S.CANCELLED, "活动已发布，不能再办理"),
        (S.HELD, S.CANCELLED, "活动已开展或已取消，不能再取消"),
        (S.HELD, S.POSTPONED, "只有已定日期、尚未开展的活动可以延期"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(
    activity, admin, state, target, message
):
    activity.state = state
    activity.save()
    actions = {
        S.REPORTED: lambda: activity_report(
            actor=admin, activity=activity, report=report_input(dt.date(2023, 10, 12))
        ),
        S.PUBLISHED: lambda: activity_publish(actor=admin, activity=activity),
        S.FILED: lambda: activity_file(actor=admin, activity=activity, filing=filing_input()),
        S.ACCEPTED: lambda: activity_accept(actor=admin, activity=activity),
        S.SCHEDULED: lambda: activity_schedule(
            actor=admin, activity=activity, on=dt.date(2023, 10, 12)
        ),
        S.CANCELLED: lambda: activity_cancel(actor=admin, activity=activity, reason="天气"),
        S.POSTPONED: lambda: activity_postpone(
            actor=admin, activity=activity, new_date=dt.date(2023, 11, 1), reason="天气"
        ),
    }
    with pytest.raises(DomainError) as excinfo:
        actions[target]()
    assert excinfo.value.message == message
    activity.refresh_from_db()
    assert activity.state == state
    assert not ActivityEvent.objects.filter(activity=activity).exists()


def test_every_pair_of_states_is_either_in_the_table_or_refused_with_a_reason():
    for current in S.values:
        for target in S.values:
            if not lifecycle.can_move(current, target):
                assert lifecycle.refusal(current, target)


def test_postponing_keeps_the_old_date_in_the_history_and_reopens_filing(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=dt.date(2023, 10, 12))
    activity_file(actor=liaison, activity=activity, filing=filing_input(), on=dt.date(2023, 9, 28))
    activity_postpone(
        actor=liaison, activity=activity, new_date=dt.date(2023, 11, 16), reason="与防汛工作冲突"
    )

    assert (activity.state, activity.scheduled_on) == (S.POSTPONED, dt.date(2023, 11, 16))
    event = activity.events.get(action="postpone")
    assert (event.comment, event.data) == (
        "与防汛工作冲突",
        {"from": "2023-10-12", "to": "2023-11-16"},
    )
    filing = activity.deadlines.get(kind=DeadlineKind.FILING)
    assert (filing.due_on, filing.done_on) == (dt.date(2023, 11, 9), None)
    activity_file(actor=liaison, activity=activity, filing=filing_input(), on=dt.date(2023, 11, 8))
    assert activity.state == S.FILED
    assert activity.filings.count() == 2


@pytest.mark.parametrize(
    ("scheduled", "call", "message"),
    [
        (
            True,
            lambda a, u: activity_postpone(
                actor=u, activity=a, new_date=dt.date(2023, 11, 1), reason="  "
            ),
            "请填写延期原因。",
        ),
        (
            True,
            lambda a, u: activity_postpone(
                actor=u, activity=a, new_date=dt.date(2023, 10, 12), reason="天气"
            ),
            "新日期与原定日期相同。",
        ),
        (False, lambda a, u: activity_cancel(actor=u, activity=a, reason=""), "请填写取消原因。"),
        (
            False,
            lambda a, u: activity_schedule(actor=u, activity=a, on=dt.date(2024, 1, 5)),
            "日期 2024-01-05 不在 2023 年内。",
        ),
        (
            False,
            lambda a, u: activity_schedule(
                actor=u,
                activity=a,
                on=dt.date(2023, 10, 5),
                start_time=dt.time(10),
                end_time=dt.time(9),
            ),
            "结束时间应晚于开始时间。",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(activity, admin, scheduled, call, message):
    if scheduled:
        activity_schedule(actor=admin, activity=activity, on=dt.date(2023, 10, 12))
    state = activity.state
    with pytest.raises(DomainError) as excinfo:
        call(activity, admin)
    assert excinfo.value.message == message
    activity.refresh_from_db()
    assert activity.state == state


def test_holding_in_the_future_is_refused(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=dt.date(2023, 10, 12))
    with pytest.raises(DomainError, match="开展日期 2023-10-12 还没有到"):
        activity_mark_held(actor=liaison, activity=activity, today=dt.date(2023, 10, 11))


def test_a_returned_report_is_due_again(activity, liaison, admin):
    activity_schedule(actor=liaison, activity=activity, on=dt.date(2023, 10, 12))
    activity_mark_held(actor=liaison, activity=activity, today=dt.date(2023, 10, 12))
    activity_report(
        actor=liaison,
        activity=activity,
        report=report_input(dt.date(2023, 10, 12)),
        on=dt.date(2023, 10, 13),
        today=dt.date(2023, 10, 13),
    )
    with pytest.raises(DomainError, match="请填写退回原因"):
        activity_return(actor=admin, activity=activity, comment="")
    activity_return(actor=admin, activity=activity, comment="缺少活动照片")
    assert activity.state == S.HELD
    assert activity.deadlines.get(kind=DeadlineKind.REPORT).done_on is None


def test_confirming_a_reported_activity_held_is_not_a_return_in_disguise(activity, admin):
    # (reported, held) is "return" in the table: it needs a reason and tells the hosts, so
    # the hold action may not take that path, and returning may not confirm a held date.
    activity_schedule(actor=admin, activity=activity, on=dt.date(2023, 10, 12))
    with pytest.raises(DomainError, match="活动材料尚未报送，不能退回修改"):
        activity_return(actor=admin, activity=activity, comment="退回")
    activity_mark_held(actor=admin, activity=activity, today=dt.date(2023, 10, 12))
    activity_report(
        actor=admin,
        activity=activity,
        report=report_input(dt.date(2023, 10, 12)),
        on=dt.date(2023, 10, 13),
        today=dt.date(2023, 10, 13),
    )
    audit_count = AuditEntry.objects.count()

    with pytest.raises(DomainError, match="活动已是“已报送材料”状态，不能再确认开展"):
        activity_mark_held(actor=admin, activity=activity, today=dt.date(2023, 10, 14))

    activity.refresh_from_db()
    assert activity.state == S.REPORTED
    assert AuditEntry.objects.count() == audit_count
    assert not ActivityEvent.objects.filter(activity=activity, action="return").exists()


def test_a_liaison_of_another_unit_cannot_act(activity, campaign):
    other = MembershipFactory(
        role=Role.UNIT_LIAISON, region=campaign.region, unit=UnitFactory(region=campaign.region)
    ).user
    with pytest.raises(PermissionDenied):
        activity_schedule(actor=other, activity=activity, on=dt.date(2023, 10, 12))


def test_an_admin_of_another_region_cannot_act(activity):
    stranger = MembershipFactory(role=Role.OFFICE_ADMIN).user
    with pytest.raises(PermissionDenied):
        activity_schedule(actor=stranger, activity=activity, on=dt.date(2023, 10, 12))


def test_a_liaison_may_not_accept_or_publish(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=dt.date(2023, 10, 12))
    activity_mark_held(actor=liaison, activity=activity, today=dt.date(2023, 10, 12))
    activity_report(actor=liaison, activity=activity, report=report_input(dt.date(2023, 10, 12)))
    with pytest.raises(PermissionDenied, match="审核通过"):
        activity_accept(actor=liaison, activity=activity)


def test_a_street_liaison_acts_on_an_activity_hosted_by_every_street(campaign):
    activity = ActivityFactory(campaign=campaign, month_start=6, month_end=6)
    ActivityHostFactory(
        activity=activity, unit=None, group=UnitGroup.ALL_STREETS, text="各街道办事处"
    )
    street = UnitFactory(region=campaign.region, name="城南路街道办事处", kind=UnitKind.STREET)
    liaison = MembershipFactory(role=Role.UNIT_LIAISON, region=campaign.region, unit=street).user
    activity_schedule(actor=liaison, activity=activity, on=dt.date(2023, 6, 16))
    assert activity.state == S.SCHEDULED
