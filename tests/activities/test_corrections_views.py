"""The staff pages of review, withdrawal, corrections, public photos and 督办, at the request
level: what the activity page offers to whom, what a post stores, and that a refused post
says why (400) and saves nothing. And the returned report: its page comes back filled, so the
liaison posts it again without retyping anything."""

import datetime as dt

import pytest
from django.urls import reverse

from openday.activities.enums import ActivityState as S
from openday.activities.enums import NoticeReview
from openday.activities.models import (
    ActivityNotice,
    MediaReport,
    NoticeSubmission,
    PublicCorrection,
    ReportAttachment,
    ReportPhoto,
)
from openday.activities.services import (
    activity_accept,
    activity_announce,
    activity_mark_held,
    activity_publish,
    activity_report,
    activity_return,
    activity_schedule,
    notice_approve,
)
from openday.core.models import AuditEntry
from tests.activities.conftest import make_user
from tests.activities.materials import attachment, notice_input, processed_photos, report_input
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db

D = dt.date
HELD = D(2023, 10, 12)
TODAY = D(2023, 10, 16)


def url(name: str, activity) -> str:
    return reverse(name, args=[activity.campaign.slug, activity.seq])


def detail(client, activity):
    response = client.get(url("staff:activity-detail", activity))
    assert response.status_code == 200
    return parse(response.content)


def office_forms(page) -> list[str]:
    return [text_of(h) for h in select(page, ".office-form h3")]


def summary(page) -> list[str]:
    return [text_of(li) for li in select(page, ".error-summary li")]


def form_data(page, form_selector: str) -> dict:
    """What the browser would post from the page's form as it stands (files aside)."""
    (form,) = select(page, form_selector)
    data: dict[str, list[str]] = {}
    for control in form.xpath(".//input|.//textarea|.//select"):
        name = control.get("name")
        kind = control.get("type", "")
        if not name or kind in ("file", "submit", "button"):
            continue
        if kind == "checkbox" and control.get("checked") is None:
            continue
        if control.tag == "textarea":
            value = control.text or ""
        elif control.tag == "select":
            chosen = control.xpath(".//option[@selected]") or control.xpath(".//option")
            value = chosen[0].get("value") if chosen else ""
        else:
            value = control.get("value", "on" if kind == "checkbox" else "")
        data.setdefault(name, []).append(value.strip("\n") if control.tag == "textarea" else value)
    return data


@pytest.fixture
def scheduled(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=HELD)
    return activity


@pytest.fixture
def submitted(scheduled, liaison):
    return activity_announce(actor=liaison, activity=scheduled, notice=notice_input(scheduled))


@pytest.fixture
def reported(scheduled, liaison):
    activity_mark_held(actor=liaison, activity=scheduled, today=HELD)
    activity_report(
        actor=liaison,
        activity=scheduled,
        report=report_input(HELD, photos=processed_photos(2), attachments=[attachment()]),
        on=TODAY,
        today=TODAY,
    )
    return scheduled


@pytest.fixture
def published(reported, admin):
    activity_accept(actor=admin, activity=reported)
    return activity_publish(actor=admin, activity=reported)


# --- Review of the notice -------------------------------------------------------------------


NOTICE = {
    "theme": "“一网通办”现场体验",
    "host": "区政务服务中心",
    "held_on": "2023-10-12",
    "start_time": "09:30",
    "end_time": "",
    "venue": "区政务服务中心一楼大厅",
    "audience": "企业代表、群众代表",
    "content": "现场体验。",
    "form": "现场观摩",
    "signup": "电话报名",
    "contact": "0731-85123456",
}


def test_a_liaison_submits_the_notice_for_review_through_the_page(client, scheduled, liaison):
    client.force_login(liaison)
    page = parse(client.get(url("staff:activity-announce", scheduled)).content)
    assert text_of(select(page, "form.action-page button.button-primary")[0]) == "提交审核"

    response = client.post(url("staff:activity-announce", scheduled), NOTICE, follow=True)

    assert response.redirect_chain[-1][1] == 302
    page = parse(response.content)
    assert text_of(select(page, ".alert-success p")[0]) == (
        "活动预告已提交，待政务公开办审核通过后在专栏公开。"
    )
    review = select(page, ".notice-review")[0]
    assert text_of(select(review, ".review-state")[0]) == "待审核"
    assert not ActivityNotice.objects.exists()
    scheduled.refresh_from_db()
    assert scheduled.state == S.SCHEDULED


