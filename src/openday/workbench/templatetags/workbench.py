"""What the staff layout needs on every page without each view passing it."""

from django import template

from openday.workbench.audit import can_read_audit

register = template.Library()


@register.simple_tag(takes_context=True)
def audit_link_visible(context) -> bool:
    """Whether the nav shows 操作记录. A view that already knows says so in
    ``can_read_audit``; otherwise it is asked once per request."""
    if "can_read_audit" in context:
        return bool(context["can_read_audit"])
    request = context.get("request")
    if request is None:
        return False
    if not hasattr(request, "_workbench_can_read_audit"):
        request._workbench_can_read_audit = can_read_audit(request.user)
    return request._workbench_can_read_audit
