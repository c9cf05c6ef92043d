"""The pages: the dashboard, the region comparison and the assessment, as each role sees
them — what they render, what they export, what they refuse."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from openday.assessment.models import AssessmentWeights
from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from tests.assessment.world import TODAY, Tianxin
from tests.factories import MembershipFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return Tianxin()


def _client(role, region, unit=None) -> Client:
    user = UserFactory()
    MembershipFactory(user=user, role=role, region=region, unit=unit)
    client = Client()
    client.force_login(user)
    return client


def _dashboard(slug="tianxin-2023"):
    return reverse("staff:campaign-dashboard", args=[slug])


def _cells(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_office_sees_its_dashboard_with_charts_and_tables(world):
    response = _client(Role.OFFICE_ADMIN, world.region).get(_dashboard())
    assert response.status_code == 200
    page = response.content.decode()
    # The trend, and the months, deadlines, units, forms and coverage beside their tables.
    assert page.count("<svg") == 6
    assert 'data-table="units"' in page
    assert "坡子街街道办事处" in page
    assert "66.7%" in page  # 材料报送 on time
    assert "style=" not in page.split("<svg", 1)[1]


def test_a_superior_viewer_reads_a_region_below(world):
    response = _client(Role.SUPERIOR_VIEWER, world.city).get(_dashboard())
    assert response.status_code == 200


@pytest.mark.parametrize("who", ["liaison", "other_region_admin"])
def test_a_liaison_is_refused_and_another_region_sees_nothing(world, who):
    if who == "liaison":
        client, status = _client(Role.UNIT_LIAISON, world.region, world.jiaoyu), 403
    else:
        client, status = _client(Role.OFFICE_ADMIN, world.other_region), 404
    assert client.get(_dashboard()).status_code == status


def test_filters_narrow_the_page_and_the_export(world):
    client = _client(Role.OFFICE_ADMIN, world.region)
    response = client.get(_dashboard(), {"unit_kind": "street", "format": "xlsx", "table": "units"})
    assert response.status_code == 200
    cells = _cells(response.content)
    assert cells[0][0] == "各单位开展情况"
    names = [row[0] for row in cells[4:]]
    assert names == ["坡子街街道办事处", "城南路街道办事处"]
    assert cells[1][0].startswith("统计截至2023年6月30日；单位类别：街道")


def test_a_month_range_backwards_is_named_and_nothing_is_filtered(world):
    response = _client(Role.OFFICE_ADMIN, world.region).get(
        _dashboard(), {"month_from": "9", "month_to": "3"}
    )
    assert response.status_code == 400
    assert "截止月份（3月）不能早于起始月份（9月）。" in response.content.decode()


@pytest.mark.parametrize("params", [{"month_from": "13"}, {"unit_kind": "<script>"}])
def test_nasty_filters_are_refused_not_500(world, params):
    response = _client(Role.OFFICE_ADMIN, world.region).get(_dashboard(), params)
    assert response.status_code == 400
    assert "<script>" not in response.content.decode()


def test_an_unknown_table_is_not_found(world):
    client = _client(Role.OFFICE_ADMIN, world.region)
    assert client.get(_dashboard(), {"format": "xlsx", "table": "x"}).status_code == 404


def test_the_comparison_sorts_and_drills_down(world):
    client = _client(Role.SUPERIOR_VIEWER, world.city)
    url = reverse("staff:region-comparison", args=["changsha"])
    response = client.get(url, {"year": "2023", "sort": "-headcount"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("雨花区") < page.index("天心区")
    assert reverse("staff:campaign-dashboard", args=["tianxin-2023"]) in page
    export = client.get(url, {"year": "2023", "format": "xlsx", "table": "comparison"})
    rows = _cells(export.content)
    assert rows[1][:4] == ["地区", "计划场次", "已开展", "开展率"]
    assert (rows[2][0], rows[2][3]) == ("天心区", "60.0%")


def test_the_comparison_refuses_a_bad_year_clearly(world):
    client = _client(Role.SUPERIOR_VIEWER, world.city)
    response = client.get(reverse("staff:region-comparison", args=["changsha"]), {"year": "x"})
    assert response.status_code == 400
    assert "年度“x”无法识别" in response.content.decode()


def test_the_comparison_is_not_for_a_county_office_of_another_city(world):
    other = RegionFactory(name="邵阳市", slug="shaoyang")
    client = _client(Role.SUPERIOR_VIEWER, other)
    assert client.get(reverse("staff:region-comparison", args=["changsha"])).status_code == 404
    liaison = _client(Role.UNIT_LIAISON, world.region, world.jiaoyu)
    assert liaison.get(reverse("staff:region-comparison", args=["tianxin"])).status_code == 403


def test_the_viewers_todo_links_to_the_comparison(world):
    page = _client(Role.SUPERIOR_VIEWER, world.city).get(reverse("staff:home")).content.decode()
    assert reverse("staff:region-comparison", args=["changsha"]) in page


def test_the_campaign_page_links_the_dashboard_and_the_assessment(world):
    client = _client(Role.OFFICE_ADMIN, world.region)
    page = client.get(reverse("staff:campaign-detail", args=["tianxin-2023"])).content.decode()
    assert reverse("staff:campaign-dashboard", args=["tianxin-2023"]) in page
    assert reverse("staff:campaign-assessment", args=["tianxin-2023"]) in page


def _assessment():
    return reverse("staff:campaign-assessment", args=["tianxin-2023"])


def _weights(**changed) -> dict:
    data = {
        "weight_held": 20, "weight_filing": 15, "weight_report": 15, "weight_materials": 15,
        "weight_publicity": 10, "weight_staff": 10, "weight_participation": 10,
        "weight_replies": 5, "reply_days": 5,
    }  # fmt: skip
    return data | changed


def test_the_assessment_page_ranks_and_explains(world):
    response = _client(Role.SUPERIOR_VIEWER, world.city).get(_assessment())
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("坡子街街道办事处") < page.index("区医保局")
    assert "方案报备 0/1 按时：第2号 逾期 2 个工作日" in page
    assert "不参与考核" in page
    assert 'name="weight_held"' not in page  # a viewer reads the weights, no form


def test_the_office_saves_weights_and_a_viewer_may_not(world):
    office = _client(Role.OFFICE_ADMIN, world.region)
    response = office.post(_assessment(), _weights(weight_replies=0, weight_held=25))
    assert response.status_code == 302
    assert AssessmentWeights.objects.get().weight_held == 25
    assert AuditEntry.objects.filter(action="assessment.weights").count() == 1
    viewer = _client(Role.SUPERIOR_VIEWER, world.city)
    assert viewer.post(_assessment(), _weights()).status_code == 403


def test_a_bad_weight_is_named_and_nothing_saved(world):
    response = _client(Role.OFFICE_ADMIN, world.region).post(
        _assessment(), _weights(weight_staff=300)
    )
    assert response.status_code == 400
    assert "100" in response.content.decode()
    assert not AssessmentWeights.objects.exists()


def test_the_assessment_exports_xlsx(world):
    response = _client(Role.OFFICE_ADMIN, world.region).get(_assessment(), {"format": "xlsx"})
    rows = _cells(response.content)
    header = rows[2]
    assert header[:3] == ["排名", "单位", "得分"]
    assert rows[3][:3] == [1, "坡子街街道办事处", "95"]
    assert rows[-1][:3] == [None, "区司法局", "不参与考核"]
