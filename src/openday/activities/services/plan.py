"""``plan_replace``: make a campaign's plan equal to a list of rows (import, re-import,
compile), keeping activities that did not change and refusing to drop one that has started."""

from dataclasses import dataclass, field

from django.db import transaction

from openday.activities.enums import ActivityState
from openday.activities.models import Activity, ActivityForm, ActivityHost
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_content_changed
from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.orgs.models import Unit


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


@dataclass
class PlanChange:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def _signature(seq, month_start, month_end, title, brief, forms, hosts) -> tuple:
    return (seq, month_start, month_end, title, brief, tuple(forms), tuple(hosts))


def _row_signature(row: PlanRowInput) -> tuple:
    return _signature(
        row.seq,
        row.month_start,
        row.month_end,
        row.title,
        row.brief,
        row.forms,
        [(h.text, h.unit.pk if h.unit else None, h.group) for h in row.hosts],
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
    )


def plan_replace(
    *, actor=None, campaign: Campaign, rows: list[PlanRowInput], source: str = ""
) -> PlanChange:
    """Make the campaign's plan exactly ``rows``, matched to existing activities by 序号."""
    change = PlanChange()
    with transaction.atomic():
        existing = {
            a.seq: a
            for a in Activity.objects.select_for_update()
            .filter(campaign=campaign)
            .prefetch_related("forms", "hosts")
        }
        wanted = {row.seq for row in rows}
        started = [
            a
            for seq, a in existing.items()
            if seq not in wanted and a.state != ActivityState.PLANNED
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
