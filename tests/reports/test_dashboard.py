"""The dashboard's counts (``reports.dashboard``) on the hand-built 天心区 of
``tests.assessment.world``: events once in totals, hosts in the unit table, the filters, the
rates, and a query count that does not grow with the plan."""

import datetime as dt

import pytest

from openday.activities.enums import ActivityState as S
from openday.activities.enums import DeadlineKind
from openday.campaigns.enums import FormKind
from openday.reports.dashboard import DashboardFilter, campaign_dashboard, region_comparison
from tests.assessment.world import TODAY, Tianxin, make_activity, make_deadline, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return Tianxin()


def _dash(world, **filters):
    return campaign_dashboard(world.campaign, DashboardFilter(**filters), today=TODAY)


def _units(dashboard) -> dict[str, list]:
    return {row[0]: row[1:] for row in dashboard.tables["units"].rows}


def test_totals_count_each_event_once(world):
    totals = _dash(world).totals
    assert totals == {
        "planned": 5,  # 1, 2, 2-1, 3, 5 (4 is cancelled, 2-2 is its lead's event)
        "held": 3,
        "reported": 2,
        "published": 1,
        "cancelled": 1,
        "headcount": 160,
        "parts": 2,
        "parts_held": 2,  # 2-1 on its own, 2-2 with its lead
        "media": 3,
        "outlets": 2,
    }


def test_units_count_each_host_and_a_part_held_with_its_lead_where_its_lead_stands(world):
    # planned, held, reported, published, held rate, headcount, overdue
    assert _units(_dash(world)) == {
        "区医保局": [1, 1, 1, 0, 100.0, 60, 0],
        "区司法局": [1, 0, 0, 0, 0.0, 0, 0],
        "区教育局": [1, 1, 1, 1, 100.0, 100, 0],
        "城南路街道办事处": [1, 1, 0, 0, 100.0, 0, 1],
        "坡子街街道办事处": [2, 1, 1, 0, 50.0, 0, 0],
    }


def test_months_follow_the_day_held_else_the_plan(world):
    months = _dash(world).tables["months"]
    assert months.rows == [
        ["5月", 2, 2, 1, 0, 100.0],
        ["6月", 1, 1, 1, 1, 100.0],
        ["7月", 1, 0, 0, 0, 0.0],
        ["8月", 0, 0, 0, 0, None],
        ["9月", 1, 0, 0, 0, 0.0],
    ]
    assert months.total == ["合计", 5, 3, 2, 1, 60.0]


def test_forms_count_events_of_each_kind(world):
    assert _dash(world).tables["forms"].rows == [
        ["现场观摩", 1, 1, 1, 1, 100.0],
        ["座谈交流", 2, 2, 1, 0, 100.0],
        ["政策宣传/现场宣讲", 1, 0, 0, 0, 0.0],
    ]


def test_on_time_rates_per_kind_of_deadline(world):
    rows = _dash(world).tables["deadlines"].rows
    assert rows == [
        ["方案报备", 1, 1, 0, 50.0],
        ["按计划开展（确认开展）", 0, 0, 0, None],
        ["材料报送", 2, 0, 1, 66.7],
        ["媒体宣传", 0, 1, 0, 0.0],
    ]


def test_coverage_by_invited_group_and_participation(world):
    dashboard = _dash(world)
    coverage = dict(dashboard.tables["coverage"].rows)
    assert (coverage["人大代表"], coverage["群众代表"], coverage["专家学者"]) == (3, 50, 4)
    assert coverage["新闻媒体"] == 0
    assert dashboard.tables["coverage"].total == ["活动覆盖人数合计", 160]
    assert dashboard.participation["signups"] == 0
    assert dashboard.participation["opinions"] == 0


@pytest.mark.parametrize(
    ("filters", "planned", "units"),
    [
        ({"unit_kind": "street"}, 2, {"城南路街道办事处", "坡子街街道办事处"}),
        ({"unit_kind": "department"}, 3, {"区医保局", "区教育局", "区司法局"}),
        ({"unit_kind": "town"}, 0, set()),
        ({"month_from": 6, "month_to": 6}, 1, {"区教育局"}),
        (
            {"form_kind": FormKind.DISCUSSION},
            2,
            {"区医保局", "城南路街道办事处", "坡子街街道办事处"},
        ),
    ],
)
def test_filters_narrow_totals_and_units(world, filters, planned, units):
    dashboard = _dash(world, **filters)
    assert dashboard.totals["planned"] == planned
    assert set(_units(dashboard)) == units


def test_a_month_range_keeps_its_empty_months(world):
    months = _dash(world, month_from=6, month_to=8).tables["months"].rows
    assert [row[0] for row in months] == ["6月", "7月", "8月"]


def _grow(world, count: int) -> None:
    """``count`` more events, each held and reported with media, deadlines and groups."""
    for number in range(count):
        activity = make_activity(
            world.campaign, 100 + number, f"追加活动{number}", [world.jiaoyu, world.poziji],
            state=S.REPORTED, held=dt.date(2023, 4, 10), form=FormKind.SURVEY,
        )  # fmt: skip
        make_report(activity, 10, media=["长沙晚报"], photo=True)
        make_deadline(activity, DeadlineKind.REPORT, dt.date(2023, 4, 17))


@pytest.mark.parametrize("extra", [0, 12])
def test_the_query_count_does_not_grow_with_the_plan(world, extra, django_assert_max_num_queries):
    _grow(world, extra)
    with django_assert_max_num_queries(16):
        dashboard = _dash(world)
    assert dashboard.totals["planned"] == 5 + extra


def test_the_exact_query_count_is_the_same_for_two_sizes(world, django_assert_num_queries):
    with django_assert_num_queries(16):
        _dash(world)
    _grow(world, 8)
    with django_assert_num_queries(16):
        _dash(world)


def test_region_comparison_one_row_per_region_below_with_rates(world):
    comparison = region_comparison(world.city, 2023, today=TODAY, sort="-held_rate")
    rows = {row.region: row.values for row in comparison.rows}
    assert rows["天心区"] == {
        "planned": 5,
        "held": 3,
        "held_rate": 60.0,
        "reported": 2,
        "report_rate": 66.7,
        "published": 1,
        "publish_rate": 50.0,
        "on_time_rate": 50.0,  # 3 on time of 5 done and 1 overdue
        "overdue": 1,
        "headcount": 160,
        "media": 3,
    }
    assert rows["雨花区"]["held_rate"] == 100.0
    assert [row.region for row in comparison.rows] == ["雨花区", "天心区"]
    assert comparison.months[4]["held"] == 2  # May: 2 and 2-1
    assert comparison.months[5] == {"month": 6, "label": "6月", "held": 2, "published": 2}


@pytest.mark.parametrize(
    ("sort", "order"),
    [("region", ["天心区", "雨花区"]), ("-headcount", ["雨花区", "天心区"]),
     ("planned", ["雨花区", "天心区"]), ("nonsense", ["天心区", "雨花区"])],
)  # fmt: skip
def test_region_comparison_sorts_by_any_column(world, sort, order):
    comparison = region_comparison(world.city, 2023, today=TODAY, sort=sort)
    assert [row.region for row in comparison.rows] == order
