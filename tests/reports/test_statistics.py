"""The statistics table (附件2) from the reports: rows by SQL, per unit and per campaign, and
the .xlsx read back."""

import datetime as dt
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from openday.activities.enums import ActivityState as S
from openday.activities.services import (
    MediaInput,
    activity_accept,
    activity_mark_held,
    activity_publish,
    activity_report,
    activity_return,
    activity_schedule,
)
from openday.orgs.enums import Role, UnitKind
from openday.orgs.services import office_set
from openday.participation.models import Questionnaire, QuestionnaireAnswer
from openday.reports.statistics import StatisticsRow, statistics_rows, statistics_table
from tests.activities.materials import processed_photos, report_input
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db

D = dt.date
TITLE = "天心区2023年“政务公开主题日”活动情况统计表"


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


@pytest.fixture
def admin(campaign):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user


def media(seq: int, count: int, held: dt.date) -> list[MediaInput]:
    return [
        MediaInput("长沙晚报", f"报道{n}", f"https://news.example.cn/{seq}/{n}", held)
        for n in range(1, count + 1)
    ]


def report(
    admin,
    seq: int,
    held: dt.date,
    *,
    headcount: int,
    media_count: int,
    photos=1,
    state=S.REPORTED,
    campaign,
):
    target = campaign.activities.get(seq=seq)
    # Any row on any day: outside its planned months with a reason (计划调整).
    activity_schedule(actor=admin, activity=target, on=held, reason="按统计测试调整")
    activity_mark_held(actor=admin, activity=target, today=held)
    activity_report(
        actor=admin,
        activity=target,
        report=report_input(
            held,
            headcount=headcount,
            attendance={},
            media=media(seq, media_count, held),
            photos=processed_photos(photos),
        ),
        today=held,
    )
    if state in (S.ACCEPTED, S.PUBLISHED):
        activity_accept(actor=admin, activity=target)
    if state == S.PUBLISHED:
        activity_publish(actor=admin, activity=target)
    return target


@pytest.fixture
def reports(campaign, admin):
    """1 and 23 handed in, 2 published, 13 returned (does not count), 16 only planned."""
    report(admin, 1, D(2023, 3, 20), headcount=120, media_count=2, campaign=campaign)
    report(
        admin,
        2,
        D(2023, 3, 15),
        headcount=60,
        media_count=1,
        photos=3,
        state=S.PUBLISHED,
        campaign=campaign,
    )
    report(
        admin, 23, D(2023, 6, 16), headcount=300, media_count=0, state=S.ACCEPTED, campaign=campaign
    )
    returned = report(admin, 13, D(2023, 5, 10), headcount=80, media_count=1, campaign=campaign)
    activity_return(actor=admin, activity=returned, comment="补充材料")


def test_rows_come_from_the_handed_in_reports_in_held_order(
    campaign, reports, django_assert_num_queries
):
    with django_assert_num_queries(4):
        rows = statistics_rows(campaign)

    assert rows == [
        StatisticsRow(
            seq=2,
            title="老旧小区改造方案交流会",
            held_on=D(2023, 3, 15),
            headcount=60,
            media_count=1,
            photo_count=3,
            published=True,
            media_urls=["https://news.example.cn/2/1"],
            hosts=["区人居环境局"],
        ),
        StatisticsRow(
            seq=1,
            title="被征地农民社会保险业务政策宣讲",
            held_on=D(2023, 3, 20),
            headcount=120,
            media_count=2,
            photo_count=1,
            published=False,
            media_urls=["https://news.example.cn/1/1", "https://news.example.cn/1/2"],
            hosts=["区人力资源社会保障局"],
        ),
        StatisticsRow(
            seq=23,
            title="安全生产月",
            held_on=D(2023, 6, 16),
            headcount=300,
            media_count=0,
            photo_count=1,
            published=False,
            media_urls=[],
            hosts=["区应急管理局", "各街道办事处"],
        ),
    ]


def test_a_unit_gets_its_own_activities_and_those_of_its_group(campaign, reports):
    renshe = campaign.region.units.get(name="区人力资源社会保障局")
    street = UnitFactory(region=campaign.region, name="城南路街道办事处", kind=UnitKind.STREET)
    education = UnitFactory(region=campaign.region, name="区教育局")

    assert [row.seq for row in statistics_rows(campaign, renshe)] == [1]
    assert [row.seq for row in statistics_rows(campaign, street)] == [23]
    assert statistics_rows(campaign, education) == []


