"""The office keeps its own units: add, rename, kind, aliases, deactivate, merge."""

import pytest

from openday.activities.models import ActivityHost
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.declarations.models import Declaration
from openday.orgs.enums import Role, UnitKind
from openday.orgs.models import Membership, Unit, UnitAlias
from openday.orgs.services import (
    unit_aliases_set,
    unit_create,
    unit_merge,
    unit_rename,
    unit_set_active,
    unit_set_kind,
    unit_update,
)
from tests.factories import ActivityFactory, ActivityHostFactory, CampaignFactory
from tests.factories.declarations import DeclarationFactory

pytestmark = pytest.mark.django_db


def aliases(unit) -> list[str]:
    return sorted(UnitAlias.objects.filter(unit=unit).values_list("alias", flat=True))


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-pk").first()


# --- add ---------------------------------------------------------------------------------------


def test_admin_adds_a_unit_with_aliases_and_an_audit_entry(place):
    unit = unit_create(
        actor=place.admin,
        region=place.region,
        name=" 区 卫生健康局 ",
        kind=UnitKind.DEPARTMENT,
        aliases=("区卫健局",),
    )

    assert (unit.name, unit.kind, unit.is_active) == ("区卫生健康局", UnitKind.DEPARTMENT, True)
    assert aliases(unit) == ["区卫健局", "区卫生健康局"]
    entry = last_entry()
    assert (entry.action, entry.actor, entry.region) == ("unit.create", place.admin, place.region)


@pytest.mark.parametrize(
    "name",
    ["区人力资源社会保障局", "天心区人力资源和社会保障局", "人力资源和社会保障局"],
)
def test_a_name_that_matches_an_existing_unit_is_refused(place, name):
    with pytest.raises(DomainError) as refused:
        unit_create(actor=place.admin, region=place.region, name=name)

    assert refused.value.message == f"单位“{name}”与已有单位“区人力资源社会保障局”重名。"
    assert refused.value.field == "name"


def test_the_same_name_in_another_region_is_another_unit(place):
    unit = unit_create(actor=place.other_admin, region=place.other, name="市人力资源社会保障局")

    assert unit.region == place.other


def test_an_empty_name_is_refused(place):
    with pytest.raises(DomainError, match="单位名称不能为空。"):
        unit_create(actor=place.admin, region=place.region, name=" \u3000 ")


def test_an_unknown_kind_is_refused(place):
    with pytest.raises(DomainError, match="请选择单位类型"):
        unit_create(actor=place.admin, region=place.region, name="区审计局", kind="bureau")


@pytest.mark.parametrize("who", ["liaison", "other_admin", "viewer"])
def test_only_the_regions_admin_adds_units(place, who):
    with pytest.raises(PermissionDenied, match="您不是天心区政务公开办的管理员"):
        unit_create(actor=getattr(place, who), region=place.region, name="区审计局")

    assert not Unit.objects.filter(name="区审计局").exists()


# --- rename, kind, aliases ---------------------------------------------------------------------


def test_a_renamed_unit_keeps_its_old_name_as_an_alias(place):
    unit = unit_rename(actor=place.admin, unit=place.renshe, name="区人社局")

    assert unit.name == "区人社局"
    assert aliases(unit) == ["区人力资源社会保障局", "区人社局"]
    entry = last_entry()
    assert entry.action == "unit.rename"
    assert (entry.before["name"], entry.after["name"]) == ("区人力资源社会保障局", "区人社局")


def test_a_rename_to_another_units_name_or_alias_is_refused(place):
    with pytest.raises(DomainError) as refused:
        unit_rename(actor=place.admin, unit=place.renshe, name="天心区教育局")

    assert refused.value.message == ("名称“天心区教育局”已是单位“区教育局”的名称或别名，不能重名。")
    place.renshe.refresh_from_db()
    assert place.renshe.name == "区人力资源社会保障局"


def test_renaming_to_the_same_name_records_nothing(place):
    before = AuditEntry.objects.count()

    unit_rename(actor=place.admin, unit=place.renshe, name="区人力资源社会保障局")

    assert AuditEntry.objects.count() == before


