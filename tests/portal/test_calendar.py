"""The column's calendar: the month view and the iCal feeds (whole column, one unit)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from openday.activities.models import Activity, ActivityNotice
from openday.activities.services import activity_cancel, activity_postpone
from openday.activities.services.corrections import notice_withdraw
from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import UnitKind
from openday.orgs.models import Unit
from tests.factories import UnitFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_region, make_tianxin_campaign
from tests.portal.steps import announce, office_admin, publish, row

pytestmark = pytest.mark.django_db

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
SITE = "https://gongkai.example.gov.cn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


@pytest.fixture
def admin(campaign):
    return office_admin(campaign)


def ics(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, dict]:
    return {
        str(event["UID"]): {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND") if "DTEND" in event else None,
            "location": str(event.get("LOCATION", "")),
            "url": str(event["URL"]),
            "status": str(event["STATUS"]),
        }
        for event in calendar.walk("VEVENT")
    }


def column_ics(campaign) -> str:
    return reverse("portal:campaign-ics", args=[campaign.slug])


def unit_ics(campaign, unit) -> str:
    return reverse("portal:unit-ics", args=[campaign.slug, unit.pk])


def notice_url(campaign, seq) -> str:
    return f"{SITE}/column/{campaign.slug}/notices/{seq}/"


def test_the_feed_lists_announced_activities_with_their_times(client, campaign, admin):
    first = announce(admin, row(campaign, 1), D(2023, 3, 15))
    second = announce(
        admin, row(campaign, 13), D(2023, 5, 8), start_time=dt.time(14, 0), end_time=None
    )
    # Planned and scheduled rows have no public notice: not in the feed.
    Activity.objects.filter(pk=row(campaign, 2).pk).update(scheduled_on=D(2023, 3, 20))

    calendar = ics(client, column_ics(campaign))

    assert str(calendar["X-WR-CALNAME"]) == "天心区2023年政务公开主题日活动"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert events(calendar) == {
        f"activity-{first.pk}@gongkai.example.gov.cn": {
            "summary": "被征地农民社会保险业务政策宣讲",
            "start": dt.datetime(2023, 3, 15, 9, 30, tzinfo=SHANGHAI),
            "end": dt.datetime(2023, 3, 15, 11, 30, tzinfo=SHANGHAI),
            "location": "区政务服务中心一楼大厅",
            "url": notice_url(campaign, 1),
            "status": "CONFIRMED",
        },
        f"activity-{second.pk}@gongkai.example.gov.cn": {
            "summary": "狂犬病免疫知识进社区",
            "start": dt.datetime(2023, 5, 8, 14, 0, tzinfo=SHANGHAI),
            "end": None,
            "location": "区政务服务中心一楼大厅",
            "url": notice_url(campaign, 13),
            "status": "CONFIRMED",
        },
    }
    description = str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    assert description.startswith("主办单位：区政务服务中心\n活动形式：现场观摩\n")
    assert description.endswith(f"活动预告：{notice_url(campaign, 1)}")


def test_the_uid_stays_when_the_activity_moves(client, campaign, admin):
    target = announce(admin, row(campaign, 1), D(2023, 3, 15))
    before = set(events(ics(client, column_ics(campaign))))

    activity_postpone(actor=admin, activity=target, new_date=D(2023, 3, 22), reason="场地调整")
    after = events(ics(client, column_ics(campaign)))

    assert set(after) == before
    # Only the day is known after a postponement: an all-day event on the new date.
    (event,) = after.values()
    assert (event["start"], event["end"], event["status"]) == (
        D(2023, 3, 22),
        D(2023, 3, 23),
        "TENTATIVE",
    )


def test_cancelled_stays_as_cancelled_and_withdrawn_goes(client, campaign, admin):
    cancelled = announce(admin, row(campaign, 1), D(2023, 3, 15))
    withdrawn = announce(admin, row(campaign, 2), D(2023, 3, 16))
    activity_cancel(actor=admin, activity=cancelled, reason="天气原因")
    notice_withdraw(actor=admin, activity=withdrawn, reason="信息有误")

    found = events(ics(client, column_ics(campaign)))

    assert [(e["summary"], e["status"]) for e in found.values()] == [
        ("被征地农民社会保险业务政策宣讲", "CANCELLED")
    ]


def test_control_characters_never_reach_the_feed(client, campaign, admin):
    target = announce(admin, row(campaign, 1), D(2023, 3, 15))
    ActivityNotice.objects.filter(activity=target).update(
        theme="政策\x0b宣讲\x1f会", content="第一行\x1b\n第二行", venue="一楼\x7f大厅"
    )

    response = client.get(column_ics(campaign))
    calendar = Calendar.from_ical(response.content)

    assert not any(ch in response.content for ch in (b"\x0b", b"\x1f", b"\x1b", b"\x7f"))
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "政策宣讲会"
    assert str(event["LOCATION"]) == "区政务服务中心一楼大厅"  # the activity's own venue
    assert "第一行\n第二行" in str(event["DESCRIPTION"])


def test_the_unit_feed_has_what_the_unit_hosts_directly_or_as_a_group(client, campaign, admin):
    announce(admin, row(campaign, 13), D(2023, 5, 8))  # 区农业农村局
    announce(admin, row(campaign, 23), D(2023, 6, 16))  # 区应急管理局、各街道办事处
    agriculture = Unit.objects.get(region=campaign.region, name="区农业农村局")
    street = UnitFactory(region=campaign.region, name="坡子街街道办事处", kind=UnitKind.STREET)

    by_agriculture = ics(client, unit_ics(campaign, agriculture))
    by_street = ics(client, unit_ics(campaign, street))

    assert [e["summary"] for e in events(by_agriculture).values()] == ["狂犬病免疫知识进社区"]
    assert [e["summary"] for e in events(by_street).values()] == ["安全生产月"]
    assert str(by_street["X-WR-CALNAME"]) == "天心区坡子街街道办事处2023年政务公开主题日活动"


def test_the_unit_feed_of_another_regions_unit_is_404(client, campaign):
    other = UnitFactory(region=make_region("浏阳市", "liuyang", "长沙", "cs"), name="市商务局")

    assert client.get(unit_ics(campaign, other)).status_code == 404
    assert client.get(f"/column/{campaign.slug}/units/{'9' * 30}/calendar.ics").status_code == 404


def test_a_draft_campaign_has_no_feed(client):
    draft = make_tianxin_campaign(phase=CampaignPhase.DRAFT)

    assert client.get(column_ics(draft)).status_code == 404
    assert client.get(reverse("portal:campaign-calendar", args=[draft.slug])).status_code == 404


# --- The month view -------------------------------------------------------------------------


def month_page(client, campaign, month: str | None = None):
    url = reverse("portal:campaign-calendar", args=[campaign.slug])
    response = client.get(url, {"month": month} if month is not None else {})
    assert response.status_code == 200
    return parse(response.content)


def days_with_activities(page) -> dict[str, list[tuple[str, str]]]:
    return {
        text_of(select(cell, ".calendar-day time")[0]): [
            (text_of(a), a.get("href")) for a in cell.xpath(".//ul//a")
        ]
        for cell in select(page, "td.has-activities")
    }


def test_the_month_view_lists_each_day_with_links(client, campaign, admin):
    announce(admin, row(campaign, 1), D(2023, 3, 15))
    publish(admin, row(campaign, 2), D(2023, 3, 20))

    page = month_page(client, campaign, "2023-03")

    assert text_of(select(page, "h1")[0]) == "天心区2023年3月活动日历"
    assert text_of(select(page, "caption")[0]) == "2023年3月，共 2 场活动"
    slug = campaign.slug
    assert days_with_activities(page) == {
        "15": [("被征地农民社会保险业务政策宣讲", f"/column/{slug}/notices/1/")],
        "20": [
            ("老旧小区改造方案交流会", f"/column/{slug}/notices/2/"),
            ("活动报道", f"/column/{slug}/reports/2/"),
        ],
    }
    # Monday first; March 2023 starts on a Wednesday.
    first_week = select(page, "tbody tr")[0]
    assert [text_of(td) for td in first_week.xpath("./td")][:3] == ["", "", "1日"]
    nav = {text_of(a): a.get("href") for a in select(page, ".calendar-nav a")}
    assert nav == {"上一月（2月）": "?month=2023-02", "下一月（4月）": "?month=2023-04"}


def test_the_month_view_stops_at_the_ends_of_the_year(client, campaign):
    page = month_page(client, campaign, "2023-12")

    assert [text_of(a) for a in select(page, ".calendar-nav a")] == ["上一月（11月）"]
    assert select(page, "td.has-activities") == []


@pytest.mark.parametrize(
    ("month", "note"),
    [
        ("2023-13", "本专栏的活动日历只包括 2023 年 1 至 12 月，已显示默认月份。"),
        ("2024-01", "本专栏的活动日历只包括 2023 年 1 至 12 月，已显示默认月份。"),
        ("2023-6", "月份的写法应为“年-月”，如 2023-06，已显示默认月份。"),
        ("x" * 10_000, "月份的写法应为“年-月”，如 2023-06，已显示默认月份。"),
        ("2023-0\x00", "月份的写法应为“年-月”，如 2023-06，已显示默认月份。"),
        ("２０２３-０６", "月份的写法应为“年-月”，如 2023-06，已显示默认月份。"),
    ],
)
def test_a_bad_month_shows_the_default_month_with_a_note(client, campaign, admin, month, note):
    announce(admin, row(campaign, 13), D(2023, 5, 8))

    page = month_page(client, campaign, month)

    assert text_of(select(page, ".calendar-note")[0]) == note
    # Outside its year the calendar opens on the month of the first dated activity.
    assert text_of(select(page, "h1")[0]) == "天心区2023年5月活动日历"
