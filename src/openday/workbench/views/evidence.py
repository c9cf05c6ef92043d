"""The campaign's evidence pack (佐证材料包) as a streamed .zip download.

The campaign is reached through ``access_campaign`` (404 outside the user's regions); the
region's office and the superior viewers download it, a liaison gets 403. The pack is written
by ``reports.evidence`` while it is sent (``StreamingHttpResponse``), so a large campaign
never sits in memory. The assessment's .xlsx is added here: the assessment and the reports
are sibling layers, and only the front end sees both.
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.activities.permissions import reads_whole_region
from openday.assessment.enums import Criterion
from openday.assessment.selectors import campaign_assessment
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign
from openday.core.errors import PermissionDenied
from openday.core.http import disposition
from openday.reports.dashboard_export import rows_xlsx
from openday.reports.evidence import EvidencePart, evidence_chunks, evidence_filename
from openday.workbench.views.assessment import assessment_rows

ZIP = "application/zip"


def assessment_part(campaign: Campaign, *, today: dt.date) -> EvidencePart:
    """The assessment's .xlsx as the 考核 page exports it, rendered when the pack reaches it."""

    def render() -> bytes:
        result = campaign_assessment(campaign, today=today)
        header, rows = assessment_rows(result)
        return rows_xlsx(
            f"{result.title}得分表",
            header,
            rows,
            widths=[6, 22, 8, *([9] * len(Criterion)), 60],
            subtitle=f"考核截至{result.as_of:%Y-%m-%d}" + ("（已冻结）" if result.frozen else ""),
        )

    return EvidencePart(name="考核得分表.xlsx", label="考核得分表（.xlsx）", render=render)


def evidence_parts(campaign: Campaign, *, today: dt.date) -> list[EvidencePart]:
    """What the pack holds beyond what ``reports.evidence`` builds itself."""
    return [assessment_part(campaign, today=today)]


@require_safe
@login_required
def campaign_evidence(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    campaign = access_campaign(request.scope, slug)
    if not reads_whole_region(request.scope, campaign):
        raise PermissionDenied("佐证材料包仅公开办和上级公开办可以下载。")
    today = timezone.localdate()
    response = StreamingHttpResponse(
        evidence_chunks(campaign, today=today, parts=evidence_parts(campaign, today=today)),
        content_type=ZIP,
    )
    response.headers["Content-Disposition"] = disposition(
        evidence_filename(campaign), fallback=f"{campaign.slug}-evidence.zip"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
