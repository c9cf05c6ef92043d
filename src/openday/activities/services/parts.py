"""Joint rows (联合开展): one part per host unit beyond the lead.

A plan row hosted by "区应急管理局、各街道办事处" is one row with fourteen hosts. Its first
host, a unit, leads: the row itself is the lead's activity. Every other host unit — each
street of the group — gets a part: an activity of its own under the row (``lead``), with its
own date, filing, report and state. A part can instead be held together with the lead
(``with_lead``): the lead's report covers it and it has no steps of its own. A row whose hosts
are only groups ("各乡镇") has no lead: each member holds its part and the row holds nothing.

``parts_sync`` makes a row's parts match its hosts (called wherever a row's hosts are
written); ``part_set_with_lead`` is the office's (or the part's unit's) choice between the two.
Parts named one by one in the row ("区城管执法局、区城市管理综合执法大队") start as held with
the lead; the members of a group start on their own.
"""

from django.db import transaction

from openday.activities import deadlines
from openday.activities.enums import ActivityState, JointRole
from openday.activities.models import Activity, ActivityEvent, ActivityForm, ActivityHost
from openday.activities.permissions import can_set_part_mode
from openday.campaigns.services import campaign_content_changed, require_open_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.core.scope import scope_of
from openday.orgs.enums import GROUP_KINDS
from openday.orgs.models import Unit

# What a part copies from its row, and keeps in step with it when the row changes.
COPIED_FIELDS = (
    "month_start",
    "month_end",
    "title",
    "brief",
    "planned_start",
    "planned_end",
    "date_tentative",
    "invitees",
    "expected_size",
)


def part_units(row: Activity) -> tuple[Unit | None, list[tuple[Unit, bool]]]:
    """The row's lead unit (its first host, when that is a unit) and the other host units in
    the order written, each with whether it came from a group. Load the row with its hosts."""
    hosts = list(row.hosts.all())
    lead = hosts[0].unit if hosts and hosts[0].unit_id else None
    found: dict[int, tuple[Unit, bool]] = {}
    region_units = None
    for host in hosts:
        if host.unit_id:
            found.setdefault(host.unit_id, (host.unit, False))
            continue
        if region_units is None:
            region_units = list(
                Unit.objects.filter(region_id=row.campaign.region_id, is_active=True).order_by(
                    "kind", "name"
                )
            )
        for unit in region_units:
            if unit.kind in GROUP_KINDS[host.group]:
                found.setdefault(unit.pk, (unit, True))
    if lead is not None:
        found.pop(lead.pk, None)
    return lead, list(found.values())


def _untouched(part: Activity) -> bool:
    return (
        part.state == ActivityState.PLANNED
        and not ActivityEvent.objects.filter(activity=part).exists()
    )


def parts_sync(row: Activity) -> list[Activity]:
    """Give ``row`` one part per host unit beyond its lead, in the caller's transaction.

    New host units get a part; parts copy the row's title and months (and follow when the row
    changes); a part whose unit is no longer a host goes if nothing happened to it yet, and is
    kept otherwise. A row with one host unit has no parts. Returns the row's parts.
    """
    lead, units = part_units(row)
    existing = {p.host_unit_id: p for p in _parts_with_unit(row)}
    wanted = {unit.pk for unit, _ in units}
    for unit_id, part in list(existing.items()):
        if unit_id not in wanted and _untouched(part):
            part.delete()
            del existing[unit_id]
    joint = JointRole.NONE
    if units or existing:
        joint = JointRole.LED if lead is not None else JointRole.SHARED
    if row.joint != joint:
        row.joint = joint
        row.save(update_fields=["joint", "updated_at"])
    next_no = max((p.part_no for p in existing.values()), default=0) + 1
    forms = list(row.forms.all())
    for unit, from_group in units:
        part = existing.get(unit.pk)
        if part is None:
            part = Activity(
                campaign_id=row.campaign_id,
                seq=row.seq,
                part_no=next_no,
                lead=row,
                with_lead=lead is not None and not from_group,
            )
            next_no += 1
        elif all(getattr(part, name) == getattr(row, name) for name in COPIED_FIELDS):
            continue
        for name in COPIED_FIELDS:
            setattr(part, name, getattr(row, name))
        created = part.pk is None
        part.save()
        if created:
            ActivityHost.objects.create(activity=part, position=0, unit=unit, text=unit.name)
            existing[unit.pk] = part
        part.forms.all().delete()
        ActivityForm.objects.bulk_create(
            ActivityForm(activity=part, position=f.position, text=f.text, kind=f.kind)
            for f in forms
        )
    return sorted(existing.values(), key=lambda p: p.part_no)


def _parts_with_unit(row: Activity) -> list[Activity]:
    parts = list(Activity.objects.filter(lead=row).prefetch_related("hosts").order_by("part_no"))
    for part in parts:
        hosts = list(part.hosts.all())
        part.host_unit_id = hosts[0].unit_id if hosts else None
    return parts


# A part may switch to being held with its lead only while it has done nothing of its own.
_SWITCHABLE = frozenset({ActivityState.PLANNED, ActivityState.SCHEDULED, ActivityState.POSTPONED})


def part_set_with_lead(*, actor, part: Activity, with_lead: bool, reason: str = "") -> Activity:
    """Say whether ``part`` is held together with its lead (the lead's report covers it) or on
    its own. The office, or the part's own unit, decides; a part that filed, announced or held
    on its own stays on its own."""
    if not can_set_part_mode(scope_of(actor), part):
        raise PermissionDenied("只有本地区政务公开办或该分项的责任单位可以修改开展方式。")
    if not part.is_part:
        raise DomainError("只有联合开展活动的分项可以设置是否随牵头单位一同开展。")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise DomainError("说明不能超过 500 个字。", field="reason")
    with transaction.atomic():
        locked = (
            Activity.objects.select_for_update(of=("self",))
            .select_related("campaign__region", "campaign__rules", "lead")
            .get(pk=part.pk)
        )
        require_open_year(locked.campaign, "修改其活动")
        if locked.with_lead == with_lead:
            return locked
        if with_lead and locked.state not in _SWITCHABLE:
            raise DomainError(
                f"该分项已是“{ActivityState(locked.state).label}”状态，单独开展的进度不能并入"
                "牵头单位；如不再单独开展，请办理“取消”并说明原因。"
            )
        if with_lead and locked.lead.joint != JointRole.LED:
            raise DomainError("该活动没有牵头单位，各分项须单独开展。")
        locked.with_lead = with_lead
        if with_lead:
            # Nothing of its own is owed any more: the lead's steps cover it.
            locked.state = ActivityState.PLANNED
            locked.scheduled_on = None
        locked.save()
        deadlines.refresh(locked)
        audit_record(
            actor=actor,
            action="activity.part_mode",
            obj=locked,
            region=locked.campaign.region,
            before={"with_lead": not with_lead},
            after={"with_lead": with_lead},
            comment=reason,
        )
        campaign_content_changed(locked.campaign)
    part.refresh_from_db()
    return part
