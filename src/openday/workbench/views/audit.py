"""The audit log (操作记录): a filtered, paged list and its CSV export, for office admins.

Reading and filtering the entries is ``workbench.audit``'s; the views parse the filter and
render or stream. The page applies the valid part of a filter and lists what it ignored; the
export refuses a filter with any error (a date outside 2000–2100, say) and shows the page
with the reasons instead, so a download is never silently emptier than what was asked for.
"""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.core.http import CSV, disposition
from openday.core.text import csv_cell
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

AUDIT_PAGE_SIZE = 50


def _audit_query(request: HttpRequest):
    if not can_read_audit(request.scope):
        raise PermissionDenied("只有政务公开办管理员可以查看操作记录。")
    visible = audit_entries_for(request.scope)
    form = AuditFilterForm(request.GET, choices=audit_filter_choices(visible))
    return form, audit_entries_filtered(visible, form.audit_filter())


@require_safe
@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form, entries = _audit_query(request)
    return _list_page(request, form, entries)


def _list_page(
    request: HttpRequest, form, entries, *, export_refused: bool = False
) -> HttpResponse:
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": entry_rows(page.object_list),
            "show_region": request.scope.is_superuser,
            "can_read_audit": True,
            "nav": "audit",
            "export_refused": export_refused,
        },
        status=400 if export_refused else 200,
    )


class _Echo:
    """A file-like sink for ``csv.writer`` that hands each line back to be streamed."""

    def write(self, value: str) -> str:
        return value


@require_safe
@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    form, entries = _audit_query(request)
    if form.errors:
        return _list_page(request, form, entries, export_refused=True)
    writer = csv.writer(_Echo())

    def lines():
        # A BOM first, so Excel opens the Chinese as UTF-8.
        yield "\ufeff" + writer.writerow(EXPORT_HEADER)
        for row in export_rows(entries):
            # Names, titles and comments are typed by people: none may run as a formula.
            yield writer.writerow([csv_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type=CSV)
    today = timezone.localdate()
    response.headers["Content-Disposition"] = disposition(
        f"操作记录-{today:%Y%m%d}.csv", fallback=f"audit-{today:%Y%m%d}.csv"
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
