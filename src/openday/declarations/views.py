"""Staff pages of declarations.

- The list (``declaration_list``): the office and superior offices see every unit with its
  declaration's state; a liaison sees their own units.
- The liaison's form (``declaration_edit``): the items as rows, contact, phone and the stamped
  scan; "保存草稿" saves, "提交申报" saves then submits.
- One declaration (``declaration_detail``) with the office's accept / return forms.
- The window (``window_edit``), the plan page (``plan_review``: merges, compile, publish).
- Downloads: one declaration as .xlsx/.docx, all of them as .xlsx, the stamped scan.

Objects come only through the access functions of ``declarations.permissions``; each view
calls one service, and a refusal comes back on the page (400) with what the user typed.
"""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from openday.activities.selectors import plan_activities
from openday.campaigns.enums import CampaignPhase, FormKind
from openday.campaigns.models import Campaign
from openday.campaigns.views import attachment_disposition
from openday.core.errors import DomainError, PermissionDenied
from openday.declarations import selectors, services
from openday.declarations.enums import EDITABLE_STATES, DeclarationState
from openday.declarations.exports import declaration_table, declarations_table, form_title
from openday.declarations.forms import (
    DeclarationForm,
    MergeForm,
    ReviewForm,
    WindowForm,
    add_service_errors,
    item_formset,
)
from openday.declarations.models import Declaration, DeclarationMerge
from openday.declarations.permissions import (
    access_all_declarations,
    access_campaign_declarations,
    access_declaration,
    access_unit_for_declaring,
    can_review,
    is_liaison_of,
    liaison_unit_ids,
    reads_all,
)
from openday.declarations.selectors import (
    accepted_items,
    declaration_counts,
    declaration_items,
    declaration_merges,
    declaration_window,
    declarations_of_units,
)
from openday.declarations.uploads import CONTENT_TYPES
from openday.reports.plan_export import plan_table
from openday.reports.renderers import render_docx, render_xlsx

EXPORTS = {
    "xlsx": (render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


def _rules(campaign: Campaign):
    return getattr(campaign, "rules", None)


def _categories(campaign: Campaign) -> list[str]:
    rules = _rules(campaign)
    return list(rules.declaration_categories) if rules else []


def rule_lines(campaign: Campaign, window) -> list[tuple[str, str]]:
    """What the liaison must know before filling the form, in the notice's terms."""
    rules = _rules(campaign)
    lines = []
    if window:
        lines.append(("截止日期", f"{services.date_label(window.closes_on)}（当天仍可提交）"))
    if rules and rules.declaration_themes_per_unit:
        lines.append(("主题数量", f"每单位 {rules.declaration_themes_per_unit} 个"))
    if rules and rules.declaration_required_kinds:
        kinds = "或".join(FormKind(k).label for k in rules.declaration_required_kinds)
        lines.append(("活动形式", f"至少一个主题为{kinds}"))
    if rules and rules.declaration_categories:
        lines.append(("主题类别", "、".join(rules.declaration_categories)))
    if window and window.requires_stamp:
        lines.append(("盖章申报表", "须上传加盖填报单位公章的申报表扫描件"))
    return lines


def _no_store(response: HttpResponse) -> HttpResponse:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _refused(error: PermissionDenied):
    return Forbidden(error.message)


# --- the list --------------------------------------------------------------------------------


@require_safe
@login_required
def declaration_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.user, slug)
    window = declaration_window(campaign)
    sees_all = reads_all(request.user, campaign)
    own = liaison_unit_ids(request.user, campaign)
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
            "can_review": can_review(request.user, campaign),
            "is_open": window is not None and campaign.phase in services.OPEN_PHASES,
            "past_due": window is not None and timezone.localdate() > window.closes_on,
            "nav": "home",
        },
    )


# --- the liaison's form ----------------------------------------------------------------------


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


def _error_summary(form, formset) -> list[tuple[str, str]]:
    """Every error with the id of the field it belongs to (empty: the form as a whole)."""
    summary = [(str(e), "") for e in form.non_field_errors()]
    summary += [(str(e), "") for e in formset.non_form_errors()]
    for field in form:
        summary += [(str(e), field.id_for_label) for e in field.errors]
    for row in formset.forms:
        summary += [(str(e), "") for e in row.non_field_errors()]
        for field in row:
            summary += [(str(e), field.id_for_label) for e in field.errors]
    return summary


