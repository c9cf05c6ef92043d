"""Filing, the notice and the report through their services: what each stores, each refusal,
and that a refusal leaves nothing behind — no rows, no files, no state change."""

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from openday.activities.enums import ActivityState as S
from openday.activities.enums import DeadlineKind
from openday.activities.models import (
    ActivityEvent,
    ActivityFiling,
    ActivityNotice,
    ActivityReport,
    MediaReport,
    NoticeSubmission,
    ReportAttachment,
    ReportAttendance,
    ReportPhoto,
)
from openday.activities.services import (
    MediaInput,
    activity_announce,
    activity_file,
    activity_mark_held,
    activity_report,
    activity_return,
    activity_schedule,
)
from openday.activities.uploads import process_photo
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_rules
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from tests.activities.conftest import make_user, stored_files
from tests.activities.materials import (
    GPS_IFD,
    attachment,
    docx_bytes,
    filing_input,
    gps_photo_upload,
    notice_input,
    processed_photos,
    report_input,
)

pytestmark = pytest.mark.django_db

D = dt.date
HELD = D(2023, 10, 12)
TODAY = D(2023, 10, 16)


@pytest.fixture
def scheduled(activity, admin):
    activity_schedule(actor=admin, activity=activity, on=HELD, venue="区政务服务中心")
    return activity


@pytest.fixture
def held(scheduled, admin):
    activity_mark_held(actor=admin, activity=scheduled, today=HELD)
    return scheduled


def version(activity) -> int:
    return Campaign.objects.get(pk=activity.campaign_id).content_version


# --- Filing ---------------------------------------------------------------------------------


def test_filing_stores_the_plan_and_who_answers_for_it(scheduled, liaison):
    activity_file(actor=liaison, activity=scheduled, filing=filing_input(), on=D(2023, 9, 28))

    filing = ActivityFiling.objects.get()
    assert (filing.leader, filing.section, filing.person, filing.phone) == (
        "张副局长",
        "政务公开科",
        "李明",
        "13812345678",
    )
    assert (filing.document_name, filing.filed_on, filing.filed_by) == (
        "活动方案.docx",
        D(2023, 9, 28),
        liaison,
    )
    with filing.document.open("rb") as handle:
        assert handle.read() == docx_bytes()
    assert filing.document.name.startswith(f"activities/{scheduled.campaign_id}/{scheduled.pk}/")
    assert "活动方案" not in filing.document.name  # a generated name, not the uploader's
    assert scheduled.state == S.FILED
    assert scheduled.deadlines.get(kind=DeadlineKind.FILING).done_on == D(2023, 9, 28)
    audit = AuditEntry.objects.get(action="activity.file")
    assert "13812345678" not in str(audit.after)


def test_the_filed_plan_has_no_url(scheduled, liaison):
    activity_file(actor=liaison, activity=scheduled, filing=filing_input())

    with pytest.raises(ValueError, match="no URL"):
        _ = ActivityFiling.objects.get().document.url


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"leader": "  "}, "leader", "请填写分管领导。"),
        ({"section": ""}, "section", "请填写责任科室。"),
        ({"person": ""}, "person", "请填写具体负责人。"),
        ({"phone": ""}, "phone", "请填写联系电话。"),
        (
            {"phone": "12345"},
            "phone",
            "联系电话“12345”格式不正确，请填写 11 位手机号码或带区号的固定电话"
            "（如 0731-85123456）。",
        ),
        ({"document": None}, "document", "请上传具体活动方案（.docx 或 .pdf）。"),
    ],
)
def test_filing_without_what_the_notices_ask_for_is_refused(
    scheduled, liaison, fields, field, message
):
    with pytest.raises(DomainError) as excinfo:
        activity_file(actor=liaison, activity=scheduled, filing=filing_input(**fields))

    assert (excinfo.value.field, excinfo.value.message) == (field, message)
    scheduled.refresh_from_db()
    assert scheduled.state == S.SCHEDULED
    assert not ActivityFiling.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("phone", ["0731-85123456", "073185123456", "138 1234 5678"])
def test_landlines_and_spaced_mobiles_are_phones(scheduled, liaison, phone):
    activity_file(actor=liaison, activity=scheduled, filing=filing_input(phone=phone))

    assert ActivityFiling.objects.get().phone == phone.replace(" ", "")