def test_the_office_sees_the_review_forms_and_approves(client, submitted, admin):
    client.force_login(admin)
    page = detail(client, submitted)
    assert office_forms(page)[:2] == ["审核通过活动预告", "退回活动预告"]

    response = client.post(url("staff:activity-notice-approve", submitted), {"comment": ""})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == S.ANNOUNCED
    assert ActivityNotice.objects.get().venue == "区政务服务中心一楼大厅"


def test_a_return_without_reasons_is_refused_on_the_activity_page(client, submitted, admin):
    client.force_login(admin)

    response = client.post(url("staff:activity-notice-return", submitted), {"comment": ""})

    assert response.status_code == 400
    assert summary(parse(response.content)) == ["请填写退回意见。"]
    assert NoticeSubmission.objects.get().review == NoticeReview.SUBMITTED


def test_the_liaison_sees_the_return_and_fixes_the_notice(client, submitted, admin, liaison):
    client.force_login(admin)
    client.post(url("staff:activity-notice-return", submitted), {"comment": "请写明报名截止时间"})
    client.force_login(liaison)

    review = select(detail(client, submitted), ".notice-review")[0]
    assert text_of(select(review, ".review-state")[0]) == "已退回"
    assert text_of(select(review, ".review-comment")[0]) == "请写明报名截止时间"
    page = parse(client.get(url("staff:activity-announce", submitted)).content)
    assert text_of(select(page, ".review-returned p")[1]) == "退回意见：请写明报名截止时间"
    (venue,) = page.xpath("//input[@name='venue']")
    assert venue.get("value") == "区政务服务中心一楼大厅"

    data = {k: v[0] for k, v in form_data(page, "form.action-page").items()}
    data["signup"] = "电话报名，10月10日截止"
    assert client.post(url("staff:activity-announce", submitted), data).status_code == 302
    submission = NoticeSubmission.objects.get()
    assert (submission.review, submission.signup) == (NoticeReview.SUBMITTED, data["signup"])


def test_liaisons_and_viewers_get_no_office_panel(client, submitted, liaison, campaign, host_unit):
    viewer = make_user("viewer", campaign, host_unit)
    for user in (liaison, viewer):
        client.force_login(user)
        assert select(detail(client, submitted), ".office-panel") == []


# --- Withdrawal and corrections -------------------------------------------------------------


def test_the_office_withdraws_a_published_report(client, published, admin):
    client.force_login(admin)
    assert "撤回活动报道" in office_forms(detail(client, published))

    response = client.post(
        url("staff:activity-report-withdraw", published), {"reason": "照片涉及个人隐私"}
    )

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.state == S.ACCEPTED
    assert AuditEntry.objects.get(action="activity.withdraw").comment == "照片涉及个人隐私"


def test_withdrawing_an_unpublished_report_says_why(client, reported, admin):
    client.force_login(admin)

    response = client.post(url("staff:activity-report-withdraw", reported), {"reason": "撤回"})

    assert response.status_code == 400
    assert summary(parse(response.content)) == ["活动报道尚未发布，不能撤回"]


def test_the_notice_correction_page_is_filled_and_publishes_the_correction(
    client, submitted, admin
):
    notice_approve(actor=admin, activity=submitted)
    client.force_login(admin)
    page = parse(client.get(url("staff:activity-notice-correct", submitted)).content)
    data = {k: v[0] for k, v in form_data(page, "form.action-page").items()}
    assert data["venue"] == "区政务服务中心一楼大厅"

    unchanged = client.post(url("staff:activity-notice-correct", submitted), data)
    assert unchanged.status_code == 400
    assert summary(parse(unchanged.content)) == ["没有修改任何内容，无需发布更正。"]

    data.update(venue="区政务服务中心二楼", note="活动地点调整")
    response = client.post(url("staff:activity-notice-correct", submitted), data)

    assert response.status_code == 302
    correction = PublicCorrection.objects.get()
    assert (correction.note, correction.changes[0]["after"]) == (
        "活动地点调整",
        "区政务服务中心二楼",
    )


