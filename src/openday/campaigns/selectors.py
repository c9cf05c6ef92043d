"""Named reads of campaigns: what the public column may show, and what staff lists need."""

from django.db.models import Count, Q, QuerySet

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import campaigns_visible_to

# Phases whose plan table is published; earlier public phases show "计划编制中" instead.
PLAN_PUBLISHED_PHASES = (CampaignPhase.RUNNING, CampaignPhase.CLOSED)
# A draft campaign is the office's own business: the public sees no trace of it.
PUBLIC_PHASES = (
    CampaignPhase.DECLARATION,
    CampaignPhase.PLANNING,
    CampaignPhase.RUNNING,
    CampaignPhase.CLOSED,
)


def public_campaigns() -> QuerySet[Campaign]:
    """Every campaign the public may see, grouped by region (tree order), newest year first."""
    return (
        Campaign.objects.filter(phase__in=PUBLIC_PHASES)
        .select_related("region", "region__parent")
        # The notice's full text is never shown here and would ride on every hot-path read.
        .defer("source_text")
        .order_by("region__path", "-year")
    )


def public_campaign_by_slug(slug: str) -> Campaign | None:
    """The campaign behind a public column URL, or None when there is none or it is a draft."""
    return public_campaigns().filter(slug=slug).first()


def public_years(campaign: Campaign) -> QuerySet[Campaign]:
    """The public campaigns of ``campaign``'s region (itself included), newest year first: the
    years each column links to."""
    return (
        Campaign.objects.filter(region_id=campaign.region_id, phase__in=PUBLIC_PHASES)
        .only("slug", "year", "phase", "region_id")
        .order_by("-year")
    )


def plan_is_published(campaign: Campaign) -> bool:
    return campaign.phase in PLAN_PUBLISHED_PHASES


def campaign_list_for_user(user) -> QuerySet[Campaign]:
    """The campaigns a staff user may read, with their activity counts."""
    return (
        campaigns_visible_to(user)
        .select_related("region__parent")
        .annotate(activity_count=Count("activities", filter=Q(activities__lead__isnull=True)))
        .order_by("-year", "region__path")
    )
