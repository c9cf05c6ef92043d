"""What staff pages need without each view passing it: the nav's audit link, and the one
error summary of a page's forms."""

from django import template

from openday.core.forms import error_items
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
        request._workbench_can_read_audit = can_read_audit(request.scope)
    return request._workbench_can_read_audit


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, heading: str = "请修改以下内容", note: str = "", linked: bool = True):
    """``{% error_summary form formset heading="…" %}``: every error of the forms and
    formsets given (``None`` skipped), each linked to its field unless ``linked`` is false
    (the fields are not on the page); nothing when there is no error."""
    return {"errors": error_items(*forms, linked=linked), "heading": heading, "note": note}
