import pytest

from openday.campaigns.models import Campaign
from openday.reports.plan_export import plan_table
from openday.reports.tables import Table
from tests.factories import ActivityFactory, ActivityFormFactory, ActivityHostFactory
from tests.reports.plans import build_plan, region_campaign

SAMPLE_TABLE = Table(
    mark="附件1",
    title="天心区2023年“政务公开主题日”活动计划表",
    header=["序号", "活动时间", "活动主题", "活动形式", "责任单位", "活动简介"],
    rows=[
        [
            1,
            "3月",
            "被征地农民社会保险业务政策宣讲",
            "政策宣传",
            "区人力资源社会保障局",
            "面向被征地农民讲解参保缴费、待遇领取政策。",
        ],
        [2, "3月", "老旧小区改造方案交流会", "座谈交流、现场观摩", "区人居环境局、区财政局", ""],
        [
            3,
            "5-6月",
            "安全生产月",
            "政策宣传",
            "区应急管理局、各街道办事处",
            "在各街道设置咨询点，发放安全生产宣传资料。",
        ],
        [4, "5-6月", "垃圾分类线下问卷调查", "调查征集", "各街道办事处", ""],
        [
            5,
            "6-8月",
            "政务公开知识抢答赛",
            "政策宣传、其他形式",
            "区司法局",
            "线上答题与现场抢答相结合。",
        ],
        [
            6,
            "3月",
            "政务服务政策宣传活动",
            "政策发布、调查征集、现场观摩",
            "区行政审批服务局、区财政局、各街道办事处",
            "",
        ],
    ],
    merge_column=1,
    column_widths=[5, 8, 36, 16, 22, 34],
    column_align=["center", "center", "left", "center", "center", "left"],
)


def test_plan_table_has_every_cell_of_the_sample_plan(sample_plan):
    assert plan_table(sample_plan) == SAMPLE_TABLE


def test_plan_table_follows_the_campaigns_column_order_and_words(db):
    campaign = region_campaign(
        "泸溪县",
        2025,
        plan_columns=[
            ["seq", "序号"],
            ["units", "单位"],
            ["title", "活动主题"],
            ["month", "开展时间"],
        ],
    )
    campaign = build_plan(
        campaign,
        [
            {"seq": 1, "month_start": 5, "month_end": 5, "title": "5.15经济犯罪宣传日",
             "forms": [], "units": ["县公安局"]},
            {"seq": 2, "month_start": 6, "month_end": 8, "title": "义务教育招生宣传",
             "forms": [], "units": ["县教育和体育局"]},
        ],
    )  # fmt: skip

    assert plan_table(campaign) == Table(
        mark="附件1",
        title="泸溪县2025年“政务公开主题日”活动计划表",
        header=["序号", "单位", "活动主题", "开展时间"],
        rows=[
            [1, "县公安局", "5.15经济犯罪宣传日", "5月"],
            [2, "县教育和体育局", "义务教育招生宣传", "6-8月"],
        ],
        merge_column=3,
        column_widths=[5, 22, 36, 8],
        column_align=["center", "center", "left", "center"],
    )


def test_plan_table_without_a_month_column_merges_nothing(db):
    campaign = region_campaign(
        "浏阳市", 2023, plan_columns=[["seq", "序号"], ["title", "活动主题"]]
    )
    ActivityFactory(campaign=campaign, seq=1, title="现场观摩焰火秀")

    table = plan_table(campaign)

    assert (table.header, table.rows, table.merge_column) == (
        ["序号", "活动主题"],
        [[1, "现场观摩焰火秀"]],
        None,
    )


def test_plan_table_uses_the_campaigns_own_plan_title(db):
    campaign = region_campaign(
        "湘江新区", 2023, plan_title="湖南湘江新区2023年政务公开主题日活动安排表"
    )

    assert plan_table(campaign).title == "湖南湘江新区2023年政务公开主题日活动安排表"


def test_plan_table_of_a_campaign_without_activities_has_no_rows(db):
    campaign = region_campaign("大祥区", 2023)

    table = plan_table(campaign)

    assert (table.header, table.rows) == (
        ["序号", "活动时间", "活动主题", "活动形式", "责任单位"],
        [],
    )


@pytest.mark.parametrize(
    ("month_start", "month_end", "cell"),
    [(3, 3, "3月"), (5, 6, "5-6月"), (12, 12, "12月"), (None, None, "待定")],
)
def test_plan_table_writes_the_month_as_the_plan_does(db, month_start, month_end, cell):
    campaign = region_campaign("天心区", 2023)
    ActivityFactory(campaign=campaign, seq=1, month_start=month_start, month_end=month_end)

    assert plan_table(campaign).rows[0][1] == cell


def test_plan_table_orders_rows_by_seq_and_forms_and_hosts_by_position(db):
    campaign = region_campaign("天心区", 2023)
    second = ActivityFactory(campaign=campaign, seq=2, title="乙")
    first = ActivityFactory(campaign=campaign, seq=1, title="甲")
    ActivityFormFactory(activity=first, position=2, text="其他形式", kind="other")
    ActivityFormFactory(activity=first, position=1, text="政策宣传", kind="publicity")
    ActivityHostFactory(activity=second, position=1, unit__name="区乙局", text="区乙局")
    ActivityHostFactory(activity=second, position=0, unit__name="区甲局", text="区甲局")

    assert plan_table(campaign).rows == [
        [1, "5月", "甲", "政策宣传、其他形式", ""],
        [2, "5月", "乙", "", "区甲局、区乙局"],
    ]


def test_plan_table_ignores_other_campaigns_activities(db):
    campaign = region_campaign("天心区", 2023)
    ActivityFactory(campaign=campaign, seq=1, title="本方案的活动")
    ActivityFactory(seq=1, title="另一方案的活动")

    assert [row[2] for row in plan_table(campaign).rows] == ["本方案的活动"]


@pytest.mark.parametrize("count", [3, 30])
def test_plan_table_runs_three_queries_whatever_the_size(db, django_assert_num_queries, count):
    campaign = region_campaign("天心区", 2023)
    for seq in range(1, count + 1):
        activity = ActivityFactory(campaign=campaign, seq=seq)
        ActivityFormFactory(activity=activity, position=0)
        ActivityFormFactory(activity=activity, position=1, text="其他形式", kind="other")
        ActivityHostFactory(activity=activity, position=0)
        ActivityHostFactory(activity=activity, position=1, unit=None, group="all_streets",
                            text="各街道办事处")  # fmt: skip
    campaign = Campaign.objects.select_related("region").get(pk=campaign.pk)

    # activities, their forms, their hosts
    with django_assert_num_queries(3):
        table = plan_table(campaign)

    assert len(table.rows) == count
