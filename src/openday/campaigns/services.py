"""Workflows of campaigns.

- ``campaign_create``: open a region's campaign of a year from its notice's facts.
- ``campaign_open``: the same with its forms and rules, checked against the actor's role.
- ``campaign_set_forms``: the forms vocabulary the campaign allows, each with its kind.
- ``campaign_set_plan_layout``: the plan table's columns and title, as the document has them.
- ``campaign_set_phase``: move the campaign to another phase.
- ``campaign_set_rules``: the obligations of the notice (deadlines, staff, banners, declaration)
  and how many working days before a deadline its reminder goes out.
- ``campaign_content_changed``: bump the version that public page caches are keyed on.
- ``campaign_copy``: next year's campaign from this one (forms, rules, LOGO, banner wording;
  nothing dated, no plan).
- ``campaign_record_close``: the year's end as ``activities.services.campaign_close`` decided it.
- ``require_open_year``: the refusal every write to a closed year's activities shares;
  ``require_manager``: that only the region's office (or the system) changes the year.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import F

from openday.campaigns.enums import CampaignPhase, PlanColumn
from openday.campaigns.kinds import kind_of
from openday.campaigns.models import Campaign, CampaignForm, CampaignRules
from openday.campaigns.permissions import can_manage_campaign, can_manage_region
from openday.campaigns.rules import RulesInvalid, rule_problems, rules_changed
from openday.campaigns.titles import retitle_year
from openday.core.audit import audit_record
from openday.core.errors import DomainError, PermissionDenied
from openday.core.storage import fresh_name
from openday.orgs.models import Region
from openday.orgs.names import length_problem

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
    "starts_on",
    "contact_name",
    "contact_phone",
    "contact_email",
    "notice_facts",
)


def _snapshot(campaign: Campaign) -> dict:
    return {
        name: _jsonable(value) for name in _FIELDS if (value := getattr(campaign, name)) is not None
    }


def campaign_create(
    *, actor=None, region: Region, year: int, slug: str, title: str, **facts
) -> Campaign:
    if Campaign.objects.filter(region=region, year=year).exists():
        raise DomainError(f"{region.name}已有 {year} 年的年度活动。", field="year")
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
        if after.get("phase") != before.get("phase"):
            _region_years_changed(campaign)
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
    limit = CampaignForm._meta.get_field("name").max_length
    for name in names:
        if problem := length_problem("活动形式", name, limit):
            raise DomainError(problem, field="form_names")
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
        # The title follows the campaign: a 2023 table imported into 2027 is 2027's plan.
        campaign.plan_title = retitle_year(plan_title, campaign.year)
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
    """Set some or all of the campaign's rules; unnamed rules keep their value.

    All or nothing: every bad value is refused at once (``campaigns.rules.RulesInvalid``, each
    on its field); an actor must be the region's office admin; a closed year keeps its rules.
    What is computed from the rules (open deadlines) moves in the same transaction, through
    the listeners of ``campaigns.rules.on_rules_changed``; the audit entry says how much moved.
    """
    unknown = set(rules) - set(_RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown rule fields: {sorted(unknown)}")
    require_manager(actor, campaign, "修改其活动规则")
    problems = rule_problems(campaign, rules)
    if problems:
        raise RulesInvalid.of(problems)
    with transaction.atomic():
        current, _ = CampaignRules.objects.select_for_update().get_or_create(campaign=campaign)
        before = {name: _jsonable(getattr(current, name)) for name in _RULE_FIELDS}
        for name, value in rules.items():
            setattr(current, name, value)
        after = {name: _jsonable(getattr(current, name)) for name in _RULE_FIELDS}
        if after != before:
            require_open_year(campaign, "修改其活动规则")
        current.full_clean(exclude=["campaign"])
        current.save()
        if after != before:
            campaign.rules = current
            moved = rules_changed(campaign, {n for n in _RULE_FIELDS if after[n] != before[n]})
            audit_record(
                actor=actor,
                action="campaign.set_rules",
                obj=campaign,
                region=campaign.region,
                before=before,
                after=after,
                comment=f"重新计算了 {moved} 项办理期限" if moved else "",
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
        raise PermissionDenied(f"您不是{region.name}政务公开办的管理员，不能新建其年度活动。")
    with transaction.atomic():
        campaign = campaign_create(
            actor=actor, region=region, year=year, slug=slug, title=title, **facts
        )
        campaign_set_forms(actor=actor, campaign=campaign, names=form_names)
        campaign_set_rules(actor=actor, campaign=campaign, **rules)
    return campaign


# --- The year ------------------------------------------------------------------------------


def require_open_year(campaign: Campaign, what: str = "修改其活动") -> None:
    """Refuse any change to the activities of a closed year: it is an archive."""
    if campaign.phase == CampaignPhase.CLOSED:
        raise DomainError(f"{campaign.region.name}{campaign.year}年度已结束，不能再{what}。")


def _region_years_changed(campaign: Campaign) -> None:
    """Every column lists its region's public years: when one appears, runs or closes, the
    other years' cached pages are stale too."""
    Campaign.objects.filter(region_id=campaign.region_id).exclude(pk=campaign.pk).update(
        content_version=F("content_version") + 1
    )


