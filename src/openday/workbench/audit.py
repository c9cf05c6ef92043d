"""Reading the audit log (操作记录): who may, which entries, filtered how, and how an entry reads.

Office admins read their own regions' entries; the site superuser reads everything, entries
without a region (holiday arrangements, system jobs) included. Nobody else reads the log.
An entry's ``before``/``after`` snapshots read as "field: old → new" lines, with field names
and choice values in Chinese wherever the models know them.
"""

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils import timezone

from openday.activities.lifecycle import ACTION_LABELS as LIFECYCLE_LABELS
from openday.activities.lifecycle import EVENT_LABELS as ACTIVITY_EVENT_LABELS
from openday.campaigns.models import CampaignRules
from openday.core.models import AuditEntry
from openday.core.scope import scope_of
from openday.orgs.enums import Role


def can_read_audit(who) -> bool:
    """Whether ``who`` (a user or a Scope) may read the log: an office admin, the superuser."""
    scope = scope_of(who)
    return scope.is_superuser or scope.has(Role.OFFICE_ADMIN)


def audit_entries_for(who) -> QuerySet[AuditEntry]:
    """The entries ``who`` (a user or a Scope) may read, newest first, with actor and region
    joined."""
    scope = scope_of(who)
    entries = AuditEntry.objects.select_related("actor", "region").order_by("-at", "-id")
    if scope.is_superuser:
        return entries
    return entries.filter(region_id__in=scope.region_ids(Role.OFFICE_ADMIN))


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    object_type: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _day_start(on: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(on, dt.time.min))


