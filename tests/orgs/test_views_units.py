"""The units pages: what they show and what a post changes."""

import pytest

from openday.core.models import AuditEntry
from openday.orgs.enums import Role
from openday.orgs.models import Unit, UnitAlias
from tests.factories import MembershipFactory, UserFactory
from tests.portal.html import parse, select, text_of

pytestmark = pytest.mark.django_db

LIST = "/staff/regions/tianxin/units/"


def unit_url(unit, tail="") -> str:
    return f"/staff/regions/tianxin/units/{unit.pk}/{tail}"


def rows(page) -> list[list[str]]:
    return [
        [text_of(c) for c in tr.xpath("th|td")] for tr in select(page, "table.units-table tbody tr")
    ]


def test_the_list_shows_kind_aliases_liaisons_and_state(client, place):
    UnitAlias.objects.create(unit=place.renshe, region=place.region, alias="区人社局", key="人社局")
    inactive = UserFactory(is_active=False)
    MembershipFactory(user=inactive, role=Role.UNIT_LIAISON, region=place.region, unit=place.jiaoyu)
    client.force_login(place.admin)

    page = parse(client.get(LIST).content)

    assert rows(page) == [
        ["区人力资源社会保障局", "部门", "区人社局", "1", "在用"],
        ["区教育局", "部门", "", "无，添加", "在用"],
    ]
    assert text_of(select(page, ".units-without-liaison")[0]) == "1"


def test_a_unit_is_added(client, place):
    client.force_login(place.admin)

    response = client.post(
        f"{LIST}new/", {"name": "区审计局", "kind": "department", "aliases": "审计局、区审计"}
    )

    assert response.status_code == 302
    assert response["Location"] == LIST
    unit = Unit.objects.get(name="区审计局")
    assert sorted(unit.aliases.values_list("alias", flat=True)) == ["区审计", "区审计局"]


def test_a_duplicate_name_is_told_on_the_form(client, place):
    client.force_login(place.admin)

    response = client.post(f"{LIST}new/", {"name": "天心区教育局", "kind": "department"})

    assert response.status_code == 400
    page = parse(response.content)
    assert [text_of(li) for li in select(page, ".error-summary li")] == [
        "单位名称：单位“天心区教育局”与已有单位“区教育局”重名。"
    ]
    assert Unit.objects.filter(region=place.region).count() == 2


def test_the_edit_page_renames_and_keeps_the_old_name(client, place):
    client.force_login(place.admin)
    page = parse(client.get(unit_url(place.renshe)).content)
    assert select(page, "textarea")[0].text_content().strip() == ""

    response = client.post(
        unit_url(place.renshe), {"name": "区人社局", "kind": "department", "aliases": ""}
    )

    assert response.status_code == 302
    place.renshe.refresh_from_db()
    assert place.renshe.name == "区人社局"
    page = parse(client.get(unit_url(place.renshe)).content)
    assert select(page, "textarea")[0].text_content().strip() == "区人力资源社会保障局"


def test_deactivating_from_the_edit_page(client, place):
    client.force_login(place.admin)

    response = client.post(unit_url(place.jiaoyu, "active/"), {"active": "0"})

    assert response.status_code == 302
    place.jiaoyu.refresh_from_db()
    assert place.jiaoyu.is_active is False
    page = parse(client.get(LIST).content)
    assert rows(page)[-1] == ["区教育局", "部门", "", "0", "已停用"]


def test_a_refused_toggle_says_why_and_changes_nothing(client, place):
    client.force_login(place.admin)
    entries = AuditEntry.objects.count()

    response = client.post(unit_url(place.jiaoyu, "active/"), {"active": "1"})

    assert response.status_code == 400
    assert text_of(select(parse(response.content), ".alert-error")[0]) == (
        "单位“区教育局”已经是在用状态。"
    )
    assert AuditEntry.objects.count() == entries


def test_a_merge_from_its_page(client, place):
    client.force_login(place.admin)
    page = parse(client.get(unit_url(place.renshe, "merge/")).content)
    assert [text_of(o) for o in select(page, "select option")] == ["请选择保留的单位", "区教育局"]

    response = client.post(
        unit_url(place.renshe, "merge/"), {"kept": place.jiaoyu.pk, "confirm": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == unit_url(place.jiaoyu)
    assert not Unit.objects.filter(name="区人力资源社会保障局").exists()
    messages = [
        text_of(p) for p in select(parse(client.get(response["Location"]).content), ".alert p")
    ]
    assert messages == [
        "已将“区人力资源社会保障局”合并到“区教育局”："
        "转入别名 1 个、联络员 1 人、承办活动 0 项、主题申报 0 份。"
    ]


def test_a_merge_without_confirming_is_refused(client, place):
    client.force_login(place.admin)

    response = client.post(unit_url(place.renshe, "merge/"), {"kept": place.jiaoyu.pk})

    assert response.status_code == 400
    assert Unit.objects.filter(pk=place.renshe.pk).exists()


def test_the_offices_to_do_flags_active_units_without_an_active_liaison(client, place):
    retired = Unit.objects.create(
        region=place.region, name="区老干部局", kind="department", is_active=False
    )
    place.liaison.is_active = False
    place.liaison.save()
    client.force_login(place.admin)

    page = parse(client.get("/staff/").content)

    section = select(page, "section.todo-no-liaison")[0]
    assert [text_of(a) for a in select(section, "li a")] == [
        "区人力资源社会保障局",
        "添加联络员",
        "区教育局",
        "添加联络员",
    ]
    assert retired.name not in text_of(section)
    assert select(section, "li a")[1].get("href") == (
        f"/staff/regions/tianxin/people/new/?unit={place.renshe.pk}"
    )


def test_a_liaisons_to_do_has_no_such_section(client, place):
    client.force_login(place.liaison)

    page = parse(client.get("/staff/").content)

    assert select(page, "section.todo-no-liaison") == []


def test_the_audit_log_names_the_merge(client, place):
    client.force_login(place.admin)
    client.post(unit_url(place.renshe, "merge/"), {"kept": place.jiaoyu.pk, "confirm": "on"})

    page = parse(client.get("/staff/audit/").content)

    assert "合并单位" in [text_of(td) for td in select(page, "td")]
