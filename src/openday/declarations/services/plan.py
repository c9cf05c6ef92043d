"""From the accepted declarations to the published plan.

- ``declaration_merge`` / ``declaration_unmerge``: the office makes several units' accepted
  items one plan item hosted by all of them, or undoes that.
- ``plan_compile``: the accepted declarations become the campaign's plan, numbered by month.
- ``plan_publish``: the plan goes to the public column (phase "running").

The publication is recorded as the audit entry ``plan.publish`` on the campaign; whoever tells
the host units listens for it (``openday.core.audit.on_action``).
"""

from collections.abc import Sequence

from django.db import transaction

from openday.activities.services import PlanChange, campaign_publish, plan_replace
from openday.campaigns.enums import CampaignPhase, PlanColumn
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_phase, campaign_set_plan_layout
from openday.core.audit import audit_record
from openday.core.errors import DomainError
from openday.declarations.enums import DeclarationState
from openday.declarations.models import DeclarationItem, DeclarationMerge
from openday.declarations.selectors import compiled_plan_rows
from openday.declarations.services.shared import (
    BRIEF_MAX,
    TITLE_MAX,
    person,
    require_office,
    require_planning,
)


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
    require_office(actor, campaign, "合并主题")
    require_planning(campaign, "合并主题")
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
                raise DomainError("所选主题不属于本年度活动。", field="items")
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
            created_by=person(actor),
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
    require_office(actor, campaign, "撤销合并")
    require_planning(campaign, "撤销合并")
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
    require_office(actor, campaign, "编制计划")
    require_planning(campaign, "编制计划")
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
    """Publish the compiled plan: the campaign runs and its column shows the plan. The one
    publication rule is ``activities.services.campaign_publish``, which an imported plan
    goes through too; recorded as ``plan.publish``, which the host units' liaisons hear of
    once it commits."""
    require_office(actor, campaign, "发布计划")
    return campaign_publish(actor=actor, campaign=campaign)
