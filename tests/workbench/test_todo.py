"""The to-do page (待办), the first page after login: what each role sees on 2023-10-13."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from openday.activities.services import activity_announce, activity_schedule
from openday.campaigns.enums import CampaignPhase
from openday.declarations.enums import DeclarationState
from openday.orgs.enums import Role
from tests.activities.materials import notice_input
from tests.factories import CampaignFactory, MembershipFactory, UnitFactory, UserFactory
from tests.factories.declarations import DeclarationFactory, DeclarationItemFactory
from tests.portal.html import parse, select, text_of
from tests.workbench.conftest import D, add

pytestmark = pytest.mark.django_db

URL = "/staff/"


def get_page(client, user):
    client.force_login(user)
    response = client.get(reverse("staff:home"))
    assert response.status_code == 200
    return parse(response.content)


def table_rows(page, selector: str) -> list[list[str]]:
    return [
        [text_of(td) for td in tr.xpath("th|td")] for tr in select(page, f"{selector} tbody tr")
    ]


def stats(page, selector: str = ".todo-stats") -> dict[str, str]:
    return {
        text_of(select(li, ".todo-stat-label")[0]): text_of(select(li, ".todo-stat-num")[0])
        for li in select(page, f"{selector} .todo-stat")
    }


def headings(page) -> list[str]:
    return [text_of(h) for h in select(page, "main h2")]


def links(page, selector: str) -> list[str]:
    return [a.get("href") for a in select(page, f"{selector} tbody a")]


# --- Where it is ----------------------------------------------------------------------------


def test_to_do_is_the_staff_home():
    assert reverse("staff:home") == URL
    assert reverse("staff:campaign-list") == "/staff/campaigns/"


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('staff:login')}?next={URL}"


def test_login_lands_on_the_to_do(client, world, today):
    world.liaison.set_password("openday-test-pass")
    world.liaison.save()

    response = client.post(
        reverse("staff:login"),
        {"username": world.liaison.username, "password": "openday-test-pass"},
        follow=True,
    )

    assert response.redirect_chain == [(URL, 302)]
    assert text_of(select(parse(response.content), "h1")[0]) == "待办"


def test_user_without_a_role_is_told_so(client, world, today):
    page = get_page(client, UserFactory())

    assert text_of(select(page, ".notice")[0]) == (
        "您的账号还没有分配工作角色，暂无待办事项。如需开通，请联系本级政务公开办。"
    )
    assert headings(page) == []


# --- Unit liaison ---------------------------------------------------------------------------

LIAISON_ROWS = [
    [
        "社保政策宣讲 2023年 · 第 1 项 · 区人力资源社会保障局",
        "10月",
        "2023年10月16日",
        "已定日期",
        "报备方案",
        "方案报备 2023年10月9日 已逾期",
    ],
    [
        "就业服务进社区 2023年 · 第 2 项 · 区人力资源社会保障局",
        "10月",
        "2023年10月11日",
        "已开展",
        "报送材料",
        "媒体宣传 2023年10月14日 即将到期 材料报送 2023年10月18日 按期进行中",
    ],
    [
        "劳动仲裁开放日 2023年 · 第 3 项 · 区人力资源社会保障局",
        "9月",
        "待定",
        "已列入计划",
        "确定日期",
        "未及时确定日期",
    ],
    [
        "医保社保联合宣传 2023年 · 第 10 项 · 区人力资源社会保障局、区医保局",
        "10月",
        "2023年10月13日",
        "已报备方案",
        "确认开展",
        "—",
    ],
    [
        "技能培训宣讲 2023年 · 第 4 项 · 区人力资源社会保障局",
        "11月",
        "待定",
        "已列入计划",
        "确定日期",
        "—",
    ],
    [
        "人才政策发布 2023年 · 第 5 项 · 区人力资源社会保障局",
        "11月",
        "2023年11月20日",
        "已定日期",
        "报备方案",
        "方案报备 2023年11月13日 按期进行中",
    ],
]


def test_liaison_sees_their_units_activities_most_urgent_first(client, world, today):
    page = get_page(client, world.liaison)

    assert headings(page) == ["本单位待办", "本单位各月活动"]
    assert stats(page) == {"已逾期": "1", "即将到期": "1", "未及时确定日期": "1", "待办活动": "6"}
    assert [text_of(th) for th in select(page, "table.todo-table thead th")] == [
        "活动主题",
        "计划月份",
        "活动日期",
        "状态",
        "下一步",
        "办理期限",
    ]
    assert table_rows(page, "table.todo-table") == LIAISON_ROWS


def test_liaison_rows_link_to_the_activity_pages(client, world, today):
    page = get_page(client, world.liaison)

    assert links(page, "table.todo-table") == [
        f"/staff/campaigns/tianxin-2023/activities/{seq}/" for seq in (1, 2, 3, 10, 4, 5)
    ]


def test_liaison_never_sees_what_is_not_theirs(client, world, today):
    page = get_page(client, world.liaison)
    text = text_of(select(page, "main")[0])

    # 6 waits for the office, 7 is the streets', 8 another unit's, 9 cancelled, 11-14 other
    # units', then the sibling region's twin unit, another city, next year's draft.
    for title in [
        "养老保险座谈",
        "安全生产月",
        "招生政策宣讲",
        "退役军人政策宣传",
        "医保政策宣传月",
        "教育惠民政策发布",
        "家庭教育讲座",
        "政务公开开放日",
        "浏阳社保宣讲",
        "大祥区水利宣传",
        "草案中的社保活动",
    ]:
        assert title not in text
    # The office's cards are not a liaison's.
    assert "报送材料待审核" not in text


def test_liaison_counts_per_month_and_state(client, world, today):
    page = get_page(client, world.liaison)

    [table] = select(page, "table.month-table")
    assert [text_of(th) for th in select(table, "thead th")] == [
        "月份",
        "待定日期",
        "已定日期",
        "已开展",
        "待审核",
        "已审核",
        "已发布",
        "已取消",
        "合计",
    ]
    rows = [[text_of(c) for c in tr.xpath("th|td")] for tr in select(table, "tr")][1:]
    assert rows == [
        ["9月", "1", "0", "0", "1", "0", "0", "0", "2"],
        ["10月", "0", "2", "1", "0", "0", "0", "1", "4"],
        ["11月", "1", "1", "0", "0", "0", "0", "0", "2"],
        ["合计", "2", "3", "1", "1", "0", "0", "1", "8"],
    ]


def test_street_liaison_sees_activities_hosted_by_every_street(client, world, today):
    page = get_page(client, world.street_liaison)

    assert table_rows(page, "table.todo-table") == [
        [
            "安全生产月 2023年 · 第 7 项 · 区应急管理局、各街道办事处",
            "10月",
            "待定",
            "已列入计划",
            "确定日期",
            "—",
        ]
    ]


def test_liaison_with_nothing_to_do_is_told_so(client, world, today):
    audit_office = UnitFactory(region=world.region, name="区审计局")
    quiet = MembershipFactory(role=Role.UNIT_LIAISON, region=world.region, unit=audit_office).user

    page = get_page(client, quiet)

    assert text_of(select(page, ".todo-liaison .muted")[0]) == "目前没有需要本单位办理的事项。"
    assert stats(page) == {"已逾期": "0", "即将到期": "0", "未及时确定日期": "0", "待办活动": "0"}


def test_liaison_rows_follow_today(client, world, today):
    # Four weeks on: 1's date has passed (confirm it was held; its plan is still overdue),
    # 2's publicity and report are overdue, 5's plan is due soon.
    today(D(2023, 11, 10))

    page = get_page(client, world.liaison)

    assert [(row[0].split(" ")[0], row[4]) for row in table_rows(page, "table.todo-table")] == [
        ("社保政策宣讲", "确认开展"),
        ("就业服务进社区", "报送材料"),
        ("人才政策发布", "报备方案"),
        ("劳动仲裁开放日", "确定日期"),
        ("医保社保联合宣传", "确认开展"),
        ("技能培训宣讲", "确定日期"),
    ]
    assert table_rows(page, "table.todo-table")[1][5] == (
        "媒体宣传 2023年10月14日 已逾期 材料报送 2023年10月18日 已逾期"
    )
    assert stats(page) == {"已逾期": "2", "即将到期": "1", "未及时确定日期": "1", "待办活动": "6"}


# --- Office admin ---------------------------------------------------------------------------


def test_admin_sees_what_waits_for_the_office(client, world, today):
    page = get_page(client, world.admin)

    assert headings(page) == [
        "主题申报待审核",
        "报送材料待审核",
        "逾期事项（按责任单位）",
        "未及时确定日期的活动",
        "还没有联络员的单位",
        "各月活动进度",
    ]
    assert stats(page, ".todo-stats-office") == {
        "材料待审核": "2",
        "逾期活动": "3",
        "未及时确定日期": "2",
        "申报待审核": "0",
        "单位无联络员": "3",
    }


def test_admin_sees_the_units_notices_waiting_for_review(client, world, today):
    # 区人社局 hands in the 预告 of seq 5 (2023-11-20); the rule says the office reviews it.
    activity_announce(actor=world.liaison, activity=world[5], notice=notice_input(world[5]))

    page = get_page(client, world.admin)

    assert "活动预告待审核" in headings(page)
    assert stats(page, ".todo-stats-office")["预告待审核"] == "1"
    assert [row[:3] for row in table_rows(page, "table.notices-table")] == [
        ["5", "人才政策发布", "2023年11月20日"]
    ]
    assert links(page, "table.notices-table") == ["/staff/campaigns/tianxin-2023/activities/5/"]
    # Nobody else's to-do lists it: the sibling region's office reads nothing of 天心区.
    assert "活动预告待审核" not in headings(get_page(client, world.sibling_admin))


def test_admin_reports_to_review_longest_waiting_first(client, world, today):
    page = get_page(client, world.admin)

    assert table_rows(page, "table.reports-table") == [
        ["12", "教育惠民政策发布", "区教育局", "2023年9月25日", "2023-09-28 09:30"],
        ["6", "养老保险座谈", "区人力资源社会保障局", "2023年9月20日", "2023-09-29 16:05"],
    ]
    assert links(page, "table.reports-table") == [
        "/staff/campaigns/tianxin-2023/activities/12/",
        "/staff/campaigns/tianxin-2023/activities/6/",
    ]


def overdue(page) -> list[tuple[str, list[list[str]]]]:
    """(unit heading, its rows) for each unit of the overdue table."""
    return [
        (
            text_of(select(group, ".overdue-unit-name")[0]),
            [[text_of(td) for td in tr.xpath("td")] for tr in group.xpath("tr")[1:]],
        )
        for group in select(page, "table.overdue-table tbody.overdue-unit")
    ]


def test_admin_overdue_by_unit_most_overdue_first(client, world, today):
    page = get_page(client, world.admin)

    assert overdue(page) == [
        (
            "区医保局 2 项",
            [
                ["11", "医保政策宣传月", "媒体宣传", "2023年9月7日", "36 天"],
                ["11", "医保政策宣传月", "材料报送", "2023年9月11日", "32 天"],
            ],
        ),
        ("区人力资源社会保障局 1 项", [["1", "社保政策宣讲", "方案报备", "2023年10月9日", "4 天"]]),
        ("区教育局 1 项", [["8", "招生政策宣讲", "方案报备", "2023年9月27日", "16 天"]]),
    ]


def test_admin_overdue_lists_a_group_host_under_its_name(client, world, today):
    activity_schedule(actor=world.admin, activity=world[7], on=D(2023, 10, 12))

    page = get_page(client, world.admin)

    # 10-12 less 5 working days is 10-07, a Saturday worked for the National Day holiday.
    item = ["7", "安全生产月", "方案报备", "2023年10月7日", "6 天"]
    groups = overdue(page)
    assert ("区应急管理局 1 项", [item]) in groups
    assert ("各街道办事处 1 项", [item]) in groups


def test_admin_sees_activities_without_a_date_late_in_their_month(client, world, today):
    page = get_page(client, world.admin)

    assert table_rows(page, "table.unscheduled-table") == [
        ["13", "8月", "家庭教育讲座", "区教育局"],
        ["3", "9月", "劳动仲裁开放日", "区人力资源社会保障局"],
    ]


def test_admin_counts_per_month_and_state(client, world, today):
    page = get_page(client, world.admin)

    [table] = select(page, ".month-counts")
    title = select(table, ".month-counts-title a")[0]
    assert (title.get("href"), text_of(title)) == (
        "/staff/campaigns/tianxin-2023/",
        "天心区2023年“政务公开主题日”活动实施方案",
    )
    rows = [[text_of(c) for c in tr.xpath("th|td")] for tr in select(table, "tr")][1:]
    assert rows == [
        ["8月", "1", "0", "0", "0", "0", "0", "0", "1"],
        ["9月", "1", "0", "1", "2", "0", "1", "0", "5"],
        ["10月", "1", "3", "1", "0", "0", "0", "1", "6"],
        ["11月", "1", "1", "0", "0", "0", "0", "0", "2"],
        ["合计", "4", "4", "2", "2", "0", "1", "1", "14"],
    ]


def test_admin_never_sees_another_regions_items(client, world, today):
    page = get_page(client, world.admin)
    text = text_of(select(page, "main")[0])

    assert "浏阳社保宣讲" not in text
    assert "浏阳政策解读" not in text
    assert "大祥区水利宣传" not in text
    assert "草案中的社保活动" not in text


def test_sibling_admin_sees_only_their_region(client, world, today):
    page = get_page(client, world.sibling_admin)

    assert overdue(page) == [
        ("区人力资源社会保障局 1 项", [["1", "浏阳社保宣讲", "方案报备", "2023年9月27日", "16 天"]])
    ]
    assert table_rows(page, "table.reports-table") == []
    assert [row[2] for row in table_rows(page, "table.unscheduled-table")] == ["浏阳政策解读"]
    assert "社保政策宣讲" not in text_of(select(page, "main")[0])


def test_admin_sees_submitted_declarations_of_their_region_only(client, world, today):
    submitted = DeclarationFactory(
        campaign=world.campaign,
        unit=world.jiaoyu,
        state=DeclarationState.SUBMITTED,
        submitted_at=dt.datetime(2023, 3, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    DeclarationItemFactory.create_batch(2, declaration=submitted)
    DeclarationFactory(campaign=world.campaign, state=DeclarationState.DRAFT)
    DeclarationFactory(state=DeclarationState.SUBMITTED)  # another region's

    page = get_page(client, world.admin)

    items = list(select(page, "#declarations-h")[0].getparent().iter("li"))
    assert [text_of(item) for item in items] == [
        f"{world.jiaoyu.name} · 2 个主题 · 3月20日 09:30 提交"
    ]
    assert stats(page, ".todo-stats-office")["申报待审核"] == "1"


def test_a_long_list_without_dates_starts_folded(client, world, today):
    page = get_page(client, world.admin)
    assert select(page, "details.late-details")[0].get("open") is not None
    for seq in range(200, 209):
        add(world.campaign, seq, f"待定活动{seq}", 7, world.jiaoyu)

    page = get_page(client, world.admin)

    details = select(page, "details.late-details")[0]
    assert details.get("open") is None
    assert text_of(select(details, "summary")[0]) == "共 11 项"


def test_admin_without_a_running_campaign_is_told_so(client, world, today):
    lonely = MembershipFactory(role=Role.OFFICE_ADMIN, region=world.far.parent).user

    page = get_page(client, lonely)

    assert text_of(select(page, ".notice")[0]) == "本地区目前没有处于“活动开展”阶段的年度活动。"


# --- Superior viewer and superuser ----------------------------------------------------------

OVERVIEW_HEADER = ["地区", "年度", "计划场次", "已开展", "已报送材料", "已发布", "有逾期事项"]
TIANXIN = ["长沙市 · 天心区", "2023", "13", "5", "3", "1", "3"]
LIUYANG = ["长沙市 · 浏阳市", "2023", "2", "0", "0", "0", "1"]
DAXIANG = ["邵阳市 · 大祥区", "2023", "1", "0", "0", "0", "0"]


def overview(page) -> list[list[str]]:
    table = select(page, "table.overview-table")[0]
    assert [text_of(th) for th in select(table, "thead th")] == OVERVIEW_HEADER
    return [[text_of(c) for c in tr.xpath("th|td")] for tr in table.xpath("tbody/tr|tfoot/tr")]


def test_city_viewer_sees_progress_per_region_of_the_subtree(client, world, today):
    page = get_page(client, world.city_viewer)

    assert headings(page) == ["所辖地区进度"]
    assert overview(page) == [TIANXIN, LIUYANG, ["合计", "15", "5", "3", "1", "4"]]
    assert [a.get("href") for a in select(page, "table.overview-table tbody a")] == [
        "/staff/campaigns/tianxin-2023/",
        "/staff/campaigns/liuyang-2023/",
    ]


def test_superuser_sees_every_region(client, world, today):
    page = get_page(client, world.superuser)

    assert headings(page) == ["各地进度（全部地区）"]
    assert overview(page) == [TIANXIN, LIUYANG, DAXIANG, ["合计", "16", "5", "3", "1", "4"]]


def test_county_viewer_sees_only_their_county(client, world, today):
    viewer = MembershipFactory(role=Role.SUPERIOR_VIEWER, region=world.sibling).user

    page = get_page(client, viewer)

    assert overview(page) == [LIUYANG, ["合计", "2", "0", "0", "0", "1"]]


def test_liaison_is_pointed_to_an_open_declaration_window(client, world, today):
    declaring = CampaignFactory(
        region=world.region,
        year=2030,
        slug="tianxin-2030",
        title="天心区2030年活动实施方案",
        phase=CampaignPhase.DECLARATION,
    )
    DeclarationFactory(campaign=declaring, unit=world.renshe, state=DeclarationState.RETURNED)
    CampaignFactory(phase=CampaignPhase.DECLARATION)  # another region's

    page = get_page(client, world.liaison)

    items = list(select(page, "#liaison-decl-h")[0].getparent().iter("li"))
    assert [text_of(item) for item in items] == [
        f"天心区2030年活动实施方案 · {world.renshe.name} · 已退回"
    ]
    link = items[0].iter("a").__next__().get("href")
    assert link == f"/staff/campaigns/tianxin-2030/declarations/units/{world.renshe.pk}/"
