"""Which channels reach a person, and where a webhook goes.

A person's own choice wins; while they follow their office (the default) the office's defaults
apply; with neither, only the inbox. A person's office is the office of the region of their
first membership (a liaison's unit's region, an admin's region).
"""

from dataclasses import dataclass

from django.conf import settings

from openday.orgs.models import Office
from openday.reminders.enums import Channel
from openday.reminders.models import NotificationPreference, OfficeNotificationSettings


def office_of(user) -> Office | None:
    membership = (
        user.memberships.select_related("region__office").order_by("pk").first()
        if user.pk
        else None
    )
    if membership is None:
        return None
    return getattr(membership.region, "office", None)


def office_settings(office: Office | None) -> OfficeNotificationSettings | None:
    if office is None:
        return None
    return OfficeNotificationSettings.objects.filter(office=office).first()


def preference_of(user) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user).first()


def channels_for(user) -> list[str]:
    preference = preference_of(user)
    if preference is not None and not preference.follow_office:
        return preference.channels
    defaults = office_settings(office_of(user))
    return defaults.channels if defaults is not None else [Channel.INBOX]


def mobile_of(user) -> str:
    preference = preference_of(user)
    return preference.mobile if preference is not None else ""


@dataclass(frozen=True)
class Endpoint:
    url: str
    secret: str


def webhook_endpoint(user) -> Endpoint:
    """The webhook of the user's office, or the deployment's (``OPENDAY_WEBHOOK_URL``)."""
    defaults = office_settings(office_of(user))
    if defaults is not None and defaults.webhook_url:
        return Endpoint(defaults.webhook_url, defaults.webhook_secret)
    return Endpoint(settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET)