def test_kind_is_set_and_audited(place):
    unit = unit_set_kind(actor=place.admin, unit=place.jiaoyu, kind=UnitKind.OTHER)

    assert unit.kind == UnitKind.OTHER
    assert (last_entry().before["kind"], last_entry().after["kind"]) == ("department", "other")


def test_aliases_become_the_list_and_the_name_stays_one(place):
    unit_aliases_set(actor=place.admin, unit=place.renshe, aliases=["区人社局", "人社保局", ""])
    unit_aliases_set(actor=place.admin, unit=place.renshe, aliases=["区人社局"])

    assert aliases(place.renshe) == ["区人力资源社会保障局", "区人社局"]
    assert last_entry().before == {"aliases": ["人社保局", "区人力资源社会保障局", "区人社局"]}
    assert last_entry().after == {"aliases": ["区人力资源社会保障局", "区人社局"]}


def test_two_writings_of_one_key_are_one_alias(place):
    """ "区人社局" and "人社局" match the same way: the first writing is kept."""
    unit_aliases_set(actor=place.admin, unit=place.renshe, aliases=["区人社局", "人社局"])

    assert aliases(place.renshe) == ["区人力资源社会保障局", "区人社局"]


def test_an_alias_of_another_unit_is_refused_and_nothing_changes(place):
    with pytest.raises(DomainError) as refused:
        unit_aliases_set(actor=place.admin, unit=place.renshe, aliases=["区人社局", "区教育局"])

    assert refused.value.message == (
        "别名“区教育局”已是单位“区教育局”的名称或别名，不能再指向“区人力资源社会保障局”。"
    )
    assert refused.value.field == "aliases"
    assert aliases(place.renshe) == ["区人力资源社会保障局"]


def test_the_edit_page_keeps_the_old_name_even_when_the_list_lacks_it(place):
    unit_update(
        actor=place.admin, unit=place.renshe, name="区人社局", kind="department", aliases=[]
    )

    assert aliases(place.renshe) == ["区人力资源社会保障局", "区人社局"]


def test_an_edit_refused_halfway_changes_nothing(place):
    with pytest.raises(DomainError):
        unit_update(
            actor=place.admin,
            unit=place.renshe,
            name="区人社局",
            kind="street",
            aliases=["区教育局"],
        )

    place.renshe.refresh_from_db()
    assert (place.renshe.name, place.renshe.kind) == ("区人力资源社会保障局", "department")
    assert aliases(place.renshe) == ["区人力资源社会保障局"]


# --- deactivate --------------------------------------------------------------------------------


def test_a_unit_is_deactivated_and_reactivated(place):
    unit_set_active(actor=place.admin, unit=place.jiaoyu, active=False)
    place.jiaoyu.refresh_from_db()
    assert place.jiaoyu.is_active is False
    assert last_entry().action == "unit.deactivate"

    unit_set_active(actor=place.admin, unit=place.jiaoyu, active=True)
    place.jiaoyu.refresh_from_db()
    assert place.jiaoyu.is_active is True
    assert last_entry().action == "unit.activate"


def test_deactivating_an_inactive_unit_is_refused(place):
    unit_set_active(actor=place.admin, unit=place.jiaoyu, active=False)

    with pytest.raises(DomainError, match="单位“区教育局”已经是停用状态。"):
        unit_set_active(actor=place.admin, unit=place.jiaoyu, active=False)


# --- merge -------------------------------------------------------------------------------------


def test_a_merge_moves_aliases_liaisons_hosts_and_declarations(place):
    campaign = CampaignFactory(region=place.region)
    hosted = ActivityHostFactory(activity__campaign=campaign, unit=place.renshe)
    both = ActivityFactory(campaign=campaign)
    ActivityHostFactory(activity=both, unit=place.renshe, position=0)
    ActivityHostFactory(activity=both, unit=place.jiaoyu, position=1)
    declaration = DeclarationFactory(campaign=campaign, unit=place.renshe)
    source_id = place.renshe.pk

    counts = unit_merge(actor=place.admin, source=place.renshe, kept=place.jiaoyu)

    assert counts == {
        "aliases": 1,
        "liaisons": 1,
        "hosts": 2,
        "declarations": 1,
        "opinion_replies": 0,
    }
    assert not Unit.objects.filter(pk=source_id).exists()
    assert aliases(place.jiaoyu) == ["区人力资源社会保障局", "区教育局"]
    assert Membership.objects.get(user=place.liaison).unit == place.jiaoyu
    assert ActivityHost.objects.get(pk=hosted.pk).unit == place.jiaoyu
    assert list(both.hosts.values_list("unit_id", flat=True)) == [place.jiaoyu.pk]
    declaration.refresh_from_db()
    assert declaration.unit == place.jiaoyu
    entry = last_entry()
    assert entry.action == "unit.merge"
    assert entry.before == {
        "source": "区人力资源社会保障局",
        "source_id": source_id,
        "kept": "区教育局",
    }
    assert entry.after == {"kept": "区教育局", **counts}


