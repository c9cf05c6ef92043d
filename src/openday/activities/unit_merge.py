"""What a unit merge (``orgs.services.unit_merge``) moves of the plan: the activities it hosts.

Registered from ``ActivitiesConfig.ready``; runs inside the merge's transaction.
"""

from openday.activities.models import ActivityHost
from openday.orgs.models import Unit


def hosts_move_unit(source: Unit, kept: Unit) -> dict[str, int]:
    """``source``'s hosts become ``kept``'s; where an activity already has ``kept`` as a host,
    the duplicate goes. The text as written stays."""
    both = ActivityHost.objects.filter(unit=kept).values("activity_id")
    dropped, _ = ActivityHost.objects.filter(unit=source, activity_id__in=both).delete()
    moved = ActivityHost.objects.filter(unit=source).update(unit=kept)
    return {"hosts": moved + dropped}
