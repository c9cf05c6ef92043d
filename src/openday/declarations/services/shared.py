"""What the declaration workflows share: the limits of what a unit may type, the phases in
which it may declare, and the checks of who acts."""

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.selectors import plan_is_published
from openday.core.errors import DomainError, PermissionDenied
from openday.declarations.models import DeclarationWindow
from openday.declarations.permissions import can_review, is_liaison_of
from openday.orgs.models import Unit

MAX_ITEMS = 20
TITLE_MAX = 300
BRIEF_MAX = 2000
FORM_MAX = 40
CONTACT_MAX = 40
COMMENT_MAX = 2000
# Phases in which units may declare; once the plan is published the window is over.
OPEN_PHASES = (CampaignPhase.DECLARATION, CampaignPhase.PLANNING)


def campaign_rules(campaign: Campaign):
    return getattr(campaign, "rules", None)


def campaign_categories(campaign: Campaign) -> list[str]:
    rules = campaign_rules(campaign)
    return list(rules.declaration_categories) if rules else []


def person(actor):
    """The signed-in person acting, or None for the system."""
    return actor if actor is not None and actor.is_authenticated else None


def require_office(actor, campaign: Campaign, what: str) -> None:
    if actor is not None and not can_review(actor, campaign):
        raise PermissionDenied(f"您不是{campaign.region.name}政务公开办的管理员，不能{what}。")


def require_liaison(actor, unit: Unit, what: str) -> None:
    if actor is not None and not is_liaison_of(actor, unit):
        raise PermissionDenied(f"您不是{unit.name}的联络员，不能{what}。")


def open_window(campaign: Campaign) -> DeclarationWindow:
    """The campaign's window, refusing when units may not declare (not yet, or no more)."""
    window = DeclarationWindow.objects.filter(campaign=campaign).first()
    if plan_is_published(campaign):
        raise DomainError("计划已发布，主题申报已结束。")
    if window is None or campaign.phase not in OPEN_PHASES:
        raise DomainError(f"{campaign.region.name}尚未开放主题申报。")
    return window


def require_planning(campaign: Campaign, what: str) -> None:
    """Refuse ``what`` unless the plan is still being made (declaring or planning)."""
    if plan_is_published(campaign):
        raise DomainError(f"计划已发布，不能再{what}。")
    if campaign.phase not in OPEN_PHASES:
        raise DomainError(f"{campaign.region.name}尚未开放主题申报，不能{what}。")
