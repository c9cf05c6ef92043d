"""``plan_replace``: make a campaign's plan equal to a list of rows (import, re-import,
compile), keeping activities that did not change and refusing to drop one that has started.

One row at a time, by the region's office admin (the plan rows pages):

- ``plan_row_add``: a new row takes the next free 序号 (one past the largest).
- ``plan_row_update``: title, months, brief, forms (also on a plan whose table had no form
  column) and hosts (units of the region, or groups such as 各街道办事处).
- ``plan_row_remove``: only a row still 已列入计划; one under way is cancelled instead. The
  other rows keep their 序号: a removed row leaves a gap.

Each is audited (``plan.row_add`` / ``plan.row_update`` / ``plan.row_remove``) and bumps the
campaign's content version; a closed year is refused.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import prefetch_related_objects

from openday.activities.enums import ActivityState
from openday.activities.models import Activity, ActivityForm, ActivityHost
from openday.activities.services.parts import parts_sync
from openday.activities.services.transitions import _locked
from openday.campaigns.enums import PlanColumn
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_content_changed, require_open_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors, PermissionDenied
from openday.orgs.enums import UnitGroup
from openday.orgs.models import Unit
from openday.orgs.names import length_problem
from openday.orgs.selectors import administers_region


@dataclass(frozen=True)
class HostInput:
    text: str
    unit: Unit | None = None
    group: str = ""


@dataclass(frozen=True)
class PlanRowInput:
    seq: int
    month_start: int | None
    month_end: int | None
    title: str
    forms: list[tuple[str, str]]  # (text, kind)
    hosts: list[HostInput]
    brief: str = ""
    # What the table says beyond the campaign's columns (other provinces' tables): the days
    # it names, whether they are tentative, and the details it carries; ``extra`` keeps the
    # columns nobody knows by their header words.
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    tentative: bool = False
    venue: str = ""
    invitees: str = ""
    expected_size: str = ""
    note: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class PlanChange:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


_SEQ_MAX = 2**31 - 1  # a PositiveIntegerField on PostgreSQL


def _check_sizes(rows: list[PlanRowInput]) -> None:
    """Refuse what the columns cannot hold, as PostgreSQL would (SQLite stores any length),
    naming the row and the text: an imported table's cells are as long as anyone typed."""
    column = lambda model, name: model._meta.get_field(name).max_length  # noqa: E731
    for row in rows:
        if not 0 <= row.seq <= _SEQ_MAX:
            raise DomainError(f"序号 {row.seq} 超出范围，请核对。", field="seq")
        checks = [
            ("活动主题", row.title, column(Activity, "title")),
            ("活动地点", row.venue, column(Activity, "venue")),
            ("拟参与人数", row.expected_size, column(Activity, "expected_size")),
        ]
        checks += [("活动形式", text, column(ActivityForm, "text")) for text, _kind in row.forms]
        checks += [("责任单位", h.text, column(ActivityHost, "text")) for h in row.hosts]
        for what, text, limit in checks:
            if problem := length_problem(what, text, limit):
                raise DomainError(f"第 {row.seq} 条：{problem}")


def _signature(seq, month_start, month_end, title, brief, forms, hosts, details=()) -> tuple:
    return (seq, month_start, month_end, title, brief, tuple(forms), tuple(hosts), details)


def _row_details(row: PlanRowInput) -> tuple:
    return (
        row.planned_start,
        row.planned_end,
        row.tentative,
        row.venue,
        row.invitees,
        row.expected_size,
        row.note,
        tuple(sorted(row.extra.items())),
    )


def _activity_details(activity: Activity) -> tuple:
    return (
        activity.planned_start,
        activity.planned_end,
        activity.date_tentative,
        activity.venue,
        activity.invitees,
        activity.expected_size,
        activity.note,
        tuple(sorted((activity.extra_fields or {}).items())),
    )


def _write_details(activity: Activity, row: PlanRowInput) -> None:
    activity.planned_start, activity.planned_end = row.planned_start, row.planned_end
    activity.date_tentative, activity.venue = row.tentative, row.venue
    activity.invitees, activity.expected_size = row.invitees, row.expected_size
    activity.note, activity.extra_fields = row.note, dict(row.extra)


def _row_signature(row: PlanRowInput) -> tuple:
    return _signature(
        row.seq,
        row.month_start,
        row.month_end,
        row.title,
        row.brief,
        row.forms,
        [(h.text, h.unit.pk if h.unit else None, h.group) for h in row.hosts],
        _row_details(row),
    )