def test_a_liaison_of_both_units_keeps_one_membership(place):
    Membership.objects.create(
        user=place.liaison, role=Role.UNIT_LIAISON, region=place.region, unit=place.jiaoyu
    )

    counts = unit_merge(actor=place.admin, source=place.renshe, kept=place.jiaoyu)

    assert counts["liaisons"] == 0
    assert list(Membership.objects.filter(user=place.liaison).values_list("unit", flat=True)) == [
        place.jiaoyu.pk
    ]


def test_a_unit_is_not_merged_into_itself(place):
    with pytest.raises(DomainError, match="不能把单位合并到它自己"):
        unit_merge(actor=place.admin, source=place.renshe, kept=place.renshe)


def test_units_of_two_regions_are_not_merged(place):
    with pytest.raises(DomainError, match="只能合并同一地区的单位。"):
        unit_merge(actor=place.admin, source=place.renshe, kept=place.other_unit)


def test_a_unit_is_not_merged_into_an_inactive_one(place):
    unit_set_active(actor=place.admin, unit=place.jiaoyu, active=False)

    with pytest.raises(DomainError, match="单位“区教育局”已停用"):
        unit_merge(actor=place.admin, source=place.renshe, kept=place.jiaoyu)


def test_two_declarations_in_one_campaign_refuse_the_whole_merge(place):
    campaign = CampaignFactory(region=place.region)
    hosted = ActivityHostFactory(activity__campaign=campaign, unit=place.renshe)
    DeclarationFactory(campaign=campaign, unit=place.renshe)
    DeclarationFactory(campaign=campaign, unit=place.jiaoyu)
    entries = AuditEntry.objects.count()

    with pytest.raises(DomainError) as refused:
        unit_merge(actor=place.admin, source=place.renshe, kept=place.jiaoyu)

    assert refused.value.message == (
        f"“区人力资源社会保障局”和“区教育局”在“{campaign.title}”中都有主题申报，"
        "不能合并；请先处理其中一份申报。"
    )
    # Nothing moved: the aliases and liaisons of the first steps were rolled back too.
    assert Unit.objects.filter(pk=place.renshe.pk).exists()
    assert aliases(place.renshe) == ["区人力资源社会保障局"]
    assert Membership.objects.get(user=place.liaison).unit == place.renshe
    assert ActivityHost.objects.get(pk=hosted.pk).unit == place.renshe
    assert Declaration.objects.filter(unit=place.renshe).count() == 1
    assert AuditEntry.objects.count() == entries


def test_only_the_regions_admin_merges(place):
    with pytest.raises(PermissionDenied):
        unit_merge(actor=place.other_admin, source=place.renshe, kept=place.jiaoyu)


def test_rows_no_handler_moves_refuse_the_merge(place, monkeypatch):
    """An app holding units without a merge handler: the unit is not deleted under it."""
    monkeypatch.setattr("openday.orgs.services._merge_handlers", [])
    hosted = ActivityHostFactory(
        activity__campaign=CampaignFactory(region=place.region), unit=place.renshe
    )

    with pytest.raises(DomainError) as refused:
        unit_merge(actor=place.admin, source=place.renshe, kept=place.jiaoyu)

    assert refused.value.message == (
        "单位“区人力资源社会保障局”还有责任单位记录，暂时无法合并，请联系系统管理员。"
    )
    assert ActivityHost.objects.get(pk=hosted.pk).unit == place.renshe
    assert aliases(place.renshe) == ["区人力资源社会保障局"]