def require_manager(actor, campaign: Campaign, what: str) -> None:
    """``actor`` None is the system (commands); a person must be the region's office admin."""
    if actor is not None and not can_manage_campaign(actor, campaign):
        raise PermissionDenied(f"您不是{campaign.region.name}政务公开办的管理员，不能{what}。")


# Rules with a date in them belong to their year; the rest (counts, working days, wording) carry.
_DATED_RULES = frozenset({"declaration_due_on"})
YEAR_MIN, YEAR_MAX = 2000, 2100


def next_year_slug(source: Campaign, year: int) -> str:
    """The slug a copy proposes: the source's with its year replaced ("tianxin-2023" →
    "tianxin-2027"), or the year appended."""
    replaced = re.sub(rf"(?<!\d){source.year}(?!\d)", str(year), source.slug)
    return replaced if replaced != source.slug else f"{source.slug}-{year}"[:60]


def _copy_logo(source: Campaign, campaign: Campaign) -> bool:
    """Give ``campaign`` a file of its own with ``source``'s LOGO (replacing one year's LOGO
    must not take the other's away). A LOGO whose file is gone is not copied: the office
    uploads it again on the new year's materials page."""
    if not source.logo:
        return False
    suffix = "." + source.logo.name.rsplit(".", 1)[-1] if "." in source.logo.name else ""
    try:
        with source.logo.open("rb") as handle:
            campaign.logo.save(fresh_name(suffix), File(handle), save=False)
    except OSError:
        return False
    campaign.logo_name = source.logo_name
    campaign.save(update_fields=["logo", "logo_name", "updated_at"])
    return True


def campaign_copy(*, actor, source: Campaign, year: int, slug: str = "") -> Campaign:
    """Next year's campaign from ``source``, as a draft: the same issuer, forms vocabulary (with
    the kinds the office set), rules stated as counts or working days, banner wording, LOGO and
    table layout. Nothing dated comes along (document number, dates, the declaration deadline,
    the notice's text) and neither does the plan. Units, aliases and liaisons belong to the
    region, so the new year has them already."""
    require_manager(actor, source, "复制其年度活动")
    if type(year) is not int or not YEAR_MIN <= year <= YEAR_MAX:
        raise DomainError("请填写四位数的年度，如 2027。", field="year")
    if year <= source.year:
        raise DomainError(f"新年度应晚于 {source.year} 年。", field="year")
    slug = (slug or "").strip() or next_year_slug(source, year)
    try:
        validate_slug(slug)
    except ValidationError as error:
        raise DomainError("标识只能由字母、数字、连字符或下划线组成。", field="slug") from error
    if len(slug) > 60:
        raise DomainError("标识不能超过 60 个字符。", field="slug")
    region = source.region
    with transaction.atomic():
        campaign = campaign_create(
            actor=actor,
            region=region,
            year=year,
            slug=slug,
            title=retitle_year(source.title, year),
            issuer=source.issuer,
            column_title=retitle_year(source.column_title, year),
            plan_columns=source.plan_columns,
        )
        CampaignForm.objects.bulk_create(
            CampaignForm(
                campaign=campaign,
                name=form.name,
                kind=form.kind,
                description=form.description,
                position=form.position,
            )
            for form in source.forms.order_by("position", "pk")
        )
        rules = CampaignRules.objects.filter(campaign=source).first()
        if rules is not None:
            CampaignRules.objects.create(
                campaign=campaign,
                **{name: getattr(rules, name) for name in _RULE_FIELDS if name not in _DATED_RULES},
            )
        logo = _copy_logo(source, campaign)
        audit_record(
            actor=actor,
            action="campaign.copy",
            obj=campaign,
            region=region,
            after={
                "from": source.slug,
                "year": year,
                "slug": slug,
                "forms": [form.name for form in campaign.forms.all()],
                "rules": rules is not None,
                "logo": logo,
            },
        )
    return campaign