def read_back(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_campaign_table_downloads_as_xlsx(client, campaign, reports, admin):
    office_set(
        region=campaign.region,
        name="天心区政务公开办",
        contact_person="王晓",
        phone="0731-85000000",
    )
    client.force_login(admin)

    response = client.get(reverse("staff:statistics-campaign", args=[campaign.slug]))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="tianxin-2023-statistics.xlsx"; '
        f"filename*=UTF-8''{quote(f'{TITLE}.xlsx', safe='')}"
    )
    rows = read_back(response.content)
    assert rows[0][0] == "附件2"
    assert rows[1][0] == TITLE
    assert (
        rows[2][0]
        == "填报单位（公章）：天心区政务公开办　　联系人：王晓　　联系方式：0731-85000000"
    )
    assert rows[3:] == [
        [
            "活动主题",
            "责任单位",
            "活动时间",
            "活动覆盖人数(人)",
            "媒体宣传报道(条)",
            "媒体宣传报道网址、图片",
        ],
        [
            "老旧小区改造方案交流会",
            "区人居环境局",
            "2023年3月15日",
            60,
            1,
            "https://news.example.cn/2/1\n活动照片 3 张：http://testserver/column/tianxin-2023/reports/2/",
        ],
        [
            "被征地农民社会保险业务政策宣讲",
            "区人力资源社会保障局",
            "2023年3月20日",
            120,
            2,
            "https://news.example.cn/1/1\nhttps://news.example.cn/1/2\n活动照片 1 张",
        ],
        ["安全生产月", "区应急管理局、各街道办事处", "2023年6月16日", 300, 0, "活动照片 1 张"],
        ["合计（3 场，4 个单位）", None, None, 480, 3, None],
    ]


def test_a_units_table_has_the_official_five_columns(client, campaign, reports):
    renshe = campaign.region.units.get(name="区人力资源社会保障局")
    liaison = UserFactory(first_name="李明")
    MembershipFactory(user=liaison, role=Role.UNIT_LIAISON, region=campaign.region, unit=renshe)
    client.force_login(liaison)

    response = client.get(reverse("staff:statistics-unit", args=[campaign.slug, renshe.pk]))

    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="tianxin-2023-statistics-{renshe.pk}.xlsx"; '
        f"filename*=UTF-8''{quote(f'{TITLE}（区人力资源社会保障局）.xlsx', safe='')}"
    )
    assert read_back(response.content) == [
        ["附件2", None, None, None, None],
        [TITLE, None, None, None, None],
        [
            "填报单位（公章）：天心区人力资源社会保障局　　联系人：李明　　联系方式：",
            None,
            None,
            None,
            None,
        ],
        ["活动主题", "活动时间", "活动覆盖人数(人)", "媒体宣传报道(条)", "媒体宣传报道网址、图片"],
        [
            "被征地农民社会保险业务政策宣讲",
            "2023年3月20日",
            120,
            2,
            "https://news.example.cn/1/1\nhttps://news.example.cn/1/2\n活动照片 1 张",
        ],
        ["合计（1 场）", None, 120, 2, None],
    ]


def test_an_empty_table_still_has_its_layout(campaign):
    table = statistics_table(campaign, [], filler="区教育局")

    assert (table.title, table.rows) == (TITLE, [["合计（0 场）", "", 0, 0, ""]])


def test_the_rows_take_four_queries_however_many_reports(
    campaign, admin, django_assert_num_queries
):
    for seq, day in ((1, 20), (2, 21), (13, 22), (16, 23), (23, 24), (50, 25)):
        report(admin, seq, D(2023, 3, day), headcount=10, media_count=2, campaign=campaign)

    with django_assert_num_queries(4):
        rows = statistics_rows(campaign)

    assert [row.media_count for row in rows] == [2] * 6


def test_a_report_cites_the_answers_to_its_questionnaires(campaign, reports, admin):
    reported = next(row for row in statistics_rows(campaign) if row.seq == 2)
    now = timezone.now()
    questionnaire = Questionnaire.objects.create(
        campaign=campaign,
        title="满意度问卷",
        purpose="统计用",
        opens_at=now,
        closes_at=now + dt.timedelta(days=7),
        created_by=admin,
    )
    published = campaign.activities.get(seq=2)
    for n in range(3):
        QuestionnaireAnswer.objects.create(
            questionnaire=questionnaire, activity=published, token_hash=f"t{n}"
        )

    rows = statistics_rows(campaign)
    table = statistics_table(campaign, rows, filler="天心区")

    cited = next(row for row in rows if row.seq == 2)
    assert (reported.answers, cited.answers) == (0, 3)
    cell = next(r for r in table.rows if r[0] == cited.title)[-1]
    assert cell.endswith("问卷调查答卷 3 份")
