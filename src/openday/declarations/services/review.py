"""The office's review of the declarations handed in.

- ``declaration_accept`` / ``declaration_return``: the office reviews a declaration.

A return is recorded as the audit entry ``declaration.return``, its comment the office's
reasons; whoever tells the unit listens for it (``openday.core.audit.on_action``).
"""

from django.db import transaction
from django.utils import timezone

from openday.campaigns.selectors import plan_is_published
from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.declarations.enums import DeclarationState
from openday.declarations.models import Declaration
from openday.declarations.services.shared import (
    COMMENT_MAX,
    person,
    require_office,
)


def _review(*, actor, declaration: Declaration, target: str, comment: str) -> Declaration:
    """Move the declaration to ``target`` and record the review with ``comment``."""
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
            if before == DeclarationState.ACCEPTED and plan_is_published(campaign):
                raise DomainError("计划已发布，不能再退回已采纳的申报。")
            merged = locked.items.filter(merged_into__isnull=False).select_related("merged_into")
            for item in merged.order_by("seq")[:1]:
                raise DomainError(
                    f"第 {item.seq} 项“{item.title}”已合并到“{item.merged_into.title}”，"
                    "请先撤销合并再退回。"
                )
        locked.reviewer = person(actor)
        locked.reviewed_at = timezone.now()
        locked.review_comment = comment
        locked.save()
        audit_record(
            actor=actor,
            action=f"declaration.{action}",
            obj=locked,
            region=campaign.region,
            before={"state": before},
            after={"state": locked.state},
            comment=comment,
        )
    declaration.refresh_from_db()
    return declaration


def declaration_accept(*, actor, declaration: Declaration, comment: str = "") -> Declaration:
    require_office(actor, declaration.campaign, "审核主题申报")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(f"审核意见不能超过 {COMMENT_MAX} 个字。", field="comment")
    return _review(
        actor=actor, declaration=declaration, target=DeclarationState.ACCEPTED, comment=comment
    )


def declaration_return(*, actor, declaration: Declaration, comment: str) -> Declaration:
    """Return the declaration to its unit with ``comment`` (the audit entry
    ``declaration.return``, which the unit's liaisons hear of once it commits)."""
    require_office(actor, declaration.campaign, "审核主题申报")
    comment = (comment or "").strip()
    if not comment:
        raise DomainError("请填写退回原因。", field="comment")
    if len(comment) > COMMENT_MAX:
        raise DomainError(f"退回原因不能超过 {COMMENT_MAX} 个字。", field="comment")
    return _review(
        actor=actor, declaration=declaration, target=DeclarationState.RETURNED, comment=comment
    )