def test_another_units_liaison_cannot_file(scheduled, campaign, host_unit):
    other = make_user("other_liaison", campaign, host_unit)

    with pytest.raises(PermissionDenied):
        activity_file(actor=other, activity=scheduled, filing=filing_input())

    assert not ActivityFiling.objects.exists()
    assert stored_files() == []


def test_filing_before_a_date_is_fixed_is_refused(activity, liaison):
    with pytest.raises(DomainError, match="活动还没有确定日期，不能报备方案"):
        activity_file(actor=liaison, activity=activity, filing=filing_input())

    assert stored_files() == []


# --- Notice ---------------------------------------------------------------------------------


def test_announcing_publishes_the_notice_and_sets_time_and_place(scheduled, liaison):
    # The campaign asks for no review: the unit's notice goes public at once.
    campaign_set_rules(campaign=scheduled.campaign, notice_review_required=False)
    before = version(scheduled)

    activity_announce(actor=liaison, activity=scheduled, notice=notice_input(scheduled))

    notice = ActivityNotice.objects.get()
    assert (notice.theme, notice.held_on, notice.start_time, notice.venue, notice.contact) == (
        "“一网通办”现场体验",
        HELD,
        dt.time(9, 30),
        "区政务服务中心一楼大厅",
        "0731-85123456",
    )
    scheduled.refresh_from_db()
    assert (scheduled.state, scheduled.start_time, scheduled.end_time, scheduled.venue) == (
        S.ANNOUNCED,
        dt.time(9, 30),
        dt.time(11, 30),
        "区政务服务中心一楼大厅",
    )
    assert version(scheduled) > before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"held_on": D(2023, 10, 13)},
            "held_on",
            "预告的活动日期（2023年10月13日）与已确定的活动日期（2023年10月12日）不一致；"
            "如需改期，请先办理延期。",
        ),
        ({"end_time": dt.time(9)}, "end_time", "结束时间应晚于开始时间。"),
        ({"start_time": None}, "start_time", "请填写开始时间。"),
        ({"audience": ""}, "audience", "请填写邀请对象。"),
        ({"signup": " "}, "signup", "请填写报名方式。"),
        ({"contact": ""}, "contact", "请填写咨询联系方式。"),
    ],
)
def test_a_notice_missing_or_contradicting_is_refused(scheduled, liaison, fields, field, message):
    with pytest.raises(DomainError) as excinfo:
        activity_announce(
            actor=liaison, activity=scheduled, notice=notice_input(scheduled, **fields)
        )

    assert (excinfo.value.field, excinfo.value.message) == (field, message)
    scheduled.refresh_from_db()
    assert (scheduled.state, scheduled.venue) == (S.SCHEDULED, "区政务服务中心")
    assert not ActivityNotice.objects.exists()
    assert not NoticeSubmission.objects.exists()


# --- Report ---------------------------------------------------------------------------------


def report(actor, activity, **fields):
    held_on = fields.pop("held_on", HELD)
    return activity_report(
        actor=actor,
        activity=activity,
        report=report_input(held_on, **fields),
        on=TODAY,
        today=TODAY,
    )


