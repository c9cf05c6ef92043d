"""The campaign's rules page: every rule, each beside the sentence of the notice it came from.

Whoever may see the campaign reads it; the region's office admin changes it
(``campaign_set_rules``: all or nothing, audited; open deadlines move in the same
transaction). The sentences are read again from the notice text the campaign keeps
(``Campaign.source_text``) by the notice reader, at render time: nothing about them is stored.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.forms import CampaignFactsForm, CampaignRulesForm
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign, can_manage_campaign
from openday.campaigns.services import campaign_set_facts, campaign_set_rules
from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import add_domain_error
from openday.importers.notice import notice_sources
from openday.importers.notice.campaign import document_label
from openday.workbench.views.campaigns import rule_lines

NOT_SET = "未规定"
NOT_STATED = "通知未写明"


@dataclass(frozen=True)
class Section:
    """A rule as the page groups it: its fields, and the facts of the notice behind it."""

    label: str
    fields: tuple[str, ...]
    sources: tuple[str, ...] = ()


SECTIONS = (
    Section("方案报备", ("filing_lead_days", "filing_lead_unit"), ("filing_lead",)),
    Section("材料报送", ("report_due_days", "report_due_unit"), ("report_due",)),
    Section("媒体宣传", ("publicity_due_days", "publicity_due_unit"), ("publicity_due",)),
    Section("确认开展", ("hold_confirm_days", "hold_confirm_unit")),
    Section("截止提醒", ("remind_before_workdays",)),
    Section("现场工作人员", ("min_staff",), ("min_staff",)),
    Section("会标", ("banner_templates",), ("banner_templates",)),
    Section("现场标识", ("site_requirements",), ("site_requirements",)),
    Section("活动预告审核", ("notice_review_required",)),
    Section(
        "主题申报",
        ("declaration_themes_per_unit", "declaration_required_kinds", "declaration_due_on"),
        ("declaration", "declaration_due_on"),
    ),
    Section("主题类别", ("declaration_categories",)),
)


@dataclass(frozen=True)
class FactRow:
    """A fact of the notice the campaign keeps (``Campaign.notice_facts`` and its fields)."""

    label: str
    value: str
    sentence: str


def _yes(value) -> str:
    return "是" if value else ""


def fact_rows(campaign: Campaign) -> list[FactRow]:
    """Each fact the notice stated, with the sentence it was read from (stored when opened)."""
    facts = campaign.notice_facts or {}
    sources = facts.get("sources", {})
    contact = "，".join(
        v for v in (campaign.contact_name, campaign.contact_phone, campaign.contact_email) if v
    )
    rows = [
        ("addressees", "主送单位", facts.get("addressees", "")),
        (
            "theme_areas",
            "主题方向",
            "、".join(campaign.rules.declaration_categories) if hasattr(campaign, "rules") else "",
        ),
        ("starts_on", "活动起始", campaign.starts_on.isoformat() if campaign.starts_on else ""),
        ("report_contents", "活动材料包含", "、".join(facts.get("report_contents", []))),
        ("recipient", "方案和材料报送至", facts.get("recipient", "")),
        ("contact", "联系人", contact),
        ("column_name", "专栏名称", campaign.column_title),
        ("column_site", "专栏所在网站", facts.get("column_site", "")),
        ("logo_required", "统一LOGO", _yes(facts.get("logo_required"))),
        ("logo_on_photos", "图片体现LOGO", _yes(facts.get("logo_on_photos"))),
        ("assessment", "纳入考核", facts.get("assessment", "")),
        (
            "basis_documents",
            "依据文件",
            "；".join(map(document_label, facts.get("basis_documents", []))),
        ),
    ]
    return [
        FactRow(label=label, value=value or NOT_STATED, sentence=sources.get(key, ""))
        for key, label, value in rows
    ]


@dataclass(frozen=True)
class RuleRow:
    label: str
    value: str
    fields: list[BoundField]
    # The notice's sentences behind the rule; ``from_notice`` is False for a rule the notice
    # does not set (the reminder lead, the review of notices: the platform's own).
    sentences: list[str]
    from_notice: bool


def _values(campaign: Campaign) -> dict[str, str]:
    rules = getattr(campaign, "rules", None)
    values = dict(rule_lines(rules, campaign.year))
    reviewed = rules is None or rules.notice_review_required
    values["活动预告审核"] = "须经政务公开办审核后公开" if reviewed else "提交后直接公开"
    if rules is not None and "截止提醒" not in values:
        values["截止提醒"] = f"截止前 {rules.remind_before_workdays} 个工作日（未设期限时不提醒）"
    return values


def rule_rows(campaign: Campaign, form: CampaignRulesForm) -> list[RuleRow]:
    found = notice_sources(campaign.source_text)
    values = _values(campaign)
    return [
        RuleRow(
            label=section.label,
            value=values.get(section.label, NOT_SET),
            fields=[form[name] for name in section.fields],
            sentences=list(dict.fromkeys(found[key] for key in section.sources if key in found)),
            from_notice=bool(section.sources),
        )
        for section in SECTIONS
    ]


@login_required
@require_http_methods(["GET", "POST"])
def campaign_rules(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    can_edit = can_manage_campaign(request.scope, campaign)
    rules = getattr(campaign, "rules", None)
    form = CampaignRulesForm(request.POST or None, rules=rules)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("只有本地区政务公开办的管理员可以修改活动规则。")
        if form.is_valid():
            try:
                campaign_set_rules(actor=request.user, campaign=campaign, **form.rules())
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "活动规则已保存；尚未完成的办理期限已按新规则重新计算。")
                return redirect("staff:campaign-rules", slug=campaign.slug)
    return render(
        request,
        "campaigns/campaign_rules.html",
        {
            "campaign": campaign,
            "form": form,
            "rows": rule_rows(campaign, form),
            "facts": fact_rows(campaign),
            "can_edit": can_edit and campaign.phase != CampaignPhase.CLOSED,
            "has_source": bool(campaign.source_text.strip()),
            "nav": "campaigns",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_facts(request: HttpRequest, slug: str) -> HttpResponse:
    """修改通知事项: the office corrects what the notice stated (the contact on 附件2, who
    must act, the recipient …) after the campaign was opened; the notice's sentences stay."""
    campaign = access_campaign(request.scope, slug)
    if not can_manage_campaign(request.scope, campaign):
        raise PermissionDenied("只有本地区政务公开办的管理员可以修改通知事项。")
    if campaign.phase == CampaignPhase.CLOSED:
        raise PermissionDenied("本年度已结束，通知事项不能再修改。")
    data = request.POST if request.method == "POST" else None
    form = CampaignFactsForm(data, initial=CampaignFactsForm.initial_of(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            campaign_set_facts(actor=request.user, campaign=campaign, **form.arguments())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "通知事项已保存。")
            return redirect("staff:campaign-rules", slug=campaign.slug)
    return render(
        request,
        "campaigns/campaign_facts.html",
        {"campaign": campaign, "form": form, "nav": "campaigns"},
        status=400 if request.method == "POST" else 200,
    )
