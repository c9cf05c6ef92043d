"""Keeps the column's cached pages in step with the region's website furniture.

The footer (主办单位, 备案号, 纠错 …) is part of every cached column, notice and report page,
whose cache keys and ETags carry the campaign's ``content_version``. When the office changes
the furniture (``orgs.website.region_website_set``, audited as ``region.website_set``), this
listener bumps the version of each of the region's campaigns after the change commits, so
visitors get the new footer at once and never a stale page from a conditional GET.
"""

from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_content_changed
from openday.core.models import AuditEntry

WEBSITE_ACTION = "region.website_set"


def refresh_region_columns(entry: AuditEntry) -> None:
    # A region has one campaign a year: a handful of rows.
    for campaign in Campaign.objects.filter(region_id=entry.region_id).only("pk"):
        campaign_content_changed(campaign)