def audit_entries_filtered(entries: QuerySet[AuditEntry], f: AuditFilter) -> QuerySet[AuditEntry]:
    """``entries`` narrowed by ``f``; dates are whole local days, both ends included."""
    if f.action:
        entries = entries.filter(action=f.action)
    if f.object_type:
        entries = entries.filter(object_type=f.object_type)
    if f.actor:
        entries = entries.filter(actor_label=f.actor)
    if f.date_from:
        entries = entries.filter(at__gte=_day_start(f.date_from))
    if f.date_to:
        entries = entries.filter(at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    return entries


@dataclass(frozen=True)
class FilterChoices:
    actions: list[tuple[str, str]]
    object_types: list[tuple[str, str]]
    actors: list[str]


def audit_filter_choices(entries: QuerySet[AuditEntry]) -> FilterChoices:
    """What the filters can offer: the values present in the entries the user may read."""
    plain = entries.order_by().select_related(None)
    actions = plain.values_list("action", flat=True).distinct()
    types = plain.values_list("object_type", flat=True).distinct()
    actors = plain.values_list("actor_label", flat=True).distinct()
    return FilterChoices(
        actions=sorted(((a, action_label(a)) for a in actions), key=lambda c: (c[1], c[0])),
        object_types=sorted(((t, object_type_label(t)) for t in types), key=lambda c: c[1]),
        actors=sorted(a for a in actors if a),
    )


# --- How an entry reads -------------------------------------------------------------------

ACTION_LABELS = {
    "plan.replace": "更新计划表",
    "campaign.create": "新建年度活动",
    "campaign.update": "修改年度活动",
    "campaign.set_forms": "设置活动形式",
    "campaign.set_rules": "设置活动规则",
    "unit.create": "新建单位",
    "unit.rename": "单位改名",
    "unit.set_kind": "设置单位类型",
    "unit.set_aliases": "修改单位别名",
    "unit.activate": "启用单位",
    "unit.deactivate": "停用单位",
    "unit.merge": "合并单位",
    "person.create": "开通账号",
    "person.password_reset": "重置密码",
    "person.activate": "启用账号",
    "person.deactivate": "停用账号",
    "account.password_change": "修改本人密码",
    "account.password_set": "通过链接设置密码",
    "holiday_arrangement.create": "新增节假日安排",
    "holiday_arrangement.update": "修改节假日安排",
    "holiday_arrangement.delete": "删除节假日安排",
    **{f"activity.{action}": label for action, label in LIFECYCLE_LABELS.items()},
    **{f"activity.{action}": label for action, label in ACTIVITY_EVENT_LABELS.items()},
}

# Verbs of actions this page does not know yet (the declarations app's, say), by their suffix.
_VERBS = {
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "submit": "提交",
    "accept": "通过",
    "return": "退回",
    "merge": "合并",
    "publish": "发布",
    "open": "开启",
    "close": "关闭",
}


def _model(object_type: str) -> type[Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    prefix, _, verb = action.rpartition(".")
    if verb in _VERBS and prefix:
        return f"{_VERBS[verb]}（{action}）"
    return action


# Keys of snapshots that are not model fields (an activity transition's data, a plan import).
_EXTRA_LABELS = {
    "filed_on": "报备日期",
    "reported_on": "报送日期",
    "from": "原定日期",
    "to": "新日期",
    "created": "新增（序号）",
    "updated": "修改（序号）",
    "deleted": "删除（序号）",
    "unchanged": "未变（条）",
    "forms": "活动形式",
    "media_count": "媒体报道（条）",
    "photo_count": "照片（张）",
    # units and people
    "aliases": "别名",
    "source": "并入的单位",
    "source_id": "并入的单位编号",
    "kept": "保留的单位",
    "liaisons": "转入联络员（人）",
    "hosts": "转入承办活动（项）",
    "declarations": "转入主题申报（份）",
    "role": "角色",
    "unit": "单位",
    "temporary_password": "临时密码",
}


@cache
def _candidates(object_type: str) -> tuple[type[Model], ...]:
    """Models whose fields a snapshot of ``object_type`` may name: the object's own, its app's
    other models (a transition records its filing's or report's facts on the activity), and
    the campaign's rules (recorded on their campaign)."""
    model = _model(object_type)
    if model is None:
        return (CampaignRules,)
    others = [m for m in apps.get_app_config(model._meta.app_label).get_models() if m is not model]
    return (model, *others, CampaignRules)


def _field(object_type: str, key: str):
    for model in _candidates(object_type):
        try:
            found = model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
        if found.concrete and not found.is_relation:
            return found
    return None


def _position(object_type: str, key: str) -> tuple:
    """Where a key's line goes: in the models' field order, then the extras, then by name.
    PostgreSQL's jsonb keeps no key order, so the order cannot come from the snapshot."""
    models = _candidates(object_type)
    for rank, model in enumerate(models):
        names = [f.name for f in model._meta.concrete_fields]
        if key in names:
            return (rank, names.index(key), key)
    if key in _EXTRA_LABELS:
        return (len(models), list(_EXTRA_LABELS).index(key), key)
    return (len(models) + 1, 0, key)


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _value_text(value, choices: dict) -> str:
    if _is_empty(value):
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_value_text(v, choices) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(choices.get(value, value))


@dataclass(frozen=True)
class Change:
    """One line of an entry's diff; ``old`` is None when the value was set, ``new`` when it
    was cleared."""

    label: str
    old: str | None
    new: str | None

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.label}：{self.new}"
        return f"{self.label}：{self.old} → {self.new or '—'}"


# Keys that link the entry to another record (the history event that listeners read), not
# values that changed: never shown as a change.
_LINKS = frozenset({"event"})


def entry_changes(entry: AuditEntry) -> list[Change]:
    """The entry's before/after as readable lines; unchanged and empty values are left out."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    keys = sorted(
        (set(before) | set(after)) - _LINKS, key=lambda k: _position(entry.object_type, k)
    )
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old == new or (_is_empty(old) and _is_empty(new)):
            continue
        model_field = _field(entry.object_type, key)
        label = str(model_field.verbose_name) if model_field else _EXTRA_LABELS.get(key, key)
        choices = dict(model_field.flatchoices) if model_field and model_field.choices else {}
        changes.append(
            Change(
                label=label,
                old=None if _is_empty(old) else _value_text(old, choices),
                new=None if _is_empty(new) else _value_text(new, choices),
            )
        )
    return changes


def actor_text(entry: AuditEntry) -> str:
    full_name = entry.actor.get_full_name() if entry.actor else ""
    label = entry.actor_label or "系统"
    return f"{full_name}（{label}）" if full_name and full_name != label else label


@dataclass(frozen=True)
class EntryRow:
    entry: AuditEntry
    actor: str
    action: str
    object_type: str
    changes: list[Change]


def entry_rows(entries) -> list[EntryRow]:
    return [
        EntryRow(
            entry=entry,
            actor=actor_text(entry),
            action=action_label(entry.action),
            object_type=object_type_label(entry.object_type),
            changes=entry_changes(entry),
        )
        for entry in entries
    ]


EXPORT_HEADER = ["时间", "操作人", "操作", "对象类型", "对象", "地区", "修改内容", "说明"]


def export_rows(entries: QuerySet[AuditEntry]):
    """The filtered log as rows of text for the .csv export, read in chunks."""
    for entry in entries.iterator(chunk_size=2000):
        yield [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            actor_text(entry),
            action_label(entry.action),
            object_type_label(entry.object_type),
            entry.object_repr,
            entry.region.name if entry.region else "",
            "；".join(str(change) for change in entry_changes(entry)),
            entry.comment,
        ]
