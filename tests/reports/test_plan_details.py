"""The plan export and the column show what other provinces' tables carry: exact days, 暂定,
邀请对象, 拟参与人数, 备注 and the table's own unknown columns."""

import datetime as dt

import pytest
from django.urls import reverse

from openday.core.formats import plan_time_label
from openday.reports.plan_export import plan_table
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.mark.parametrize(
    ("args", "label"),
    [
        ((6, 6), "6月"),
        ((5, 7), "5-7月"),
        ((None, None), "待定"),
        ((9, 9, D(2023, 9, 12)), "9月12日"),
        ((10, 10, D(2023, 10, 15), D(2023, 10, 16)), "10月15日至16日"),
        ((6, 7, D(2023, 6, 28), D(2023, 7, 2)), "6月28日至7月2日"),
        ((11, 11, D(2023, 11, 3), None, True), "11月3日（暂定）"),
        ((3, 3, None, None, True), "3月（暂定）"),
        ((None, None, None, None, True), "待定"),
    ],
)
def test_a_rows_time_reads_as_the_table_wrote_it(args, label):
    assert plan_time_label(*args) == label


def test_the_export_adds_the_details_some_row_carries_and_the_tables_own_columns():
    campaign = make_tianxin_campaign()
    first = campaign.activities.get(seq=1)
    first.planned_start = first.planned_end = D(2023, 3, 15)
    first.date_tentative = True
    first.invitees = "人大代表、群众代表"
    first.extra_fields = {"联系人": "=HYPERLINK(1)"}
    first.save()

    table = plan_table(campaign)

    assert table.header[-2:] == ["邀请对象", "联系人"]
    assert "拟参与人数" not in table.header
    assert "活动地点" not in table.header
    row = next(r for r in table.rows if r[0] == 1)
    assert row[1] == "3月15日（暂定）"
    assert row[-2:] == ["人大代表、群众代表", "=HYPERLINK(1)"]  # writers quote it
    other = next(r for r in table.rows if r[0] == 2)
    assert other[-2:] == ["", ""]
    assert len({len(r) for r in table.rows}) == 1


def test_the_column_shows_the_day_and_the_invitees(client):
    campaign = make_tianxin_campaign()
    first = campaign.activities.get(seq=1)
    first.planned_start = first.planned_end = D(2023, 3, 15)
    first.invitees = "人大代表、群众代表"
    first.save()

    html = client.get(reverse("portal:campaign-column", args=[campaign.slug])).content.decode()

    assert "3月15日" in html
    assert "人大代表、群众代表" in html
