"""Review of a unit's 活动预告, withdrawal, corrections (更正), public photos and 督办, through
their services: each move, each refusal, and what the history and the audit log keep."""

import datetime as dt

import pytest

from openday.activities.enums import ActivityState as S
from openday.activities.enums import CorrectionTarget, NoticeReview
from openday.activities.models import (
    ActivityEvent,
    ActivityNotice,
    NoticeSubmission,
    PublicCorrection,
    ReportPhoto,
)
from openday.activities.services import (
    PhotoChoice,
    activity_accept,
    activity_announce,
    activity_cancel,
    activity_mark_held,
    activity_postpone,
    activity_publish,
    activity_report,
    activity_return,
    activity_schedule,
    activity_urge,
    notice_approve,
    notice_correct,
    notice_return,
    notice_withdraw,
    report_correct,
    report_photos_set,
    report_withdraw,
)
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_rules
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from tests.activities.conftest import make_user
from tests.activities.materials import notice_input, processed_photos, report_input
from tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date
HELD = D(2023, 10, 12)
TODAY = D(2023, 10, 16)


def version(activity) -> int:
    return Campaign.objects.get(pk=activity.campaign_id).content_version


def history(activity) -> list[tuple]:
    return [
        (e.action, e.from_state, e.to_state, e.comment)
        for e in ActivityEvent.objects.filter(activity=activity).order_by("id")
    ]


@pytest.fixture
def scheduled(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=HELD)
    return activity


@pytest.fixture
def submitted(scheduled, liaison):
    return activity_announce(actor=liaison, activity=scheduled, notice=notice_input(scheduled))


@pytest.fixture
def announced(submitted, admin):
    return notice_approve(actor=admin, activity=submitted)


@pytest.fixture
def published(scheduled, liaison, admin):
    activity_mark_held(actor=liaison, activity=scheduled, today=HELD)
    activity_report(
        actor=liaison,
        activity=scheduled,
        report=report_input(HELD, photos=processed_photos(3), summary="群众代表现场体验。"),
        on=TODAY,
        today=TODAY,
    )
    activity_accept(actor=admin, activity=scheduled)
    return activity_publish(actor=admin, activity=scheduled)


# --- Review of the notice -------------------------------------------------------------------


def test_a_units_notice_waits_for_review_and_nothing_public_changes(scheduled, liaison):
    before = version(scheduled)

    activity_announce(actor=liaison, activity=scheduled, notice=notice_input(scheduled))

    scheduled.refresh_from_db()
    assert (scheduled.state, scheduled.venue) == (S.SCHEDULED, "")
    assert not ActivityNotice.objects.exists()
    submission = NoticeSubmission.objects.get()
    assert (submission.review, submission.venue, submission.submitted_by) == (
        NoticeReview.SUBMITTED,
        "区政务服务中心一楼大厅",
        liaison,
    )
    assert history(scheduled)[-1] == ("notice_submit", S.SCHEDULED, S.SCHEDULED, "")
    assert AuditEntry.objects.filter(action="activity.notice_submit").count() == 1
    assert version(scheduled) == before


def test_approval_publishes_the_notice_as_the_lifecycles_announce(submitted, admin):
    before = version(submitted)

    notice_approve(actor=admin, activity=submitted, comment="同意发布")

    submitted.refresh_from_db()
    assert (submitted.state, submitted.venue, submitted.start_time) == (
        S.ANNOUNCED,
        "区政务服务中心一楼大厅",
        dt.time(9, 30),
    )
    notice = ActivityNotice.objects.get()
    assert (notice.theme, notice.withdrawn_at) == ("“一网通办”现场体验", None)
    submission = NoticeSubmission.objects.get()
    assert (submission.review, submission.reviewed_by) == (NoticeReview.APPROVED, admin)
    assert history(submitted)[-1] == ("announce", S.SCHEDULED, S.ANNOUNCED, "同意发布")
    assert version(submitted) > before


