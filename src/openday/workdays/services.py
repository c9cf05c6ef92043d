"""Workflows of holiday arrangements (each change written to the audit log).

- ``holiday_arrangements_import``: apply a list of dates (from ``openday holidays import``), all
  or nothing; re-applying the same list changes nothing. With ``replace`` the list becomes the
  whole arrangement of the years it names.
- ``holiday_arrangement_save`` / ``holiday_arrangement_delete``: one date, from the admin.
- ``holiday_notice_import``: the dates of a State Council notice (``holiday_notice``), through
  the same import. For a year the calendar library knows, the notice must agree with it day for
  day, unless the system or the site superuser overrides (the library may be wrong; an office
  admin may not decide that the national calendar is).

Deadlines computed from these dates must be recomputed after a change. This app does not know
them: apps that store deadlines register with ``on_arrangements_changed`` and are called, in
the same transaction, with the years that changed.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.core.scope import scope_of
from openday.workdays.arrangement_file import ArrangementLine
from openday.workdays.holiday_notice import HolidayNotice, LibraryDifference, library_differences
from openday.workdays.models import HolidayArrangement

ArrangementsListener = Callable[[set[int]], int | None]

_listeners: list[ArrangementsListener] = []


def on_arrangements_changed(listener: ArrangementsListener) -> None:
    """Call ``listener(years)`` whenever the arrangements of those years change. A listener
    may return how many of its rows it changed (``activities``: deadlines moved)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _changed(years: set[int]) -> int:
    return sum(listener(set(years)) or 0 for listener in _listeners)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    years: list[int] = field(default_factory=list)
    # What the listeners changed in step (deadlines moved), as they report it.
    refreshed: int = 0


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
    replace_years: set[int] | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Create or update one row per line; with ``dry_run`` report what would change, save
    nothing. With ``replace``, rows of the lines' years (or of ``replace_years`` only) that the
    list lacks are deleted."""
    years = {line.date.year for line in lines}
    summary = ImportSummary(years=sorted(years))
    replaced = years if replace_years is None else years & set(replace_years)
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
            if replace and replaced:
                first, last = _year_range(replaced)
                stale = (
                    HolidayArrangement.objects.select_for_update()
                    .filter(date__gte=first, date__lte=last)
                    .exclude(date__in=[line.date for line in lines])
                )
                for row in stale:
                    if row.date.year in replaced:
                        _delete(actor, row)
                        summary.deleted += 1
            if dry_run:
                transaction.set_rollback(True)
            elif summary.created or summary.updated or summary.deleted:
                summary.refreshed = _changed(years)
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


class NoticeDiffersError(DomainError):
    """The notice contradicts the calendar library for a year the library knows."""

    def __init__(self, differences: list[LibraryDifference]):
        lines = [difference.describe() for difference in differences]
        super().__init__(
            _("通知与日历库（已公布的安排）有 %(count)d 天不一致，未保存：\n%(days)s")
            % {"count": len(lines), "days": "\n".join(lines)}
        )
        self.differences = differences


def holiday_notice_import(
    *,
    actor=None,
    notice: HolidayNotice,
    region=None,
    replace: bool = False,
    override: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Save every date of ``notice`` (all or nothing), one audit entry per date changed and one
    for the notice (in ``region``'s log when an office imported it). ``replace`` removes the
    notice year's saved dates that it does not set. Deadlines move through the listeners."""
    differences = library_differences(notice)
    if override and not scope_of(actor).sees_everything:
        raise DomainError(_("只有系统管理员可以保存与日历库不一致的通知。"))
    if differences and not override:
        raise NoticeDiffersError(differences)
    if replace and notice.adjusts:
        raise DomainError(
            _("这份通知只调整%(name)s，不是全年的安排，不能用它替换全年已保存的日期。")
            % {"name": notice.adjusts}
        )
    with transaction.atomic():
        summary = holiday_arrangements_import(
            actor=actor,
            lines=notice.arrangement_lines(),
            replace=replace,
            replace_years={notice.year},
            dry_run=dry_run,
        )
        if not dry_run:
            anchor = HolidayArrangement.objects.get(date=notice.dates[0].date)
            audit_record(
                actor=actor,
                action="holiday_notice.import",
                obj=anchor,
                region=region,
                comment=notice.source,
                after={
                    "year": notice.year,
                    "number": notice.number,
                    "adjusts": notice.adjusts,
                    "dates": len(notice.dates),
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "deleted": summary.deleted,
                    "deadlines_moved": summary.refreshed,
                    "override": [difference.date.isoformat() for difference in differences],
                },
            )
    return summary
