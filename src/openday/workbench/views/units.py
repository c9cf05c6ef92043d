"""The office's own units: the list, add, edit (rename, kind, aliases), deactivate or
reactivate, and merge one unit into another. Only the region's office admins (and the
superuser) reach them (``orgs.permissions.access_region_admin``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.orgs import services
from openday.orgs.forms import ActiveForm, UnitForm, UnitMergeForm
from openday.orgs.models import Unit
from openday.orgs.permissions import access_region_admin, access_unit
from openday.orgs.selectors import units_of_region

NAV = "units"


@require_safe
@login_required
def unit_list(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_admin(request.scope, region_slug)
    units = list(units_of_region(region))
    return render(
        request,
        "orgs/unit_list.html",
        {
            "region": region,
            "units": units,
            "active_count": sum(unit.is_active for unit in units),
            "without_liaison": sum(unit.is_active and not unit.liaison_count for unit in units),
            "nav": NAV,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_create(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_admin(request.scope, region_slug)
    form = UnitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=request.user,
                region=region,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                aliases=tuple(form.alias_list()),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"已添加单位“{unit.name}”。")
            return redirect("staff:unit-list", region_slug=region.slug)
    return render(
        request,
        "orgs/unit_create.html",
        {"region": region, "form": form, "nav": NAV},
        status=400 if form.errors else 200,
    )


def _edit_form(unit: Unit, data=None) -> UnitForm:
    aliases = [alias.alias for alias in unit.aliases.order_by("alias") if alias.alias != unit.name]
    return UnitForm(
        data, initial={"name": unit.name, "kind": unit.kind, "aliases": "\n".join(aliases)}
    )


def _render_edit(request, unit: Unit, *, form=None, problem: str = "", status=200) -> HttpResponse:
    return render(
        request,
        "orgs/unit_edit.html",
        {
            "region": unit.region,
            "unit": unit,
            "form": form or _edit_form(unit),
            "problem": problem,
            "liaisons": unit.memberships.select_related("user").order_by("user__username"),
            "nav": NAV,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_edit(request: HttpRequest, region_slug: str, unit_id: int) -> HttpResponse:
    unit = access_unit(request.scope, region_slug, unit_id)
    if request.method != "POST":
        return _render_edit(request, unit)
    form = _edit_form(unit, request.POST)
    if form.is_valid():
        try:
            unit = services.unit_update(
                actor=request.user,
                unit=unit,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                aliases=form.alias_list(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"单位“{unit.name}”已保存。")
            return redirect("staff:unit-edit", region_slug=region_slug, unit_id=unit.pk)
    return _render_edit(request, unit, form=form, status=400)


@require_POST
@login_required
def unit_active(request: HttpRequest, region_slug: str, unit_id: int) -> HttpResponse:
    unit = access_unit(request.scope, region_slug, unit_id)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        return _render_edit(request, unit, problem="请说明要启用还是停用该单位。", status=400)
    active = form.cleaned_data["active"]
    try:
        services.unit_set_active(actor=request.user, unit=unit, active=active)
    except DomainError as error:
        return _render_edit(request, unit, problem=error.message, status=400)
    messages.success(request, f"单位“{unit.name}”已{'启用' if active else '停用'}。")
    return redirect("staff:unit-edit", region_slug=region_slug, unit_id=unit.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def unit_merge(request: HttpRequest, region_slug: str, unit_id: int) -> HttpResponse:
    unit = access_unit(request.scope, region_slug, unit_id)
    form = UnitMergeForm(request.POST if request.method == "POST" else None, unit=unit)
    if request.method == "POST" and form.is_valid():
        kept = form.cleaned_data["kept"]
        try:
            counts = services.unit_merge(actor=request.user, source=unit, kept=kept)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                f"已将“{unit.name}”合并到“{kept.name}”：转入别名 {counts.get('aliases', 0)} 个、"
                f"联络员 {counts.get('liaisons', 0)} 人、承办活动 {counts.get('hosts', 0)} 项、"
                f"主题申报 {counts.get('declarations', 0)} 份。",
            )
            return redirect("staff:unit-edit", region_slug=region_slug, unit_id=kept.pk)
    return render(
        request,
        "orgs/unit_merge.html",
        {"region": unit.region, "unit": unit, "form": form, "nav": NAV},
        status=400 if form.errors else 200,
    )
