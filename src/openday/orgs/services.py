"""Workflows of the regions tree and the unit registry.

- ``region_create``: add a region under a parent, keeping the materialised path.
- ``unit_create`` / ``unit_alias_add``: keep the registry and its matching keys.
- ``unit_rename`` (the old name stays an alias), ``unit_set_kind``, ``unit_aliases_set``
  (``unit_update``: the three at once), ``unit_set_active``: the office keeps its own units.
- ``unit_merge``: one unit into another of the region; aliases and liaisons move here, and
  what other apps hold of the unit moves through the handlers they register with
  ``on_unit_merge`` (activities' hosts, declarations), in the same transaction.
- ``unit_resolve``: match a name from a document to a unit through aliases, creating it when new.

People and passwords are in ``orgs.people``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector

from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.core.scope import forget
from openday.orgs.enums import Role, UnitKind
from openday.orgs.models import Membership, Office, Region, Unit, UnitAlias
from openday.orgs.names import clean_text, length_problem, unit_key, unit_kind_of
from openday.orgs.selectors import administers_region

# ``handler(source, kept)`` moves what its app holds of ``source`` to ``kept`` and returns
# counts for the audit entry ({"hosts": 3}); it runs inside the merge's transaction, so a
# refusal (a DomainError) undoes the whole merge.
UnitMergeHandler = Callable[[Unit, Unit], dict[str, int] | None]
_merge_handlers: list[UnitMergeHandler] = []


def on_unit_merge(handler: UnitMergeHandler) -> None:
    """Call ``handler(source, kept)`` inside every ``unit_merge`` (from ``AppConfig.ready``)."""
    if handler not in _merge_handlers:
        _merge_handlers.append(handler)


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
    _check_length("别名", alias, UnitAlias, "alias", field="aliases")
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


def _check_admin(actor, region: Region) -> None:
    if not administers_region(actor, region.pk):
        raise PermissionDenied(f"您不是{region.name}政务公开办的管理员，不能管理其单位。")


def _check_kind(kind: str) -> None:
    if kind not in UnitKind.values:
        raise DomainError("请选择单位类型（部门、街道、镇、乡或其他）。", field="kind")


def _check_length(what: str, text: str, model, column: str, *, field: str) -> None:
    """Refuse ``text`` longer than ``model.column`` holds, as PostgreSQL would (SQLite would
    store it): the same on both databases, and a message naming the text and the limit."""
    problem = length_problem(what, text, model._meta.get_field(column).max_length)
    if problem:
        raise DomainError(problem, field=field)


def _clean_name(name: str) -> str:
    name = clean_text(name).replace(" ", "")
    if not name:
        raise DomainError("单位名称不能为空。", field="name")
    _check_length("单位名称", name, Unit, "name", field="name")
    return name


def unit_create(
    *, actor=None, region: Region, name: str, kind: str | None = None, aliases: tuple[str, ...] = ()
) -> Unit:
    _check_admin(actor, region)
    name = _clean_name(name)
    if kind:
        _check_kind(kind)
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


def _snapshot(unit: Unit) -> dict:
    return {"name": unit.name, "kind": unit.kind, "is_active": unit.is_active}


def _locked(unit: Unit) -> Unit:
    return Unit.objects.select_for_update().select_related("region").get(pk=unit.pk)


def _name_taken_by(region: Region, name: str, unit: Unit) -> Unit | None:
    """Another unit of ``region`` that ``name`` already means (by key or exact name)."""
    key = unit_key(name, region_names(region))
    clash = (
        UnitAlias.objects.filter(region=region, key=key)
        .exclude(unit=unit)
        .select_related("unit")
        .first()
    )
    if clash:
        return clash.unit
    return Unit.objects.filter(region=region, name=name).exclude(pk=unit.pk).first()


def unit_rename(*, actor, unit: Unit, name: str) -> Unit:
    """A new name; the old one stays an alias, so documents that use it still match."""
    _check_admin(actor, unit.region)
    name = _clean_name(name)
    with transaction.atomic():
        unit = _locked(unit)
        if name == unit.name:
            return unit
        other = _name_taken_by(unit.region, name, unit)
        if other:
            raise DomainError(
                f"名称“{name}”已是单位“{other.name}”的名称或别名，不能重名。", field="name"
            )
        before = _snapshot(unit)
        unit_alias_add(unit=unit, alias=unit.name)
        unit.name = name
        unit.save(update_fields=["name", "updated_at"])
        unit_alias_add(unit=unit, alias=name)
        audit_record(
            actor=actor,
            action="unit.rename",
            obj=unit,
            region=unit.region,
            before=before,
            after=_snapshot(unit),
        )
    return unit


def unit_set_kind(*, actor, unit: Unit, kind: str) -> Unit:
    """部门, 街道, 镇, 乡 or 其他: what group hosts (各街道…) stand for."""
    _check_admin(actor, unit.region)
    _check_kind(kind)
    with transaction.atomic():
        unit = _locked(unit)
        if kind == unit.kind:
            return unit
        before = _snapshot(unit)
        unit.kind = kind
        unit.save(update_fields=["kind", "updated_at"])
        audit_record(
            actor=actor,
            action="unit.set_kind",
            obj=unit,
            region=unit.region,
            before=before,
            after=_snapshot(unit),
        )
    return unit


def unit_aliases_set(*, actor, unit: Unit, aliases: list[str]) -> Unit:
    """The unit's aliases become ``aliases`` (its own name always stays one). A name that
    already means another unit is refused, and nothing is changed."""
    _check_admin(actor, unit.region)
    with transaction.atomic():
        unit = _locked(unit)
        names = region_names(unit.region)
        wanted: dict[str, str] = {unit_key(unit.name, names): unit.name}
        for raw in aliases:
            alias = clean_text(raw).replace(" ", "")
            if not alias:
                continue
            _check_length("别名", alias, UnitAlias, "alias", field="aliases")
            key = unit_key(alias, names)
            other = _name_taken_by(unit.region, alias, unit)
            if other:
                raise DomainError(
                    f"别名“{alias}”已是单位“{other.name}”的名称或别名，不能再指向“{unit.name}”。",
                    field="aliases",
                )
            wanted.setdefault(key, alias)
        current = {alias.key: alias for alias in unit.aliases.all()}
        before = sorted(alias.alias for alias in current.values())
        UnitAlias.objects.filter(unit=unit).exclude(key__in=list(wanted)).delete()
        for key, alias in wanted.items():
            if key not in current:
                UnitAlias.objects.create(unit=unit, region=unit.region, alias=alias, key=key)
        after = sorted(
            current[key].alias if key in current else alias for key, alias in wanted.items()
        )
        if after != before:
            audit_record(
                actor=actor,
                action="unit.set_aliases",
                obj=unit,
                region=unit.region,
                before={"aliases": before},
                after={"aliases": after},
            )
    return unit


def unit_update(*, actor, unit: Unit, name: str, kind: str, aliases: list[str]) -> Unit:
    """The unit's edit page: rename, set its kind and its aliases, all or nothing. A renamed
    unit keeps its old name among its aliases even when the list given lacks it."""
    with transaction.atomic():
        old_name = unit.name
        unit = unit_rename(actor=actor, unit=unit, name=name)
        if unit.name != old_name:
            aliases = [*aliases, old_name]
        unit = unit_set_kind(actor=actor, unit=unit, kind=kind)
        return unit_aliases_set(actor=actor, unit=unit, aliases=aliases)


def unit_set_active(*, actor, unit: Unit, active: bool) -> Unit:
    """Deactivate (kept with its history, out of new plans' matching lists) or reactivate."""
    _check_admin(actor, unit.region)
    with transaction.atomic():
        unit = _locked(unit)
        if unit.is_active == active:
            state = "在用" if active else "停用"
            raise DomainError(f"单位“{unit.name}”已经是{state}状态。")
        before = _snapshot(unit)
        unit.is_active = active
        unit.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="unit.activate" if active else "unit.deactivate",
            obj=unit,
            region=unit.region,
            before=before,
            after=_snapshot(unit),
        )
    return unit


