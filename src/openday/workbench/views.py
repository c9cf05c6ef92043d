"""Staff pages of the workbench: the to-do page (the first page after login) and the audit log.

Views parse input, call the selectors and render; ``today`` is read here and handed down.
"""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.campaigns.views import attachment_disposition
from openday.workbench.audit import (
    EXPORT_HEADER,
    audit_entries_filtered,
    audit_entries_for,
    audit_filter_choices,
    can_read_audit,
    entry_rows,
    export_rows,
)
from openday.workbench.forms import AuditFilterForm
from openday.workbench.selectors import STATE_COLUMNS, todo_for

AUDIT_PAGE_SIZE = 50


@require_safe
@login_required
def todo(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = todo_for(request.user, today)
    return render(
        request,
        "workbench/todo.html",
        {
            "todo": page,
            "today": today,
            "state_columns": [label for label, _states in STATE_COLUMNS],
            "can_read_audit": page.scope.can_read_audit,
            "nav": "todo",
        },
    )


def _audit_query(request: HttpRequest):
    if not can_read_audit(request.user):
        raise PermissionDenied("只有政务公开办管理员可以查看操作记录。")
    visible = audit_entries_for(request.user)
    form = AuditFilterForm(request.GET, choices=audit_filter_choices(visible))
    return form, audit_entries_filtered(visible, form.audit_filter())


@require_safe
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form, entries = _audit_query(request)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": entry_rows(page.object_list),
            "show_region": request.user.is_superuser,
            "can_read_audit": True,
            "nav": "audit",
        },
    )


class _Echo:
    """A file-like sink for ``csv.writer`` that hands each line back to be streamed."""

    def write(self, value: str) -> str:
        return value


@require_safe
@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, entries = _audit_query(request)
    writer = csv.writer(_Echo())

    def lines():
        # A BOM first, so Excel opens the Chinese as UTF-8.
        yield "\ufeff" + writer.writerow(EXPORT_HEADER)
        for row in export_rows(entries):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    today = timezone.localdate()
    response.headers["Content-Disposition"] = attachment_disposition(
        f"操作记录-{today:%Y%m%d}.csv", f"audit-{today:%Y%m%d}.csv"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
