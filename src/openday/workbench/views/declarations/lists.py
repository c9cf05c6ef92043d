"""The campaign's declarations: the office and superior offices see every unit with its
declaration's state; a liaison sees their own units."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.declarations import selectors, services
from openday.declarations.permissions import (
    access_campaign_declarations,
    can_review,
    liaison_unit_ids,
    reads_all,
)
from openday.declarations.selectors import (
    declaration_counts,
    declaration_window,
    declarations_of_units,
)
from openday.workbench.views.declarations.rules import rule_lines


@require_safe
@login_required
def declaration_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.scope, slug)
    window = declaration_window(campaign)
    sees_all = reads_all(request.scope, campaign)
    own = liaison_unit_ids(request.scope, campaign)
    rows = selectors.declaration_list(campaign) if sees_all else []
    mine = declarations_of_units(campaign, own) if own else []
    return render(
        request,
        "declarations/declaration_list.html",
        {
            "campaign": campaign,
            "window": window,
            "rules": rule_lines(campaign, window),
            "rows": rows,
            "counts": declaration_counts(rows) if sees_all else None,
            "mine": mine,
            "sees_all": sees_all,
            "can_review": can_review(request.scope, campaign),
            "is_open": window is not None and campaign.phase in services.OPEN_PHASES,
            "past_due": window is not None and timezone.localdate() > window.closes_on,
            "nav": "home",
        },
    )