@require_http_methods(["GET", "POST"])
@login_required
def declaration_edit(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    campaign, unit = access_unit_for_declaring(request.user, slug, unit_id)
    declaration = Declaration.objects.filter(campaign=campaign, unit=unit).first()
    window = declaration_window(campaign)
    categories = _categories(campaign)
    rules = _rules(campaign)
    wanted = rules.declaration_themes_per_unit if rules else None
    editable = (
        window is not None
        and campaign.phase in services.OPEN_PHASES
        and (declaration is None or declaration.state in EDITABLE_STATES)
    )
    requires_stamp = bool(window and window.requires_stamp)
    status = 200
    if request.method == "POST":
        form = DeclarationForm(request.POST, request.FILES, requires_stamp=requires_stamp)
        formset = item_formset(campaign, categories, data=request.POST)
        positions: list[int] = []
        if form.is_valid() and formset.is_valid():
            items, positions = formset.items()
            submitting = request.POST.get("action") == "submit"
            try:
                declaration = services.declaration_save(
                    actor=request.user,
                    campaign=campaign,
                    unit=unit,
                    contact_person=form.cleaned_data["contact_person"],
                    phone=form.cleaned_data["phone"],
                    items=items,
                    stamp=form.cleaned_data["stamp"],
                )
            except PermissionDenied as error:
                raise _refused(error) from error
            except DomainError as error:
                add_service_errors(error, form, formset, positions)
            else:
                if not submitting:
                    messages.success(request, "草稿已保存，尚未提交。")
                    return redirect("staff:declaration-edit", slug=slug, unit_id=unit.pk)
                try:
                    services.declaration_submit(
                        actor=request.user, declaration=declaration, today=timezone.localdate()
                    )
                except PermissionDenied as error:
                    raise _refused(error) from error
                except DomainError as error:
                    add_service_errors(error, form, formset, positions)
                    messages.warning(request, "草稿已保存，但申报未能提交，请按提示修改后再提交。")
                else:
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
            "errors": _error_summary(form, formset) if status == 400 else [],
            "title": form_title(campaign),
            # A draft can still be saved after the deadline; only a returned one goes in again.
            "past_due": window is not None
            and timezone.localdate() > window.closes_on
            and (declaration is None or declaration.state == DeclarationState.DRAFT),
            "nav": "home",
        },
        status=status,
    )


# --- one declaration and its review ----------------------------------------------------------

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
    reviewing = can_review(request.user, campaign)
    reviewer = declaration.reviewer
    return render(
        request,
        "declarations/declaration_detail.html",
        {
            "campaign": campaign,
            "declaration": declaration,
            "items": declaration_items(declaration),
            "has_categories": bool(_categories(campaign)),
            "title": form_title(campaign),
            "review_forms": _review_forms(declaration, failed) if reviewing else [],
            "reviewer_label": (reviewer.get_full_name() or reviewer.get_username())
            if reviewer
            else "系统",
            "failed": failed,
            "can_edit": declaration.state in EDITABLE_STATES
            and is_liaison_of(request.user, declaration.unit),
            "export_formats": list(EXPORTS),
            "nav": "home",
        },
        status=status,
    )


@require_safe
@login_required
def declaration_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _render_detail(request, access_declaration(request.user, slug, pk))


@require_POST
@login_required
def declaration_review(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    service = REVIEW_ACTIONS.get(action)
    if service is None:
        raise Http404("没有这项审核操作。")
    declaration = access_declaration(request.user, slug, pk, review=True)
    form = ReviewForm(request.POST, action=action)
    if form.is_valid():
        try:
            service(
                actor=request.user,
                declaration=declaration,
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied as error:
            raise _refused(error) from error
        except DomainError as error:
            form.add_error("comment" if error.field == "comment" else None, error.message)
        else:
            done = "已采纳" if action == "accept" else "已退回该单位修改"
            messages.success(request, f"{declaration.unit.name}的主题申报{done}。")
            return redirect("staff:declaration-list", slug=slug)
    return _render_detail(request, declaration, failed=form, status=400)


# --- the window ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def window_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.user, slug, review=True)
    window = declaration_window(campaign)
    rules = _rules(campaign)
    if request.method == "POST":
        form = WindowForm(request.POST)
        if form.is_valid():
            try:
                services.declaration_window_open(
                    actor=request.user, campaign=campaign, **form.cleaned_data
                )
            except PermissionDenied as error:
                raise _refused(error) from error
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
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
            "published": campaign.phase in (CampaignPhase.RUNNING, CampaignPhase.CLOSED),
            "nav": "home",
        },
        status=status,
    )


# --- the plan: merges, compile, publish ------------------------------------------------------


def _merge_choices(campaign: Campaign) -> list[tuple[int, str]]:
    return [
        (item.pk, f"{item.declaration.unit.name}：{item.title}")
        for item in accepted_items(campaign)
        if item.merged_into_id is None
    ]