def test_a_correction_page_with_nothing_published_says_why(client, reported, admin):
    client.force_login(admin)

    for name, message in (
        ("staff:activity-notice-correct", "该活动没有已发布的活动预告，不能更正。"),
        (
            "staff:activity-report-correct",
            "活动报道尚未发布，不能更正；发布前请直接审核或退回承办单位修改。",
        ),
    ):
        page = parse(client.get(url(name, reported)).content)
        assert text_of(select(page, ".notice-pending p")[0]) == message
        assert client.post(url(name, reported), {"summary": "改"}).status_code == 400
    assert not PublicCorrection.objects.exists()


# --- Photos ---------------------------------------------------------------------------------


def test_the_office_chooses_public_photos_before_publishing(client, reported, admin):
    first, _second = ReportPhoto.objects.order_by("position")
    client.force_login(admin)
    page = parse(client.get(url("staff:activity-photos", reported)).content)
    assert len(select(page, ".photo-choice li")) == 2

    response = client.post(
        url("staff:activity-photos", reported),
        {f"public_{first.pk}": "on", f"caption_{first.pk}": "群众代表现场体验"},
    )

    assert response.status_code == 302
    assert [(p.public, p.caption) for p in ReportPhoto.objects.order_by("position")] == [
        (True, "群众代表现场体验"),
        (False, ""),
    ]
    page = detail(client, reported)
    assert [text_of(s) for s in select(page, ".photo-private")] == ["不在专栏公开"]


def test_hiding_every_photo_is_refused(client, reported, admin):
    client.force_login(admin)

    response = client.post(url("staff:activity-photos", reported), {})

    assert response.status_code == 400
    assert summary(parse(response.content)) == ["请至少选择 1 张在专栏公开的照片。"]
    assert set(ReportPhoto.objects.values_list("public", flat=True)) == {True}


# --- 督办 -------------------------------------------------------------------------------------


def test_the_office_urges_a_host_unit(client, scheduled, admin, liaison, host_unit):
    client.force_login(admin)
    page = detail(client, scheduled)
    (form,) = select(page, "form.office-urge")
    assert [text_of(o) for o in form.xpath(".//option")] == ["区政务服务中心"]

    response = client.post(
        url("staff:activity-urge", scheduled),
        {"unit": str(host_unit.pk), "message": "请于10月9日前报备方案"},
    )

    assert response.status_code == 302
    assert AuditEntry.objects.get(action="activity.urge").comment == "请于10月9日前报备方案"


def test_an_urge_without_a_message_is_refused(client, scheduled, admin, host_unit):
    client.force_login(admin)

    response = client.post(url("staff:activity-urge", scheduled), {"unit": str(host_unit.pk)})

    assert response.status_code == 400
    assert summary(parse(response.content)) == ["请填写督办内容。"]
    assert not AuditEntry.objects.filter(action="activity.urge").exists()


# --- A returned report, posted again as it comes back -----------------------------------------


def test_a_returned_report_is_posted_again_without_retyping(
    client, reported, admin, liaison, today
):
    today(TODAY)
    activity_return(actor=admin, activity=reported, comment="请补充活动概况")
    photos = list(ReportPhoto.objects.values_list("pk", flat=True))
    client.force_login(liaison)

    page = parse(client.get(url("staff:activity-report", reported)).content)

    assert text_of(select(page, ".report-returned p")[1]) == "退回意见：请补充活动概况"
    data = form_data(page, "form.action-page")
    data["summary"] = ["活动邀请群众代表现场体验，现场答复问题 12 个。"]
    response = client.post(url("staff:activity-report", reported), data)

    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.state == S.REPORTED
    assert list(ReportPhoto.objects.values_list("pk", flat=True)) == photos
    assert ReportAttachment.objects.count() == 1
    assert list(MediaReport.objects.values_list("url", flat=True)) == [
        "https://www.example.cn/news/1.html"
    ]
    assert reported.report.summary == "活动邀请群众代表现场体验，现场答复问题 12 个。"
    assert reported.report.headcount == 120
