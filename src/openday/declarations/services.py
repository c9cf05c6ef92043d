"""Workflows of theme declarations (主题申报).

- ``declaration_window_open``: the office opens declarations (or changes the deadline, the
  stamp requirement, the note); the campaign moves to the declaration phase.
- ``declaration_save``: a unit's liaison saves the declaration as a draft, all or nothing.
- ``declaration_submit``: the liaison hands it in; the campaign's rules are enforced here.
- ``declaration_accept`` / ``declaration_return``: the office reviews a declaration.
- ``declaration_merge`` / ``declaration_unmerge``: the office makes several units' accepted
  items one plan item hosted by all of them, or undoes that.
- ``plan_compile``: the accepted declarations become the campaign's plan, numbered by month.
- ``plan_publish``: the plan goes to the public column (phase "running").

Each checks the actor's rights, runs in one transaction and writes an audit entry. ``actor``
None is the system itself (the demo loader, commands): views always pass the signed-in user.

A return and the publication tell the liaisons concerned (``openday.reminders.events``) once
the transaction commits, so a refused or rolled-back action tells no one. That module is
imported inside the workflow: reminders depends on declarations, not the reverse.
"""

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openday.activities.models import Activity
from openday.activities.services import PlanChange, plan_replace
from openday.campaigns.enums import CampaignPhase, FormKind, PlanColumn
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign
from openday.campaigns.services import (
    campaign_set_phase,
    campaign_set_plan_layout,
    campaign_vocabulary,
)
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.declarations.enums import EDITABLE_STATES, DeclarationState
from openday.declarations.models import (
    Declaration,
    DeclarationItem,
    DeclarationMerge,
    DeclarationWindow,
)
from openday.declarations.permissions import can_review, is_liaison_of
from openday.declarations.selectors import compiled_plan_rows
from openday.declarations.uploads import stamp_check
from openday.orgs.models import Unit

MAX_ITEMS = 20
TITLE_MAX = 300
BRIEF_MAX = 2000
FORM_MAX = 40
CONTACT_MAX = 40
COMMENT_MAX = 2000
# Phases in which units may declare; once the plan is published the window is over.
OPEN_PHASES = (CampaignPhase.DECLARATION, CampaignPhase.PLANNING)
_PUBLISHED = (CampaignPhase.RUNNING, CampaignPhase.CLOSED)
_PHONE = re.compile(r"[0-9０-９+\-－—()（） ,，、/转]{7,40}")


