"""Named reads of the assessment: a campaign's, frozen when its year closed, else computed."""

import datetime as dt

from openday.assessment.models import AssessmentSnapshot
from openday.assessment.scoring import Assessment, as_of, assess
from openday.campaigns.models import Campaign


def campaign_assessment(campaign: Campaign, *, today: dt.date) -> Assessment:
    """The stored scores of a closed year (computed as it closed); else the scores as of
    ``today`` (a closed year without stored scores — closed before they were kept — is
    computed as of the day it closed)."""
    snapshot = AssessmentSnapshot.objects.filter(campaign=campaign).first()
    if snapshot is not None:
        return Assessment.from_dict(snapshot.data)
    return assess(campaign, today=as_of(campaign, today))
