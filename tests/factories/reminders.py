"""Factories of ``openday.reminders``: notices, their deliveries, people's and offices'
channel choices."""

import factory

from openday.reminders.enums import Channel, DeliveryState
from openday.reminders.models import (
    Delivery,
    Notification,
    NotificationPreference,
    OfficeNotificationSettings,
)
from tests.factories.orgs import OfficeFactory, UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    occasion = factory.Sequence(lambda n: f"test:{n}")
    title = "报备即将到期"


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    notification = factory.SubFactory(NotificationFactory)
    channel = Channel.INBOX
    state = DeliveryState.PENDING


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    follow_office = False


class OfficeNotificationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeNotificationSettings

    office = factory.SubFactory(OfficeFactory)
