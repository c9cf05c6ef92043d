"""The pages of filing, the notice and the report, at the request level: what they show, what
a post stores, and that a refused post keeps what was typed, names every bad file, asks for the
files again and saves nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from openday.activities.enums import ActivityState as S
from openday.activities.models import (
    ActivityEvent,
    ActivityFiling,
    ActivityNotice,
    ActivityReport,
    MediaReport,
    ReportPhoto,
)
from openday.activities.services import activity_schedule
from openday.campaigns.services import campaign_set_rules
from tests.activities.conftest import stored_files
from tests.activities.materials import (
    docx_bytes,
    docx_upload,
    fake_image_upload,
    gps_photo_upload,
    photo_upload,
    truncated_jpeg_upload,
    upload,
    xlsx_bytes,
)
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db

D = dt.date
HELD = D(2023, 10, 12)


def page_url(activity, action: str) -> str:
    return reverse("staff:activity-transition", args=[activity.campaign.slug, activity.seq, action])


def detail_url(activity) -> str:
    return reverse("staff:activity-detail", args=[activity.campaign.slug, activity.seq])


def set_state(activity, state, **fields) -> None:
    type(activity).objects.filter(pk=activity.pk).update(state=state, **fields)
    activity.refresh_from_db()


def summary(page) -> list[str]:
    return [text_of(li) for li in select(page, ".error-summary li")]


def value(page, name: str) -> str:
    (control,) = page.xpath(f"//*[@name='{name}']")
    return (control.text or "").strip() if control.tag == "textarea" else control.get("value", "")


# --- Filing ---------------------------------------------------------------------------------

FILING = {
    "leader": "张副局长",
    "section": "政务公开科",
    "person": "李明",
    "phone": "0731-85123456",
    "comment": "",
}


def test_the_filing_page_asks_for_the_plan_and_three_people(client, activity, liaison):
    set_state(activity, S.SCHEDULED, scheduled_on=HELD)
    client.force_login(liaison)

    response = client.get(page_url(activity, "file"))

    assert response.status_code == 200
    page = parse(response.content)
    form = select(page, "form.action-page")[0]
    assert form.get("enctype") == "multipart/form-data"
    assert [text_of(label) for label in select(form, "label")] == [
        "具体活动方案（.docx 或 .pdf）",
        "分管领导",
        "责任科室",
        "具体负责人",
        "联系电话",
        "报备说明（选填）",
    ]
    document = page.get_element_by_id("id_file_document")
    assert (document.get("type"), document.get("accept")) == ("file", ".docx,.pdf,application/pdf")


def test_filing_through_the_page(client, activity, liaison, today):
    today(D(2023, 10, 5))
    set_state(activity, S.SCHEDULED, scheduled_on=HELD)
    client.force_login(liaison)

    response = client.post(page_url(activity, "file"), {**FILING, "document": docx_upload()})

    assert response.status_code == 302
    assert response.headers["Location"] == detail_url(activity)
    filing = ActivityFiling.objects.get()
    assert (filing.person, filing.phone, filing.filed_on) == (
        "李明",
        "0731-85123456",
        D(2023, 10, 5),
    )
    page = parse(client.get(detail_url(activity)).content)
    assert [text_of(p) for p in select(page, ".alert-success p")] == [
        "“报备方案”已办理，活动现为“已报备方案”。"
    ]
    facts = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".filing-facts > div")
    }
    assert facts == {
        "报备日期": "2023年10月5日",
        "分管领导": "张副局长",
        "责任科室": "政务公开科",
        "具体负责人": "李明",
        "联系电话": "0731-85123456",
        "活动方案": f"活动方案.docx（{len(docx_bytes())} 字节）",
    }
    link = select(page, ".filing-facts a")[0].get("href")
    download = client.get(link)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Cache-Control"] == "private, no-store"


def test_a_fake_plan_is_refused_with_the_typed_fields_kept(client, activity, liaison):
    set_state(activity, S.SCHEDULED, scheduled_on=HELD)
    client.force_login(liaison)

    response = client.post(
        page_url(activity, "file"),
        {**FILING, "phone": "85123", "document": upload("方案.docx", b"not a zip")},
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert summary(page) == [
        "具体活动方案：活动方案“方案.docx”不是有效的 Word 文档（.docx），"
        "文件可能已损坏或只是改了扩展名。",
        "联系电话“85123”格式不正确，请填写 11 位手机号码或带区号的固定电话（如 0731-85123456）。",
    ]
    assert [a.get("href") for a in select(page, ".error-summary li a")] == [
        "#id_file_document",
        "#id_file_phone",
    ]
    assert text_of(select(page, ".error-summary .reselect")[0]) == (
        "已填写的内容已保留；出于安全原因浏览器不会保留已选择的文件，"
        "本次选择的具体活动方案均未保存，请重新选择。"
    )
    assert (value(page, "leader"), value(page, "person"), value(page, "phone")) == (
        "张副局长",
        "李明",
        "85123",
    )
    assert not ActivityFiling.objects.exists()
    assert stored_files() == []
    activity.refresh_from_db()
    assert activity.state == S.SCHEDULED


def test_filing_without_a_document_says_so(client, activity, liaison):
    set_state(activity, S.SCHEDULED, scheduled_on=HELD)
    client.force_login(liaison)

    response = client.post(page_url(activity, "file"), FILING)

    assert summary(parse(response.content)) == ["请选择具体活动方案文件。"]


def test_a_page_action_not_open_now_says_why(client, activity, liaison):
    client.force_login(liaison)

    got = client.get(page_url(activity, "file"))
    posted = client.post(page_url(activity, "file"), {**FILING, "document": docx_upload()})

    assert got.status_code == 200
    assert posted.status_code == 400
    for response in (got, posted):
        page = parse(response.content)
        assert text_of(select(page, ".notice p")[0]) == "活动还没有确定日期，不能报备方案"
        assert select(page, "form.action-page") == []
    assert stored_files() == []


# --- Notice ---------------------------------------------------------------------------------


def test_the_notice_page_is_drafted_from_the_activity(client, activity, liaison):
    activity_schedule(
        actor=liaison,
        activity=activity,
        on=HELD,
        start_time=dt.time(9),
        end_time=dt.time(11, 30),
        venue="区政务服务中心",
    )
    activity.brief = "体验“一网通办”。"
    activity.save()
    client.force_login(liaison)

    page = parse(client.get(page_url(activity, "announce")).content)

    assert {
        name: value(page, name)
        for name in (
            "theme",
            "host",
            "held_on",
            "start_time",
            "end_time",
            "venue",
            "content",
            "form",
        )
    } == {
        "theme": "“一网通办”现场体验",
        "host": "区政务服务中心",
        "held_on": "2023-10-12",
        "start_time": "09:00",
        "end_time": "11:30",
        "venue": "区政务服务中心",
        "content": "体验“一网通办”。",
        "form": "现场观摩",
    }


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


def test_announcing_through_the_page(client, activity, liaison):
    # The campaign asks for no review: the unit's notice goes public at once.
    campaign_set_rules(campaign=activity.campaign, notice_review_required=False)
    set_state(activity, S.FILED, scheduled_on=HELD)
    client.force_login(liaison)

    response = client.post(page_url(activity, "announce"), NOTICE)

    assert response.status_code == 302
    notice = ActivityNotice.objects.get()
    assert (notice.audience, notice.start_time, notice.end_time) == (
        "企业代表、群众代表",
        dt.time(9, 30),
        None,
    )
    activity.refresh_from_db()
    assert (activity.state, activity.venue) == (S.ANNOUNCED, "区政务服务中心一楼大厅")


def test_a_notice_on_another_date_is_refused_at_the_date(client, activity, liaison):
    set_state(activity, S.FILED, scheduled_on=HELD)
    client.force_login(liaison)

    response = client.post(page_url(activity, "announce"), {**NOTICE, "held_on": "2023-10-20"})

    assert response.status_code == 400
    page = parse(response.content)
    assert summary(page) == [
        "预告的活动日期（2023年10月20日）与已确定的活动日期（2023年10月12日）不一致；"
        "如需改期，请先办理延期。"
    ]
    assert select(page, ".error-summary .reselect")[0].text_content() == "已填写的内容已保留。"
    assert value(page, "audience") == "企业代表、群众代表"
    assert not ActivityNotice.objects.exists()


# --- Report ---------------------------------------------------------------------------------


def report_post(**overrides) -> dict:
    data = {
        "held_on": "2023-10-12",
        "headcount": "120",
        "staff_count": "8",
        "attend_deputies": "3",
        "attend_cppcc": "",
        "attend_experts": "",
        "attend_media": "2",
        "attend_enterprises": "",
        "attend_public": "40",
        "attend_other": "",
        "other_groups": "",
        "summary": "活动邀请群众代表现场体验。",
        "practices": "",
        "effects": "",
        "video_url": "",
        "media-TOTAL_FORMS": "3",
        "media-INITIAL_FORMS": "0",
        "media-MIN_NUM_FORMS": "0",
        "media-MAX_NUM_FORMS": "100",
        "media-0-outlet": "长沙晚报",
        "media-0-title": "天心区开展政务公开主题日活动",
        "media-0-url": "https://www.example.cn/news/1.html",
        "media-0-published_on": "2023-10-13",
        "media-1-outlet": "天心区人民政府网",
        "media-1-title": "一网通办体验",
        "media-1-url": "http://www.example.cn/2",
        "media-1-published_on": "2023-10-12",
        "media-2-outlet": "",
        "media-2-title": "",
        "media-2-url": "",
        "media-2-published_on": "",
        "photos": [photo_upload("现场1.jpg"), gps_photo_upload("现场2.jpg")],
    }
    data.update(overrides)
    return data


@pytest.fixture
def held(activity):
    set_state(activity, S.HELD, scheduled_on=HELD, held_on=HELD)
    return activity


def test_the_report_page_has_a_row_per_invited_group_and_the_staff_minimum(client, held, liaison):
    client.force_login(liaison)

    page = parse(client.get(page_url(held, "report")).content)

    rows = [
        (text_of(select(tr, "th")[0]), select(tr, "input")[0].get("name"))
        for tr in select(page, "table.attendance-table tbody tr")
    ]
    assert rows == [
        ("人大代表", "attend_deputies"),
        ("政协委员", "attend_cppcc"),
        ("专家学者", "attend_experts"),
        ("新闻媒体", "attend_media"),
        ("企业代表", "attend_enterprises"),
        ("群众代表", "attend_public"),
        ("其他", "attend_other"),
    ]
    staff = page.get_element_by_id("id_report_staff_count").getparent()
    assert text_of(select(staff, ".field-help")[0]) == "实施方案要求不少于 6 人。"
    photos = page.get_element_by_id("id_report_photos")
    assert photos.get("multiple") is not None
    assert photos.get("accept") == "image/jpeg,image/png,image/webp"
    assert value(page, "held_on") == "2023-10-12"
    # Two blank media rows to start with; a button (shown by the script) adds more.
    assert value(page, "media-TOTAL_FORMS") == "2"


def test_reporting_through_the_page(client, held, liaison, today):
    today(D(2023, 10, 16))
    client.force_login(liaison)

    response = client.post(page_url(held, "report"), report_post())

    assert response.status_code == 302, summary(parse(response.content))
    report = ActivityReport.objects.get()
    assert (report.headcount, report.staff_count, report.submitted_on) == (120, 8, D(2023, 10, 16))
    assert sorted(report.attendance.values_list("group", "count")) == [
        ("deputies", 3),
        ("media", 2),
        ("public", 40),
    ]
    assert list(MediaReport.objects.values_list("outlet", "published_on")) == [
        ("长沙晚报", D(2023, 10, 13)),
        ("天心区人民政府网", D(2023, 10, 12)),
    ]
    assert list(ReportPhoto.objects.values_list("original_name", flat=True)) == [
        "现场1.jpg",
        "现场2.jpg",
    ]
    held.refresh_from_db()
    assert held.state == S.REPORTED
    page = parse(client.get(detail_url(held)).content)
    thumbs = [
        (a.get("href"), select(a, "img")[0].get("src"))
        for a in select(page, ".report-card .photo-grid a")
    ]
    base = "/staff/campaigns/tianxin-2023/activities/7/photos/"
    assert thumbs == [
        (f"{base}{photo.pk}/full/", f"{base}{photo.pk}/thumb/")
        for photo in ReportPhoto.objects.all()
    ]
    assert client.get(thumbs[0][1]).headers["Content-Type"] == "image/jpeg"


def test_bad_photos_are_each_named_and_nothing_is_saved(client, held, liaison, today):
    today(D(2023, 10, 16))
    client.force_login(liaison)

    response = client.post(
        page_url(held, "report"),
        report_post(
            photos=[
                photo_upload("好.jpg"),
                fake_image_upload("假.jpg"),
                truncated_jpeg_upload("半.jpg"),
            ]
        ),
    )

    assert response.status_code == 400
    page = parse(response.content)
    errors = summary(page)
    assert (
        errors[0] == "活动照片：照片“假.jpg”不是有效的图片文件，只支持 JPEG、PNG、WebP 格式的图片。"
    )
    assert errors[1].startswith("活动照片：照片“半.jpg”已损坏或不完整（")
    assert len(errors) == 2
    assert text_of(select(page, ".error-summary .reselect")[0]) == (
        "已填写的内容已保留；出于安全原因浏览器不会保留已选择的文件，"
        "本次选择的活动照片均未保存，请重新选择。"
    )
    # What was typed comes back, media rows included.
    assert (value(page, "headcount"), value(page, "attend_public"), value(page, "summary")) == (
        "120",
        "40",
        "活动邀请群众代表现场体验。",
    )
    assert (value(page, "media-0-url"), value(page, "media-1-outlet")) == (
        "https://www.example.cn/news/1.html",
        "天心区人民政府网",
    )
    assert not ActivityReport.objects.exists()
    assert stored_files() == []
    assert not ActivityEvent.objects.exists()


def test_a_javascript_link_is_refused_at_its_row(client, held, liaison, today):
    today(D(2023, 10, 16))
    client.force_login(liaison)

    response = client.post(
        page_url(held, "report"), report_post(**{"media-1-url": "javascript:alert(1)"})
    )

    assert response.status_code == 400
    page = parse(response.content)
    assert [(a.get("href"), text_of(a)) for a in select(page, ".error-summary li a")] == [
        (
            "#id_media-1-url",
            "第 2 条媒体报道 · 报道网址：网址只能是以 http:// 或 https:// 开头的网页地址。",
        )
    ]
    assert page.get_element_by_id("id_media-1-url").get("aria-invalid") == "true"
    assert not MediaReport.objects.exists()


def test_a_half_filled_media_row_says_what_it_lacks(client, held, liaison, today):
    today(D(2023, 10, 16))
    client.force_login(liaison)

    response = client.post(
        page_url(held, "report"),
        report_post(**{"media-2-outlet": "湖南日报", "media-2-title": "报道"}),
    )

    assert summary(parse(response.content)) == [
        "第 3 条媒体报道 · 请填写报道网址。",
        "第 3 条媒体报道 · 请填写报道日期。",
    ]


def test_too_few_staff_is_refused_at_the_field(client, held, liaison, today):
    today(D(2023, 10, 16))
    client.force_login(liaison)

    response = client.post(page_url(held, "report"), report_post(staff_count="5"))

    assert response.status_code == 400
    page = parse(response.content)
    assert [(a.get("href"), text_of(a)) for a in select(page, ".error-summary li a")] == [
        (
            "#id_report_staff_count",
            "现场工作人员 5 人，少于实施方案要求的 6 人"
            "（天心区要求每场活动现场工作人员不少于 6 人）。",
        )
    ]
    assert text_of(select(page, ".error-summary .reselect")[0]).endswith(
        "本次选择的活动照片均未保存，请重新选择。"
    )
    assert not ActivityReport.objects.exists()
    assert stored_files() == []


def test_a_report_without_photos_is_refused(client, held, liaison, today):
    today(D(2023, 10, 16))
    client.force_login(liaison)

    response = client.post(page_url(held, "report"), report_post(photos=[]))

    assert summary(parse(response.content)) == ["请上传至少 1 张活动照片。"]


def test_a_returned_report_comes_back_filled_with_its_photos_kept(
    client, held, liaison, admin, today
):
    today(D(2023, 10, 16))
    client.force_login(liaison)
    client.post(
        page_url(held, "report"),
        report_post(attachments=[upload("签到表.xlsx", xlsx_bytes())]),
    )
    client.force_login(admin)
    client.post(page_url(held, "return"), {"comment": "补充照片"})
    client.force_login(liaison)

    page = parse(client.get(page_url(held, "report")).content)

    kept = [(i.get("value"), i.get("checked")) for i in page.xpath("//input[@name='keep_photos']")]
    assert kept == [(str(photo.pk), "checked") for photo in ReportPhoto.objects.all()]
    assert len(page.xpath("//input[@name='keep_attachments'][@checked]")) == 1
    assert value(page, "headcount") == "120"
    assert value(page, "media-TOTAL_FORMS") == "4"  # the two reports and two blank rows
    assert value(page, "media-0-url") == "https://www.example.cn/news/1.html"


# --- Who may open these pages ---------------------------------------------------------------


@pytest.mark.parametrize("action", ["file", "announce", "report"])
def test_these_actions_are_not_taken_by_the_generic_action_view(client, activity, admin, action):
    client.force_login(admin)

    response = client.get(page_url(activity, action))

    assert response.status_code == 200
    assert select(parse(response.content), "h1")[0].text_content() in {
        "报备方案",
        "发布预告",
        "报送材料",
    }
