"""A questionnaire's one-time phone code, sent through the region office's SMS webhook.

``participation`` sits below ``reminders`` and never imports it: it hands the message to the
senders registered with ``participation.questionnaires_phone.on_phone_code``, and
``RemindersConfig.ready`` registers ``send_phone_code``. The code goes out at once (the person
waits for it), on the same signed webhook as the staff's SMS reminders (``channels``), to
the gateway of the questionnaire's region office or the deployment's. No notification or
delivery row is written: the public has no inbox, and the code must not be stored.
"""

import logging
import secrets

from django.conf import settings
from django.utils import timezone

from openday.orgs.models import Office
from openday.participation.questionnaires_phone import PhoneCodeMessage
from openday.reminders import channels
from openday.reminders.preferences import Endpoint, office_settings

logger = logging.getLogger(__name__)


def endpoint_of_region(region_id: int) -> Endpoint:
    defaults = office_settings(Office.objects.filter(region_id=region_id).first())
    if defaults is not None and defaults.webhook_url:
        return Endpoint(defaults.webhook_url, defaults.webhook_secret)
    return Endpoint(settings.OPENDAY_WEBHOOK_URL, settings.OPENDAY_WEBHOOK_SECRET)


def send_phone_code(message: PhoneCodeMessage) -> bool:
    endpoint = endpoint_of_region(message.region_id)
    outgoing = channels.Message(
        # No delivery row: an id of its own per code, so a gateway that drops repeats of one
        # delivery never drops a new code.
        delivery_id=secrets.randbits(52),
        notification_id=0,
        occasion=message.occasion,
        title="问卷填写验证码",
        body=message.text,
        link="",
        item="participation.questionnaire",
        recipient_username="",
        recipient_name="",
        email="",
        mobile=message.phone,
        created_at=timezone.now().isoformat(),
    )
    try:
        channels.send_webhook(outgoing, url=endpoint.url, secret=endpoint.secret)
    except channels.DeliveryError as error:
        logger.warning(
            "phone code %s not sent: %s (%s)", message.occasion, error.message, error.detail
        )
        return False
    return True
