"""Search and filter of the column's plan: by unit, month, form kind, state and title words;
month grouping kept; bad parameters ignored with a note, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from openday.campaigns.enums import FormKind
from openday.orgs.enums import UnitKind
from openday.orgs.models import Unit
from openday.portal.filters import MAX_QUERY_CHARS, PlanFilter
from tests.factories import UnitFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_region, make_tianxin_campaign
from tests.portal.steps import announce, office_admin, publish, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


def search(client, campaign, **params):
    response = client.get(reverse("portal:campaign-column", args=[campaign.slug]), params)
    assert response.status_code == 200
    return parse(response.content)


def found(page) -> list[tuple[str, list[str]]]:
    """[(month heading without its count, [seq, ...]), ...]."""
    return [
        (
            select(section, ".month-title")[0].text.strip(),
            [
                select(item, ".seq")[0].text_content().replace("序号", "").strip()
                for item in select(section, ".plan-item")
            ],
        )
        for section in select(page, "section.month")
    ]


def notes(page) -> list[str]:
    return [text_of(li) for li in select(page, ".plan-filter-notes li")]


def result_line(page) -> str:
    return text_of(select(page, ".plan-filter-result")[0])


ALL = [("3月", ["1", "2"]), ("5月", ["13", "16"]), ("6月", ["23"]), ("时间待定", ["50"])]


def test_the_form_is_a_plain_get_form_with_every_filter(client, campaign):
    page = search(client, campaign)

    form = select(page, "form.plan-filter")[0]
    assert form.get("method") == "get"
    assert form.get("action") == f"/column/{campaign.slug}/"
    assert [c.get("name") for c in form.xpath(".//input|.//select")] == [
        "q",
        "unit",
        "month",
        "kind",
        "state",
    ]
    assert [o.text for o in form.xpath(".//select[@name='month']/option")] == [
        "全部月份",
        "3月",
        "5月",
        "6月",
    ]
    assert [o.text for o in form.xpath(".//select[@name='kind']/option")] == [
        "全部形式",
        "现场观摩",
        "座谈交流",
        "政策宣传/现场宣讲",
    ]
    assert found(page) == ALL


def test_title_words_find_rows_and_keep_the_month_grouping(client, campaign):
    page = search(client, campaign, q="宣")

    assert found(page) == [("3月", ["1"]), ("5月", ["16"]), ("时间待定", ["50"])]
    assert result_line(page) == "共找到 3 场活动。"
    assert select(page, "#filter-q")[0].get("value") == "宣"


def test_a_month_finds_every_row_whose_months_cover_it(client, campaign):
    # 16 is planned for 5-6月: it is found under June, and shown under its start month.
    page = search(client, campaign, month="6")

    assert found(page) == [("5月", ["16"]), ("6月", ["23"])]


def test_a_unit_finds_the_rows_it_hosts(client, campaign):
    unit = Unit.objects.get(region=campaign.region, name="区农业农村局")

    page = search(client, campaign, unit=str(unit.pk))

    assert found(page) == [("5月", ["13"])]
    selected = select(page, "#filter-unit")[0].xpath("./option[@selected]")
    assert [o.text for o in selected] == ["区农业农村局"]


def test_a_street_finds_the_rows_of_every_street(client, campaign):
    street = UnitFactory(region=campaign.region, name="坡子街街道办事处", kind=UnitKind.STREET)

    page = search(client, campaign, unit=str(street.pk))

    # Row 23 is hosted by "区应急管理局、各街道办事处".
    assert found(page) == [("6月", ["23"])]


def test_form_kind_and_state_filter(client, campaign):
    admin = office_admin(campaign)
    publish(admin, row(campaign, 2), dt.date(2023, 3, 20))

    assert found(search(client, campaign, kind=FormKind.DISCUSSION)) == [("3月", ["2"])]
    assert found(search(client, campaign, state="published")) == [("3月", ["2"])]
    assert found(search(client, campaign, state="held")) == [("3月", ["2"])]
    assert found(search(client, campaign, state="planned", month="3")) == [("3月", ["1"])]


def test_filters_combine(client, campaign):
    page = search(client, campaign, kind=FormKind.PUBLICITY, month="5")

    assert found(page) == [("5月", ["13", "16"])]


def test_nothing_found_says_so(client, campaign):
    page = search(client, campaign, q="不存在的主题")

    assert found(page) == []
    assert result_line(page) == "没有找到符合条件的活动，请调整查找条件。"
    assert "活动计划暂无内容" not in text_of(page)
    assert select(page, "form.plan-filter a")[0].get("href") == f"/column/{campaign.slug}/"


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"unit": "abc"}, "没有找到所选的责任单位，已忽略该条件。"),
        ({"unit": "999999"}, "没有找到所选的责任单位，已忽略该条件。"),
        ({"unit": "9" * 40}, "没有找到所选的责任单位，已忽略该条件。"),
        ({"unit": "-1"}, "没有找到所选的责任单位，已忽略该条件。"),
        ({"month": "13"}, "月份应为 1 至 12 月，已忽略该条件。"),
        ({"month": "0"}, "月份应为 1 至 12 月，已忽略该条件。"),
        ({"month": "１２"}, "月份应为 1 至 12 月，已忽略该条件。"),
        ({"month": "6月"}, "月份应为 1 至 12 月，已忽略该条件。"),
        ({"kind": "<script>"}, "没有这样的活动形式，已忽略该条件。"),
        ({"state": "filed"}, "没有这样的活动状态，已忽略该条件。"),
        ({"q": "宣" * 10_000}, f"搜索词不能超过 {MAX_QUERY_CHARS} 个字，已忽略。"),
    ],
)
def test_unusable_parameters_are_ignored_with_a_note(client, campaign, params, note):
    page = search(client, campaign, **params)

    assert notes(page) == [note]
    assert found(page) == ALL
    assert not select(page, ".plan-filter-result")


def test_control_characters_are_dropped_from_the_query_with_a_note(client, campaign):
    page = search(client, campaign, q="政策\x00宣讲\x1b")

    assert notes(page) == ["搜索词中的控制字符和换行已去除。"]
    assert found(page) == [("3月", ["1"])]


def test_another_regions_unit_is_not_a_filter(client, campaign):
    other = UnitFactory(region=make_region("浏阳市", "liuyang", "长沙", "cs"), name="市商务局")

    page = search(client, campaign, unit=str(other.pk))

    assert notes(page) == ["没有找到所选的责任单位，已忽略该条件。"]
    assert found(page) == ALL


def test_a_search_is_not_cached_as_the_column(client, campaign):
    search(client, campaign, q="不存在的主题")

    assert found(search(client, campaign)) == ALL


def test_rows_link_to_their_public_notice_and_report(client, campaign):
    admin = office_admin(campaign)
    announce(admin, row(campaign, 1), dt.date(2023, 3, 15))
    publish(admin, row(campaign, 2), dt.date(2023, 3, 20))

    page = search(client, campaign)

    links = {
        select(item, ".seq")[0].text_content().replace("序号", "").strip(): [
            (text_of(a), a.get("href")) for a in select(item, ".plan-links a")
        ]
        for item in select(page, ".plan-item")
    }
    slug = campaign.slug
    assert links["1"] == [("活动预告", f"/column/{slug}/notices/1/")]
    assert links["2"] == [
        ("活动预告", f"/column/{slug}/notices/2/"),
        ("活动报道", f"/column/{slug}/reports/2/"),
    ]
    assert links["13"] == []


def test_a_campaign_without_a_planned_count_shows_its_row_count(client):
    campaign = make_tianxin_campaign(planned_count=None)

    page = search(client, campaign)

    facts = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".facts > div")
    }
    assert facts["计划活动"] == "6 场"
    assert "全年计划" not in facts


def test_from_query_reads_what_it_can(campaign):
    unit = Unit.objects.get(region=campaign.region, name="区农业农村局")

    plan_filter = PlanFilter.from_query(
        {"unit": f" {unit.pk} ", "month": "13", "kind": "survey", "q": " 宣讲 "}, campaign
    )

    assert plan_filter == PlanFilter(
        unit=unit,
        month=None,
        kind="survey",
        state="",
        q="宣讲",
        notes=("月份应为 1 至 12 月，已忽略该条件。",),
        asked=True,
    )
    assert plan_filter.query_string() == f"unit={unit.pk}&kind=survey&q=%E5%AE%A3%E8%AE%B2"
    assert PlanFilter.from_query({}, campaign) == PlanFilter()
    assert not PlanFilter.from_query({"other": "1"}, campaign).asked


def test_the_home_page_shows_the_row_count_without_a_planned_count(client):
    make_tianxin_campaign(planned_count=None)

    page = parse(client.get(reverse("portal:campaign-list")).content)

    assert [text_of(pill) for pill in select(page, ".campaign-links .pill")] == ["列入计划 6 场"]
