"""The column's "近期活动" and "活动报道", the notice and report pages, and report photos:
only published reports are shown, photos of others are 404, and no phone number appears."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from openday.activities.enums import ActivityState as S
from openday.activities.models import ReportPhoto
from openday.activities.services import (
    MediaInput,
    activity_accept,
    activity_announce,
    activity_cancel,
    activity_file,
    activity_mark_held,
    activity_postpone,
    activity_publish,
    activity_report,
    activity_schedule,
)
from openday.activities.uploads import process_photo
from openday.orgs.enums import Role
from tests.activities.materials import (
    GPS_IFD,
    filing_input,
    gps_photo_upload,
    notice_input,
    processed_photos,
    report_input,
)
from tests.factories import MembershipFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import add_activity, make_tianxin_campaign

pytestmark = pytest.mark.django_db

D = dt.date
PHONE = "13812345678"


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


def activity(campaign, seq: int):
    return campaign.activities.get(seq=seq)


def announce(admin, target, on: dt.date, **fields):
    # Any row on any day: outside its planned months with a reason (计划调整).
    activity_schedule(actor=admin, activity=target, on=on, reason="按测试需要调整")
    activity_file(actor=admin, activity=target, filing=filing_input(phone=PHONE), on=on)
    activity_announce(actor=admin, activity=target, notice=notice_input(target, **fields))
    return target


def report(admin, target, held: dt.date, *, state=S.PUBLISHED, **fields):
    announce(admin, target, held)
    activity_mark_held(actor=admin, activity=target, today=held)
    values = {
        "summary": f"活动现场群众踊跃咨询，联系人李明，电话 {PHONE}，座机 0731-85123456。",
        "media": [
            MediaInput(
                "长沙晚报", f"{target.title}报道", f"https://news.example.cn/{target.seq}", held
            )
        ],
    }
    values.update(fields)
    activity_report(actor=admin, activity=target, report=report_input(held, **values), today=held)
    if state in (S.ACCEPTED, S.PUBLISHED):
        activity_accept(actor=admin, activity=target)
    if state == S.PUBLISHED:
        activity_publish(actor=admin, activity=target)
    target.refresh_from_db()
    return target


def column(client, campaign):
    response = client.get(reverse("portal:campaign-column", args=[campaign.slug]))
    assert response.status_code == 200
    return response, parse(response.content)


def report_titles(page) -> list[str]:
    return [text_of(h) for h in select(page, ".report-item-title")]


# --- The column -----------------------------------------------------------------------------


def test_the_column_shows_only_published_reports(client, campaign, admin):
    report(admin, activity(campaign, 1), D(2023, 3, 20))
    report(admin, activity(campaign, 2), D(2023, 3, 28))
    report(admin, activity(campaign, 13), D(2023, 5, 10), state=S.ACCEPTED)
    report(admin, activity(campaign, 16), D(2023, 5, 12), state=S.REPORTED)

    _response, page = column(client, campaign)

    assert text_of(select(page, "#reports-h")[0]) == "活动报道"
    # Latest held first.
    assert report_titles(page) == ["老旧小区改造方案交流会", "被征地农民社会保险业务政策宣讲"]
    item = select(page, ".report-item")[0]
    assert {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(item, ".plan-meta > div")
    } == {"开展日期": "2023年3月28日", "活动覆盖": "120 人", "媒体报道": "1 条"}
    photo = ReportPhoto.objects.get(report__activity__seq=2)
    base = f"/column/tianxin-2023/reports/2/photos/{photo.pk}"
    assert [
        (a.get("href"), select(a, "img")[0].get("src")) for a in select(item, ".photo-grid a")
    ] == [(f"{base}/full/", f"{base}/thumb/")]
    assert [(a.get("href"), text_of(a)) for a in select(item, ".media-list a")] == [
        ("https://news.example.cn/2", "老旧小区改造方案交流会报道")
    ]
    # The plan links a published activity to its report.
    links = [a.get("href") for a in select(page, ".plan-item-title a")]
    assert links == ["/column/tianxin-2023/reports/1/", "/column/tianxin-2023/reports/2/"]


def test_no_reports_no_section(client, campaign):
    _response, page = column(client, campaign)

    assert select(page, "#reports-h") == []
    assert select(page, "#upcoming-h") == []


def test_public_pages_never_show_a_phone_or_the_filing(client, campaign, admin):
    target = report(admin, activity(campaign, 1), D(2023, 3, 20))

    column_html = column(client, campaign)[0].content.decode()
    report_html = client.get(
        reverse("portal:activity-report", args=[campaign.slug, target.seq])
    ).content.decode()

    for html in (column_html, report_html):
        assert PHONE not in html
        assert "85123456" not in html
        assert "张副局长" not in html  # the leader named in the filing
        assert "活动方案.docx" not in html
    assert "电话 138****5678，座机 073****3456。" in report_html


def test_upcoming_notices_from_today_on(client, campaign, admin, today):
    announce(admin, activity(campaign, 13), D(2023, 5, 18))
    announce(admin, activity(campaign, 16), D(2023, 5, 16))
    announce(admin, activity(campaign, 2), D(2023, 3, 28))
    postponed = announce(admin, activity(campaign, 23), D(2023, 6, 1))
    activity_postpone(actor=admin, activity=postponed, new_date=D(2023, 6, 8), reason="天气")
    cancelled = announce(admin, activity(campaign, 1), D(2023, 5, 20))
    activity_cancel(actor=admin, activity=cancelled, reason="并入其他活动")
    today(D(2023, 5, 16))

    _response, page = column(client, campaign)

    items = [
        (text_of(select(li, ".notice-item-title")[0]), text_of(select(li, "dd")[0]))
        for li in select(page, ".notice-item")
    ]
    assert items == [
        ("公益发展基金交流宣传", "5月16日 09:30—11:30"),
        ("狂犬病免疫知识进社区", "5月18日 09:30—11:30"),
        ("安全生产月 已延期", "6月8日"),
    ]
    assert select(page, ".notice-item a")[0].get("href") == "/column/tianxin-2023/notices/16/"


def test_the_column_moves_on_at_midnight(client, campaign, admin, today):
    announce(admin, activity(campaign, 13), D(2023, 5, 18))
    today(D(2023, 5, 18))
    first = column(client, campaign)[1]
    today(D(2023, 5, 19))
    second = column(client, campaign)[1]

    assert len(select(first, ".notice-item")) == 1
    assert select(second, ".notice-item") == []


def test_publishing_shows_the_report_at_once(client, campaign, admin):
    target = report(admin, activity(campaign, 1), D(2023, 3, 20), state=S.ACCEPTED)
    assert report_titles(column(client, campaign)[1]) == []

    activity_publish(actor=admin, activity=target)

    assert report_titles(column(client, campaign)[1]) == ["被征地农民社会保险业务政策宣讲"]


def test_the_column_with_reports_takes_the_same_queries_however_many(
    client, campaign, admin, django_assert_max_num_queries
):
    report(admin, activity(campaign, 1), D(2023, 3, 20), photos=processed_photos(6))
    # campaign (with its region's website), activities (rows and parts, with whether their
    # notice is public), their forms, their hosts, reports, their photos, their media, the
    # selected typical experiences, the region's years (upcoming notices are not asked for:
    # no activity is announced from today on); + 2 for "参与互动": the open questionnaires and
    # the activities with open sign-up
    with django_assert_max_num_queries(9 + 2) as one:
        column(client, campaign)
    for seq, day in ((2, 21), (13, 22), (16, 23)):
        report(admin, activity(campaign, seq), D(2023, 3, day), photos=processed_photos(2))
    for seq in range(100, 110):
        add_activity(campaign, seq, (7, 7), f"活动{seq}", ["政策宣传"], [f"单位{seq}"])
        report(admin, activity(campaign, seq), D(2023, 7, 1))

    with django_assert_max_num_queries(9 + 2) as many:
        _response, page = column(client, campaign)

    assert len(one) == len(many) == 9 + 2
    assert len(report_titles(page)) == 14
    # At most four photos per report in the column, with a link to all of them.
    first = select(page, ".report-item")[-1]
    assert len(select(first, ".photo-grid img")) == 4
    assert text_of(select(first, ".more a")[0]) == "查看全部 6 张照片"


# --- Notice and report pages ----------------------------------------------------------------


def test_the_notice_page(client, campaign, admin):
    target = announce(admin, activity(campaign, 13), D(2023, 5, 18))

    response = client.get(reverse("portal:activity-notice", args=[campaign.slug, 13]))

    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("public")
    page = parse(response.content)
    assert text_of(select(page, "h1")[0]) == target.title
    assert {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".notice-facts > div")
    } == {
        "主办单位": "区政务服务中心",
        "活动时间": "2023年5月18日（星期四）09:30—11:30",
        "活动地点": "区政务服务中心一楼大厅",
        "活动形式": "现场观摩",
        "邀请对象": "人大代表、政协委员、企业代表、群众代表",
        "报名方式": "电话报名，名额 30 人",
        "咨询电话": "0731-85123456",
    }
    assert PHONE not in response.content.decode()


@pytest.mark.parametrize(
    ("change", "note"),
    [
        (
            lambda admin, a: activity_postpone(
                actor=admin, activity=a, new_date=D(2023, 5, 25), reason="天气"
            ),
            "本次活动已延期至 2023年5月25日，具体安排以最新通知为准。",
        ),
        (
            lambda admin, a: activity_cancel(actor=admin, activity=a, reason="天气"),
            "本次活动已取消。",
        ),
    ],
)
def test_a_notice_says_when_the_activity_moved_on(client, campaign, admin, change, note):
    target = announce(admin, activity(campaign, 13), D(2023, 5, 18))
    change(admin, target)

    page = parse(client.get(reverse("portal:activity-notice", args=[campaign.slug, 13])).content)

    assert text_of(select(page, ".state-note")[0]) == note


def test_a_notice_never_announced_is_404(client, campaign, admin):
    activity_schedule(actor=admin, activity=activity(campaign, 13), on=D(2023, 5, 18))

    assert (
        client.get(reverse("portal:activity-notice", args=[campaign.slug, 13])).status_code == 404
    )


def test_the_report_page(client, campaign, admin):
    report(
        admin,
        activity(campaign, 16),
        D(2023, 5, 12),
        photos=processed_photos(3),
        practices="群众点单、部门接单。",
        attendance={"deputies": 3, "public": 40},
    )

    response = client.get(reverse("portal:activity-report", args=[campaign.slug, 16]))

    page = parse(response.content)
    published = timezone.localdate()  # the report was published just now
    assert text_of(select(page, "h1")[0]) == "公益发展基金交流宣传"
    assert {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".report-facts > div")
    } == {
        "责任单位": "金盆岭街道办事处",
        "开展日期": "2023年5月12日",
        "活动地点": "区政务服务中心一楼大厅",
        "发布日期": f"{published.year}年{published.month}月{published.day}日",
        "活动形式": "现场观摩、政策宣传",
        "活动覆盖": "120 人",
        "受邀参加": "人大代表 3 人、群众代表 40 人",
        "媒体报道": "1 条",
    }
    assert len(select(page, ".photo-grid img")) == 3
    assert [text_of(h) for h in select(page, "article h2")] == [
        "活动照片",
        "活动概况",
        "经验做法",
        "媒体报道",
    ]


@pytest.mark.parametrize("state", [S.REPORTED, S.ACCEPTED])
def test_an_unpublished_report_and_its_photos_are_404(client, campaign, admin, state):
    report(admin, activity(campaign, 1), D(2023, 3, 20), state=state)
    photo = ReportPhoto.objects.get()

    assert client.get(reverse("portal:activity-report", args=[campaign.slug, 1])).status_code == 404
    for size in ("full", "thumb"):
        url = reverse("portal:report-photo", args=[campaign.slug, 1, photo.pk, size])
        assert client.get(url).status_code == 404


def test_a_published_photo_is_served_without_its_gps(client, campaign, admin):
    report(admin, activity(campaign, 1), D(2023, 3, 20), photos=[process_photo(gps_photo_upload())])
    photo = ReportPhoto.objects.get()

    response = client.get(reverse("portal:report-photo", args=[campaign.slug, 1, photo.pk, "full"]))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=86400, s-maxage=5"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.getexif().get_ifd(GPS_IFD) == {}


def test_a_photo_is_only_found_under_its_own_activity(client, campaign, admin):
    report(admin, activity(campaign, 1), D(2023, 3, 20))
    report(admin, activity(campaign, 2), D(2023, 3, 21))
    photo = ReportPhoto.objects.get(report__activity__seq=1)

    wrong = reverse("portal:report-photo", args=[campaign.slug, 2, photo.pk, "full"])
    right = reverse("portal:report-photo", args=[campaign.slug, 1, photo.pk, "full"])

    assert (client.get(wrong).status_code, client.get(right).status_code) == (404, 200)


def test_a_draft_campaigns_report_is_404(client, campaign, admin):
    report(admin, activity(campaign, 1), D(2023, 3, 20))
    type(campaign).objects.filter(pk=campaign.pk).update(phase="draft")
    photo = ReportPhoto.objects.get()

    assert client.get(reverse("portal:activity-report", args=[campaign.slug, 1])).status_code == 404
    url = reverse("portal:report-photo", args=[campaign.slug, 1, photo.pk, "full"])
    assert client.get(url).status_code == 404
