"""Named reads of declarations: the office's list, a liaison's units, the items to merge, and
the plan rows the accepted declarations make."""

from dataclasses import dataclass, replace

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When

from openday.activities.services import HostInput, PlanRowInput
from openday.campaigns.models import Campaign
from openday.declarations.enums import DeclarationState
from openday.declarations.models import (
    Declaration,
    DeclarationItem,
    DeclarationMerge,
    DeclarationWindow,
)
from openday.orgs.enums import UnitKind
from openday.orgs.models import Unit


def declaration_window(campaign: Campaign) -> DeclarationWindow | None:
    return DeclarationWindow.objects.filter(campaign=campaign).first()


def declaration_items(declaration: Declaration) -> QuerySet[DeclarationItem]:
    return declaration.items.order_by("seq").select_related("merged_into")


@dataclass(frozen=True)
class UnitDeclaration:
    """A row of the office's list: every active unit, with its declaration if it has one."""

    unit: Unit
    declaration: Declaration | None

    @property
    def state(self) -> str:
        return self.declaration.state if self.declaration else "none"

    @property
    def state_label(self) -> str:
        return self.declaration.get_state_display() if self.declaration else "未填报"


def declaration_list(campaign: Campaign) -> list[UnitDeclaration]:
    """Every active unit of the region in registry order, with its declaration (2 queries)."""
    declarations = {
        d.unit_id: d
        for d in Declaration.objects.filter(campaign=campaign)
        .annotate(item_count=Count("items"))
        .select_related("unit")
    }
    units = {u.pk: u for u in Unit.objects.filter(region_id=campaign.region_id, is_active=True)}
    # A unit retired after declaring still shows: its declaration is part of the record.
    for unit_id, declaration in declarations.items():
        units.setdefault(unit_id, declaration.unit)
    ordered = sorted(units.values(), key=unit_order)
    return [UnitDeclaration(unit=u, declaration=declarations.get(u.pk)) for u in ordered]


def declaration_counts(rows: list[UnitDeclaration]) -> dict[str, int]:
    counts = dict.fromkeys([*DeclarationState.values, "none"], 0)
    for row in rows:
        counts[row.state] += 1
    return counts


def declarations_of_units(campaign: Campaign, unit_ids: set[int]) -> list[UnitDeclaration]:
    """A liaison's own units in the campaign's region, with their declarations."""
    return [row for row in declaration_list(campaign) if row.unit.pk in unit_ids]


def declarations_for_export(campaign: Campaign) -> QuerySet[Declaration]:
    """Handed-in declarations (drafts are the unit's own work) with their items, unit order."""
    return (
        Declaration.objects.filter(campaign=campaign)
        .exclude(state=DeclarationState.DRAFT)
        .select_related("unit")
        .prefetch_related(Prefetch("items", queryset=DeclarationItem.objects.order_by("seq")))
        .annotate(kind_rank=_kind_rank("unit__kind"))
        .order_by("kind_rank", "unit__name", "unit_id")
    )


def accepted_items(campaign: Campaign) -> QuerySet[DeclarationItem]:
    """Items of the accepted declarations: what the plan is compiled from, and merged."""
    return (
        DeclarationItem.objects.filter(
            declaration__campaign=campaign, declaration__state=DeclarationState.ACCEPTED
        )
        .select_related("declaration__unit", "merged_into")
        .annotate(kind_rank=_kind_rank("declaration__unit__kind"))
        .order_by("month_start", "kind_rank", "declaration__unit__name", "seq")
    )


def declaration_merges(campaign: Campaign) -> QuerySet[DeclarationMerge]:
    return (
        DeclarationMerge.objects.filter(campaign=campaign)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=DeclarationItem.objects.select_related("declaration__unit")
                .annotate(kind_rank=_kind_rank("declaration__unit__kind"))
                .order_by("kind_rank", "declaration__unit__name", "seq"),
            )
        )
        .order_by("month_start", "pk")
    )


_KIND_ORDER = {kind: index for index, kind in enumerate(UnitKind.values)}


def _kind_rank(field: str) -> Case:
    """``unit_order``'s first key in SQL, so lists and the compiled plan agree."""
    return Case(
        *[When(**{field: kind}, then=Value(rank)) for kind, rank in _KIND_ORDER.items()],
        default=Value(len(_KIND_ORDER)),
        output_field=IntegerField(),
    )


def unit_order(unit: Unit) -> tuple:
    """Departments first, then streets, towns and townships, each by name (the registry's
    order, and how the offices list units in their plans)."""
    return (_KIND_ORDER.get(unit.kind, len(_KIND_ORDER)), unit.name, unit.pk)


def compiled_plan_rows(campaign: Campaign) -> list[PlanRowInput]:
    """The plan the accepted declarations make, numbered by month.

    Each item not merged is a row hosted by its unit; each merge is one row hosted by the
    units of its items. Rows are ordered by start month, then end month, then the (first)
    unit in registry order and the item's 序号, and numbered 1, 2, 3 … in that order.
    """
    rows: list[tuple[tuple, PlanRowInput]] = []
    merges: dict[int, DeclarationMerge] = {}
    merged: dict[int, list[DeclarationItem]] = {}
    for item in accepted_items(campaign):
        if item.merged_into_id:
            merges[item.merged_into_id] = item.merged_into
            merged.setdefault(item.merged_into_id, []).append(item)
            continue
        unit = item.declaration.unit
        rows.append(
            (
                (*_months_key(item), unit_order(unit), item.seq),
                PlanRowInput(
                    seq=0,
                    month_start=item.month_start,
                    month_end=item.month_end,
                    title=item.title,
                    forms=[(item.form_text, item.form_kind)] if item.form_text else [],
                    hosts=[HostInput(text=unit.name, unit=unit)],
                    brief=item.brief,
                ),
            )
        )
    for merge in merges.values():
        items = sorted(merged[merge.pk], key=lambda i: (unit_order(i.declaration.unit), i.seq))
        units = list({i.declaration.unit.pk: i.declaration.unit for i in items}.values())
        forms = list(dict.fromkeys((i.form_text, i.form_kind) for i in items if i.form_text))
        brief = merge.brief or "\n".join(i.brief for i in items if i.brief)
        rows.append(
            (
                (*_months_key(merge), unit_order(units[0]), items[0].seq),
                PlanRowInput(
                    seq=0,
                    month_start=merge.month_start,
                    month_end=merge.month_end,
                    title=merge.title,
                    forms=forms,
                    hosts=[HostInput(text=u.name, unit=u) for u in units],
                    brief=brief,
                ),
            )
        )
    rows.sort(key=lambda pair: pair[0])
    return [replace(row, seq=seq) for seq, (_key, row) in enumerate(rows, start=1)]


def _months_key(row) -> tuple[int, int]:
    # Accepted items always have a month (submission requires one); "待定" would sort last.
    return (row.month_start or 13, row.month_end or 13)


def declarations_to_review(region_ids) -> QuerySet[Declaration]:
    """Submitted declarations of these regions, waiting for the office, oldest first."""
    return (
        Declaration.objects.filter(
            state=DeclarationState.SUBMITTED, campaign__region_id__in=region_ids
        )
        .select_related("campaign", "unit")
        .annotate(item_count=Count("items"))
        .order_by("submitted_at", "pk")
    )
