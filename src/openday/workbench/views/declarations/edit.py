"""The liaison's form (申报表): the items as rows, contact, phone and the stamped scan.

"保存草稿" saves a draft; "提交申报" saves and submits in one go, or, when refused, writes
nothing. A refusal comes back on the page (400) with one summary, every problem at its field
and what was typed kept; a row ticked 删除此项 drops out when the form is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.declarations import services
from openday.declarations.enums import EDITABLE_STATES, DeclarationState
from openday.declarations.forms import DeclarationForm, item_formset
from openday.declarations.models import Declaration
from openday.declarations.permissions import access_unit_for_declaring
from openday.declarations.selectors import declaration_items, declaration_window
from openday.declarations.services.shared import campaign_categories, campaign_rules
from openday.reports.declaration_export import form_title
from openday.workbench.views.declarations.rules import rule_lines


def _initial_items(declaration: Declaration | None, wanted: int | None) -> list[dict]:
    items = list(declaration_items(declaration)) if declaration else []
    initial = [
        {
            "title": item.title,
            "month_start": item.month_start,
            "month_end": item.month_end if item.month_end != item.month_start else None,
            "form_text": item.form_text,
            "category": item.category,
            "brief": item.brief,
        }
        for item in items
    ]
    # A fixed count shows exactly that many rows; otherwise two blank rows to add themes in.
    rows = max(wanted, len(initial)) if wanted else len(initial) + 2
    rows = min(rows, services.MAX_ITEMS)
    return initial + [{}] * (rows - len(initial))


@require_http_methods(["GET", "POST"])
@login_required
def declaration_edit(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    campaign, unit = access_unit_for_declaring(request.scope, slug, unit_id)
    declaration = Declaration.objects.filter(campaign=campaign, unit=unit).first()
    window = declaration_window(campaign)
    categories = campaign_categories(campaign)
    rules = campaign_rules(campaign)
    wanted = rules.declaration_themes_per_unit if rules else None
    editable = (
        window is not None
        and campaign.phase in services.OPEN_PHASES
        and (declaration is None or declaration.state in EDITABLE_STATES)
    )
    requires_stamp = bool(window and window.requires_stamp)
    status = 200
    submitting = request.POST.get("action") == "submit"
    if request.method == "POST":
        form = DeclarationForm(request.POST, request.FILES, requires_stamp=requires_stamp)
        formset = item_formset(campaign, categories, data=request.POST)
        if form.is_valid() and formset.is_valid():
            items, positions = formset.items()
            # The service numbers the items it was given; these are their rows on the page.
            rows = [formset.forms[position] for position in positions]
            head = {
                "contact_person": form.cleaned_data["contact_person"],
                "phone": form.cleaned_data["phone"],
                "items": items,
                "stamp": form.cleaned_data["stamp"],
            }
            try:
                if submitting:
                    # Saved and submitted together, or nothing written: a refusal keeps the
                    # stored draft as it was and the page as typed.
                    declaration = services.declaration_hand_in(
                        actor=request.user,
                        campaign=campaign,
                        unit=unit,
                        today=timezone.localdate(),
                        **head,
                    )
                else:
                    declaration = services.declaration_save(
                        actor=request.user, campaign=campaign, unit=unit, **head
                    )
            except DomainError as error:
                add_domain_error(form, error, rows=rows)
            else:
                if not submitting:
                    messages.success(request, "草稿已保存，尚未提交。")
                    return redirect("staff:declaration-edit", slug=slug, unit_id=unit.pk)
                messages.success(request, "主题申报已提交，请等待政务公开办审核。")
                return redirect("staff:declaration-detail", slug=slug, pk=declaration.pk)
        status = 400
    else:
        form = DeclarationForm(
            initial={
                "contact_person": declaration.contact_person if declaration else "",
                "phone": declaration.phone if declaration else "",
            },
            requires_stamp=requires_stamp,
        )
        formset = item_formset(campaign, categories, initial=_initial_items(declaration, wanted))
    return render(
        request,
        "declarations/declaration_edit.html",
        {
            "campaign": campaign,
            "unit": unit,
            "declaration": declaration,
            "window": window,
            "rules": rule_lines(campaign, window),
            "editable": editable,
            "form": form,
            "formset": formset,
            "error_heading": (
                "申报未能提交，未保存任何改动，请修改以下内容"
                if submitting
                else "草稿未能保存，请修改以下内容"
            ),
            "title": form_title(campaign),
            # A draft can still be saved after the deadline; only a returned one goes in again.
            "past_due": window is not None
            and timezone.localdate() > window.closes_on
            and (declaration is None or declaration.state == DeclarationState.DRAFT),
            "nav": "home",
        },
        status=status,
    )