def _activity_signature(activity: Activity) -> tuple:
    return _signature(
        activity.seq,
        activity.month_start,
        activity.month_end,
        activity.title,
        activity.brief,
        [(f.text, f.kind) for f in activity.forms.all()],
        [(h.text, h.unit_id, h.group) for h in activity.hosts.all()],
        _activity_details(activity),
    )


def _with_kept_venue(row: PlanRowInput, activity: Activity | None) -> PlanRowInput:
    """A venue the host set when scheduling stays when the table names none."""
    if activity is None or row.venue or activity.state == ActivityState.PLANNED:
        return row
    return replace(row, venue=activity.venue)


def plan_replace(
    *, actor=None, campaign: Campaign, rows: list[PlanRowInput], source: str = ""
) -> PlanChange:
    """Make the campaign's plan exactly ``rows``, matched to existing activities by 序号."""
    require_open_year(campaign, "修改其计划")
    _check_sizes(rows)
    change = PlanChange()
    with transaction.atomic():
        existing = {
            a.seq: a
            for a in Activity.objects.rows()
            .select_for_update()
            .filter(campaign=campaign)
            .prefetch_related("forms", "hosts")
        }
        wanted = {row.seq for row in rows}
        moving = set(
            Activity.objects.parts()
            .filter(campaign=campaign)
            .exclude(state=ActivityState.PLANNED)
            .values_list("seq", flat=True)
        )
        started = [
            a
            for seq, a in existing.items()
            if seq not in wanted and (a.state != ActivityState.PLANNED or seq in moving)
        ]
        if started:
            names = "、".join(f"第 {a.seq} 条“{a.title}”" for a in started[:5])
            raise DomainError(f"新计划中没有{names}，但这些活动已在进行中，不能删除。")
        stale = [a for seq, a in existing.items() if seq not in wanted]
        change.deleted = sorted(a.seq for a in stale)
        Activity.objects.filter(pk__in=[a.pk for a in stale]).delete()

        new_forms, new_hosts = [], []
        for row in rows:
            activity = existing.get(row.seq)
            row = _with_kept_venue(row, activity)
            if activity is not None and _activity_signature(activity) == _row_signature(row):
                change.unchanged.append(row.seq)
                continue
            if activity is None:
                activity = Activity(campaign=campaign, seq=row.seq)
                change.created.append(row.seq)
            else:
                activity.forms.all().delete()
                activity.hosts.all().delete()
                change.updated.append(row.seq)
            activity.month_start, activity.month_end = row.month_start, row.month_end
            activity.title, activity.brief = row.title, row.brief
            _write_details(activity, row)
            activity.save()
            new_forms += [
                ActivityForm(activity=activity, position=i, text=text, kind=kind)
                for i, (text, kind) in enumerate(row.forms)
            ]
            new_hosts += [
                ActivityHost(activity=activity, position=i, unit=h.unit, group=h.group, text=h.text)
                for i, h in enumerate(row.hosts)
            ]
        ActivityForm.objects.bulk_create(new_forms)
        ActivityHost.objects.bulk_create(new_hosts)
        _sync_parts(campaign, {*change.created, *change.updated})
        if change.changed:
            campaign_content_changed(campaign)
            audit_record(
                actor=actor,
                action="plan.replace",
                obj=campaign,
                region=campaign.region,
                after={
                    "created": change.created,
                    "updated": change.updated,
                    "deleted": change.deleted,
                    "unchanged": len(change.unchanged),
                },
                comment=source,
            )
    return change


# --- One row at a time ---------------------------------------------------------------------

TITLE_MAX, BRIEF_MAX, FORM_MAX, FORMS_MAX, HOSTS_MAX = 300, 2000, 300, 10, 30


class PlanRowInvalid(DomainErrors):
    """Several problems with a row at once; ``errors`` keeps each with its field."""


@dataclass(frozen=True)
class PlanRowEdit:
    """A row as the office admin typed it; a host's ``text`` may be empty (the unit's name or
    the group's words are used, or the words the row already had for that host)."""

    title: str
    month_start: int | None = None
    month_end: int | None = None
    brief: str = ""
    forms: list[str] = field(default_factory=list)
    hosts: list[HostInput] = field(default_factory=list)


def _require_office(actor, campaign: Campaign) -> None:
    if not administers_region(actor, campaign.region_id):
        raise PermissionDenied(f"只有{campaign.region.name}政务公开办的管理员可以修改计划表。")
    require_open_year(campaign, "修改其计划")


def _is_month(value) -> bool:
    return type(value) is int and 1 <= value <= 12