def test_a_return_keeps_the_comment_and_the_unit_resubmits_the_same_notice(
    submitted, admin, liaison
):
    notice_return(actor=admin, activity=submitted, comment="请补充报名截止时间")

    submission = NoticeSubmission.objects.get()
    assert (submission.review, submission.comment) == (NoticeReview.RETURNED, "请补充报名截止时间")
    assert history(submitted)[-1] == (
        "notice_return",
        S.SCHEDULED,
        S.SCHEDULED,
        "请补充报名截止时间",
    )
    assert not ActivityNotice.objects.exists()

    activity_announce(
        actor=liaison,
        activity=submitted,
        notice=notice_input(submitted, signup="电话报名，10月10日截止，名额 30 人"),
    )

    again = NoticeSubmission.objects.get()
    assert (again.pk, again.review, again.signup) == (
        submission.pk,
        NoticeReview.SUBMITTED,
        "电话报名，10月10日截止，名额 30 人",
    )
    notice_approve(actor=admin, activity=submitted)
    assert ActivityNotice.objects.get().signup == "电话报名，10月10日截止，名额 30 人"


def test_with_the_rule_off_the_units_notice_goes_public_at_once(scheduled, liaison):
    campaign_set_rules(campaign=scheduled.campaign, notice_review_required=False)

    activity_announce(actor=liaison, activity=scheduled, notice=notice_input(scheduled))

    scheduled.refresh_from_db()
    assert scheduled.state == S.ANNOUNCED
    assert ActivityNotice.objects.exists()
    assert not NoticeSubmission.objects.exists()
    assert [h[0] for h in history(scheduled)] == ["schedule", "announce"]


def test_the_offices_own_notice_goes_public_and_settles_a_waiting_one(submitted, admin):
    activity_announce(
        actor=admin, activity=submitted, notice=notice_input(submitted, venue="区政务服务中心二楼")
    )

    submitted.refresh_from_db()
    assert (submitted.state, ActivityNotice.objects.get().venue) == (
        S.ANNOUNCED,
        "区政务服务中心二楼",
    )
    assert NoticeSubmission.objects.get().review == NoticeReview.APPROVED


@pytest.mark.parametrize(
    "call",
    [
        lambda a, u: notice_approve(actor=u, activity=a),
        lambda a, u: notice_return(actor=u, activity=a, comment="自己退回"),
    ],
    ids=["approve", "return"],
)
def test_a_liaison_may_not_review_a_notice(submitted, liaison, call):
    with pytest.raises(PermissionDenied, match="只有本地区政务公开办可以审核活动预告"):
        call(submitted, liaison)

    assert NoticeSubmission.objects.get().review == NoticeReview.SUBMITTED
    assert not ActivityNotice.objects.exists()


def test_nothing_to_review_is_refused(scheduled, admin):
    with pytest.raises(DomainError, match="该活动没有待审核的活动预告"):
        notice_approve(actor=admin, activity=scheduled)
    with pytest.raises(DomainError, match="该活动没有待审核的活动预告"):
        notice_return(actor=admin, activity=scheduled, comment="退回")


def test_a_returned_notice_is_not_approved_until_resubmitted(submitted, admin):
    notice_return(actor=admin, activity=submitted, comment="请修改")

    with pytest.raises(DomainError, match="该活动没有待审核的活动预告"):
        notice_approve(actor=admin, activity=submitted)


def test_a_return_needs_its_reasons(submitted, admin):
    with pytest.raises(DomainError) as excinfo:
        notice_return(actor=admin, activity=submitted, comment="  ")

    assert (excinfo.value.field, excinfo.value.message) == ("comment", "请填写退回意见。")
    assert NoticeSubmission.objects.get().review == NoticeReview.SUBMITTED


def test_approval_is_refused_once_the_activity_was_held(submitted, admin, liaison):
    activity_mark_held(actor=liaison, activity=submitted, today=HELD)

    with pytest.raises(DomainError, match="活动已是“已开展”状态"):
        notice_approve(actor=admin, activity=submitted)

    assert not ActivityNotice.objects.exists()
    assert NoticeSubmission.objects.get().review == NoticeReview.SUBMITTED


