"""What the office does to what is public, and its reminders to units:

- ``notice_withdraw`` / ``report_withdraw``: take a published notice or report off the column
  with a reason kept in the history. A report's withdrawal is the lifecycle's "withdraw"
  (published → accepted; it can be published again); a notice's leaves the state as it is.
- ``notice_correct`` / ``report_correct``: publish a correction (更正) of the words of a public
  notice or report. Each changed field's words before and after are kept
  (``PublicCorrection``) and the public page shows "更正于 <date>" with them.
- ``report_photos_set``: before publishing (or after), which photos the column shows and
  their captions.
- ``activity_urge``: 督办 — a reminder about one activity to one host unit's liaisons, with
  the office's message. It is recorded (event "urge", audit ``activity.urge``); whoever
  delivers it listens for that action.

All of them are the office's alone: a liaison is refused (``PermissionDenied``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openday.activities.enums import ActivityState, CorrectionTarget
from openday.activities.models import (
    Activity,
    ActivityNotice,
    ActivityReport,
    NoticeText,
    PublicCorrection,
    ReportPhoto,
)
from openday.activities.selectors import host_units
from openday.activities.services.transitions import (
    _locked,
    _office_only,
    _person,
    _record,
    _required,
    _transition,
)
from openday.campaigns.services import campaign_content_changed
from openday.core.errors import DomainError
from openday.orgs.models import Unit
from openday.orgs.selectors import active_liaisons

MAX_CAPTION = 100
MAX_URGE_MESSAGE = 1000


# --- Withdrawal -----------------------------------------------------------------------------


def _public_notice(activity: Activity, what: str) -> ActivityNotice:
    notice = ActivityNotice.objects.filter(activity=activity, withdrawn_at__isnull=True).first()
    if notice is None:
        raise DomainError(f"该活动没有已发布的活动预告，不能{what}。")
    return notice


def notice_withdraw(*, actor, activity: Activity, reason: str) -> Activity:
    """Take the public notice off the column; the reason stays in the history."""
    _office_only(actor, activity, "撤回活动预告")
    reason = _required(reason, "撤回原因", "reason")
    with transaction.atomic():
        locked = _locked(activity)
        notice = _public_notice(locked, "撤回")
        notice.withdrawn_at = timezone.now()
        notice.withdrawn_reason = reason
        notice.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        _record(actor=actor, activity=locked, action="notice_withdraw", comment=reason, data={})
        campaign_content_changed(locked.campaign)
    activity.refresh_from_db()
    return activity


def report_withdraw(*, actor, activity: Activity, reason: str) -> Activity:
    """Take the published report off the column (the activity is accepted again)."""
    _office_only(actor, activity, "撤回活动报道")
    reason = _required(reason, "撤回原因", "reason")
    return _transition(
        actor=actor,
        activity=activity,
        target=ActivityState.ACCEPTED,
        comment=reason,
        only="withdraw",
    )


# --- Corrections ----------------------------------------------------------------------------

# The words of a notice the office may correct (the date moves only by a postponement).
NOTICE_CORRECTABLE = tuple(name for name in NoticeText.TEXT_FIELDS if name != "held_on")
# The words of a report the office may correct.
REPORT_CORRECTABLE = ("summary", "practices", "effects")
_OPTIONAL = frozenset({"end_time", "practices", "effects"})


def _shown(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return f"{value:%H:%M}"
    return str(value)


def _apply_changes(record, model, names, values: dict) -> list[dict]:
    """Set ``values`` on ``record``; the list of what changed, in field order."""
    changes = []
    for name in names:
        if name not in values:
            continue
        label = str(model._meta.get_field(name).verbose_name)
        new = values[name]
        if isinstance(new, str):
            new = new.strip()
        if name not in _OPTIONAL and (new is None or new == ""):
            raise DomainError(f"请填写{label}。", field=name)
        old = getattr(record, name)
        if _shown(old) != _shown(new):
            changes.append(
                {"field": name, "label": label, "before": _shown(old), "after": _shown(new)}
            )
            setattr(record, name, new)
    return changes


def _correct(*, actor, locked: Activity, target: str, record, changes, note: str) -> None:
    if not changes:
        raise DomainError("没有修改任何内容，无需发布更正。")
    record.save()
    correction = PublicCorrection.objects.create(
        activity=locked, target=target, actor=_person(actor), changes=changes, note=note
    )
    action = f"{target}_correct"
    _record(
        actor=actor,
        activity=locked,
        action=action,
        comment=note,
        data={
            "correction": correction.pk,
            "fields": [change["label"] for change in changes],
            "before": {change["field"]: change["before"] for change in changes},
            "after": {change["field"]: change["after"] for change in changes},
        },
    )
    campaign_content_changed(locked.campaign)


def notice_correct(*, actor, activity: Activity, values: dict, note: str = "") -> Activity:
    """Publish a correction of the public notice's words (``values``: field → new words)."""
    _office_only(actor, activity, "更正活动预告")
    unknown = set(values) - set(NOTICE_CORRECTABLE)
    if unknown:
        raise DomainError("活动日期不能更正；如需改期，请办理延期。", field="held_on")
    with transaction.atomic():
        locked = _locked(activity)
        notice = _public_notice(locked, "更正")
        changes = _apply_changes(notice, ActivityNotice, NOTICE_CORRECTABLE, values)
        if notice.end_time and notice.end_time <= notice.start_time:
            raise DomainError("结束时间应晚于开始时间。", field="end_time")
        if any(change["field"] in {"venue", "start_time", "end_time"} for change in changes):
            locked.venue = notice.venue
            locked.start_time, locked.end_time = notice.start_time, notice.end_time
            locked.save(update_fields=["venue", "start_time", "end_time", "updated_at"])
        _correct(
            actor=actor,
            locked=locked,
            target=CorrectionTarget.NOTICE,
            record=notice,
            changes=changes,
            note=(note or "").strip(),
        )
    activity.refresh_from_db()
    return activity


