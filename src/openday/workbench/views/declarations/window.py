"""The office opens declarations: the deadline, whether a stamped scan is required, a note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.campaigns.selectors import plan_is_published
from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.declarations import services
from openday.declarations.forms import WindowForm
from openday.declarations.permissions import access_campaign_declarations
from openday.declarations.selectors import declaration_window
from openday.declarations.services.shared import campaign_rules


@require_http_methods(["GET", "POST"])
@login_required
def window_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.scope, slug, review=True)
    window = declaration_window(campaign)
    rules = campaign_rules(campaign)
    if request.method == "POST":
        form = WindowForm(request.POST)
        if form.is_valid():
            try:
                services.declaration_window_open(
                    actor=request.user, campaign=campaign, **form.cleaned_data
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "主题申报已开放，各单位联络员现在可以填报。")
                return redirect("staff:declaration-list", slug=slug)
        status = 400
    else:
        form = WindowForm(
            initial={
                "closes_on": window.closes_on
                if window
                else (rules.declaration_due_on if rules else None),
                "requires_stamp": window.requires_stamp if window else False,
                "note": window.note if window else "",
            }
        )
        status = 200
    return render(
        request,
        "declarations/window_edit.html",
        {
            "campaign": campaign,
            "window": window,
            "form": form,
            "published": plan_is_published(campaign),
            "nav": "home",
        },
        status=status,
    )
