"""What the public sees of review, withdrawal, corrections and the office's photo choice: a
notice waiting for review or withdrawn is not on the column, a withdrawn report is gone (404)
with its photos, a corrected one says 更正于 with what changed, and only public photos show,
with their captions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.activities.models import PublicCorrection, ReportPhoto
from openday.activities.services import (
    PhotoChoice,
    activity_announce,
    activity_schedule,
    notice_approve,
    notice_correct,
    notice_withdraw,
    report_correct,
    report_photos_set,
    report_withdraw,
)
from openday.orgs.enums import Role
from tests.activities.materials import notice_input, processed_photos
from tests.factories import MembershipFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_tianxin_campaign
from tests.portal.test_activity_pages import activity, announce, column, report

pytestmark = pytest.mark.django_db

D = dt.date


def notice_page(client, target):
    return client.get(reverse("portal:activity-notice", args=[target.campaign.slug, target.seq]))


def report_page(client, target):
    return client.get(reverse("portal:activity-report", args=[target.campaign.slug, target.seq]))


def photo_url(target, photo, size="full") -> str:
    return reverse("portal:report-photo", args=[target.campaign.slug, target.seq, photo.pk, size])


def upcoming(page) -> list[str]:
    return [text_of(a) for a in select(page, ".notice-item-title a")]


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def freeze(on: dt.date) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, tz=None: on if value is None else real(value, tz),
        )

    return freeze


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


@pytest.fixture
def admin(campaign):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user


@pytest.fixture
def liaison(campaign):
    """The liaison of 区农业农村局, host of activity 13."""
    unit = activity(campaign, 13).hosts.get().unit
    return MembershipFactory(role=Role.UNIT_LIAISON, region=campaign.region, unit=unit).user


def test_a_notice_waiting_for_review_is_not_public_until_approved(
    client, campaign, admin, liaison, today
):
    target = activity(campaign, 13)
    activity_schedule(actor=admin, activity=target, on=D(2023, 5, 18))
    activity_announce(actor=liaison, activity=target, notice=notice_input(target))
    today(D(2023, 5, 16))

    assert upcoming(column(client, campaign)[1]) == []
    assert notice_page(client, target).status_code == 404

    notice_approve(actor=admin, activity=target)

    assert upcoming(column(client, campaign)[1]) == ["狂犬病免疫知识进社区"]
    assert notice_page(client, target).status_code == 200


def test_a_withdrawn_notice_leaves_the_column(client, campaign, admin, today):
    target = announce(admin, activity(campaign, 13), D(2023, 5, 18))
    today(D(2023, 5, 16))
    assert upcoming(column(client, campaign)[1]) == ["狂犬病免疫知识进社区"]

    notice_withdraw(actor=admin, activity=target, reason="活动安排调整")

    assert upcoming(column(client, campaign)[1]) == []
    assert notice_page(client, target).status_code == 404


def test_a_withdrawn_report_is_gone_with_its_photos(client, campaign, admin):
    target = report(admin, activity(campaign, 2), D(2023, 3, 28))
    photo = ReportPhoto.objects.get(report__activity=target)
    assert report_page(client, target).status_code == 200

    report_withdraw(actor=admin, activity=target, reason="照片涉及个人隐私")

    assert report_page(client, target).status_code == 404
    assert client.get(photo_url(target, photo)).status_code == 404
    assert select(column(client, campaign)[1], ".report-item") == []
    assert notice_page(client, target).status_code == 200  # the notice stays


def test_a_corrected_report_says_when_and_what_changed(client, campaign, admin):
    target = report(admin, activity(campaign, 2), D(2023, 3, 28), summary="群众代表参加。")

    report_correct(
        actor=admin,
        activity=target,
        values={"summary": "群众代表和企业代表参加。"},
        note="补充参加人员",
    )

    page = parse(report_page(client, target).content)
    (correction,) = select(page, ".correction")
    at = timezone.localtime(PublicCorrection.objects.get().at)
    on = f"{at.year}年{at.month}月{at.day}日"
    assert (
        text_of(select(page, ".corrected-note")[0])
        == f"本报道已更正，更正于 {on}，更正内容见文末。"
    )
    assert text_of(select(correction, ".correction-date")[0]) == f"更正于 {on}：补充参加人员"
    assert [text_of(li) for li in select(correction, ".correction-changes li")] == [
        "活动概况：原为“群众代表参加。”，更正为“群众代表和企业代表参加。”。"
    ]
    assert "群众代表和企业代表参加。" in text_of(select(page, ".prose")[0])


def test_a_corrected_notice_says_when_and_what_changed(client, campaign, admin):
    target = announce(admin, activity(campaign, 13), D(2023, 5, 18))

    notice_correct(actor=admin, activity=target, values={"venue": "社区服务中心二楼"})

    page = parse(notice_page(client, target).content)
    assert len(select(page, ".corrected-note")) == 1
    assert [text_of(li) for li in select(page, ".correction-changes li")] == [
        "活动地点：原为“区政务服务中心一楼大厅”，更正为“社区服务中心二楼”。"
    ]
    facts = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".notice-facts > div")
    }
    assert facts["活动地点"] == "社区服务中心二楼"


def test_an_uncorrected_page_says_nothing_of_corrections(client, campaign, admin):
    target = report(admin, activity(campaign, 2), D(2023, 3, 28))

    page = parse(report_page(client, target).content)

    assert select(page, ".corrected-note") == []
    assert select(page, ".corrections") == []


def test_only_public_photos_show_with_their_captions(client, campaign, admin):
    target = report(admin, activity(campaign, 2), D(2023, 3, 28), photos=processed_photos(3))
    first, hidden, third = ReportPhoto.objects.filter(report__activity=target).order_by("position")
    report_photos_set(
        actor=admin,
        activity=target,
        choices=[
            PhotoChoice(first.pk, True, "居民代表提问"),
            PhotoChoice(hidden.pk, False),
            PhotoChoice(third.pk, True),
        ],
    )

    page = parse(report_page(client, target).content)
    shown = [(a.get("href"), select(a, "img")[0].get("alt")) for a in select(page, ".photo-grid a")]
    assert shown == [
        (photo_url(target, first), "居民代表提问"),
        (photo_url(target, third), "老旧小区改造方案交流会活动照片 2"),
    ]
    assert [text_of(c) for c in select(page, ".photo-caption")] == ["居民代表提问"]
    assert client.get(photo_url(target, hidden)).status_code == 404
    assert client.get(photo_url(target, first)).status_code == 200

    item = select(column(client, campaign)[1], ".report-item")[0]
    assert len(select(item, ".photo-grid img")) == 2
    assert [text_of(c) for c in select(item, ".photo-caption")] == ["居民代表提问"]
