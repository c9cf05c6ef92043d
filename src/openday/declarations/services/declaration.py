"""A unit's declaration (主题申报), as its liaison fills it in.

- ``declaration_save``: a unit's liaison saves the declaration as a draft, all or nothing.
- ``declaration_submit``: the liaison hands it in; the campaign's rules are enforced here.
- ``declaration_hand_in``: the liaison hands in what they typed: saved and submitted together,
  or, when refused, nothing written at all (the stored draft stays as it was).
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from openday.campaigns.enums import FormKind
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_vocabulary
from openday.core.audit import audit_record
from openday.core.errors import DomainError, DomainErrors
from openday.core.formats import date_label, months_label, year_month_label
from openday.declarations.enums import EDITABLE_STATES, DeclarationState
from openday.declarations.models import Declaration, DeclarationItem, DeclarationWindow
from openday.declarations.services.shared import (
    BRIEF_MAX,
    CONTACT_MAX,
    FORM_MAX,
    MAX_ITEMS,
    TITLE_MAX,
    campaign_categories,
    campaign_rules,
    open_window,
    require_liaison,
)
from openday.declarations.uploads import stamp_check
from openday.orgs.models import Unit

_PHONE = re.compile(r"[0-9０-９+\-－—()（） ,，、/转]{7,40}")


class DeclarationInvalid(DomainErrors):
    """Several problems found at once; ``errors`` keeps each with the field it concerns
    (``contact_person``, ``phone``, ``stamp``, ``items`` or ``items.<index>.<field>``)."""


@dataclass(frozen=True)
class ItemInput:
    """One row of the 申报表 as the liaison typed it; 序号 is its position."""

    title: str
    month_start: int | None = None
    month_end: int | None = None
    form_text: str = ""
    brief: str = ""
    category: str = ""


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


def _clean_items(campaign: Campaign, items: Sequence[ItemInput]) -> tuple[list[dict], list]:
    """The items as they will be stored, and every problem found, each naming its item."""
    vocabulary = campaign_vocabulary(campaign)
    categories = campaign_categories(campaign)
    year = campaign.year
    # The notice's 「2023年4月开始」: no theme may be declared for a month before it.
    starts_on = campaign.starts_on
    first_month = starts_on.month if starts_on and starts_on.year == year else None
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
            elif first_month and start < first_month:
                problem(
                    f"{label}的活动时间（{months_label(start, end)}）早于本年度活动的起始月份；"
                    f"实施方案规定活动自 {year_month_label(year, first_month)} 开始，"
                    f"请选择 {first_month} 月或以后的月份。",
                    "month_start",
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
        raise DomainError("该单位不属于本年度活动的地区。")
    require_liaison(actor, unit, "填写其主题申报")
    open_window(campaign)
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
    rules = campaign_rules(campaign)
    categories = campaign_categories(campaign)
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
    require_liaison(actor, declaration.unit, "提交其主题申报")
    with transaction.atomic():
        locked = (
            Declaration.objects.select_for_update(of=("self",))
            .select_related("campaign__region", "campaign__rules", "unit")
            .get(pk=declaration.pk)
        )
        window = open_window(locked.campaign)
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


def declaration_hand_in(
    *,
    actor,
    campaign: Campaign,
    unit: Unit,
    today: dt.date,
    contact_person: str = "",
    phone: str = "",
    items: Sequence[ItemInput] = (),
    stamp=None,
) -> Declaration:
    """Save what the liaison typed and submit it, all or nothing.

    Only the explicit 保存草稿 saves a draft: a refused submission rolls the save back, so the
    stored draft (its rows, contact and scan) is exactly what it was before.
    """
    declaration = None
    try:
        with transaction.atomic():
            declaration = declaration_save(
                actor=actor,
                campaign=campaign,
                unit=unit,
                contact_person=contact_person,
                phone=phone,
                items=items,
                stamp=stamp,
            )
            return declaration_submit(actor=actor, declaration=declaration, today=today)
    except DomainError:
        # The database is rolled back; a scan stored on the way is not, so remove it.
        if declaration is not None and stamp is not None and declaration.stamp.name:
            declaration.stamp.storage.delete(declaration.stamp.name)
        raise