def _row_problems(campaign: Campaign, row: PlanRowEdit, kept_units: set[int]) -> list:
    problems = []
    title = row.title.strip()
    if not title:
        problems.append(DomainError("请填写活动主题。", field="title"))
    elif len(title) > TITLE_MAX:
        problems.append(DomainError(f"活动主题不超过 {TITLE_MAX} 字。", field="title"))
    start, end = row.month_start, row.month_end
    if start is not None and not _is_month(start):
        problems.append(DomainError("开始月份应为 1 到 12 月。", field="month_start"))
    elif end is not None and not _is_month(end):
        problems.append(DomainError("结束月份应为 1 到 12 月。", field="month_end"))
    elif start is None and end is not None:
        problems.append(DomainError("填写结束月份时请同时填写开始月份。", field="month_start"))
    elif start is not None and end is not None and end < start:
        problems.append(DomainError("结束月份不能早于开始月份。", field="month_end"))
    if len(row.brief) > BRIEF_MAX:
        problems.append(DomainError(f"活动简介不超过 {BRIEF_MAX} 字。", field="brief"))
    if len(row.forms) > FORMS_MAX or any(len(text) > FORM_MAX for text in row.forms):
        message = f"活动形式最多 {FORMS_MAX} 种，每种不超过 {FORM_MAX} 字。"
        problems.append(DomainError(message, field="forms"))
    problems += _host_problems(campaign, row.hosts, kept_units)
    return problems


def _host_problems(campaign: Campaign, hosts: list[HostInput], kept_units: set[int]) -> list:
    has_units_column = PlanColumn.UNITS in [key for key, _words in campaign.columns]
    if not hosts and has_units_column:
        return [DomainError("请至少选择一个责任单位。", field="hosts")]
    if len(hosts) > HOSTS_MAX:
        return [DomainError(f"责任单位最多 {HOSTS_MAX} 个。", field="hosts")]
    keys = [(h.unit.pk if h.unit else None, h.group) for h in hosts]
    if len(set(keys)) != len(keys):
        return [DomainError("责任单位有重复。", field="hosts")]
    for host in hosts:
        if (host.unit is None) == (not host.group):
            return [DomainError("每个责任单位应是一个单位或一个单位组。", field="hosts")]
        if host.group and host.group not in UnitGroup.values:
            return [DomainError(f"未知的单位组“{host.group}”。", field="hosts")]
        if host.unit and host.unit.region_id != campaign.region_id:
            message = f"“{host.unit.name}”不是{campaign.region.name}的单位。"
            return [DomainError(message, field="hosts")]
        if host.unit and not host.unit.is_active and host.unit.pk not in kept_units:
            return [DomainError(f"“{host.unit.name}”已停用，不能再承办活动。", field="hosts")]
    return []


def _check_row(campaign: Campaign, row: PlanRowEdit, kept_units: set[int] = frozenset()):
    problems = _row_problems(campaign, row, set(kept_units))
    if problems:
        raise PlanRowInvalid.of(problems)


def _host_text(host: HostInput, written: dict) -> str:
    key = (host.unit.pk if host.unit else None, host.group)
    if host.text.strip():
        return host.text.strip()[:120]
    if key in written:
        return written[key]
    return host.unit.name if host.unit else UnitGroup(host.group).label


def _resolved(activity: Activity, row: PlanRowEdit, vocabulary: dict[str, str]) -> PlanRowInput:
    """The row as it will be stored: forms with their kinds, hosts with their words (a form
    or a host the row had keeps the kind or the words it had)."""
    kinds, written = {}, {}
    if activity.pk:
        kinds = {f.text: f.kind for f in activity.forms.all()}
        written = {(h.unit_id, h.group): h.text for h in activity.hosts.all()}
    month_end = row.month_end if row.month_end is not None else row.month_start
    # The table's days go with the months they were in: new months leave them behind.
    same_months = (row.month_start, month_end) == (activity.month_start, activity.month_end)
    return PlanRowInput(
        seq=activity.seq,
        month_start=row.month_start,
        month_end=month_end,
        title=row.title.strip(),
        brief=row.brief.strip(),
        planned_start=activity.planned_start if same_months else None,
        planned_end=activity.planned_end if same_months else None,
        tentative=activity.date_tentative and same_months,
        venue=activity.venue,
        invitees=activity.invitees,
        expected_size=activity.expected_size,
        note=activity.note,
        extra=dict(activity.extra_fields or {}),
        forms=[(text, kinds.get(text) or kind_of(text, vocabulary).value) for text in row.forms],
        hosts=[
            HostInput(text=_host_text(h, written), unit=h.unit, group=h.group) for h in row.hosts
        ],
    )


