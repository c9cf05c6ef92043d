"""Words and links shared by the notices about an activity (``events``, ``jobs.deadlines``)."""

from django.urls import reverse

from openday.activities.models import Activity


def activity_named(activity: Activity) -> str:
    """「《campaign title》第N项“activity title”」."""
    return f"《{activity.campaign.title}》第{activity.seq}项“{activity.title}”"


def activity_link(activity: Activity) -> str:
    """The activity's staff page."""
    return reverse(
        "staff:activity-detail", kwargs={"slug": activity.campaign.slug, "seq": activity.seq}
    )
