"""One declaration, and the office's review of it: accept, or return it to the unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.declarations import services
from openday.declarations.enums import EDITABLE_STATES, DeclarationState
from openday.declarations.forms import ReviewForm
from openday.declarations.models import Declaration
from openday.declarations.permissions import access_declaration, can_review, is_liaison_of
from openday.declarations.selectors import declaration_items
from openday.declarations.services.shared import campaign_categories
from openday.reports.declaration_export import form_title
from openday.workbench.views.declarations.downloads import EXPORTS

REVIEW_ACTIONS = {"accept": services.declaration_accept, "return": services.declaration_return}


def _review_forms(declaration: Declaration, failed: ReviewForm | None) -> list[ReviewForm]:
    actions = {
        DeclarationState.SUBMITTED: ["accept", "return"],
        DeclarationState.ACCEPTED: ["return"],
    }.get(declaration.state, [])
    if declaration.campaign.phase not in services.OPEN_PHASES:
        actions = []
    return [
        failed if failed is not None and failed.action == action else ReviewForm(action=action)
        for action in actions
    ]


def _render_detail(
    request: HttpRequest, declaration: Declaration, *, failed=None, status=200
) -> HttpResponse:
    campaign = declaration.campaign
    reviewing = can_review(request.scope, campaign)
    reviewer = declaration.reviewer
    return render(
        request,
        "declarations/declaration_detail.html",
        {
            "campaign": campaign,
            "declaration": declaration,
            "items": declaration_items(declaration),
            "has_categories": bool(campaign_categories(campaign)),
            "title": form_title(campaign),
            "review_forms": _review_forms(declaration, failed) if reviewing else [],
            "reviewer_label": (reviewer.get_full_name() or reviewer.get_username())
            if reviewer
            else "系统",
            "failed": failed,
            "can_edit": declaration.state in EDITABLE_STATES
            and is_liaison_of(request.scope, declaration.unit),
            "export_formats": list(EXPORTS),
            "nav": "home",
        },
        status=status,
    )


@require_safe
@login_required
def declaration_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _render_detail(request, access_declaration(request.scope, slug, pk))


@require_POST
@login_required
def declaration_review(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    service = REVIEW_ACTIONS.get(action)
    if service is None:
        raise Http404("没有这项审核操作。")
    declaration = access_declaration(request.scope, slug, pk, review=True)
    form = ReviewForm(request.POST, action=action)
    if form.is_valid():
        try:
            service(
                actor=request.user,
                declaration=declaration,
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            done = "已采纳" if action == "accept" else "已退回该单位修改"
            messages.success(request, f"{declaration.unit.name}的主题申报{done}。")
            return redirect("staff:declaration-list", slug=slug)
    return _render_detail(request, declaration, failed=form, status=400)