def _write_row(activity: Activity, row: PlanRowInput) -> None:
    activity.title, activity.brief = row.title, row.brief
    activity.month_start, activity.month_end = row.month_start, row.month_end
    _write_details(activity, row)
    activity.save()
    activity.forms.all().delete()
    activity.hosts.all().delete()
    ActivityForm.objects.bulk_create(
        ActivityForm(activity=activity, position=i, text=text, kind=kind)
        for i, (text, kind) in enumerate(row.forms)
    )
    ActivityHost.objects.bulk_create(
        ActivityHost(activity=activity, position=i, unit=h.unit, group=h.group, text=h.text)
        for i, h in enumerate(row.hosts)
    )


def _sync_parts(campaign: Campaign, seqs: set[int]) -> None:
    """Give the rows ``seqs`` of ``campaign`` their parts (``parts.parts_sync``)."""
    if not seqs:
        return
    rows = (
        Activity.objects.rows()
        .filter(campaign=campaign, seq__in=seqs)
        .select_related("campaign")
        .prefetch_related("hosts__unit", "forms")
    )
    for row in rows:
        parts_sync(row)


def _row_snapshot(activity: Activity) -> dict:
    return {
        "seq": activity.seq,
        "month_start": activity.month_start,
        "month_end": activity.month_end,
        "title": activity.title,
        "brief": activity.brief,
        "forms": [f.text for f in activity.forms.all()],
        "hosts": [h.text for h in activity.hosts.all()],
    }


def _vocabulary(campaign: Campaign) -> dict[str, str]:
    return dict(campaign.forms.values_list("name", "kind"))


def _locked_row(activity: Activity) -> Activity:
    """The row, locked, with its forms and hosts; a closed year's plan refuses any change."""
    locked = _locked(activity, "修改其计划")
    prefetch_related_objects([locked], "forms", "hosts")
    return locked


def plan_row_add(*, actor, campaign: Campaign, row: PlanRowEdit) -> Activity:
    """A new row at the end of the plan, with the next free 序号."""
    _require_office(actor, campaign)
    _check_row(campaign, row)
    with transaction.atomic():
        # The campaign's row is the lock two offices adding at once queue on for the 序号.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        last = Activity.objects.filter(campaign=campaign).order_by("-seq").first()
        activity = Activity(campaign=campaign, seq=(last.seq if last else 0) + 1)
        _write_row(activity, _resolved(activity, row, _vocabulary(campaign)))
        _sync_parts(campaign, {activity.seq})
        activity.refresh_from_db(fields=["joint"])
        campaign_content_changed(campaign)
        audit_record(
            actor=actor,
            action="plan.row_add",
            obj=activity,
            region=campaign.region,
            after=_row_snapshot(activity),
        )
    return activity


def plan_row_update(*, actor, activity: Activity, row: PlanRowEdit) -> Activity:
    """Change one row; its 序号 and its progress stay as they are."""
    campaign = activity.campaign
    _require_office(actor, campaign)
    with transaction.atomic():
        locked = _locked_row(activity)
        _check_row(campaign, row, {h.unit_id for h in locked.hosts.all() if h.unit_id})
        resolved = _resolved(locked, row, _vocabulary(campaign))
        if _row_signature(resolved) == _activity_signature(locked):
            return activity  # nothing changed: no audit entry, no new version of the column
        before = _row_snapshot(locked)
        _write_row(locked, resolved)
        _sync_parts(campaign, {locked.seq})
        after = _row_snapshot(_locked_row(locked))
        campaign_content_changed(campaign)
        audit_record(
            actor=actor,
            action="plan.row_update",
            obj=locked,
            region=campaign.region,
            before=before,
            after=after,
        )
    activity.refresh_from_db()
    return activity


def plan_row_remove(*, actor, activity: Activity) -> None:
    """Remove a row not yet under way; one under way is cancelled (取消) with a reason."""
    campaign = activity.campaign
    _require_office(actor, campaign)
    with transaction.atomic():
        locked = _locked_row(activity)
        if locked.state != ActivityState.PLANNED or locked.parts.exclude(
            state=ActivityState.PLANNED
        ):
            raise DomainError(
                f"第 {locked.seq} 条“{locked.title}”已是“{ActivityState(locked.state).label}”"
                "状态，不能从计划中删除；如不再开展，请在活动页面办理“取消”并说明原因。"
            )
        audit_record(
            actor=actor,
            action="plan.row_remove",
            obj=locked,
            region=campaign.region,
            before=_row_snapshot(locked),
        )
        locked.delete()
        campaign_content_changed(campaign)