def test_a_report_stores_numbers_media_photos_and_text(held, liaison):
    report(
        liaison,
        held,
        practices="群众点单、部门接单。",
        effects="收集意见 12 条。",
        other_groups="社区网格员",
        attendance={"deputies": 3, "cppcc": 2, "public": 40, "other": 5},
        media=[
            MediaInput("天心区人民政府网", "一网通办体验活动", "https://www.example.cn/2", HELD),
            MediaInput("长沙晚报", "政务公开进大厅", "http://news.example.cn/3", D(2023, 10, 14)),
        ],
        photos=processed_photos(3),
        attachments=[attachment()],
        video_url="https://v.example.cn/1",
    )

    held.refresh_from_db()
    assert (held.state, held.held_on) == (S.REPORTED, HELD)
    saved = ActivityReport.objects.get()
    assert (saved.headcount, saved.staff_count, saved.summary, saved.practices) == (
        120,
        8,
        "活动邀请群众代表现场体验。",
        "群众点单、部门接单。",
    )
    assert (saved.effects, saved.other_groups, saved.video_url, saved.submitted_by) == (
        "收集意见 12 条。",
        "社区网格员",
        "https://v.example.cn/1",
        liaison,
    )
    assert sorted(ReportAttendance.objects.values_list("group", "count")) == [
        ("cppcc", 2),
        ("deputies", 3),
        ("other", 5),
        ("public", 40),
    ]
    assert list(MediaReport.objects.values_list("position", "outlet", "url")) == [
        (0, "天心区人民政府网", "https://www.example.cn/2"),
        (1, "长沙晚报", "http://news.example.cn/3"),
    ]
    assert list(ReportPhoto.objects.values_list("position", "original_name")) == [
        (0, "现场1.jpg"),
        (1, "现场2.jpg"),
        (2, "现场3.jpg"),
    ]
    assert list(ReportAttachment.objects.values_list("original_name", "kind")) == [
        ("签到表.xlsx", "xlsx")
    ]
    assert len(stored_files()) == 3 * 2 + 1  # photos and thumbnails, the attachment
    assert ActivityEvent.objects.get(action="report").data == {
        "reported_on": "2023-10-16",
        "headcount": 120,
        "media_count": 2,
        "photo_count": 3,
    }
    deadlines = {d.kind: d.done_on for d in held.deadlines.all()}
    # The first media report (10-12) meets the publicity deadline; the report is in on 10-16.
    assert deadlines == {
        DeadlineKind.FILING: None,  # never filed
        DeadlineKind.HOLD: HELD,  # confirmed on the day
        DeadlineKind.REPORT: TODAY,
        DeadlineKind.PUBLICITY: HELD,
    }


def test_a_stored_photo_has_no_gps_position(held, liaison):
    report(liaison, held, photos=[process_photo(gps_photo_upload())])

    photo = ReportPhoto.objects.get()
    with photo.image.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert stored.getexif().get_ifd(GPS_IFD) == {}
    assert dict(stored.getexif()) == {}
    with photo.thumbnail.open("rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).size == (80, 60)


def test_the_report_may_correct_the_held_date(held, liaison):
    report(liaison, held, held_on=D(2023, 10, 11))

    held.refresh_from_db()
    assert held.held_on == D(2023, 10, 11)
    # Report due 5 working days after 10-11 (Wed): 10-12, 13, 16, 17, 18.
    assert held.deadlines.get(kind=DeadlineKind.REPORT).due_on == D(2023, 10, 18)


def bad_media(**fields):
    values = {
        "outlet": "长沙晚报",
        "title": "报道",
        "url": "https://www.example.cn/1",
        "published_on": HELD,
    }
    values.update(fields)
    return [MediaInput(**values)]


REPORT_REFUSALS = [
    (
        "staff-below-minimum",
        {"staff_count": 4},
        "staff_count",
        "现场工作人员 4 人，少于实施方案要求的 6 人（天心区要求每场活动现场工作人员不少于 6 人）。",
    ),
    ("no-photo", {"photos": []}, "photos", "请上传至少 1 张活动照片。"),
    (
        "too-many-photos",
        {"photos": processed_photos(21)},
        "photos",
        "活动照片最多 20 张，本次共 21 张，请删减后再报送。",
    ),
    (
        "javascript-url",
        {"media": bad_media(url="javascript:alert(1)")},
        "media",
        "第 1 条媒体报道的网址只能是以 http:// 或 https:// 开头的网页地址。",
    ),
    (
        "relative-url",
        {"media": bad_media(url="//evil.example/x")},
        "media",
        "第 1 条媒体报道的网址只能是以 http:// 或 https:// 开头的网页地址。",
    ),
    (
        "media-before-the-activity",
        {"media": bad_media(published_on=D(2023, 10, 11))},
        "media",
        "第 1 条媒体报道的日期早于活动开展日期，请核对。",
    ),
    (
        "media-in-the-future",
        {"media": bad_media(published_on=D(2023, 10, 17))},
        "media",
        "第 1 条媒体报道的日期晚于今天，请核对。",
    ),
    (
        "media-without-outlet",
        {"media": bad_media(outlet="")},
        "media",
        "请填写第 1 条媒体报道的媒体名称。",
    ),
    (
        "held-in-the-future",
        {"held_on": D(2023, 10, 17)},
        "held_on",
        "开展日期 2023-10-17 还没有到，不能报送活动情况。",
    ),
    (
        "invited-more-than-covered",
        {"headcount": 10, "attendance": {"public": 40}},
        "headcount",
        "各类参加人员合计 40 人，多于活动覆盖人数 10 人，请核对。",
    ),
    ("negative-headcount", {"headcount": -1}, "headcount", "活动覆盖人数应为不小于 0 的整数。"),
    ("no-summary", {"summary": "  "}, "summary", "请填写活动概况。"),
    (
        "javascript-video",
        {"video_url": "javascript:alert(1)"},
        "video_url",
        "视频链接只能是以 http:// 或 https:// 开头的网页地址。",
    ),
    (
        "too-many-attachments",
        {"attachments": [attachment(f"附件{n}.xlsx") for n in range(11)]},
        "attachments",
        "附件最多 10 个，本次共 11 个。",
    ),
    (
        "unknown-kept-photo",
        {"keep_photo_ids": [999]},
        "photos",
        "要保留的照片不存在，请刷新页面后重新填写。",
    ),
]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [row[1:] for row in REPORT_REFUSALS],
    ids=[row[0] for row in REPORT_REFUSALS],
)
def test_a_bad_report_is_refused_and_nothing_is_saved(held, liaison, fields, field, message):
    events, audits = ActivityEvent.objects.count(), AuditEntry.objects.count()

    with pytest.raises(DomainError) as excinfo:
        report(liaison, held, **fields)

    assert (excinfo.value.field, excinfo.value.message) == (field, message)
    held.refresh_from_db()
    assert held.state == S.HELD
    assert not ActivityReport.objects.exists()
    assert not ReportPhoto.objects.exists()
    assert not MediaReport.objects.exists()
    # Photos written before a later part failed are gone too.
    assert stored_files() == []
    assert (ActivityEvent.objects.count(), AuditEntry.objects.count()) == (events, audits)
    assert held.deadlines.get(kind=DeadlineKind.PUBLICITY).done_on is None


