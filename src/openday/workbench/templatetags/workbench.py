"""What staff pages need without each view passing it: the nav's first link and audit link,
and the one error summary of a page's forms."""

from django import template

from openday.core.forms import error_items
from openday.orgs.enums import Role
from openday.workbench.audit import can_read_audit
from openday.workbench.selectors.nav import home_label

register = template.Library()


@register.simple_tag(takes_context=True)
def home_link_label(context) -> str:
    """The nav's name for the first page: 待办, or 工作进度 for a read-only viewer."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return "待办"
    return home_label(request.scope)


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


@register.simple_tag(takes_context=True)
def office_region_slug(context) -> str:
    """The slug of the first region the user administers (for the nav's 单位 and 人员 links),
    empty for anyone else; read from the request's Scope, no query of its own."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    grants = request.scope.with_role(Role.OFFICE_ADMIN)
    return grants[0].region_slug if grants else ""


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, heading: str = "请修改以下内容", note: str = "", linked: bool = True):
    """``{% error_summary form formset heading="…" %}``: every error of the forms and
    formsets given (``None`` skipped), each linked to its field unless ``linked`` is false
    (the fields are not on the page); nothing when there is no error."""
    return {"errors": error_items(*forms, linked=linked), "heading": heading, "note": note}
