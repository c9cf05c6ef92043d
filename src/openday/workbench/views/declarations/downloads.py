"""Declaration downloads: one declaration as .xlsx/.docx, all of them as .xlsx, and the
stamped scan a unit uploaded."""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from openday.core.http import DOCX, XLSX, download, stream
from openday.declarations.permissions import access_all_declarations, access_declaration
from openday.reports.declaration_export import declaration_table, declarations_table
from openday.reports.renderers import render_docx, render_xlsx

EXPORTS = {"xlsx": (render_xlsx, XLSX), "docx": (render_docx, DOCX)}


@require_safe
@login_required
def declaration_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    declaration = access_declaration(request.scope, slug, pk)
    renderer, content_type = EXPORTS[fmt]
    return download(
        renderer(declaration_table(declaration)),
        content_type=content_type,
        filename=f"{declaration.unit.name}-主题申报表.{fmt}",
        fallback=f"{slug}-declaration-{declaration.pk}.{fmt}",
    )


@require_safe
@login_required
def declaration_export_all(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_all_declarations(request.scope, slug)
    table = declarations_table(campaign)
    return download(
        render_xlsx(table),
        content_type=XLSX,
        filename=f"{table.title}.xlsx",
        fallback=f"{slug}-declarations.xlsx",
    )


@require_safe
@login_required
def declaration_stamp(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    declaration = access_declaration(request.scope, slug, pk)
    if not declaration.stamp:
        raise Http404("该申报没有上传盖章申报表。")
    name = declaration.stamp_name or f"stamp{PurePath(declaration.stamp.name).suffix.lower()}"
    return stream(declaration.stamp, filename=name, attachment=True)
