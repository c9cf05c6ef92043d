import csv
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import RegionKind, RegionLevel, Role
from tests.factories import (
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.portal.html import parse, select, text_of
from tests.portal.plans import add_activity, make_region, make_tianxin_campaign

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# "天心区2023年“政务公开主题日”活动计划表", percent-encoded as UTF-8.
ENCODED_NAME = (
    "%E5%A4%A9%E5%BF%83%E5%8C%BA2023%E5%B9%B4%E2%80%9C%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80"
    "%E4%B8%BB%E9%A2%98%E6%97%A5%E2%80%9D%E6%B4%BB%E5%8A%A8%E8%AE%A1%E5%88%92%E8%A1%A8"
)


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


def member(role: str, region, **fields):
    if role == Role.UNIT_LIAISON:
        fields["unit"] = UnitFactory(region=region, name="区教育局")
    return MembershipFactory(role=role, region=region, **fields).user


def detail_url(campaign) -> str:
    return reverse("staff:campaign-detail", args=[campaign.slug])


def export_url(campaign, fmt: str) -> str:
    return reverse("staff:campaign-plan-export", args=[campaign.slug, fmt])


# --- Login and logout -----------------------------------------------------------------------


def test_login_page_is_in_chinese(client):
    page = parse(client.get(reverse("staff:login")).content)

    assert text_of(select(page, "h1")[0]) == "工作人员登录"
    assert [text_of(label) for label in select(page, "label")] == ["用户名", "密码"]


def test_login_goes_to_staff_home(client):
    user = UserFactory(username="txadmin")

    response = client.post(
        reverse("staff:login"), {"username": "txadmin", "password": "openday-test-pass"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("staff:home")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_shows_chinese_error(client):
    UserFactory(username="txadmin")

    response = client.post(reverse("staff:login"), {"username": "txadmin", "password": "nope"})

    assert response.status_code == 200
    page = parse(response.content)
    assert (
        text_of(select(page, ".alert-error")[0])
        == "请输入一个正确的用户名和密码。注意，两者都区分大小写。"
    )
    assert "_auth_user_id" not in client.session


def test_logout_returns_to_login(client):
    client.force_login(UserFactory())

    response = client.post(reverse("staff:logout"))

    assert response.headers["Location"] == reverse("staff:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url",
    [
        lambda c: reverse("staff:home"),
        lambda c: reverse("staff:campaign-list"),
        lambda c: detail_url(c),
        lambda c: export_url(c, "xlsx"),
    ],
    ids=["home", "list", "detail", "export"],
)
def test_anonymous_is_sent_to_login(client, campaign, url):
    target = url(campaign)

    response = client.get(target)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('staff:login')}?next={target}"


# --- The list of campaigns ------------------------------------------------------------------


def list_rows(client) -> list[list[str]]:
    page = parse(client.get(reverse("staff:campaign-list")).content)
    return [[text_of(td) for td in select(tr, "td")] for tr in select(page, "tbody tr")]


def test_campaign_list_shows_only_the_users_region(client, campaign):
    other = CampaignFactory(region=make_region("浏阳市", "liuyang", "长沙", "cs2"))
    client.force_login(member(Role.OFFICE_ADMIN, campaign.region))

    rows = list_rows(client)

    assert rows == [
        [
            "长沙市 · 天心区",
            "2023",
            "天心区2023年“政务公开主题日”活动实施方案",
            "活动开展",
            "50",
            "6",
        ]
    ]
    assert other.title not in str(rows)


def test_campaign_list_of_superior_viewer_shows_the_subtree(client, campaign):
    city = campaign.region.parent
    liuyang = RegionFactory(name="浏阳市", slug="liuyang", parent=city)
    CampaignFactory(region=liuyang, slug="liuyang-2023", phase=CampaignPhase.DRAFT)
    elsewhere = RegionFactory(
        name="邵阳市", slug="shaoyang", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    CampaignFactory(region=RegionFactory(name="大祥区", slug="daxiang", parent=elsewhere))
    client.force_login(member(Role.SUPERIOR_VIEWER, city))

    assert [row[0] for row in list_rows(client)] == ["长沙市 · 天心区", "长沙市 · 浏阳市"]


def test_campaign_list_of_user_without_membership_is_empty(client, campaign):
    client.force_login(UserFactory())

    page = parse(client.get(reverse("staff:campaign-list")).content)

    assert select(page, "table") == []
    assert "您目前没有可查看的年度活动" in text_of(select(page, ".notice")[0])


# --- Who may read a campaign ----------------------------------------------------------------


def reader(kind: str, campaign):
    region = campaign.region
    city = region.parent
    other_city = RegionFactory(
        name="邵阳市", slug="shaoyang", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    sibling = RegionFactory(name="浏阳市", slug="liuyang", parent=city)
    return {
        "admin": lambda: member(Role.OFFICE_ADMIN, region),
        "liaison": lambda: member(Role.UNIT_LIAISON, region),
        "viewer": lambda: member(Role.SUPERIOR_VIEWER, region),
        "city_viewer": lambda: member(Role.SUPERIOR_VIEWER, city),
        "superuser": lambda: UserFactory(is_superuser=True),
        "sibling_admin": lambda: member(Role.OFFICE_ADMIN, sibling),
        "sibling_liaison": lambda: member(Role.UNIT_LIAISON, sibling),
        "other_city_viewer": lambda: member(Role.SUPERIOR_VIEWER, other_city),
        "nobody": lambda: UserFactory(),
    }[kind]()


READ_ACCESS = [
    ("admin", 200),
    ("liaison", 200),
    ("viewer", 200),
    ("city_viewer", 200),
    ("superuser", 200),
    ("sibling_admin", 404),
    ("sibling_liaison", 404),
    ("other_city_viewer", 404),
    ("nobody", 404),
]


@pytest.mark.authz
@pytest.mark.parametrize(("kind", "status"), READ_ACCESS)
@pytest.mark.parametrize("fmt", [None, "xlsx", "docx", "csv"])
def test_campaign_pages_by_role(client, campaign, kind, status, fmt):
    client.force_login(reader(kind, campaign))

    response = client.get(detail_url(campaign) if fmt is None else export_url(campaign, fmt))

    assert response.status_code == status
    if status == 404:
        assert "垃圾分类宣讲" not in response.content.decode("utf-8", "replace")


def test_unknown_campaign_and_unknown_format_are_404(client, campaign):
    client.force_login(member(Role.OFFICE_ADMIN, campaign.region))

    assert client.get(reverse("staff:campaign-detail", args=["nowhere"])).status_code == 404
    assert client.get(f"{detail_url(campaign)}plan.pdf").status_code == 404


# --- Detail ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, campaign):
    client.force_login(member(Role.OFFICE_ADMIN, campaign.region))
    return client


def test_detail_shows_campaign_facts(admin_client, campaign):
    page = parse(admin_client.get(detail_url(campaign)).content)

    facts = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".facts > div")
    }
    assert facts == {
        "地区": "长沙市 · 天心区",
        "年度": "2023年",
        "阶段": "活动开展",
        "发文机关": "长沙市天心区政务公开政务服务工作领导小组办公室",
        "文号": "天政务公开办发〔2023〕1号",
        "成文日期": "2023年3月3日",
        "计划场次": "50 场",
        "已列入计划": "6 项",
        "公开专栏": "2023年政务公开主题日活动专栏",
    }


def test_detail_plan_table_follows_default_columns(admin_client, campaign):
    page = parse(admin_client.get(detail_url(campaign)).content)

    table = select(page, "table.plan-table")[0]
    assert [text_of(th) for th in select(table, "thead th")] == [
        "序号",
        "活动时间",
        "活动主题",
        "活动形式",
        "责任单位",
        "状态",
    ]
    rows = [[text_of(td) for td in select(tr, "td")] for tr in select(table, "tbody tr")]
    assert rows[0] == [
        "1",
        "3月",
        "被征地农民社会保险业务政策宣讲",
        "政策宣传",
        "区人力资源社会保障局",
        "已列入计划",
    ]
    assert rows[3] == [
        "16",
        "5-6月",
        "公益发展基金交流宣传",
        "现场观摩、政策宣传",
        "金盆岭街道办事处",
        "已列入计划",
    ]
    assert rows[4] == [
        "23",
        "6月",
        "安全生产月",
        "政策宣传",
        "区应急管理局、各街道办事处",
        "已列入计划",
    ]
    assert rows[5] == ["50", "待定", "垃圾分类宣讲", "政策宣传", "区城管执法局", "已列入计划"]


def test_detail_plan_table_follows_the_campaigns_own_columns(client):
    # 大祥区's layout: 序号, 活动主题, 活动方式, 责任单位, 时间
    campaign = make_tianxin_campaign(
        plan_columns=[
            ["seq", "序号"],
            ["title", "活动主题"],
            ["forms", "活动方式"],
            ["units", "责任单位"],
            ["month", "时间"],
        ]
    )
    client.force_login(member(Role.OFFICE_ADMIN, campaign.region))

    table = select(parse(client.get(detail_url(campaign)).content), "table.plan-table")[0]

    assert [text_of(th) for th in select(table, "thead th")] == [
        "序号",
        "活动主题",
        "活动方式",
        "责任单位",
        "时间",
        "状态",
    ]
    first = [text_of(td) for td in select(table, "tbody tr")[0].xpath("td")]
    assert first == [
        "1",
        "被征地农民社会保险业务政策宣讲",
        "政策宣传",
        "区人力资源社会保障局",
        "3月",
        "已列入计划",
    ]


def test_detail_counts_activities_by_start_month(admin_client, campaign):
    page = parse(admin_client.get(detail_url(campaign)).content)

    counts = select(page, "table.data-table-compact")[0]
    assert [[text_of(c) for c in tr.xpath("th|td")] for tr in select(counts, "tr")] == [
        ["月份", "场次"],
        ["3月", "2"],
        ["5月", "2"],
        ["6月", "1"],
        ["时间待定", "1"],
        ["合计", "6"],
    ]


def test_detail_links_the_three_exports(admin_client, campaign):
    page = parse(admin_client.get(detail_url(campaign)).content)

    assert [(a.get("href"), text_of(a)) for a in select(page, ".downloads a")] == [
        (f"/staff/campaigns/{campaign.slug}/plan.xlsx", "下载 XLSX"),
        (f"/staff/campaigns/{campaign.slug}/plan.docx", "下载 DOCX"),
        (f"/staff/campaigns/{campaign.slug}/plan.csv", "下载 CSV"),
    ]


@pytest.mark.parametrize(
    ("who", "queries"),
    [
        # session, user, memberships (every permission check and the nav's audit link read
        # them), campaign, counts by month, plan rows, their forms and hosts, states, parent
        # region, the unscheduled-late panel's activities, forms and hosts
        ("superuser", 13),
        ("admin", 13),
        ("viewer", 13),
        # and the rows the liaison may open
        ("liaison", 14),
    ],
)
def test_detail_query_count_does_not_grow_with_the_plan(
    client, admin_client, campaign, who, queries, django_assert_num_queries
):
    if who == "superuser":
        client = admin_client
    else:
        role = {
            "admin": Role.OFFICE_ADMIN,
            "viewer": Role.SUPERIOR_VIEWER,
            "liaison": Role.UNIT_LIAISON,
        }[who]
        place = campaign.region.parent if who == "viewer" else campaign.region
        client.force_login(member(role, place))
    with django_assert_num_queries(queries):
        client.get(detail_url(campaign))
    for seq in range(100, 120):
        add_activity(campaign, seq, (7, 7), f"活动{seq}", ["政策宣传"], [f"单位{seq}"])

    with django_assert_num_queries(queries):
        response = client.get(detail_url(campaign))

    assert len(select(parse(response.content), "table.plan-table tbody tr")) == 26


# --- Export ---------------------------------------------------------------------------------


def test_xlsx_export_is_a_workbook_with_the_plan(admin_client, campaign):
    response = admin_client.get(export_url(campaign, "xlsx"))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=\"{campaign.slug}-plan.xlsx\"; filename*=UTF-8''{ENCODED_NAME}.xlsx"
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "天心区2023年“政务公开主题日”活动计划表" in values
    assert "垃圾分类宣讲" in values
    assert "区应急管理局、各街道办事处" in values


def test_docx_export_is_a_document_with_the_plan(admin_client, campaign):
    response = admin_client.get(export_url(campaign, "docx"))

    assert response.headers["Content-Type"] == DOCX
    assert response.headers["Content-Disposition"].endswith(f"''{ENCODED_NAME}.docx")
    document = Document(io.BytesIO(response.content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"安全生产月", "区应急管理局、各街道办事处", "5-6月"} <= cells


def test_csv_export_is_utf8_rows(admin_client, campaign):
    response = admin_client.get(export_url(campaign, "csv"))

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].endswith(f"''{ENCODED_NAME}.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["50", "待定", "垃圾分类宣讲", "政策宣传", "区城管执法局"] in rows


def test_superior_viewer_downloads_the_xlsx(client, campaign):
    client.force_login(member(Role.SUPERIOR_VIEWER, campaign.region.parent))

    response = client.get(export_url(campaign, "xlsx"))

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active.max_row > 6