def test_approval_after_a_postponement_asks_for_the_new_date(submitted, admin, liaison):
    activity_postpone(actor=liaison, activity=submitted, new_date=D(2023, 10, 26), reason="改期")

    with pytest.raises(DomainError, match="与现定的活动日期（2023年10月26日）不一致"):
        notice_approve(actor=admin, activity=submitted)

    assert not ActivityNotice.objects.exists()


def test_a_notice_on_a_planned_activity_is_not_even_submitted(activity, liaison):
    with pytest.raises(DomainError, match="活动还没有确定日期"):
        activity_announce(actor=liaison, activity=activity, notice=notice_input(activity))

    assert not NoticeSubmission.objects.exists()


# --- Withdrawal -----------------------------------------------------------------------------


def test_withdrawing_a_notice_keeps_the_reason_and_the_state(announced, admin):
    before = version(announced)

    notice_withdraw(actor=admin, activity=announced, reason="活动地点待调整")

    notice = ActivityNotice.objects.get()
    assert notice.withdrawn_reason == "活动地点待调整"
    assert notice.withdrawn_at is not None
    announced.refresh_from_db()
    assert announced.state == S.ANNOUNCED
    assert history(announced)[-1] == (
        "notice_withdraw",
        S.ANNOUNCED,
        S.ANNOUNCED,
        "活动地点待调整",
    )
    entry = AuditEntry.objects.get(action="activity.notice_withdraw")
    assert entry.comment == "活动地点待调整"
    assert version(announced) > before


def test_a_withdrawn_notice_is_not_withdrawn_twice(announced, admin):
    notice_withdraw(actor=admin, activity=announced, reason="撤回")

    with pytest.raises(DomainError, match="该活动没有已发布的活动预告，不能撤回"):
        notice_withdraw(actor=admin, activity=announced, reason="再次撤回")


def test_withdrawing_a_report_takes_it_back_to_accepted(published, admin):
    report_withdraw(actor=admin, activity=published, reason="照片涉及个人隐私")

    published.refresh_from_db()
    assert published.state == S.ACCEPTED
    assert history(published)[-1] == ("withdraw", S.PUBLISHED, S.ACCEPTED, "照片涉及个人隐私")
    assert AuditEntry.objects.get(action="activity.withdraw").comment == "照片涉及个人隐私"
    # It can be published again once fixed.
    activity_publish(actor=admin, activity=published)
    assert published.state == S.PUBLISHED


@pytest.mark.parametrize("what", ["notice", "report"])
def test_a_liaison_may_not_withdraw(announced, published, liaison, what):
    call = notice_withdraw if what == "notice" else report_withdraw
    target = announced if what == "notice" else published

    with pytest.raises(PermissionDenied, match="只有本地区政务公开办可以撤回"):
        call(actor=liaison, activity=target, reason="不想公开")

    target.refresh_from_db()
    assert ActivityNotice.objects.get().withdrawn_at is None
    assert target.state == S.PUBLISHED


def test_withdrawing_an_unpublished_report_is_refused(scheduled, admin):
    with pytest.raises(DomainError, match="活动报道尚未发布，不能撤回"):
        report_withdraw(actor=admin, activity=scheduled, reason="撤回")


def test_withdrawal_needs_a_reason(announced, admin):
    with pytest.raises(DomainError) as excinfo:
        notice_withdraw(actor=admin, activity=announced, reason="")

    assert (excinfo.value.field, excinfo.value.message) == ("reason", "请填写撤回原因。")
    assert ActivityNotice.objects.get().withdrawn_at is None


def test_accepting_a_published_activity_is_not_a_withdrawal(published, admin):
    with pytest.raises(DomainError, match="活动已发布，不能再办理"):
        activity_accept(actor=admin, activity=published)

    published.refresh_from_db()
    assert published.state == S.PUBLISHED


# --- Corrections ----------------------------------------------------------------------------