class DeclarationInvalid(DomainError):
    """Several problems found at once; ``errors`` keeps each with the field it concerns
    (``contact_person``, ``phone``, ``stamp``, ``items`` or ``items.<index>.<field>``)."""

    def __init__(self, errors: list[DomainError]):
        super().__init__("".join(error.message for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class ItemInput:
    """One row of the 申报表 as the liaison typed it; 序号 is its position."""

    title: str
    month_start: int | None = None
    month_end: int | None = None
    form_text: str = ""
    brief: str = ""
    category: str = ""


def date_label(on: dt.date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def _rules(campaign: Campaign):
    return getattr(campaign, "rules", None)


def _categories(campaign: Campaign) -> list[str]:
    rules = _rules(campaign)
    return list(rules.declaration_categories) if rules else []


def _person(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _require_office(actor, campaign: Campaign, what: str) -> None:
    if actor is not None and not can_review(actor, campaign):
        raise PermissionDenied(f"您不是{campaign.region.name}政务公开办的管理员，不能{what}。")


def _require_liaison(actor, unit: Unit, what: str) -> None:
    if actor is not None and not is_liaison_of(actor, unit):
        raise PermissionDenied(f"您不是{unit.name}的联络员，不能{what}。")


def _open_window(campaign: Campaign) -> DeclarationWindow:
    window = DeclarationWindow.objects.filter(campaign=campaign).first()
    if campaign.phase in _PUBLISHED:
        raise DomainError("计划已发布，主题申报已结束。")
    if window is None or campaign.phase not in OPEN_PHASES:
        raise DomainError(f"{campaign.region.name}尚未开放主题申报。")
    return window


def _item_label(index: int, title: str) -> str:
    return f"第 {index + 1} 项“{title}”" if title else f"第 {index + 1} 项"


def _snapshot(declaration: Declaration, items: Sequence[DeclarationItem]) -> dict:
    return {
        "state": declaration.state,
        "contact_person": declaration.contact_person,
        "phone": declaration.phone,
        "stamp": declaration.stamp_name,
        "items": [
            {
                "seq": item.seq,
                "title": item.title,
                "months": item.month_label,
                "form": item.form_text,
                "category": item.category,
            }
            for item in items
        ],
    }


# --- the window ------------------------------------------------------------------------------


def declaration_window_open(
    *,
    actor,
    campaign: Campaign,
    closes_on: dt.date | None = None,
    requires_stamp: bool = False,
    note: str = "",
) -> DeclarationWindow:
    """Open the campaign's declarations until ``closes_on`` (the rules' due date when not
    given); called again, it changes the window. The campaign enters the declaration phase."""
    _require_office(actor, campaign, "开放主题申报")
    if campaign.phase in _PUBLISHED:
        raise DomainError("计划已发布，不能再开放主题申报。")
    rules = _rules(campaign)
    closes_on = closes_on or (rules.declaration_due_on if rules else None)
    if closes_on is None:
        raise DomainError("请填写申报截止日期。", field="closes_on")
    if closes_on.year != campaign.year:
        raise DomainError(f"申报截止日期应在 {campaign.year} 年内。", field="closes_on")
    note = (note or "").strip()
    if len(note) > COMMENT_MAX:
        raise DomainError(f"申报说明不能超过 {COMMENT_MAX} 个字。", field="note")
    with transaction.atomic():
        window = DeclarationWindow.objects.select_for_update().filter(campaign=campaign).first()
        before = None
        if window is None:
            window = DeclarationWindow(
                campaign=campaign,
                opened_at=timezone.now(),
                opened_by=_person(actor),
            )
        else:
            before = {
                "closes_on": window.closes_on.isoformat(),
                "requires_stamp": window.requires_stamp,
                "note": window.note,
            }
        window.closes_on, window.requires_stamp, window.note = closes_on, requires_stamp, note
        window.save()
        audit_record(
            actor=actor,
            action="declaration.window_open",
            obj=campaign,
            region=campaign.region,
            before=before,
            after={
                "closes_on": closes_on.isoformat(),
                "requires_stamp": requires_stamp,
                "note": note,
            },
        )
        if campaign.phase != CampaignPhase.DECLARATION:
            campaign_set_phase(actor=actor, campaign=campaign, phase=CampaignPhase.DECLARATION)
    return window


# --- the unit's declaration ------------------------------------------------------------------


def _clean_items(campaign: Campaign, items: Sequence[ItemInput]) -> tuple[list[dict], list]:
    """The items as they will be stored, and every problem found, each naming its item."""
    vocabulary = campaign_vocabulary(campaign)
    categories = _categories(campaign)
    year = campaign.year
    errors: list[DomainError] = []
    cleaned: list[dict] = []
    if len(items) > MAX_ITEMS:
        return [], [DomainError(f"每个单位最多申报 {MAX_ITEMS} 个主题。", field="items")]
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        title = (item.title or "").strip()
        label = _item_label(index, title)

        def problem(message: str, field: str, index=index) -> None:
            errors.append(DomainError(message, field=f"items.{index}.{field}"))

        if not title:
            problem(f"{label}请填写活动主题。", "title")
        elif len(title) > TITLE_MAX:
            problem(f"第 {index + 1} 项的活动主题不能超过 {TITLE_MAX} 个字。", "title")
        elif title in seen:
            problem(f"第 {index + 1} 项与第 {seen[title] + 1} 项的活动主题相同。", "title")
        else:
            seen[title] = index
        start, end = item.month_start, item.month_end
        if start is None and end is not None:
            problem(f"{label}请选择开始月份。", "month_start")
        elif start is not None:
            end = start if end is None else end
            if not (1 <= start <= 12 and 1 <= end <= 12):
                problem(f"{label}的活动时间应为 1-12 月。", "month_start")
            elif end < start:
                problem(
                    f"{label}的活动时间应在 {year} 年内，结束月份不能早于开始月份。", "month_end"
                )
        form_text = (item.form_text or "").strip()
        form_kind = ""
        if form_text:
            if vocabulary and form_text not in vocabulary:
                problem(f"{label}的活动形式“{form_text}”不在本次活动允许的形式中。", "form_text")
            elif len(form_text) > FORM_MAX:
                problem(f"{label}的活动形式不能超过 {FORM_MAX} 个字。", "form_text")
            else:
                form_kind = kind_of(form_text, vocabulary).value
        category = (item.category or "").strip() if categories else ""
        if category and category not in categories:
            problem(f"{label}的主题类别“{category}”不在本次活动的类别中。", "category")
        brief = (item.brief or "").strip()
        if len(brief) > BRIEF_MAX:
            problem(f"{label}的活动简介不能超过 {BRIEF_MAX} 个字。", "brief")
        cleaned.append(
            {
                "seq": index + 1,
                "title": title,
                "month_start": start,
                "month_end": end if start is not None else None,
                "form_text": form_text,
                "form_kind": form_kind,
                "brief": brief,
                "category": category,
            }
        )
    return cleaned, errors


def _clean_contact(contact_person: str, phone: str) -> tuple[str, str, list[DomainError]]:
    errors = []
    contact_person, phone = (contact_person or "").strip(), (phone or "").strip()
    if len(contact_person) > CONTACT_MAX:
        errors.append(DomainError(f"联系人不能超过 {CONTACT_MAX} 个字。", field="contact_person"))
    digits = sum(char.isdigit() for char in phone)
    if phone and (not _PHONE.fullmatch(phone) or digits < 7):
        errors.append(
            DomainError("联系电话格式不正确，请填写手机号码或带区号的固定电话。", field="phone")
        )
    return contact_person, phone, errors


def declaration_save(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    contact_person: str = "",
    phone: str = "",
    items: Sequence[ItemInput] = (),
    stamp=None,
) -> Declaration:
    """Save ``unit``'s declaration as it stands, creating it on first save.

    A draft may be incomplete (submission checks completeness) but never wrong: every item's
    months, form and category are checked, and nothing is saved unless all are right. The
    items replace the ones saved before; ``stamp`` (an uploaded file) replaces the scan.
    """
    if unit.region_id != campaign.region_id:
        raise DomainError("该单位不属于本活动方案的地区。")
    _require_liaison(actor, unit, "填写其主题申报")
    _open_window(campaign)
    cleaned, errors = _clean_items(campaign, items)
    contact_person, phone, contact_errors = _clean_contact(contact_person, phone)
    errors = contact_errors + errors
    stamp_file = None
    if stamp is not None:
        try:
            stamp_file = stamp_check(stamp)
        except DomainError as error:
            errors.append(error)
    if errors:
        raise DeclarationInvalid(errors)

    with transaction.atomic():
        declaration, created = Declaration.objects.select_for_update().get_or_create(
            campaign=campaign, unit=unit
        )
        if declaration.state not in EDITABLE_STATES:
            raise DomainError(
                "该申报已提交，等待审核，不能修改。"
                if declaration.state == DeclarationState.SUBMITTED
                else "该申报已采纳，不能修改。"
            )
        old_items = list(declaration.items.order_by("seq"))
        before = None if created else _snapshot(declaration, old_items)
        declaration.contact_person, declaration.phone = contact_person, phone
        old_stamp = declaration.stamp.name if stamp_file else ""
        if stamp_file:
            declaration.stamp.save(stamp_file.name, stamp, save=False)
            declaration.stamp_name = stamp_file.name
        declaration.save()
        declaration.items.all().delete()
        new_items = DeclarationItem.objects.bulk_create(
            DeclarationItem(declaration=declaration, **values) for values in cleaned
        )
        audit_record(
            actor=actor,
            action="declaration.save",
            obj=declaration,
            region=campaign.region,
            before=before,
            after=_snapshot(declaration, new_items),
        )
        if old_stamp:
            storage = declaration.stamp.storage
            transaction.on_commit(lambda: storage.delete(old_stamp))
    return declaration


def _submit_problems(
    declaration: Declaration, items: list[DeclarationItem], window: DeclarationWindow, today
) -> list[DomainError]:
    campaign = declaration.campaign
    rules = _rules(campaign)
    categories = _categories(campaign)
    errors: list[DomainError] = []
    if not declaration.contact_person:
        errors.append(DomainError("请填写联系人。", field="contact_person"))
    if not declaration.phone:
        errors.append(DomainError("请填写联系电话。", field="phone"))
    wanted = rules.declaration_themes_per_unit if rules else None
    if wanted and len(items) != wanted:
        errors.append(
            DomainError(f"须申报 {wanted} 个活动主题，现有 {len(items)} 个。", field="items")
        )
    elif not items:
        errors.append(DomainError("请至少填写一个活动主题。", field="items"))
    for index, item in enumerate(items):
        label = _item_label(index, item.title)

        def problem(message: str, field: str, index=index) -> None:
            errors.append(DomainError(message, field=f"items.{index}.{field}"))

        if item.month_start is None:
            problem(f"{label}请选择活动时间（月份）。", "month_start")
        elif today.year == campaign.year and item.month_end < today.month:
            past = f"{label}的活动时间（{item.month_label}）已过"
            problem(f"{past}，请选择 {today.month} 月或以后的月份。", "month_start")
        if not item.form_text:
            problem(f"{label}请选择活动形式。", "form_text")
        if not item.brief:
            problem(f"{label}请填写活动简介。", "brief")
        if categories and not item.category:
            problem(f"{label}请选择主题类别。", "category")
        elif categories and item.category not in categories:
            problem(f"{label}的主题类别“{item.category}”不在本次活动的类别中。", "category")
    required = list(rules.declaration_required_kinds) if rules else []
    if required and items and not any(item.form_kind in required for item in items):
        kinds = "或".join(FormKind(kind).label for kind in required)
        errors.append(DomainError(f"至少一个主题的活动形式须为{kinds}。", field="items"))
    if window.requires_stamp and not declaration.stamp:
        errors.append(DomainError("请上传加盖填报单位公章的申报表扫描件。", field="stamp"))
    return errors


def declaration_submit(*, actor, declaration: Declaration, today: dt.date) -> Declaration:
    """Hand the declaration in. ``today`` decides whether the deadline has passed (the
    deadline day itself still counts); a declaration the office returned may be handed in
    again after the deadline, since the office asked for it."""
    _require_liaison(actor, declaration.unit, "提交其主题申报")
    with transaction.atomic():
        locked = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("campaign__region", "campaign__rules", "unit")
            .get(pk=declaration.pk)
        )
        window = _open_window(locked.campaign)
        before = locked.state
        action = locked.move_to(DeclarationState.SUBMITTED)
        if before == DeclarationState.DRAFT and today > window.closes_on:
            raise DomainError(f"主题申报已于{date_label(window.closes_on)}截止，不能再提交。")
        items = list(locked.items.order_by("seq"))
        errors = _submit_problems(locked, items, window, today)
        if errors:
            raise DeclarationInvalid(errors)
        locked.submitted_at = timezone.now()
        locked.save()
        audit_record(
            actor=actor,
            action=f"declaration.{action}",
            obj=locked,
            region=locked.campaign.region,
            before={"state": before},
            after={"state": locked.state, "items": len(items)},
        )
    declaration.refresh_from_db()
    return declaration


# --- the office's review ---------------------------------------------------------------------


def _review(
    *,
    actor,
    declaration: Declaration,
    target: str,
    comment: str,
    notify: Callable[[Declaration, AuditEntry], None] | None = None,
) -> Declaration:
    """Move the declaration to ``target``; ``notify`` runs with it and the audit entry once the
    transaction commits."""
    campaign = declaration.campaign
    with transaction.atomic():
        locked = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("campaign__region", "unit")
            .get(pk=declaration.pk)
        )
        before = locked.state
        action = locked.move_to(target)
        if action == "return":
            if before == DeclarationState.ACCEPTED and campaign.phase in _PUBLISHED:
                raise DomainError("计划已发布，不能再退回已采纳的申报。")
            merged = locked.items.filter(merged_into__isnull=False).select_related("merged_into")
            for item in merged.order_by("seq")[:1]:
                raise DomainError(
                    f"第 {item.seq} 项“{item.title}”已合并到“{item.merged_into.title}”，"
                    "请先撤销合并再退回。"
                )
        locked.reviewer = _person(actor)
        locked.reviewed_at = timezone.now()
        locked.review_comment = comment
        locked.save()
        entry = audit_record(
            actor=actor,
            action=f"declaration.{action}",
            obj=locked,
            region=campaign.region,
            before={"state": before},
            after={"state": locked.state},
            comment=comment,
        )
        if notify is not None:
            # Robust: a notice that fails must not make the committed review look failed.
            transaction.on_commit(lambda: notify(locked, entry), robust=True)
    declaration.refresh_from_db()
    return declaration


def declaration_accept(*, actor, declaration: Declaration, comment: str = "") -> Declaration:
    _require_office(actor, declaration.campaign, "审核主题申报")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(f"审核意见不能超过 {COMMENT_MAX} 个字。", field="comment")
    return _review(
        actor=actor, declaration=declaration, target=DeclarationState.ACCEPTED, comment=comment
    )


def declaration_return(*, actor, declaration: Declaration, comment: str) -> Declaration:
    """Return the declaration to its unit with ``comment``; its liaisons are told once it
    commits."""
    from openday.reminders import events  # see the module docstring

    _require_office(actor, declaration.campaign, "审核主题申报")
    comment = (comment or "").strip()
    if not comment:
        raise DomainError("请填写退回原因。", field="comment")
    if len(comment) > COMMENT_MAX:
        raise DomainError(f"退回原因不能超过 {COMMENT_MAX} 个字。", field="comment")
    return _review(
        actor=actor,
        declaration=declaration,
        target=DeclarationState.RETURNED,
        comment=comment,
        notify=lambda returned, entry: events.declaration_returned(returned, comment, entry=entry),
    )


# --- merging and the plan --------------------------------------------------------------------


def _require_planning(campaign: Campaign, what: str) -> None:
    if campaign.phase in _PUBLISHED:
        raise DomainError(f"计划已发布，不能再{what}。")
    if campaign.phase not in OPEN_PHASES:
        raise DomainError(f"{campaign.region.name}尚未开放主题申报，不能{what}。")


def declaration_merge(
    *,
    actor,
    campaign: Campaign,
    items: Sequence[DeclarationItem],
    title: str,
    month_start: int | None = None,
    month_end: int | None = None,
    brief: str = "",
) -> DeclarationMerge:
    """Make accepted ``items`` (usually of several units) one plan item named ``title``,
    hosted by all their units. The months default to the span of the items' months."""
    _require_office(actor, campaign, "合并主题")
    _require_planning(campaign, "合并主题")
    title, brief = (title or "").strip(), (brief or "").strip()
    if not title:
        raise DomainError("请填写合并后的活动主题。", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(f"活动主题不能超过 {TITLE_MAX} 个字。", field="title")
    if len(brief) > BRIEF_MAX:
        raise DomainError(f"活动简介不能超过 {BRIEF_MAX} 个字。", field="brief")
    with transaction.atomic():
        locked = list(
            DeclarationItem.objects.select_for_update(of=("self",))
            .filter(pk__in=[item.pk for item in items])
            .select_related("declaration__unit", "merged_into")
            .order_by("pk")
        )
        if len(locked) < 2:
            raise DomainError("请至少选择两个主题进行合并。", field="items")
        for item in locked:
            where = f"{item.declaration.unit.name}的“{item.title}”"
            if item.declaration.campaign_id != campaign.pk:
                raise DomainError("所选主题不属于本活动方案。", field="items")
            if item.declaration.state != DeclarationState.ACCEPTED:
                raise DomainError(f"{where}所在申报尚未采纳，不能合并。", field="items")
            if item.merged_into_id:
                raise DomainError(f"{where}已合并到“{item.merged_into.title}”。", field="items")
        start = month_start or min(item.month_start for item in locked)
        end = month_end or (month_start if month_start else max(i.month_end for i in locked))
        if not (1 <= start <= 12 and 1 <= end <= 12) or end < start:
            raise DomainError(
                f"活动时间应在 {campaign.year} 年内，结束月份不能早于开始月份。",
                field="month_end",
            )
        merge = DeclarationMerge.objects.create(
            campaign=campaign,
            title=title,
            month_start=start,
            month_end=end,
            brief=brief,
            created_by=_person(actor),
        )
        DeclarationItem.objects.filter(pk__in=[item.pk for item in locked]).update(
            merged_into=merge
        )
        audit_record(
            actor=actor,
            action="declaration.merge",
            obj=merge,
            region=campaign.region,
            after={
                "title": title,
                "months": merge.month_label,
                "items": [f"{i.declaration.unit.name}：{i.title}" for i in locked],
            },
        )
    return merge


def declaration_unmerge(*, actor, merge: DeclarationMerge) -> None:
    campaign = merge.campaign
    _require_office(actor, campaign, "撤销合并")
    _require_planning(campaign, "撤销合并")
    with transaction.atomic():
        items = [
            f"{i.declaration.unit.name}：{i.title}"
            for i in merge.items.select_related("declaration__unit").order_by("pk")
        ]
        audit_record(
            actor=actor,
            action="declaration.unmerge",
            obj=merge,
            region=campaign.region,
            before={"title": merge.title, "items": items},
        )
        merge.items.update(merged_into=None)
        merge.delete()


def plan_compile(*, actor, campaign: Campaign) -> PlanChange:
    """Make the campaign's plan the accepted declarations (``compiled_plan_rows``), replacing
    the plan rows before; the campaign moves to the planning phase. Not yet public."""
    _require_office(actor, campaign, "编制计划")
    _require_planning(campaign, "编制计划")
    with transaction.atomic():
        rows = compiled_plan_rows(campaign)
        if not rows:
            raise DomainError("还没有已采纳的申报，无法编制计划。")
        _ensure_hosts_column(campaign)
        change = plan_replace(actor=actor, campaign=campaign, rows=rows, source="由主题申报编制")
        audit_record(
            actor=actor,
            action="plan.compile",
            obj=campaign,
            region=campaign.region,
            after={
                "rows": len(rows),
                "created": len(change.created),
                "deleted": len(change.deleted),
            },
        )
        if campaign.phase != CampaignPhase.PLANNING:
            campaign_set_phase(actor=actor, campaign=campaign, phase=CampaignPhase.PLANNING)
    return change


def _ensure_hosts_column(campaign: Campaign) -> None:
    """A compiled plan always names its hosts: give a layout without 责任单位 that column,
    after the forms (where the official plan tables have it)."""
    columns = [tuple(column) for column in campaign.columns]
    keys = [key for key, _words in columns]
    if PlanColumn.UNITS in keys:
        return
    at = keys.index(PlanColumn.FORMS) + 1 if PlanColumn.FORMS in keys else len(columns)
    columns.insert(at, (PlanColumn.UNITS.value, "责任单位"))
    campaign_set_plan_layout(campaign=campaign, columns=columns)


def plan_publish(*, actor, campaign: Campaign) -> Campaign:
    """Publish the compiled plan: the campaign runs and its column shows the plan; the host
    units' liaisons are told once it commits."""
    from openday.reminders import events  # see the module docstring

    _require_office(actor, campaign, "发布计划")
    if campaign.phase in _PUBLISHED:
        raise DomainError("计划已发布。")
    with transaction.atomic():
        count = Activity.objects.filter(campaign=campaign).count()
        if not count:
            raise DomainError("计划表还没有活动，请先编制计划。")
        entry = audit_record(
            actor=actor,
            action="plan.publish",
            obj=campaign,
            region=campaign.region,
            after={"activities": count},
        )
        # Moving the phase bumps the content version, so cached column pages are rebuilt.
        campaign_set_phase(actor=actor, campaign=campaign, phase=CampaignPhase.RUNNING)
        transaction.on_commit(lambda: events.plan_published(campaign, entry=entry), robust=True)
    return campaign
