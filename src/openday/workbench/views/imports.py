"""Staff pages that read documents: a campaign from its notice, a plan from its table.

Both are two steps. The document is read and shown for checking; nothing is saved until the
office admin confirms. A plan file waiting for confirmation is kept under MEDIA_ROOT (shared
by every app process) and named by a random token.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.campaigns.permissions import access_campaign, regions_managed_by
from openday.campaigns.services import campaign_open, require_open_year
from openday.core.errors import DomainError
from openday.core.forms import add_domain_error
from openday.importers.forms import CampaignFromNoticeForm, NoticeUploadForm, PlanUploadForm
from openday.importers.notice import notice_read
from openday.importers.parse import parse_plan_file
from openday.importers.pending import pending_root, pending_save
from openday.importers.services import plan_import, year_warnings


def _managed_regions(request: HttpRequest):
    regions = regions_managed_by(request.scope).order_by("path")
    if not regions.exists():
        raise PermissionDenied("只有政务公开办管理员可以新建年度活动。")
    return regions


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    """Step 1: upload the notice. Step 2 (``confirm`` in the POST): check, correct, save."""
    regions = _managed_regions(request)
    if request.method == "POST" and "confirm" in request.POST:
        form = CampaignFromNoticeForm(request.POST, regions=regions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = campaign_open(
                    actor=request.user,
                    region=data["region"],
                    year=data["year"],
                    slug=data["slug"],
                    title=data["title"],
                    facts=form.campaign_facts(),
                    form_names=data["form_names"],
                    rules=form.rules(),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, f"已新建年度活动“{campaign.title}”。")
                return redirect("staff:campaign-detail", slug=campaign.slug)
        return render(request, "importers/campaign_confirm.html", {"form": form}, status=400)

    upload = NoticeUploadForm(request.POST or None, request.FILES or None, regions=regions)
    if request.method == "POST" and upload.is_valid():
        with tempfile.TemporaryDirectory() as scratch:
            path = pending_save(upload.cleaned_data["notice"], Path(scratch))
            try:
                facts = notice_read(path, max_bytes=settings.IMPORT_MAX_BYTES)
            except DomainError as exc:
                upload.add_error(
                    "notice", exc.message.replace(path.name, upload.cleaned_data["notice"].name)
                )
            else:
                region = upload.cleaned_data["region"]
                form = CampaignFromNoticeForm(
                    initial=CampaignFromNoticeForm.initial_from(facts, region), regions=regions
                )
                return render(
                    request,
                    "importers/campaign_confirm.html",
                    {
                        "form": form,
                        "file_name": upload.cleaned_data["notice"].name,
                        "warnings": [
                            warning.replace(path.name, upload.cleaned_data["notice"].name)
                            for warning in facts.warnings
                        ],
                    },
                )
    status = 400 if request.method == "POST" else 200
    return render(request, "importers/campaign_new.html", {"upload": upload}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a plan document, see every row as it will be saved, then confirm."""
    campaign = access_campaign(request.scope, slug, for_write=True)
    try:
        require_open_year(campaign, "导入计划表")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("staff:campaign-detail", slug=campaign.slug)
    pending = pending_root() / str(campaign.pk)
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        matches = (
            list(pending.glob(f"{token}.*"))
            if token.replace("-", "").replace("_", "").isalnum()
            else []
        )
        if not matches:
            raise Http404("待导入的文件已失效，请重新上传。")
        path = matches[0]
        try:
            result = plan_import(actor=request.user, campaign=campaign, path=path)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("staff:plan-import", slug=campaign.slug)
        finally:
            path.unlink(missing_ok=True)
        messages.success(request, result.summary())
        for warning in result.warnings[:20]:
            messages.warning(request, warning)
        return redirect("staff:campaign-detail", slug=campaign.slug)

    form = PlanUploadForm(request.POST or None, request.FILES or None)
    context = {"campaign": campaign, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["plan"]
        path = pending_save(upload, pending)
        try:
            plan = parse_plan_file(path, max_bytes=settings.IMPORT_MAX_BYTES)
        except DomainError as exc:
            path.unlink(missing_ok=True)
            form.add_error("plan", exc.message.replace(path.name, upload.name))
        else:
            plan.warnings.extend(year_warnings(plan, campaign))
            has_details = any(
                row.venue or row.invitees or row.expected_size or row.note or row.extra
                for row in plan.rows
            )
            context.update(
                plan=plan, token=path.stem, file_name=upload.name, has_details=has_details
            )
            return render(request, "importers/plan_preview.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "importers/plan_upload.html", context, status=status)
