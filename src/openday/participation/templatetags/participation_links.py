"""``{% participation_links campaign activity %}``: the links a public notice shows to the
activity's sign-up (while it is enabled and the activity is announced) and to its opinions.

The notice page is cached under the campaign's content version: enabling or closing sign-up
bumps it (``signup_settings_save``), so the link follows; a deadline passing does not, and the
sign-up page itself then says it closed.
"""

from django import template

from openday.participation.models import SignupSettings
from openday.participation.selectors import SIGNUP_STATES

register = template.Library()


@register.inclusion_tag("portal/participation/_notice_links.html")
def participation_links(campaign, activity) -> dict:
    enabled = (
        activity.state in SIGNUP_STATES
        and SignupSettings.objects.filter(activity=activity, enabled=True).exists()
    )
    return {"campaign": campaign, "activity": activity, "signup_enabled": enabled}
