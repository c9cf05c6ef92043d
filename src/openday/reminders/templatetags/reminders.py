"""The inbox link in the staff header, and the send log's words for an occasion key.

A page that knows the unread count passes ``inbox_unread``; elsewhere the count is fetched
after the page loads (``staff:unread``), so every staff page keeps its query count.
"""

from django import template

from openday.reminders.occasions import occasion_label

register = template.Library()

# ``{{ notification.occasion|occasion_label }}``: "活动材料审核通过通知".
register.filter("occasion_label", occasion_label)


@register.inclusion_tag("reminders/inbox_link.html", takes_context=True)
def inbox_link(context):
    return {"unread": context.get("inbox_unread"), "nav": context.get("nav")}
