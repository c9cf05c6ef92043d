"""The inbox link in the staff header.

A page that knows the unread count passes ``inbox_unread``; elsewhere the count is fetched
after the page loads (``staff:unread``), so every staff page keeps its query count.
"""

from django import template

register = template.Library()


@register.inclusion_tag("reminders/inbox_link.html", takes_context=True)
def inbox_link(context):
    return {"unread": context.get("inbox_unread"), "nav": context.get("nav")}
