"""The audit log page (操作记录) and its .csv export: who may read it, what it shows, filters."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.activities.services import activity_schedule
from openday.campaigns.services import campaign_set_rules, campaign_update
from openday.core.audit import audit_record
from openday.core.models import AuditEntry
from openday.orgs.enums import RegionKind, RegionLevel, Role
from openday.orgs.services import unit_create
from tests.factories import (
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.portal.html import parse, select, text_of
from tests.workbench.conftest import SHANGHAI

pytestmark = pytest.mark.django_db

LIST = "/staff/audit/"
EXPORT = "/staff/audit/export.csv"


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def stamp(when: dt.datetime) -> None:
    """Date the newest entry (``at`` is set on save)."""
    AuditEntry.objects.filter(pk=AuditEntry.objects.order_by("-id")[0].pk).update(at=when)


class Log:
    """Entries of 天心区 made by services, one of 浏阳市, and one without a region."""

    def __init__(self):
        city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region = RegionFactory(name="天心区", slug="tianxin", parent=city)
        self.sibling = RegionFactory(name="浏阳市", slug="liuyang", parent=city)
        self.admin = self.member(Role.OFFICE_ADMIN, self.region, "txadmin", "王晓")
        self.sibling_admin = self.member(Role.OFFICE_ADMIN, self.sibling, "lyadmin", "")
        unit = UnitFactory(region=self.region, name="区政务服务中心")
        stamp(at(2023, 3, 1, 9, 0))
        self.liaison = self.member(Role.UNIT_LIAISON, self.region, "txlink", "李明", unit=unit)
        self.viewer = self.member(Role.SUPERIOR_VIEWER, city, "csview", "")
        self.superuser = UserFactory(username="root", is_superuser=True)

        self.campaign = CampaignFactory(
            region=self.region, slug="tianxin-2023", title="天心区2023年活动方案"
        )
        campaign_set_rules(campaign=self.campaign, filing_lead_days=3, filing_lead_working=False)
        stamp(at(2023, 3, 3, 10, 0))
        campaign_set_rules(actor=self.admin, campaign=self.campaign, filing_lead_days=5)
        stamp(at(2023, 3, 5, 11, 0))
        campaign_update(actor=self.admin, campaign=self.campaign, title="天心区2023年实施方案")
        stamp(at(2023, 3, 6, 8, 30))
        activity = ActivityFactory(
            campaign=self.campaign, seq=7, month_start=10, month_end=10, title="一网通办体验"
        )
        ActivityHostFactory(activity=activity, unit=unit, text=unit.name)
        activity_schedule(
            actor=self.liaison, activity=activity, on=dt.date(2023, 10, 16), venue="区政务服务中心"
        )
        stamp(at(2023, 10, 9, 15, 45))
        unit_create(actor=self.admin, region=self.region, name="区审计局")
        stamp(at(2023, 10, 12, 23, 59))

        other = CampaignFactory(region=self.sibling, slug="liuyang-2023", title="浏阳市活动方案")
        campaign_update(actor=self.sibling_admin, campaign=other, title="浏阳市2023年实施方案")
        stamp(at(2023, 10, 10, 9, 0))
        audit_record(actor=None, action="holiday_arrangement.create", obj=self.region)
        stamp(at(2023, 10, 11, 9, 0))

    def member(self, role, region, username, name, unit=None):
        user = UserFactory(username=username, first_name=name)
        MembershipFactory(user=user, role=role, region=region, unit=unit)
        return user


@pytest.fixture
def log() -> Log:
    return Log()


def rows(page) -> list[list[str]]:
    return [
        [text_of(td) for td in select(tr, "td")]
        for tr in select(page, "table.audit-table tbody tr")
    ]


def get(client, user, url=LIST, **params):
    client.force_login(user)
    return client.get(url, params)


# --- Who may read it ------------------------------------------------------------------------

# Entries each reader finds: 天心区's six, 浏阳市's one, and the superuser also the one
# without a region.
TIANXIN = 6
LIUYANG = 1


def listed(response, url) -> list[tuple[str, str]]:
    """(action, object) of each entry the response lists."""
    if url == LIST:
        return [(row[2], row[3].split(" ", 1)[1]) for row in rows(parse(response.content))]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [(line[2], line[4]) for line in list(csv.reader(io.StringIO(text)))[1:]]


@pytest.mark.authz
@pytest.mark.parametrize(
    ("who", "status", "count"),
    [
        ("admin", 200, TIANXIN),
        ("sibling_admin", 200, LIUYANG),
        ("liaison", 403, None),
        ("viewer", 403, None),
        ("superuser", 200, TIANXIN + LIUYANG + 1),
        ("anonymous", 302, None),
    ],
)
@pytest.mark.parametrize("url", [LIST, EXPORT], ids=["list", "export"])
def test_audit_log_by_role(client, log, who, status, count, url):
    if who != "anonymous":
        client.force_login(getattr(log, who))

    response = client.get(url)

    assert response.status_code == status
    if status == 302:
        assert response.headers["Location"] == f"{reverse('staff:login')}?next={url}"
        return
    if status == 403:
        assert "天心区2023年政务公开主题日" not in response.content.decode()
        return
    entries = listed(response, url)
    assert len(entries) == count
    sibling_entry = ("修改年度活动", "浏阳市2023年政务公开主题日")
    assert (sibling_entry in entries) == (who != "admin")
    if who == "sibling_admin":
        assert entries == [sibling_entry]


def test_forbidden_page_is_in_chinese(client, log):
    response = get(client, log.liaison)

    assert response.status_code == 403
    assert text_of(select(parse(response.content), "h1")[0]) == "无权访问"


# --- What it shows --------------------------------------------------------------------------


def test_admin_reads_each_change_as_field_old_new(client, log):
    page = parse(get(client, log.admin).content)

    assert [text_of(th) for th in select(page, "table.audit-table thead th")] == [
        "时间",
        "操作人",
        "操作",
        "对象",
        "修改内容",
        "说明",
    ]
    assert rows(page) == [
        [
            "2023-10-12 23:59:00",
            "王晓（txadmin）",
            "新建单位",
            "单位 区审计局",
            "名称：区审计局 类型：部门",
            "—",
        ],
        [
            "2023-10-09 15:45:00",
            "李明（txlink）",
            "确定日期",
            "活动 7. 一网通办体验",
            "状态：已列入计划 → 已定日期 活动日期：2023-10-16 活动地点：区政务服务中心",
            "—",
        ],
        [
            "2023-03-06 08:30:00",
            "王晓（txadmin）",
            "修改年度活动",
            "年度活动 天心区2023年政务公开主题日",
            "文件标题：天心区2023年活动方案 → 天心区2023年实施方案",
            "—",
        ],
        [
            "2023-03-05 11:00:00",
            "王晓（txadmin）",
            "设置活动规则",
            "年度活动 天心区2023年政务公开主题日",
            "方案报备提前天数：3 → 5",
            "—",
        ],
        [
            "2023-03-03 10:00:00",
            "系统",
            "设置活动规则",
            "年度活动 天心区2023年政务公开主题日",
            # The rules' defaults were there already: only what the notice set shows.
            "方案报备提前天数：3 报备按工作日计：是 → 否",
            "—",
        ],
        [
            "2023-03-01 09:00:00",
            "系统",
            "新建单位",
            "单位 区政务服务中心",
            "名称：区政务服务中心 类型：部门",
            "—",
        ],
    ]
    assert text_of(select(page, ".audit-count")[0]) == "共 6 条"


def test_superuser_sees_the_region_column_and_entries_without_one(client, log):
    page = parse(get(client, log.superuser).content)

    assert "地区" in [text_of(th) for th in select(page, "table.audit-table thead th")]
    regions = [row[4] for row in rows(page)]
    assert regions == ["天心区", "—", "浏阳市", "天心区", "天心区", "天心区", "天心区", "天心区"]


def test_a_cleared_value_reads_old_to_dash(client, log):
    activity = ActivityFactory(campaign=log.campaign, seq=8, title="政策宣讲")
    audit_record(
        actor=log.admin,
        action="activity.postpone",
        obj=activity,
        region=log.region,
        before={"venue": "区政务服务中心", "state": "scheduled"},
        after={"venue": "", "state": "postponed"},
        comment="场地检修",
    )

    first = rows(parse(get(client, log.admin).content))[0]

    # Lines follow the model's field order, whatever order the snapshot kept.
    assert first[2:] == [
        "延期",
        "活动 8. 政策宣讲",
        "状态：已定日期 → 已延期 活动地点：区政务服务中心 → —",
        "场地检修",
    ]


def test_keys_no_model_knows_read_by_name(client, log):
    audit_record(
        actor=log.admin,
        action="campaign.update",
        obj=log.campaign,
        region=log.region,
        before={"zeta": 1, "alpha": None},
        after={"zeta": 2, "alpha": ["甲", "乙"], "gamma": {"数量": 3}},
    )

    first = rows(parse(get(client, log.admin).content))[0]

    assert first[4] == 'alpha：甲、乙 gamma：{"数量": 3} zeta：1 → 2'


def test_unknown_actions_read_by_their_verb(client, log):
    audit_record(actor=log.admin, action="declaration.submit", obj=log.campaign, region=log.region)

    first = rows(parse(get(client, log.admin).content))[0]

    assert first[2] == "提交（declaration.submit）"


# --- Filters --------------------------------------------------------------------------------


def objects_of(client, user, **params) -> list[str]:
    return [row[3] for row in rows(parse(get(client, user, **params).content))]


def test_filter_choices_are_what_the_user_may_read(client, log):
    page = parse(get(client, log.admin).content)

    def options(name):
        return [(o.get("value"), text_of(o)) for o in select(page, f"select#id_{name} option")]

    assert options("action") == [
        ("", "全部"),
        ("campaign.update", "修改年度活动"),
        ("unit.create", "新建单位"),
        ("activity.schedule", "确定日期"),
        ("campaign.set_rules", "设置活动规则"),
    ]
    assert options("object_type") == [
        ("", "全部"),
        ("orgs.unit", "单位"),
        ("campaigns.campaign", "年度活动"),
        ("activities.activity", "活动"),
    ]
    assert options("actor") == [
        ("", "全部"),
        ("txadmin", "txadmin"),
        ("txlink", "txlink"),
        ("系统", "系统"),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "campaign.set_rules"}, ["年度活动 天心区2023年政务公开主题日"] * 2),
        ({"object_type": "activities.activity"}, ["活动 7. 一网通办体验"]),
        ({"actor": "txlink"}, ["活动 7. 一网通办体验"]),
        ({"actor": "系统"}, ["年度活动 天心区2023年政务公开主题日", "单位 区政务服务中心"]),
        ({"date_from": "2023-10-01"}, ["单位 区审计局", "活动 7. 一网通办体验"]),
        # Whole local days, both ends included: 23:59 on the 12th is in.
        ({"date_from": "2023-10-12", "date_to": "2023-10-12"}, ["单位 区审计局"]),
        (
            {"date_to": "2023-03-05"},
            [*["年度活动 天心区2023年政务公开主题日"] * 2, "单位 区政务服务中心"],
        ),
        (
            {"actor": "txadmin", "object_type": "campaigns.campaign", "date_from": "2023-03-06"},
            ["年度活动 天心区2023年政务公开主题日"],
        ),
    ],
)
def test_filters(client, log, params, expected):
    assert objects_of(client, log.admin, **params) == expected


def test_another_regions_actor_cannot_be_filtered_in(client, log):
    response = get(client, log.admin, actor="lyadmin")

    page = parse(response.content)
    assert response.status_code == 200
    assert [text_of(li) for li in select(page, ".error-summary li")] == [
        "操作人：选择一个有效的选项。 lyadmin 不在可用的选项中。"
    ]
    assert len(rows(page)) == 6


def test_a_reversed_date_range_is_refused_with_a_message(client, log):
    page = parse(get(client, log.admin, date_from="2023-10-12", date_to="2023-10-01").content)

    assert [text_of(li) for li in select(page, ".error-summary li")] == [
        "结束日期不能早于开始日期。"
    ]
    # The valid part still filters.
    assert [row[3] for row in rows(page)] == ["单位 区审计局"]


def test_a_broken_date_is_refused_with_a_message(client, log):
    page = parse(get(client, log.admin, date_from="2023-13-45").content)

    assert [text_of(li) for li in select(page, ".error-summary li")] == [
        "开始日期：请输入有效的日期，例如 2023-10-13。"
    ]
    assert len(rows(page)) == 6


# --- Pages ----------------------------------------------------------------------------------


def many(log, count: int) -> None:
    """``count`` more updates of the campaign, an hour apart in January 2024."""
    for n in range(count):
        entry = audit_record(
            actor=log.admin,
            action="campaign.update",
            obj=log.campaign,
            region=log.region,
            before={"planned_count": n},
            after={"planned_count": n + 1},
        )
        AuditEntry.objects.filter(pk=entry.pk).update(at=at(2024, 1, 1) + dt.timedelta(hours=n))


def test_fifty_entries_a_page_and_the_filters_stay_on_the_links(client, log):
    many(log, 118)  # 120 updates with the two of the fixture's campaign

    first = parse(get(client, log.admin, action="campaign.update").content)
    last = parse(get(client, log.admin, action="campaign.update", page="3").content)

    assert len(rows(first)) == 50
    assert text_of(select(first, ".audit-count")[0]) == "共 119 条，第 1/3 页"
    assert rows(first)[0][4] == "计划场次：117 → 118"
    assert [(a.get("href"), text_of(a)) for a in select(first, ".pager a")] == [
        ("?action=campaign.update&page=2", "下一页")
    ]
    assert len(rows(last)) == 19
    assert [(a.get("href"), text_of(a)) for a in select(last, ".pager a")] == [
        ("?action=campaign.update&page=2", "上一页")
    ]
    assert select(first, "a.audit-export")[0].get("href") == f"{EXPORT}?action=campaign.update"


def test_a_page_past_the_end_shows_the_last_one(client, log):
    many(log, 60)

    page = parse(get(client, log.admin, page="99").content)

    assert text_of(select(page, ".audit-count")[0]) == "共 66 条，第 2/2 页"
    assert len(rows(page)) == 16


def test_query_count_does_not_grow_with_the_log(client, log, django_assert_num_queries):
    client.force_login(log.admin)
    # session, user, may read (membership), three filter choices, count, the page
    with django_assert_num_queries(8):
        client.get(LIST)
    many(log, 120)

    with django_assert_num_queries(8):
        response = client.get(LIST)

    assert len(rows(parse(response.content))) == 50


# --- Export ---------------------------------------------------------------------------------


def test_export_is_the_filtered_log_as_utf8_csv_with_a_bom(client, log, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2023, 10, 13))

    response = get(client, log.admin, EXPORT, date_from="2023-10-01")

    content = b"".join(response.streaming_content)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="audit-20231013.csv"; '
        "filename*=UTF-8''%E6%93%8D%E4%BD%9C%E8%AE%B0%E5%BD%95-20231013.csv"
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    assert content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        ["时间", "操作人", "操作", "对象类型", "对象", "地区", "修改内容", "说明"],
        [
            "2023-10-12 23:59:00",
            "王晓（txadmin）",
            "新建单位",
            "单位",
            "区审计局",
            "天心区",
            "名称：区审计局；类型：部门",
            "",
        ],
        [
            "2023-10-09 15:45:00",
            "李明（txlink）",
            "确定日期",
            "活动",
            "7. 一网通办体验",
            "天心区",
            "状态：已列入计划 → 已定日期；活动日期：2023-10-16；活动地点：区政务服务中心",
            "",
        ],
    ]


# --- Hostile filters and cells --------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_to": "9999-12-31"}, "“结束日期”应在 2000-01-01 至 2100-12-31 之间，请核对。"),
        ({"date_from": "0001-01-01"}, "“开始日期”应在 2000-01-01 至 2100-12-31 之间，请核对。"),
        ({"date_from": "1999-12-31"}, "“开始日期”应在 2000-01-01 至 2100-12-31 之间，请核对。"),
    ],
)
def test_a_filter_outside_the_years_is_told_and_ignored(client, log, params, message):
    response = get(client, log.admin, **params)

    page = parse(response.content)
    assert response.status_code == 200
    assert text_of(select(page, ".error-summary h2")[0]) == "筛选条件有误，以下条件未生效"
    assert [text_of(li) for li in select(page, ".error-summary li")] == [message]
    assert len(rows(page)) == TIANXIN
    # No export of a filter that is not what the page shows.
    assert select(page, "a.audit-export") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_to": "9999-12-31"}, "“结束日期”应在 2000-01-01 至 2100-12-31 之间，请核对。"),
        ({"date_from": "0001-01-01"}, "“开始日期”应在 2000-01-01 至 2100-12-31 之间，请核对。"),
        (
            {"date_from": "2023-10-12", "date_to": "2023-10-01"},
            "结束日期不能早于开始日期。",
        ),
    ],
)
def test_the_export_refuses_a_bad_filter_instead_of_a_silently_empty_file(
    client, log, params, message
):
    response = get(client, log.admin, EXPORT, **params)

    page = parse(response.content)
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response.headers
    assert text_of(select(page, ".error-summary h2")[0]) == (
        "筛选条件有误，未导出 CSV，请改正后再导出"
    )
    assert [text_of(li) for li in select(page, ".error-summary li")] == [message]


def test_the_export_never_carries_a_formula(client, log):
    unit_create(actor=log.admin, region=log.region, name="=HYPERLINK(“http://x.cn”)局")
    audit_record(
        actor=log.admin,
        action="unit.update",
        obj=log.campaign,
        region=log.region,
        comment="@SUM(1+1)",
    )

    response = get(client, log.admin, EXPORT, date_from="2023-01-01")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text)))[1:3]
    assert [(row[4], row[7]) for row in cells] == [
        (str(log.campaign), "'@SUM(1+1)"),
        ("'=HYPERLINK(“http://x.cn”)局", ""),
    ]
