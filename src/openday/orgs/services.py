"""Workflows of the regions tree and the unit registry.

- ``region_create``: add a region under a parent, keeping the materialised path.
- ``unit_create`` / ``unit_alias_add``: keep the registry and its matching keys.
- ``unit_resolve``: match a name from a document to a unit through aliases, creating it when new.
"""

from dataclasses import dataclass

from django.db import transaction

from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.orgs.models import Office, Region, Unit, UnitAlias
from openday.orgs.names import clean_text, unit_key, unit_kind_of


def region_create(
    *,
    name: str,
    slug: str,
    level: str,
    kind: str,
    parent: Region | None = None,
    full_name: str = "",
) -> Region:
    with transaction.atomic():
        region = Region.objects.create(
            name=name,
            slug=slug,
            level=level,
            kind=kind,
            parent=parent,
            full_name=full_name,
            path="",
        )
        region.path = f"{parent.path if parent else '/'}{region.pk}/"
        region.save(update_fields=["path"])
    return region


def office_set(*, region: Region, name: str, **fields: str) -> Office:
    office, _ = Office.objects.update_or_create(region=region, defaults={"name": name, **fields})
    return office


def region_names(region: Region) -> tuple[str, ...]:
    """The ways a region's own documents prefix unit names: "天心区", "长沙市天心区"."""
    names = [region.name]
    if region.full_name:
        names.append(region.full_name)
    if region.parent_id:
        names.append(f"{region.parent.name}{region.name}")
    return tuple(names)


def unit_alias_add(*, unit: Unit, alias: str) -> UnitAlias | None:
    """Record another name of ``unit``; refuse a name that already means another unit."""
    alias = clean_text(alias).replace(" ", "")
    key = unit_key(alias, region_names(unit.region))
    existing = UnitAlias.objects.filter(region=unit.region, key=key).select_related("unit").first()
    if existing:
        if existing.unit_id != unit.pk:
            raise DomainError(
                f"名称“{alias}”已是单位“{existing.unit.name}”的别名，不能再指向“{unit.name}”。",
                field="alias",
            )
        return None
    return UnitAlias.objects.create(unit=unit, region=unit.region, alias=alias, key=key)


def unit_create(
    *, actor=None, region: Region, name: str, kind: str | None = None, aliases: tuple[str, ...] = ()
) -> Unit:
    name = clean_text(name).replace(" ", "")
    if not name:
        raise DomainError("单位名称不能为空。", field="name")
    with transaction.atomic():
        key = unit_key(name, region_names(region))
        clash = UnitAlias.objects.filter(region=region, key=key).select_related("unit").first()
        if clash:
            raise DomainError(f"单位“{name}”与已有单位“{clash.unit.name}”重名。", field="name")
        unit = Unit.objects.create(region=region, name=name, kind=kind or unit_kind_of(name))
        unit_alias_add(unit=unit, alias=name)
        for alias in aliases:
            unit_alias_add(unit=unit, alias=alias)
        audit_record(
            actor=actor,
            action="unit.create",
            obj=unit,
            region=region,
            after={"name": unit.name, "kind": unit.kind},
        )
    return unit


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    created: bool


class UnitResolver:
    """Matches names to a region's units; one query up front, then lookups in memory."""

    def __init__(self, region: Region):
        self.region = region
        self.names = region_names(region)
        self.by_key = {
            alias.key: alias.unit
            for alias in UnitAlias.objects.filter(region=region).select_related("unit")
        }

    def find(self, name: str) -> Unit | None:
        return self.by_key.get(unit_key(name, self.names))

    def resolve(self, name: str, *, actor=None) -> UnitMatch:
        unit = self.find(name)
        if unit:
            return UnitMatch(unit, created=False)
        unit = unit_create(actor=actor, region=self.region, name=name)
        self.by_key[unit_key(name, self.names)] = unit
        return UnitMatch(unit, created=True)