def report_correct(*, actor, activity: Activity, values: dict, note: str = "") -> Activity:
    """Publish a correction of the published report's write-up (``values``: field → words)."""
    _office_only(actor, activity, "更正活动报道")
    if set(values) - set(REPORT_CORRECTABLE):
        raise DomainError("只能更正活动概况、经验做法和工作实效。")
    with transaction.atomic():
        locked = _locked(activity)
        if locked.state != ActivityState.PUBLISHED:
            raise DomainError("活动报道尚未发布，不能更正；发布前请直接修改或退回承办单位。")
        report = ActivityReport.objects.get(activity=locked)
        changes = _apply_changes(report, ActivityReport, REPORT_CORRECTABLE, values)
        _correct(
            actor=actor,
            locked=locked,
            target=CorrectionTarget.REPORT,
            record=report,
            changes=changes,
            note=(note or "").strip(),
        )
    activity.refresh_from_db()
    return activity


# --- Photos ---------------------------------------------------------------------------------

PHOTO_STATES = (ActivityState.REPORTED, ActivityState.ACCEPTED, ActivityState.PUBLISHED)


@dataclass(frozen=True)
class PhotoChoice:
    photo_id: int
    public: bool
    caption: str = ""


def report_photos_set(*, actor, activity: Activity, choices: list[PhotoChoice]) -> Activity:
    """Which of the report's photos the column shows, and their captions; every photo of the
    report is named once, and at least one stays public."""
    _office_only(actor, activity, "选择公开的照片")
    with transaction.atomic():
        locked = _locked(activity)
        if locked.state not in PHOTO_STATES:
            raise DomainError("活动材料尚未报送，还没有照片可选。")
        photos = {p.pk: p for p in ReportPhoto.objects.filter(report__activity=locked)}
        named = [choice.photo_id for choice in choices]
        if sorted(named) != sorted(photos) or len(set(named)) != len(named):
            raise DomainError("照片已有变化，请刷新页面后重新选择。", field="photos")
        if not any(choice.public for choice in choices):
            raise DomainError("请至少选择 1 张在专栏公开的照片。", field="photos")
        changed = []
        for number, choice in enumerate(choices, start=1):
            caption = (choice.caption or "").strip()
            if len(caption) > MAX_CAPTION:
                raise DomainError(
                    f"第 {number} 张照片的说明不能超过 {MAX_CAPTION} 个字。", field="photos"
                )
            photo = photos[choice.photo_id]
            if (photo.public, photo.caption) != (choice.public, caption):
                photo.public, photo.caption = choice.public, caption
                photo.save(update_fields=["public", "caption"])
                changed.append(photo.pk)
        if changed:
            public = sum(1 for choice in choices if choice.public)
            _record(
                actor=actor,
                activity=locked,
                action="photos",
                data={"public_photos": public, "photo_count": len(choices), "changed": changed},
            )
            if locked.state == ActivityState.PUBLISHED:
                campaign_content_changed(locked.campaign)
    activity.refresh_from_db()
    return activity


# --- 督办 -------------------------------------------------------------------------------------

URGE_CLOSED_STATES = (ActivityState.PUBLISHED, ActivityState.CANCELLED)


def activity_urge(*, actor, activity: Activity, unit: Unit | None, message: str) -> Activity:
    """Remind ``unit`` (one of the activity's hosts) about this activity, with a message.

    Refused when there is nothing left to do (published, cancelled, a closed year) and when
    the unit has no active liaison: a reminder no one receives is not sent in silence."""
    _office_only(actor, activity, "督办")
    message = _required(message, "督办内容", "message")
    if len(message) > MAX_URGE_MESSAGE:
        raise DomainError(f"督办内容不能超过 {MAX_URGE_MESSAGE} 个字。", field="message")
    if unit is None:
        raise DomainError("请选择督办的单位。", field="unit")
    with transaction.atomic():
        locked = _locked(activity, "督办")
        if locked.state in URGE_CLOSED_STATES:
            raise DomainError(f"活动{ActivityState(locked.state).label}，不需要督办。")
        if not host_units(locked).filter(pk=unit.pk).exists():
            raise DomainError(f"{unit.name}不是该活动的责任单位。", field="unit")
        if not active_liaisons(unit).exists():
            raise DomainError(
                f"{unit.name}还没有联络员，督办无法送达；请先为该单位添加联络员。", field="unit"
            )
        _record(
            actor=actor,
            activity=locked,
            action="urge",
            comment=message,
            data={"unit": unit.pk, "unit_name": unit.name},
        )
    activity.refresh_from_db()
    return activity