def test_correcting_a_notice_keeps_the_words_before_and_after(announced, admin):
    before = version(announced)

    notice_correct(
        actor=admin,
        activity=announced,
        values={"venue": "区政务服务中心二楼", "contact": "0731-85123456"},
        note="活动地点调整",
    )

    assert ActivityNotice.objects.get().venue == "区政务服务中心二楼"
    announced.refresh_from_db()
    assert announced.venue == "区政务服务中心二楼"
    correction = PublicCorrection.objects.get()
    assert (correction.target, correction.actor, correction.note) == (
        CorrectionTarget.NOTICE,
        admin,
        "活动地点调整",
    )
    assert correction.changes == [
        {
            "field": "venue",
            "label": "活动地点",
            "before": "区政务服务中心一楼大厅",
            "after": "区政务服务中心二楼",
        }
    ]
    assert history(announced)[-1] == ("notice_correct", S.ANNOUNCED, S.ANNOUNCED, "活动地点调整")
    entry = AuditEntry.objects.get(action="activity.notice_correct")
    assert entry.after["before"] == {"venue": "区政务服务中心一楼大厅"}
    assert version(announced) > before


def test_correcting_a_report_changes_its_write_up(published, admin):
    report_correct(
        actor=admin,
        activity=published,
        values={"summary": "群众代表和企业代表现场体验。", "practices": "", "effects": ""},
    )

    correction = PublicCorrection.objects.get()
    assert (correction.target, correction.changes) == (
        CorrectionTarget.REPORT,
        [
            {
                "field": "summary",
                "label": "活动概况",
                "before": "群众代表现场体验。",
                "after": "群众代表和企业代表现场体验。",
            }
        ],
    )
    assert published.report.summary == "群众代表和企业代表现场体验。"


def test_correcting_an_unpublished_report_is_refused(scheduled, admin, liaison):
    activity_mark_held(actor=liaison, activity=scheduled, today=HELD)
    activity_report(
        actor=liaison, activity=scheduled, report=report_input(HELD), on=TODAY, today=TODAY
    )

    with pytest.raises(DomainError, match="活动报道尚未发布，不能更正"):
        report_correct(actor=admin, activity=scheduled, values={"summary": "改"})

    assert not PublicCorrection.objects.exists()


