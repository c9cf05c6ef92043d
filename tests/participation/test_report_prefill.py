"""The report page takes the people checked in at the door as its headcount and attendance by
group, says so, and leaves them to the host to change; a report already given keeps its own."""

import datetime as dt

import pytest
from django.urls import reverse

from openday.activities.services import activity_mark_held, activity_report, activity_return
from openday.participation.services import SignupInput, signup_check_in, signup_create
from tests.activities.materials import report_input
from tests.participation.conftest import HELD_ON, NOW
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db
SLUG = "tianxin-2023"


def report_url(seq=1):
    return reverse("staff:activity-transition", args=[SLUG, seq, "report"])


def held(place):
    activity_mark_held(
        actor=place.admin,
        activity=place.activity_1,
        held_on=HELD_ON,
        today=HELD_ON + dt.timedelta(days=1),
    )


@pytest.fixture
def checked_in(place):
    """Three sign-ups: 张三 (人大代表, 1) and 李四 (群众代表, 2) checked in, 王五 not."""
    codes = []
    for n, (name, group, size) in enumerate(
        [("张三", "deputies", 1), ("李四", "public", 2), ("王五", "public", 1)]
    ):
        data = SignupInput(name, f"1381234000{n}", group, size)
        codes.append(signup_create(activity=place.activity_1, data=data, now=NOW).signup.code)
    at = dt.datetime.combine(HELD_ON, dt.time(9), tzinfo=NOW.tzinfo)
    for code in codes[:2]:
        signup_check_in(actor=place.liaison_a1, activity=place.activity_1, code=code, now=at)
    held(place)
    return place


def value_of(page, name):
    (field,) = page.xpath(f"//input[@name='{name}']")
    return field.get("value")


def test_the_report_page_is_prefilled_from_check_ins_and_says_so(client, checked_in):
    client.force_login(checked_in.liaison_a1)
    response = client.get(report_url())
    assert response.status_code == 200
    page = parse(response.content)
    assert value_of(page, "headcount") == "3"
    assert value_of(page, "attend_deputies") == "1"
    assert value_of(page, "attend_public") == "2"
    assert value_of(page, "attend_cppcc") is None
    assert text_of(select(page, ".report-checked-in")[0]) == (
        "已按现场签到预填：人大代表 1 人、群众代表 2 人，共 3 人。可按实际到场情况修改。"
    )


def test_without_check_ins_nothing_is_prefilled_nor_said(client, place):
    held(place)
    client.force_login(place.liaison_a1)
    page = parse(client.get(report_url()).content)
    assert value_of(page, "headcount") is None
    assert select(page, ".report-checked-in") == []


def test_another_activitys_check_ins_do_not_leak_in(client, checked_in):
    activity_mark_held(
        actor=checked_in.admin,
        activity=checked_in.activity_2,
        held_on=HELD_ON,
        today=HELD_ON + dt.timedelta(days=1),
    )
    client.force_login(checked_in.liaison_a2)
    page = parse(client.get(report_url(2)).content)
    assert value_of(page, "headcount") is None
    assert select(page, ".report-checked-in") == []


def test_another_units_liaison_cannot_open_the_report_page(client, checked_in):
    client.force_login(checked_in.liaison_a2)
    assert client.get(report_url()).status_code == 404


def test_a_returned_report_keeps_its_own_numbers_and_the_page_shows_the_check_ins(
    client, checked_in
):
    activity_report(
        actor=checked_in.liaison_a1,
        activity=checked_in.activity_1,
        report=report_input(HELD_ON, headcount=80, attendance={"public": 60}),
        today=HELD_ON + dt.timedelta(days=1),
    )
    activity_return(actor=checked_in.admin, activity=checked_in.activity_1, comment="照片不清晰")
    client.force_login(checked_in.liaison_a1)
    page = parse(client.get(report_url()).content)
    assert value_of(page, "headcount") == "80"
    assert value_of(page, "attend_public") == "60"
    assert value_of(page, "attend_deputies") is None
    assert text_of(select(page, ".report-checked-in")[0]) == (
        "现场签到：人大代表 1 人、群众代表 2 人，共 3 人（供核对，已报送的人数未改动）。"
    )
