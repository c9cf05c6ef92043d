"""Staff views of activities: the activity page and its small actions (``detail``), the pages
of filing, the notice and the report (``pages``), file downloads (``files``) and the
campaign's materials for units (``materials``)."""

from openday.activities.views.detail import activity_detail, activity_transition
from openday.activities.views.files import (
    activity_attachment,
    activity_filing_document,
    activity_photo,
    activity_video,
)
from openday.activities.views.materials import campaign_logo, campaign_materials
from openday.activities.views.pages import (
    activity_announce_page,
    activity_file_page,
    activity_report_page,
)

__all__ = [
    "activity_announce_page",
    "activity_attachment",
    "activity_detail",
    "activity_file_page",
    "activity_filing_document",
    "activity_photo",
    "activity_report_page",
    "activity_transition",
    "activity_video",
    "campaign_logo",
    "campaign_materials",
]