def test_correcting_an_unpublished_or_withdrawn_notice_is_refused(submitted, admin):
    with pytest.raises(DomainError, match="该活动没有已发布的活动预告，不能更正"):
        notice_correct(actor=admin, activity=submitted, values={"venue": "二楼"})

    notice_approve(actor=admin, activity=submitted)
    notice_withdraw(actor=admin, activity=submitted, reason="撤回")
    with pytest.raises(DomainError, match="该活动没有已发布的活动预告，不能更正"):
        notice_correct(actor=admin, activity=submitted, values={"venue": "二楼"})
    assert not PublicCorrection.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"venue": "区政务服务中心一楼大厅"}, None, "没有修改任何内容，无需发布更正。"),
        ({"venue": "  "}, "venue", "请填写活动地点。"),
        ({"end_time": dt.time(9)}, "end_time", "结束时间应晚于开始时间。"),
        ({"held_on": D(2023, 10, 20)}, "held_on", "活动日期不能更正；如需改期，请办理延期。"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(announced, admin, values, field, message):
    with pytest.raises(DomainError) as excinfo:
        notice_correct(actor=admin, activity=announced, values=values)

    assert (excinfo.value.field, excinfo.value.message) == (field, message)
    notice = ActivityNotice.objects.get()
    assert (notice.venue, notice.end_time) == ("区政务服务中心一楼大厅", dt.time(11, 30))
    assert not PublicCorrection.objects.exists()


def test_a_liaison_may_not_correct(announced, published, liaison):
    with pytest.raises(PermissionDenied):
        notice_correct(actor=liaison, activity=announced, values={"venue": "二楼"})
    with pytest.raises(PermissionDenied):
        report_correct(actor=liaison, activity=published, values={"summary": "改"})

    assert not PublicCorrection.objects.exists()


# --- Photos ---------------------------------------------------------------------------------


def test_the_office_chooses_the_public_photos_and_captions(published, admin):
    photos = list(ReportPhoto.objects.order_by("position"))
    before = version(published)

    report_photos_set(
        actor=admin,
        activity=published,
        choices=[
            PhotoChoice(photos[0].pk, True, " 群众代表现场体验 "),
            PhotoChoice(photos[1].pk, False, ""),
            PhotoChoice(photos[2].pk, True, ""),
        ],
    )

    assert [(p.public, p.caption) for p in ReportPhoto.objects.order_by("position")] == [
        (True, "群众代表现场体验"),
        (False, ""),
        (True, ""),
    ]
    event = ActivityEvent.objects.filter(activity=published).last()
    assert (event.action, event.data["public_photos"]) == ("photos", 2)
    assert version(published) > before


@pytest.mark.parametrize(
    ("choose", "message"),
    [
        (lambda ps: [PhotoChoice(p.pk, False) for p in ps], "请至少选择 1 张在专栏公开的照片。"),
        (
            lambda ps: [PhotoChoice(p.pk, True) for p in ps[:2]],
            "照片已有变化，请刷新页面后重新选择。",
        ),
        (
            lambda ps: [PhotoChoice(p.pk, True, "长" * 101) for p in ps],
            "第 1 张照片的说明不能超过 100 个字。",
        ),
    ],
)
def test_a_bad_photo_choice_is_refused_and_changes_nothing(published, admin, choose, message):
    photos = list(ReportPhoto.objects.order_by("position"))

    with pytest.raises(DomainError, match=message):
        report_photos_set(actor=admin, activity=published, choices=choose(photos))

    assert [(p.public, p.caption) for p in ReportPhoto.objects.all()] == [(True, "")] * 3


def test_a_liaison_may_not_choose_the_public_photos(published, liaison):
    photos = ReportPhoto.objects.order_by("position")
    with pytest.raises(PermissionDenied):
        report_photos_set(
            actor=liaison,
            activity=published,
            choices=[PhotoChoice(p.pk, False) for p in photos],
        )


def test_a_resubmitted_report_keeps_the_offices_photo_choice(scheduled, liaison, admin):
    activity_mark_held(actor=liaison, activity=scheduled, today=HELD)
    activity_report(
        actor=liaison,
        activity=scheduled,
        report=report_input(HELD, photos=processed_photos(2)),
        on=TODAY,
        today=TODAY,
    )
    first, second = ReportPhoto.objects.order_by("position")
    report_photos_set(
        actor=admin,
        activity=scheduled,
        choices=[PhotoChoice(first.pk, True, "现场"), PhotoChoice(second.pk, False)],
    )
    activity_return(actor=admin, activity=scheduled, comment="补充媒体报道")
    activity_report(
        actor=liaison,
        activity=scheduled,
        report=report_input(HELD, photos=[], keep_photo_ids=[first.pk, second.pk]),
        on=TODAY,
        today=TODAY,
    )

    assert [(p.pk, p.public, p.caption) for p in ReportPhoto.objects.order_by("position")] == [
        (first.pk, True, "现场"),
        (second.pk, False, ""),
    ]


# --- 督办 -------------------------------------------------------------------------------------


def test_urging_records_the_message_for_the_unit(scheduled, admin, host_unit):
    activity_urge(actor=admin, activity=scheduled, unit=host_unit, message="请于10月9日前报备方案")

    event = ActivityEvent.objects.filter(activity=scheduled).last()
    assert (event.action, event.from_state, event.to_state, event.comment, event.data) == (
        "urge",
        S.SCHEDULED,
        S.SCHEDULED,
        "请于10月9日前报备方案",
        {"unit": host_unit.pk, "unit_name": "区政务服务中心"},
    )
    entry = AuditEntry.objects.get(action="activity.urge")
    assert (entry.comment, entry.after["unit"], entry.after["event"]) == (
        "请于10月9日前报备方案",
        host_unit.pk,
        event.pk,
    )


def test_a_liaison_may_not_urge(scheduled, liaison, host_unit):
    with pytest.raises(PermissionDenied, match="只有本地区政务公开办可以督办"):
        activity_urge(actor=liaison, activity=scheduled, unit=host_unit, message="催一下")

    assert not AuditEntry.objects.filter(action="activity.urge").exists()


def test_urging_a_unit_that_is_not_a_host_is_refused(scheduled, admin, region):
    other = UnitFactory(region=region, name="区教育局")
    MembershipFactory(role=Role.UNIT_LIAISON, region=region, unit=other)

    with pytest.raises(DomainError) as excinfo:
        activity_urge(actor=admin, activity=scheduled, unit=other, message="请办理")

    assert (excinfo.value.field, excinfo.value.message) == (
        "unit",
        "区教育局不是该活动的责任单位。",
    )


def test_urging_a_unit_without_a_liaison_says_it_would_reach_no_one(activity, admin, host_unit):
    with pytest.raises(DomainError) as excinfo:
        activity_urge(actor=admin, activity=activity, unit=host_unit, message="请确定日期")

    assert excinfo.value.message == (
        "区政务服务中心还没有联络员，督办无法送达；请先为该单位添加联络员。"
    )
    # An inactive liaison does not count either.
    MembershipFactory(
        role=Role.UNIT_LIAISON,
        region=host_unit.region,
        unit=host_unit,
        user=UserFactory(is_active=False),
    )
    with pytest.raises(DomainError, match="还没有联络员"):
        activity_urge(actor=admin, activity=activity, unit=host_unit, message="请确定日期")


@pytest.mark.parametrize(
    ("message", "field", "error"),
    [
        ("  ", "message", "请填写督办内容。"),
        ("长" * 1001, "message", "督办内容不能超过 1000 个字。"),
    ],
)
def test_urging_needs_a_message(scheduled, admin, host_unit, message, field, error):
    with pytest.raises(DomainError) as excinfo:
        activity_urge(actor=admin, activity=scheduled, unit=host_unit, message=message)

    assert (excinfo.value.field, excinfo.value.message) == (field, error)


def test_urging_a_finished_activity_or_a_closed_year_is_refused(scheduled, admin, host_unit):
    activity_cancel(actor=admin, activity=scheduled, reason="天气原因")
    with pytest.raises(DomainError, match="活动已取消，不需要督办"):
        activity_urge(actor=admin, activity=scheduled, unit=host_unit, message="请办理")

    Campaign.objects.filter(pk=scheduled.campaign_id).update(phase=CampaignPhase.CLOSED)
    scheduled.refresh_from_db()
    with pytest.raises(DomainError, match="年度已结束，不能再督办"):
        activity_urge(actor=admin, activity=scheduled, unit=host_unit, message="请办理")


def test_another_regions_admin_may_do_none_of_it(announced, campaign, host_unit):
    stranger = make_user("other_region", campaign, host_unit)

    with pytest.raises(PermissionDenied):
        notice_withdraw(actor=stranger, activity=announced, reason="撤回")
    with pytest.raises(PermissionDenied):
        activity_urge(actor=stranger, activity=announced, unit=host_unit, message="请办理")


@pytest.mark.parametrize(
    "call",
    [
        lambda admin, a: notice_withdraw(actor=admin, activity=a, reason="信息有误"),
        lambda admin, a: notice_correct(actor=admin, activity=a, values={"venue": "新址"}),
        lambda admin, a: report_correct(actor=admin, activity=a, values={"summary": "更正"}),
        lambda admin, a: report_photos_set(actor=admin, activity=a, choices=[]),
        lambda admin, a: report_withdraw(actor=admin, activity=a, reason="信息有误"),
    ],
    ids=["notice_withdraw", "notice_correct", "report_correct", "photos", "report_withdraw"],
)
def test_a_closed_year_is_an_archive_nothing_is_withdrawn_or_corrected(published, admin, call):
    Campaign.objects.filter(pk=published.campaign_id).update(phase=CampaignPhase.CLOSED)
    published.refresh_from_db()
    entries = AuditEntry.objects.count()

    with pytest.raises(DomainError, match="年度已结束"):
        call(admin, published)

    assert AuditEntry.objects.count() == entries
    assert PublicCorrection.objects.count() == 0