def _render_plan(
    request: HttpRequest, campaign: Campaign, *, merge_form=None, status=200
) -> HttpResponse:
    reviewing = can_review(request.user, campaign)
    open_phase = campaign.phase in services.OPEN_PHASES
    items = list(accepted_items(campaign))
    has_plan = plan_activities(campaign).exists()
    rows = selectors.declaration_list(campaign)
    selected = set()
    if merge_form is not None and merge_form.is_bound:
        selected = {int(v) for v in merge_form.data.getlist("items") if v.isdigit()}
    return render(
        request,
        "declarations/plan_review.html",
        {
            "campaign": campaign,
            "items": items,
            "merges": declaration_merges(campaign),
            "merge_form": merge_form
            or (MergeForm(choices=_merge_choices(campaign)) if reviewing and open_phase else None),
            "counts": declaration_counts(rows),
            "selected": selected,
            "table": plan_table(campaign) if has_plan else None,
            "can_act": reviewing and open_phase,
            "can_publish": reviewing and open_phase and has_plan,
            "published": campaign.phase in (CampaignPhase.RUNNING, CampaignPhase.CLOSED),
            "nav": "home",
        },
        status=status,
    )


@require_safe
@login_required
def plan_review(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_all_declarations(request.user, slug)
    return _render_plan(request, campaign)


@require_POST
@login_required
def merge_create(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.user, slug, review=True)
    form = MergeForm(request.POST, choices=_merge_choices(campaign))
    if form.is_valid():
        data = form.cleaned_data
        chosen = [item for item in accepted_items(campaign) if item.pk in set(data["items"])]
        try:
            merge = services.declaration_merge(
                actor=request.user,
                campaign=campaign,
                items=chosen,
                title=data["title"],
                month_start=data["month_start"],
                month_end=data["month_end"],
                brief=data["brief"],
            )
        except PermissionDenied as error:
            raise _refused(error) from error
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, f"已将 {len(chosen)} 个主题合并为“{merge.title}”，请重新编制计划。"
            )
            return redirect("staff:plan-review", slug=slug)
    return _render_plan(request, campaign, merge_form=form, status=400)


@require_POST
@login_required
def merge_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = access_campaign_declarations(request.user, slug, review=True)
    merge = DeclarationMerge.objects.filter(campaign=campaign, pk=pk).first()
    if merge is None:
        raise Http404("没有找到该合并。")
    try:
        services.declaration_unmerge(actor=request.user, merge=merge)
    except PermissionDenied as error:
        raise _refused(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已撤销合并“{merge.title}”，请重新编制计划。")
    return redirect("staff:plan-review", slug=slug)


@require_POST
@login_required
def plan_compile(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.user, slug, review=True)
    try:
        change = services.plan_compile(actor=request.user, campaign=campaign)
    except PermissionDenied as error:
        raise _refused(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        total = len(change.created) + len(change.updated) + len(change.unchanged)
        messages.success(request, f"已编制计划：共 {total} 项，请核对后发布。")
    return redirect("staff:plan-review", slug=slug)


@require_POST
@login_required
def plan_publish(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign_declarations(request.user, slug, review=True)
    try:
        services.plan_publish(actor=request.user, campaign=campaign)
    except PermissionDenied as error:
        raise _refused(error) from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("staff:plan-review", slug=slug)
    messages.success(request, "计划已发布，公开专栏现已显示全年活动计划。")
    return redirect("staff:campaign-detail", slug=slug)


# --- downloads -------------------------------------------------------------------------------


def _download(content: bytes, fmt: str, filename: str, fallback: str) -> HttpResponse:
    response = HttpResponse(content, content_type=EXPORTS[fmt][1])
    response.headers["Content-Disposition"] = attachment_disposition(filename, fallback)
    return _no_store(response)


@require_safe
@login_required
def declaration_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    declaration = access_declaration(request.user, slug, pk)
    table = declaration_table(declaration)
    return _download(
        EXPORTS[fmt][0](table),
        fmt,
        f"{declaration.unit.name}-主题申报表.{fmt}",
        f"{slug}-declaration-{declaration.pk}.{fmt}",
    )


@require_safe
@login_required
def declaration_export_all(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_all_declarations(request.user, slug)
    table = declarations_table(campaign)
    return _download(render_xlsx(table), "xlsx", f"{table.title}.xlsx", f"{slug}-declarations.xlsx")


@require_safe
@login_required
def declaration_stamp(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    declaration = access_declaration(request.user, slug, pk)
    if not declaration.stamp:
        raise Http404("该申报没有上传盖章申报表。")
    try:
        handle = declaration.stamp.open("rb")
    except FileNotFoundError as error:
        raise Http404("盖章申报表文件已不存在。") from error
    suffix = PurePath(declaration.stamp.name).suffix.lower()
    kind = {".pdf": "pdf", ".png": "png"}.get(suffix, "jpeg")
    response = FileResponse(handle, content_type=CONTENT_TYPES[kind])
    response.headers["Content-Disposition"] = attachment_disposition(
        declaration.stamp_name or f"stamp{suffix}", f"stamp-{declaration.pk}{suffix}"
    )
    return _no_store(response)
