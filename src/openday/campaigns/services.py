"""Workflows of campaigns.

- ``campaign_create``: open a region's campaign of a year from its notice's facts.
- ``campaign_open``: the same with its forms and rules, checked against the actor's role.
- ``campaign_set_forms``: the forms vocabulary the campaign allows, each with its kind.
- ``campaign_set_plan_layout``: the plan table's columns and title, as the document has them.
- ``campaign_set_phase``: move the campaign to another phase.
- ``campaign_set_rules``: the obligations of the notice (deadlines, staff, banners, declaration)
  and how many working days before a deadline its reminder goes out.
- ``campaign_content_changed``: bump the version that public page caches are keyed on.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F

from openday.campaigns.enums import CampaignPhase, PlanColumn
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import (
    REMIND_BEFORE_MAX,
    REMIND_BEFORE_MESSAGE,
    Campaign,
    CampaignForm,
    CampaignRules,
)
from openday.campaigns.permissions import can_manage_region
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.orgs.models import Region

_FIELDS = (
    "title",
    "issuer",
    "doc_number",
    "issued_on",
    "published_on",
    "planned_count",
    "phase",
    "column_title",
    "plan_title",
)


def _snapshot(campaign: Campaign) -> dict:
    return {
        name: _jsonable(value) for name in _FIELDS if (value := getattr(campaign, name)) is not None
    }


def campaign_create(
    *, actor=None, region: Region, year: int, slug: str, title: str, **facts
) -> Campaign:
    if Campaign.objects.filter(region=region, year=year).exists():
        raise DomainError(f"{region.name}已有 {year} 年的活动方案。", field="year")
    if Campaign.objects.filter(slug=slug).exists():
        raise DomainError(f"标识“{slug}”已被使用。", field="slug")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            region=region, year=year, slug=slug, title=title, **facts
        )
        audit_record(
            actor=actor,
            action="campaign.create",
            obj=campaign,
            region=region,
            after=_snapshot(campaign),
        )
    return campaign


def campaign_update(*, actor=None, campaign: Campaign, **facts) -> Campaign:
    unknown = set(facts) - set(_FIELDS)
    if unknown:
        raise ValueError(f"unknown campaign fields: {sorted(unknown)}")
    before = _snapshot(campaign)
    for name, value in facts.items():
        setattr(campaign, name, value)
    after = _snapshot(campaign)
    if after == before:
        return campaign
    with transaction.atomic():
        campaign.content_version = F("content_version") + 1
        campaign.save()
        campaign.refresh_from_db(fields=["content_version"])
        audit_record(
            actor=actor,
            action="campaign.update",
            obj=campaign,
            region=campaign.region,
            before=before,
            after=after,
        )
    return campaign


def campaign_set_phase(*, actor=None, campaign: Campaign, phase: str) -> Campaign:
    if phase not in CampaignPhase.values:
        raise DomainError(f"未知的阶段“{phase}”。", field="phase")
    return campaign_update(actor=actor, campaign=campaign, phase=phase)


def campaign_set_forms(*, actor=None, campaign: Campaign, names: list[str]) -> list[CampaignForm]:
    """Replace the allowed forms; each name gets its canonical kind (editable in the admin)."""
    with transaction.atomic():
        campaign.forms.exclude(name__in=names).delete()
        forms = []
        for position, name in enumerate(names):
            form, _ = CampaignForm.objects.update_or_create(
                campaign=campaign,
                name=name,
                defaults={"position": position, "kind": kind_of(name).value},
            )
            forms.append(form)
        audit_record(
            actor=actor,
            action="campaign.set_forms",
            obj=campaign,
            region=campaign.region,
            after={"forms": names},
        )
    return forms


def campaign_vocabulary(campaign: Campaign) -> dict[str, str]:
    return dict(campaign.forms.values_list("name", "kind"))


def campaign_set_plan_layout(
    *, campaign: Campaign, columns: list[tuple[str, str]], plan_title: str = ""
) -> None:
    """Keep the document's column order and header words so exports look like the original."""
    keys = [key for key, _ in columns]
    if PlanColumn.TITLE not in keys or len(set(keys)) != len(keys):
        raise DomainError("计划表的列必须包含“活动主题”且不能重复。")
    if PlanColumn.SEQ not in keys:
        columns = [(PlanColumn.SEQ.value, "序号"), *columns]
    campaign.plan_columns = [[key, header] for key, header in columns]
    fields = ["plan_columns"]
    if plan_title and not campaign.plan_title:
        campaign.plan_title = plan_title
        fields.append("plan_title")
    campaign.save(update_fields=[*fields, "updated_at"])


def campaign_content_changed(campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(content_version=F("content_version") + 1)
    campaign.refresh_from_db(fields=["content_version"])


_RULE_FIELDS = tuple(
    f.name
    for f in CampaignRules._meta.get_fields()
    if f.concrete and f.name not in {"id", "campaign", "created_at", "updated_at"}
)


def campaign_set_rules(*, actor=None, campaign: Campaign, **rules) -> CampaignRules:
    """Set some or all of the campaign's rules; unnamed rules keep their value."""
    unknown = set(rules) - set(_RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown rule fields: {sorted(unknown)}")
    if rules.get("declaration_due_on") and rules["declaration_due_on"].year != campaign.year:
        raise DomainError("申报截止日期应在活动年度内。", field="declaration_due_on")
    if "remind_before_workdays" in rules:
        lead = rules["remind_before_workdays"]
        # bool is an int to Python, but "True working days" is a caller's mistake.
        if type(lead) is not int or not 0 <= lead <= REMIND_BEFORE_MAX:
            raise DomainError(REMIND_BEFORE_MESSAGE, field="remind_before_workdays")
    with transaction.atomic():
        current, _ = CampaignRules.objects.get_or_create(campaign=campaign)
        before = {name: _jsonable(getattr(current, name)) for name in _RULE_FIELDS}
        for name, value in rules.items():
            setattr(current, name, value)
        current.full_clean(exclude=["campaign"])
        current.save()
        after = {name: _jsonable(getattr(current, name)) for name in _RULE_FIELDS}
        if after != before:
            audit_record(
                actor=actor,
                action="campaign.set_rules",
                obj=campaign,
                region=campaign.region,
                before=before,
                after=after,
            )
    return current


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def campaign_open(
    *,
    actor,
    region: Region,
    year: int,
    slug: str,
    title: str,
    facts: dict,
    form_names: list[str],
    rules: dict,
) -> Campaign:
    """Open a region's campaign with its forms and rules, all or nothing (from a notice)."""
    if not can_manage_region(actor, region):
        raise PermissionDenied(f"您不是{region.name}政务公开办的管理员，不能新建其活动方案。")
    with transaction.atomic():
        campaign = campaign_create(
            actor=actor, region=region, year=year, slug=slug, title=title, **facts
        )
        campaign_set_forms(actor=actor, campaign=campaign, names=form_names)
        campaign_set_rules(actor=actor, campaign=campaign, **rules)
    return campaign
