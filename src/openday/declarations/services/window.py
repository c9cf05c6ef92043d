"""The office's declaration window (申报窗口).

- ``declaration_window_open``: the office opens declarations (or changes the deadline, the
  stamp requirement, the note); the campaign moves to the declaration phase.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.selectors import plan_is_published
from openday.campaigns.services import campaign_set_phase
from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.declarations.models import DeclarationWindow
from openday.declarations.services.shared import (
    COMMENT_MAX,
    campaign_rules,
    person,
    require_office,
)


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
    require_office(actor, campaign, "开放主题申报")
    if plan_is_published(campaign):
        raise DomainError("计划已发布，不能再开放主题申报。")
    rules = campaign_rules(campaign)
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
                opened_by=person(actor),
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
