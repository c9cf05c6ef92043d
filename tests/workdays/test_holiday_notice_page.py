"""The workbench page where an office admin pastes the State Council's notice: preview, then
confirm; the office's deadlines move and are listed; who may save which year."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from openday.workdays.models import HolidayArrangement
from tests.factories.activities import ActivityDeadlineFactory, ActivityFactory
from tests.factories.campaigns import CampaignFactory
from tests.factories.orgs import MembershipFactory, RegionFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
NOTICES = Path(__file__).parents[1] / "fixtures" / "holiday-notices"
NOTICE_2027 = (Path(__file__).parent / "files" / "notice-2027-invented.txt").read_text("utf-8")
D = dt.date.fromisoformat


@pytest.fixture
def region():
    return RegionFactory(name="天心区", slug="tianxin")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def member(role, region, **fields):
    user = UserFactory(**fields)
    MembershipFactory(user=user, role=role, region=region)
    return user


def url(region) -> str:
    return reverse("staff:holiday-notice", args=[region.slug])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_preview_lists_every_date_and_saves_nothing(region):
    HolidayArrangement.objects.create(date=D("2027-02-13"), is_workday=False, name="误录")
    admin = member(Role.OFFICE_ADMIN, region)

    response = client_for(admin).post(url(region), {"text": NOTICE_2027})

    page = text_of(response)
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="notice-date') == 34
    assert "2027-02-13 星期六 上班（春节调休上班） 放假（误录） （将改为通知所定） 未收录 7" in page
    assert HolidayArrangement.objects.count() == 1
    assert not AuditEntry.objects.filter(action="holiday_notice.import").exists()


def test_confirm_saves_moves_the_offices_deadlines_and_lists_them(region):
    admin = member(Role.OFFICE_ADMIN, region)
    activity = ActivityFactory(
        campaign=CampaignFactory(region=region, year=2027), seq=3, title="开放日"
    )
    # 5 working days after Friday 2027-01-29: provisional 02-05; after the notice (春节
    # 2月5日至12日, 2月13日 上班) the 5th working day is Saturday 02-13.
    deadline = ActivityDeadlineFactory(
        activity=activity, base_date=D("2027-01-29"), due_on=D("2027-02-05"), provisional=True
    )
    other = ActivityDeadlineFactory(
        activity=ActivityFactory(campaign=CampaignFactory(year=2027)),
        base_date=D("2027-01-29"),
        due_on=D("2027-02-05"),
        provisional=True,
    )

    response = client_for(admin).post(
        url(region), {"text": NOTICE_2027, "confirm": "1"}, follow=True
    )

    deadline.refresh_from_db()
    other.refresh_from_db()
    assert (deadline.due_on, deadline.provisional) == (D("2027-02-13"), False)
    assert other.due_on == D("2027-02-13")  # every region's deadlines move…
    page = text_of(response)
    assert "已保存2027年部分节假日安排的通知（2027 年）：新增 34 条" in page
    assert "本地区有 1 个活动期限随之调整：" in page  # …the office is shown its own
    assert "第 3 项“开放日”方案报备：2027-02-05 → 2027-02-13" in page
    assert HolidayArrangement.objects.count() == 34
    entry = AuditEntry.objects.get(action="holiday_notice.import")
    assert (entry.actor, entry.region, entry.after["deadlines_moved"]) == (admin, region, 2)


def test_a_year_the_library_knows_must_agree_for_an_office_admin(region):
    admin = member(Role.OFFICE_ADMIN, region)
    text = (NOTICES / "2020.txt").read_text("utf-8")

    preview = client_for(admin).post(url(region), {"text": text})
    response = client_for(admin).post(url(region), {"text": text, "confirm": "1", "override": "on"})

    assert "通知与日历库（已公布的安排）有 1 天不一致" in text_of(preview)
    assert "公开办管理员不能保存与日历库不一致的安排" in text_of(preview)
    assert response.status_code == 400
    assert "只有系统管理员可以保存与日历库不一致的通知。" in text_of(response)
    response = client_for(admin).post(url(region), {"text": text, "confirm": "1"})
    assert response.status_code == 400
    assert "2020-02-01：通知为上班（春节调休上班），日历库为放假（春节）" in text_of(response)
    assert not HolidayArrangement.objects.exists()


def test_the_superuser_may_override_the_library(region):
    root = UserFactory(is_superuser=True, is_staff=True)
    text = (NOTICES / "2020.txt").read_text("utf-8")

    response = client_for(root).post(url(region), {"text": text, "confirm": "1", "override": "on"})

    assert response.status_code == 302
    assert HolidayArrangement.objects.get(date=D("2020-02-01")).is_workday is True
    assert AuditEntry.objects.get(action="holiday_notice.import").after["override"] == [
        "2020-02-01"
    ]


def test_a_notice_that_agrees_with_the_library_may_be_saved_by_an_office_admin(region):
    admin = member(Role.OFFICE_ADMIN, region)
    text = (NOTICES / "2025.txt").read_text("utf-8")

    response = client_for(admin).post(url(region), {"text": text, "confirm": "1"})

    assert response.status_code == 302
    assert HolidayArrangement.objects.count() == 33


def test_a_bad_notice_comes_back_naming_the_line(region):
    admin = member(Role.OFFICE_ADMIN, region)
    text = NOTICE_2027.replace("2月13日（周六）", "2月13日（周日）")

    response = client_for(admin).post(url(region), {"text": text, "confirm": "1"})

    assert response.status_code == 400
    assert "第 7 行：2027年2月13日 是星期六，通知写的是“周日”，请核对日期或年份。" in text_of(
        response
    )
    assert not HolidayArrangement.objects.exists()


@pytest.mark.parametrize("role", [Role.UNIT_LIAISON, Role.SUPERIOR_VIEWER])
def test_a_liaison_and_a_viewer_are_refused(region, role):
    if role == Role.UNIT_LIAISON:
        user = UserFactory()
        MembershipFactory(user=user, role=role, region=region, unit=UnitFactory(region=region))
    else:
        user = member(role, RegionFactory(name="长沙市", slug="changsha"))
    client = client_for(user)

    for response in (
        client.get(url(region)),
        client.post(url(region), {"text": NOTICE_2027, "confirm": "1"}),
    ):
        assert response.status_code == (403 if role == Role.UNIT_LIAISON else 404)
    assert not HolidayArrangement.objects.exists()


def test_the_unit_list_links_to_the_page(region):
    admin = member(Role.OFFICE_ADMIN, region)

    response = client_for(admin).get(reverse("staff:unit-list", args=[region.slug]))

    assert f'href="{url(region)}"' in response.content.decode()