def unit_merge(*, actor, source: Unit, kept: Unit) -> dict[str, int]:
    """Merge ``source`` into ``kept`` (same region): its aliases (its name among them) and
    liaisons move, then every registered handler moves what its app holds; ``source`` is
    deleted. All in one transaction; returns the counts of what moved."""
    if source.pk == kept.pk:
        raise DomainError("不能把单位合并到它自己，请选择另一个单位。", field="kept")
    if source.region_id != kept.region_id:
        raise DomainError("只能合并同一地区的单位。", field="kept")
    _check_admin(actor, source.region)
    with transaction.atomic():
        first, second = sorted((source, kept), key=lambda unit: unit.pk)
        locked = {first.pk: _locked(first), second.pk: _locked(second)}
        source, kept = locked[source.pk], locked[kept.pk]
        if not kept.is_active:
            raise DomainError(f"单位“{kept.name}”已停用，不能作为合并后保留的单位。", field="kept")
        counts = {"aliases": UnitAlias.objects.filter(unit=source).update(unit=kept)}
        counts["liaisons"] = _move_liaisons(source, kept)
        for handler in _merge_handlers:
            counts.update(handler(source, kept) or {})
        before = {"source": source.name, "source_id": source.pk, "kept": kept.name}
        _check_unreferenced(source)
        source.delete()
        forget(actor)  # the actor may have been a liaison of ``source``
        audit_record(
            actor=actor,
            action="unit.merge",
            obj=kept,
            region=kept.region,
            before=before,
            after={"kept": kept.name, **counts},
        )
    return counts


def _check_unreferenced(unit: Unit) -> None:
    """Refuse to delete ``unit`` while anything but itself would go with it or stop it: an
    app that holds units but registered no merge handler must not lose its rows silently."""
    collector = Collector(using=router.db_for_write(Unit))
    try:
        collector.collect([unit])
    except ProtectedError as error:
        held = {obj._meta.verbose_name for obj in error.protected_objects}
    else:
        held = {model._meta.verbose_name for model, objs in collector.data.items() if objs}
        held |= {qs.model._meta.verbose_name for qs in collector.fast_deletes if qs.exists()}
        held.discard(Unit._meta.verbose_name)
    if held:
        names = "、".join(sorted(str(name) for name in held))
        raise DomainError(f"单位“{unit.name}”还有{names}记录，暂时无法合并，请联系系统管理员。")


def _move_liaisons(source: Unit, kept: Unit) -> int:
    moved = 0
    already = set(Membership.objects.filter(unit=kept).values_list("user_id", flat=True))
    for membership in Membership.objects.filter(unit=source):
        if membership.user_id in already:
            membership.delete()
        else:
            membership.unit = kept
            membership.role = Role.UNIT_LIAISON
            membership.save(update_fields=["unit", "role", "updated_at"])
            moved += 1
    return moved


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
