"""Workflows of holiday arrangements (each change written to the audit log).

- ``holiday_arrangements_import``: apply a list of dates (from ``openday holidays import``), all
  or nothing; re-applying the same list changes nothing. With ``replace`` the list becomes the
  whole arrangement of the years it names.
- ``holiday_arrangement_save`` / ``holiday_arrangement_delete``: one date, from the admin.

Deadlines computed from these dates must be recomputed after a change. This app does not know
them: apps that store deadlines register with ``on_arrangements_changed`` and are called, in
the same transaction, with the years that changed.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.workdays.arrangement_file import ArrangementLine
from openday.workdays.models import HolidayArrangement

_listeners: list[Callable[[set[int]], None]] = []


def on_arrangements_changed(listener: Callable[[set[int]], None]) -> None:
    """Call ``listener(years)`` whenever the arrangements of those years change."""
    if listener not in _listeners:
        _listeners.append(listener)


def _changed(years: set[int]) -> None:
    for listener in _listeners:
        listener(set(years))


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    years: list[int] = field(default_factory=list)


def _snapshot(row: HolidayArrangement) -> dict:
    return {
        "date": row.date.isoformat(),
        "is_workday": row.is_workday,
        "name": row.name,
        "note": row.note,
    }


def _year_range(years: set[int]) -> tuple[dt.date, dt.date]:
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def holiday_arrangements_import(
    *,
    actor=None,
    lines: Sequence[ArrangementLine],
    replace: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Create or update one row per line; with ``dry_run`` report what would change, save
    nothing. With ``replace``, rows of the lines' years that the list lacks are deleted."""
    years = {line.date.year for line in lines}
    summary = ImportSummary(years=sorted(years))
    if not lines:
        return summary
    try:
        with transaction.atomic():
            existing = {
                row.date: row
                for row in HolidayArrangement.objects.select_for_update().filter(
                    date__in=[line.date for line in lines]
                )
            }
            for line in lines:
                _apply(actor, line, existing.get(line.date), summary)
            if replace:
                first, last = _year_range(years)
                stale = (
                    HolidayArrangement.objects.select_for_update()
                    .filter(date__gte=first, date__lte=last)
                    .exclude(date__in=[line.date for line in lines])
                )
                for row in stale:
                    if row.date.year in years:
                        _delete(actor, row)
                        summary.deleted += 1
            if dry_run:
                transaction.set_rollback(True)
            elif summary.created or summary.updated or summary.deleted:
                _changed(years)
    except IntegrityError:
        # Two imports of the same new date at once: the second one finds the row taken.
        raise DomainError("另一次导入同时写入了相同的日期，请重新导入。") from None
    return summary


def _apply(actor, line: ArrangementLine, row: HolidayArrangement | None, summary) -> None:
    values = {"is_workday": line.workday, "name": line.name, "note": line.note}
    if row is None:
        row = HolidayArrangement.objects.create(date=line.date, **values)
        audit_record(
            actor=actor, action="holiday_arrangement.create", obj=row, after=_snapshot(row)
        )
        summary.created += 1
        return
    before = _snapshot(row)
    for name, value in values.items():
        setattr(row, name, value)
    after = _snapshot(row)
    if after == before:
        summary.unchanged += 1
        return
    row.save()
    audit_record(
        actor=actor,
        action="holiday_arrangement.update",
        obj=row,
        before=before,
        after=after,
    )
    summary.updated += 1


def _delete(actor, row: HolidayArrangement) -> None:
    audit_record(actor=actor, action="holiday_arrangement.delete", obj=row, before=_snapshot(row))
    row.delete()


def holiday_arrangement_save(*, actor=None, arrangement: HolidayArrangement) -> HolidayArrangement:
    """Save one date entered in the admin (a form has already changed the instance)."""
    with transaction.atomic():
        stored = (
            HolidayArrangement.objects.select_for_update().filter(pk=arrangement.pk).first()
            if arrangement.pk
            else None
        )
        arrangement.save()
        audit_record(
            actor=actor,
            action="holiday_arrangement.update" if stored else "holiday_arrangement.create",
            obj=arrangement,
            before=_snapshot(stored) if stored else None,
            after=_snapshot(arrangement),
        )
        _changed({arrangement.date.year} | ({stored.date.year} if stored else set()))
    return arrangement


def holiday_arrangement_delete(*, actor=None, arrangement: HolidayArrangement) -> None:
    with transaction.atomic():
        _delete(actor, arrangement)
        _changed({arrangement.date.year})
