"""Plans to export: the official 天心区 table, a small plan with every kind of cell, and the
helpers that build them with the factories."""

import json
from pathlib import Path

from openday.campaigns.enums import DEFAULT_PLAN_COLUMNS
from openday.campaigns.models import Campaign
from openday.orgs.enums import UnitGroup
from openday.reports.tables import Table
from tests.factories import (
    ActivityFactory,
    ActivityFormFactory,
    ActivityHostFactory,
    CampaignFactory,
    RegionFactory,
    UnitFactory,
)

EXPECTED = Path(__file__).parents[1] / "fixtures" / "expected"

GROUPS = {"各街道办事处": UnitGroup.ALL_STREETS, "各乡镇": UnitGroup.ALL_TOWNS}

BRIEF_COLUMNS = [*DEFAULT_PLAN_COLUMNS, ["brief", "活动简介"]]

# Rows as the importer reports them, plus a brief: month ranges, several forms and hosts, a
# group host, the same month on consecutive rows and a month coming back after another.
SAMPLE_ROWS = [
    {
        "seq": 1,
        "month_start": 3,
        "month_end": 3,
        "title": "被征地农民社会保险业务政策宣讲",
        "forms": [{"text": "政策宣传", "kind": "publicity"}],
        "units": ["区人力资源社会保障局"],
        "brief": "面向被征地农民讲解参保缴费、待遇领取政策。",
    },
    {
        "seq": 2,
        "month_start": 3,
        "month_end": 3,
        "title": "老旧小区改造方案交流会",
        "forms": [
            {"text": "座谈交流", "kind": "discussion"},
            {"text": "现场观摩", "kind": "site_visit"},
        ],
        "units": ["区人居环境局", "区财政局"],
        "brief": "",
    },
    {
        "seq": 3,
        "month_start": 5,
        "month_end": 6,
        "title": "安全生产月",
        "forms": [{"text": "政策宣传", "kind": "publicity"}],
        "units": ["区应急管理局", "各街道办事处"],
        "brief": "在各街道设置咨询点，发放安全生产宣传资料。",
    },
    {
        "seq": 4,
        "month_start": 5,
        "month_end": 6,
        "title": "垃圾分类线下问卷调查",
        "forms": [{"text": "调查征集", "kind": "survey"}],
        "units": ["各街道办事处"],
        "brief": "",
    },
    {
        "seq": 5,
        "month_start": 6,
        "month_end": 8,
        "title": "政务公开知识抢答赛",
        "forms": [
            {"text": "政策宣传", "kind": "publicity"},
            {"text": "其他形式", "kind": "other"},
        ],
        "units": ["区司法局"],
        "brief": "线上答题与现场抢答相结合。",
    },
    {
        "seq": 6,
        "month_start": 3,
        "month_end": 3,
        "title": "政务服务政策宣传活动",
        "forms": [
            {"text": "政策发布", "kind": "policy_release"},
            {"text": "调查征集", "kind": "survey"},
            {"text": "现场观摩", "kind": "site_visit"},
        ],
        "units": ["区行政审批服务局", "区财政局", "各街道办事处"],
        "brief": "",
    },
]


def expected_rows(name: str) -> list[dict]:
    return json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))["rows"]


def build_plan(campaign: Campaign, rows: list[dict]) -> Campaign:
    """Activities for ``rows`` (the importer's row shape), created in reverse so nothing relies
    on insertion order; returns the campaign as the command loads it."""
    units = {}
    for row in reversed(rows):
        activity = ActivityFactory(
            campaign=campaign,
            seq=row["seq"],
            month_start=row["month_start"],
            month_end=row["month_end"],
            title=row["title"],
            brief=row.get("brief", ""),
        )
        for position, form in reversed(list(enumerate(row["forms"]))):
            ActivityFormFactory(
                activity=activity, position=position, text=form["text"], kind=form["kind"]
            )
        for position, text in reversed(list(enumerate(row["units"]))):
            if text in GROUPS:
                ActivityHostFactory(
                    activity=activity, position=position, unit=None, group=GROUPS[text], text=text
                )
                continue
            if text not in units:
                units[text] = UnitFactory(region=campaign.region, name=text)
            ActivityHostFactory(activity=activity, position=position, unit=units[text], text=text)
    return Campaign.objects.select_related("region").get(pk=campaign.pk)


def region_campaign(name: str, year: int, **fields) -> Campaign:
    region = RegionFactory(name=name)
    return CampaignFactory(region=region, year=year, **fields)


# Tables for the renderers, built by hand: three 3月 rows, two 5-6月, one 7月; a CSV-hostile
# title; an empty cell.
TITLE = "天心区2023年“政务公开主题日”活动计划表"
HEADER = ["序号", "活动时间", "活动主题", "活动形式", "责任单位"]
ROWS = [
    [1, "3月", "被征地农民社会保险业务政策宣讲", "政策宣传", "区人力资源社会保障局"],
    [2, "3月", "老旧小区改造方案交流会", "座谈交流", "区人居环境局"],
    [3, "3月", "针对相关企业做财政结算评审培训", "其他形式", "区财政局"],
    [4, "5-6月", "安全生产月", "政策宣传、其他形式", "区应急管理局、各街道办事处"],
    [5, "5-6月", '“税企心连心”主题日活动, "quoted"', "现场观摩", "区税务局"],
    [6, "7月", "政务公开座谈交流会", "座谈交流", ""],
]
PLAN = Table(
    title=TITLE,
    header=HEADER,
    rows=ROWS,
    merge_column=1,
    column_widths=[5, 8, 36, 16, 22],
    column_align=["center", "center", "left", "center", "center"],
)
STATS = Table(
    title="天心区2023年“政务公开主题日”活动情况统计表",
    header=["活动主题", "活动时间", "活动覆盖人数(人)"],
    rows=[["招生政策宣讲", "4月", 320]],
    subtitle_lines=["填报单位（公章）：", "联系人：　　　　联系方式："],
)