def campaign_record_close(
    *, actor, campaign: Campaign, on: dt.date, stats: dict, decisions: dict
) -> Campaign:
    """Mark the year closed on ``on`` with its statistics frozen as ``stats``. Only
    ``activities.services.campaign_close`` calls this, once it has settled the activities
    (``decisions``: what became of the unfinished ones, for the audit entry)."""
    with transaction.atomic():
        before = campaign.phase
        campaign.phase = CampaignPhase.CLOSED
        campaign.closed_on = on
        campaign.closed_stats = stats
        campaign.content_version = F("content_version") + 1
        campaign.save(
            update_fields=["phase", "closed_on", "closed_stats", "content_version", "updated_at"]
        )
        campaign.refresh_from_db(fields=["content_version"])
        _region_years_changed(campaign)
        audit_record(
            actor=actor,
            action="campaign.close",
            obj=campaign,
            region=campaign.region,
            before={"phase": before},
            after={
                "phase": CampaignPhase.CLOSED.value,
                "closed_on": on.isoformat(),
                "stats": stats,
                **decisions,
            },
        )
    return campaign


# What the office may correct of the notice's facts after opening the campaign: kept in
# ``Campaign.notice_facts`` (with the notice's sentences, which stay) and in fields of its own.
FACT_KEYS = (
    "addressees",
    "recipient",
    "report_contents",
    "column_site",
    "assessment",
    "logo_required",
    "logo_on_photos",
)
FACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "column_title")


def campaign_set_facts(*, actor, campaign: Campaign, facts: dict, fields: dict) -> Campaign:
    """Correct the facts the notice stated (who must act, the recipient, the contact …): the
    office's, while the year is open; audited with what changed. ``facts`` are values of
    ``FACT_KEYS`` (a list for report_contents, booleans for the LOGO rules; empty means the
    notice is silent), ``fields`` of ``FACT_FIELDS``. The notice's sentences are kept."""
    unknown = (set(facts) - set(FACT_KEYS)) | (set(fields) - set(FACT_FIELDS))
    if unknown:
        raise ValueError(f"unknown facts: {sorted(unknown)}")
    require_manager(actor, campaign, "修改通知事项")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().select_related("region").get(pk=campaign.pk)
        require_open_year(locked, "修改通知事项")
        stored = dict(locked.notice_facts or {})
        before = {key: stored.get(key) for key in facts} | {
            name: getattr(locked, name) for name in fields
        }
        for key, value in facts.items():
            if value in (None, "", [], False):
                stored.pop(key, None)
            else:
                stored[key] = value
        for name, value in fields.items():
            setattr(locked, name, value)
        after = {key: stored.get(key) for key in facts} | {
            name: getattr(locked, name) for name in fields
        }
        changed = {key for key in after if after[key] != before[key]}
        if not changed:
            return locked
        locked.notice_facts = stored
        locked.full_clean(exclude=["region", "document", "logo"])
        locked.save()
        campaign_content_changed(locked)
        audit_record(
            actor=actor,
            action="campaign.set_facts",
            obj=locked,
            region=locked.region,
            before={key: before[key] for key in sorted(changed)},
            after={key: after[key] for key in sorted(changed)},
        )
    campaign.refresh_from_db()
    return campaign