def test_a_campaign_without_a_staff_minimum_takes_any_number(held, liaison):
    held.campaign.rules.min_staff = None
    held.campaign.rules.save()

    report(liaison, held, staff_count=1)

    assert ActivityReport.objects.get().staff_count == 1


def test_the_office_cannot_be_impersonated_by_another_unit(held, campaign, host_unit):
    other = make_user("other_liaison", campaign, host_unit)

    with pytest.raises(PermissionDenied):
        report(other, held)

    assert stored_files() == []


def test_a_returned_report_is_corrected_in_place(
    held, liaison, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(liaison, held, photos=processed_photos(3), attachments=[attachment()])
    first, second, third = ReportPhoto.objects.order_by("position")
    dropped = [first.image.path, first.thumbnail.path]
    activity_return(actor=admin, activity=held, comment="第一张照片模糊")

    with django_capture_on_commit_callbacks(execute=True):
        report(
            liaison,
            held,
            headcount=150,
            photos=processed_photos(1),
            keep_photo_ids=[third.pk, second.pk],
            keep_attachment_ids=[],
            media=[],
        )

    saved = ActivityReport.objects.get()
    assert saved.headcount == 150
    assert list(ReportPhoto.objects.values_list("pk", "position")) == [
        (third.pk, 0),
        (second.pk, 1),
        (ReportPhoto.objects.latest("pk").pk, 2),
    ]
    assert not ReportAttachment.objects.exists()
    assert not MediaReport.objects.exists()
    assert len(stored_files()) == 3 * 2
    assert not any(Path(path).exists() for path in dropped)


def test_a_refused_resubmission_keeps_the_earlier_report_and_files(
    held, liaison, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(liaison, held, photos=processed_photos(2))
    activity_return(actor=admin, activity=held, comment="补充报道")
    files = stored_files()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        report(liaison, held, photos=processed_photos(1), keep_photo_ids=[], staff_count=2)

    assert stored_files() == files
    assert ReportPhoto.objects.count() == 2
    held.refresh_from_db()
    assert held.state == S.HELD
