"""The to-do page: the first page after login, one section per role the user holds.

``today`` is read here and handed down to the selectors.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.workbench.selectors import STATE_COLUMNS, todo_for


@require_safe
@login_required
def todo(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = todo_for(request.scope, today)
    return render(
        request,
        "workbench/todo.html",
        {
            "todo": page,
            "today": today,
            "state_columns": [label for label, _states in STATE_COLUMNS],
            "can_read_audit": page.roles.can_read_audit,
            "nav": "todo",
        },
    )
