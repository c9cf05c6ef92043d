"""One factory per model that tests build, in one module per app (``tests.factories.orgs``,
``…campaigns``, ``…activities``, ``…declarations``, ``…reminders``, ``…workdays``).
Regions and units get their materialised path and keys from the services that make them.

The common ones are re-exported here, so ``from tests.factories import CampaignFactory``
reads as before."""

from tests.factories.activities import (
    ActivityDeadlineFactory,
    ActivityFactory,
    ActivityFormFactory,
    ActivityHostFactory,
    ActivityReportFactory,
    MediaReportFactory,
    ReportAttendanceFactory,
)
from tests.factories.campaigns import CampaignFactory, CampaignFormFactory
from tests.factories.orgs import (
    MembershipFactory,
    OfficeFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

__all__ = [
    "ActivityDeadlineFactory",
    "ActivityFactory",
    "ActivityFormFactory",
    "ActivityHostFactory",
    "ActivityReportFactory",
    "CampaignFactory",
    "CampaignFormFactory",
    "MediaReportFactory",
    "MembershipFactory",
    "OfficeFactory",
    "RegionFactory",
    "ReportAttendanceFactory",
    "UnitFactory",
    "UserFactory",
]
