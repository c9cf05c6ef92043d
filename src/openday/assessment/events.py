"""What the assessment does when the domain announces something (``core.audit.on_action``,
registered in ``apps.AssessmentConfig.ready``): when a year closes, its scores are frozen."""

from openday.assessment.services import assessment_freeze
from openday.campaigns.models import Campaign
from openday.core.models import AuditEntry


def on_campaign_close(entry: AuditEntry) -> None:
    campaign = Campaign.objects.select_related("region", "rules").filter(pk=entry.object_id).first()
    if campaign is not None:
        assessment_freeze(campaign=campaign)


LISTENERS = {"campaign.close": on_campaign_close}
