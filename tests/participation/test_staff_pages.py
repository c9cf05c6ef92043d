"""The staff pages: who sees what (phones whole or masked), check-in at the door, settings,
the .xlsx list, the moderation queue and its actions, retention; refusals as 400/403/404."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from openday.participation.enums import OpinionState
from openday.participation.models import Opinion, RetentionSetting, Signup
from openday.participation.services import (
    OpinionInput,
    SignupInput,
    opinion_post,
    signup_create,
)
from tests.participation.conftest import NOW
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db
SLUG = "tianxin-2023"


@pytest.fixture
def signed(place):
    signup_create(
        activity=place.activity_1,
        data=SignupInput("张三", "13812341234", "deputies", 1),
        now=NOW,
    )
    signup_create(
        activity=place.activity_1,
        data=SignupInput('=HYPERLINK("x")', "13900001111", "public", 2),
        now=NOW,
    )
    return place


def as_(client, user):
    client.force_login(user)
    return client


def activity_url(seq="1"):
    return reverse("staff:participation-activity", args=[SLUG, seq])


@pytest.mark.parametrize(
    ("who", "phone"),
    [("admin", "13812341234"), ("liaison_a1", "13812341234"), ("viewer", "138****1234")],
)
def test_the_list_shows_phones_whole_to_office_and_host_masked_to_viewers(
    client, signed, who, phone
):
    page = as_(client, getattr(signed, who)).get(activity_url())
    assert page.status_code == 200
    phones = [text_of(td) for td in select(parse(page.content), "td.signup-phone")]
    assert phones[0] == phone
    assert ("13812341234" in page.content.decode()) == (who != "viewer")


def test_another_units_liaison_gets_404(client, signed):
    assert as_(client, signed.liaison_a2).get(activity_url()).status_code == 404
    assert (
        as_(client, signed.liaison_a2)
        .get(reverse("staff:signups-export", args=[SLUG, "1"]))
        .status_code
        == 404
    )


def test_the_page_shows_checked_in_people_by_group_after_check_in(client, signed):
    code = Signup.objects.get(phone="13812341234").code
    client = as_(client, signed.liaison_a1)
    response = client.post(reverse("staff:signup-checkin", args=[SLUG, "1"]), {"code": code})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert f"确认码 {code} 已签到：人大代表 1 人。" in page.content.decode()
    cells = [text_of(td) for td in select(parse(page.content), ".checked-in-by-group td")]
    assert cells == ["1", "0", "0", "0", "0", "0", "0", "1"]


def test_a_bad_code_is_a_400_with_the_reason_and_nothing_changes(client, signed):
    response = as_(client, signed.admin).post(
        reverse("staff:signup-checkin", args=[SLUG, "1"]), {"code": "QQQQQQQQ"}
    )
    assert response.status_code == 400
    assert "确认码“QQQQQQQQ”不是本活动的报名" in response.content.decode()
    assert not Signup.objects.filter(checked_in_at__isnull=False).exists()


def test_a_viewer_may_not_check_in_or_change_settings(client, signed):
    client = as_(client, signed.viewer)
    code = Signup.objects.first().code
    assert (
        client.post(reverse("staff:signup-checkin", args=[SLUG, "1"]), {"code": code}).status_code
        == 403
    )
    assert client.get(reverse("staff:signup-settings", args=[SLUG, "1"])).status_code == 403


def test_the_host_opens_sign_up_on_its_other_activity_through_the_settings_page(client, place):
    client = as_(client, place.liaison_a2)
    url = reverse("staff:signup-settings", args=[SLUG, "2"])
    assert client.get(url).status_code == 200
    deadline = timezone.localtime(NOW + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    bad = client.post(
        url,
        {
            "enabled": "on",
            "capacity": "0",
            "waitlist_size": "0",
            "deadline": deadline,
            "purpose": "用途",
        },
    )
    assert bad.status_code == 400
    assert "名额" in text_of(select(parse(bad.content), ".error-summary")[0])
    done = client.post(
        url,
        {
            "enabled": "on",
            "capacity": "20",
            "waitlist_size": "5",
            "deadline": deadline,
            "purpose": "用途",
        },
    )
    assert done.status_code == 302
    settings = place.activity_2.signup_settings
    settings.refresh_from_db()
    assert (settings.enabled, settings.capacity, settings.waitlist_size) == (True, 20, 5)


@pytest.mark.parametrize(("who", "full"), [("liaison_a1", True), ("viewer", False)])
def test_the_export_masks_phones_for_viewers_and_writes_text_as_text(client, signed, who, full):
    response = as_(client, getattr(signed, who)).get(
        reverse("staff:signups-export", args=[SLUG, "1"])
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows.index(
        [
            "序号",
            "确认码",
            "姓名",
            "手机号码",
            "身份类别",
            "人数",
            "电子邮箱",
            "状态",
            "报名时间",
            "签到时间",
        ]
    )
    body = rows[header + 1 :]
    assert [row[3] for row in body] == (
        ["13812341234", "13900001111"] if full else ["138****1234", "139****1111"]
    )
    assert [row[4] for row in body] == ["人大代表", "群众代表"]
    assert [row[5] for row in body] == [1, 2]
    formula_cell = sheet.cell(header + 3, 3)
    assert formula_cell.data_type == "s"
    assert formula_cell.value == '=HYPERLINK("x")'


def test_the_overview_counts_sign_ups_and_replies(client, signed):
    page = as_(client, signed.admin).get(reverse("staff:participation-overview", args=[SLUG]))
    assert page.status_code == 200
    rows = [
        [text_of(td) for td in tr.findall("td")]
        for tr in select(parse(page.content), ".participation-table tbody tr")
    ]
    assert rows == [["1", "社保政策宣讲", "开放", "3", "0", "0", "0", "0"]]


def test_a_liaison_moderates_and_replies_only_on_their_activity(client, place):
    mine = opinion_post(
        campaign=place.campaign,
        activity=place.activity_1,
        data=OpinionInput(text="我的", phone="13700000001"),
        now=NOW,
    )
    other = opinion_post(
        campaign=place.campaign,
        activity=place.activity_2,
        data=OpinionInput(text="别人的"),
        now=NOW,
    )
    whole = opinion_post(
        campaign=place.campaign, activity=None, data=OpinionInput(text="整体的"), now=NOW
    )
    client = as_(client, place.liaison_a1)
    listed = client.get(reverse("staff:opinion-list", args=[SLUG]))
    ids = [
        text_of(tr.findall("td")[0])
        for tr in select(parse(listed.content), ".opinion-table tbody tr")
    ]
    assert ids == [str(mine.pk)]
    for opinion in (other, whole):
        assert (
            client.get(reverse("staff:opinion-detail", args=[SLUG, opinion.pk])).status_code == 404
        )
        assert (
            client.post(
                reverse("staff:opinion-action", args=[SLUG, opinion.pk, "publish"])
            ).status_code
            == 404
        )
    detail = client.get(reverse("staff:opinion-detail", args=[SLUG, mine.pk]))
    assert text_of(select(parse(detail.content), ".opinion-phone")[0]) == "13700000001"
    hide = client.post(
        reverse("staff:opinion-action", args=[SLUG, mine.pk, "hide"]), {"reason": ""}
    )
    assert hide.status_code == 400
    assert "不予公开的原因" in text_of(select(parse(hide.content), ".error-summary")[0])
    reply_early = client.post(
        reverse("staff:opinion-action", args=[SLUG, mine.pk, "reply"]), {"text": "谢谢"}
    )
    assert reply_early.status_code == 400
    assert "请先公开留言再发布回应" in reply_early.content.decode()
    assert (
        client.post(reverse("staff:opinion-action", args=[SLUG, mine.pk, "publish"])).status_code
        == 302
    )
    assert (
        client.post(
            reverse("staff:opinion-action", args=[SLUG, mine.pk, "reply"]), {"text": "谢谢"}
        ).status_code
        == 302
    )
    mine.refresh_from_db()
    assert (mine.state, mine.reply.responder) == (OpinionState.PUBLISHED, "区人力资源社会保障局")
    assert (
        client.post(reverse("staff:opinion-action", args=[SLUG, mine.pk, "explode"])).status_code
        == 404
    )


def test_a_viewer_reads_opinions_with_masked_phone_but_may_not_moderate(client, place):
    opinion = opinion_post(
        campaign=place.campaign,
        activity=place.activity_1,
        data=OpinionInput(text="x", phone="13700000001"),
        now=NOW,
    )
    client = as_(client, place.viewer)
    detail = client.get(reverse("staff:opinion-detail", args=[SLUG, opinion.pk]))
    assert text_of(select(parse(detail.content), ".opinion-phone")[0]) == "137****0001"
    assert not select(parse(detail.content), ".opinion-actions")
    response = client.post(reverse("staff:opinion-action", args=[SLUG, opinion.pk, "publish"]))
    assert response.status_code == 403
    assert Opinion.objects.get().state == OpinionState.PENDING


def test_the_office_sets_the_retention_and_a_liaison_may_not(client, place):
    url = reverse("staff:participation-retention", args=[SLUG])
    assert as_(client, place.liaison_a1).get(url).status_code == 403
    client = as_(client, place.admin)
    assert client.post(url, {"days": "0"}).status_code == 400
    assert client.post(url, {"days": "90"}).status_code == 302
    assert RetentionSetting.objects.get().days_after_close == 90


def test_the_activity_page_links_to_participation(client, place):
    page = as_(client, place.admin).get(reverse("staff:activity-detail", args=[SLUG, "1"]))
    links = [a.get("href") for a in select(parse(page.content), ".participation-link a")]
    assert links == [activity_url()]
