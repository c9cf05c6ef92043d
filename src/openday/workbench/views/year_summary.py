"""The year-end summary (年度工作总结) of a campaign: a textarea page with the text drafted from
the dashboard's figures (``reports.year_summary.draft_summary``) until the office saves its own
(``year_summary_save``, audited), and its download as .docx in the GB/T 9704 layout
(``?format=docx``).

The campaign is reached through ``access_campaign`` (404 outside the user's regions). The
office and the superior viewers read the page and download the document (a liaison gets 403);
only the region's office admin saves (a viewer's post: 403).
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openday.activities.permissions import reads_whole_region
from openday.assessment.experiences import experience_counts
from openday.assessment.summaries import (
    BODY_MAX,
    ISSUER_MAX,
    TITLE_MAX,
    year_summary_of,
    year_summary_save,
)
from openday.campaigns.permissions import access_campaign, can_manage_campaign
from openday.core.errors import DomainError, PermissionDenied
from openday.core.forms import Form, add_domain_error
from openday.core.http import DOCX, download
from openday.orgs.selectors import office_name
from openday.reports.dashboard import DashboardFilter, campaign_dashboard
from openday.reports.renderers.official import render_official_docx
from openday.reports.year_summary import draft_summary, summary_sections


class YearSummaryForm(Form):
    # Lengths are the service's rules; the attributes only help the browser.
    title = forms.CharField(
        label="标题", required=False, widget=forms.TextInput(attrs={"maxlength": TITLE_MAX})
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "maxlength": BODY_MAX}),
        help_text="以“一、”“二、”开头的一行为一级标题；每行为一个自然段。",
    )
    issued_by = forms.CharField(
        label="发文机关", required=False, widget=forms.TextInput(attrs={"maxlength": ISSUER_MAX})
    )
    issued_on = forms.DateField(
        label="成文日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "成文日期格式应为“2023-12-31”。"},
    )


def _drafted(campaign, today: dt.date) -> dict:
    """The text as stored, else drafted from the dashboard's figures now."""
    stored = year_summary_of(campaign)
    if stored is not None:
        return {
            "title": stored.title,
            "body": stored.body,
            "issued_by": stored.issued_by,
            "issued_on": stored.issued_on,
            "stored": stored,
        }
    office = office_name(campaign.region)
    draft = draft_summary(
        campaign_dashboard(campaign, DashboardFilter(), today=today),
        office=office,
        experiences=experience_counts(campaign),
    )
    return {
        "title": draft.title,
        "body": draft.body,
        "issued_by": office,
        "issued_on": today,
        "stored": None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def campaign_year_summary(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    if not reads_whole_region(request.scope, campaign):
        raise PermissionDenied("年度工作总结仅公开办和上级公开办可以查看。")
    can_edit = can_manage_campaign(request.scope, campaign)
    today = timezone.localdate()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(
                f"只有{campaign.region.name}政务公开办的管理员可以编辑年度工作总结。"
            )
        form = YearSummaryForm(request.POST)
        if form.is_valid():
            try:
                year_summary_save(actor=request.user, campaign=campaign, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "年度工作总结已保存，可下载公文格式的 Word 文件。")
                return redirect("staff:campaign-year-summary", slug=campaign.slug)
        return _page(request, campaign, form, None, can_edit, status=400)
    text = _drafted(campaign, today)
    if request.GET.get("format") == "docx":
        return download(
            render_official_docx(
                title=text["title"],
                sections=summary_sections(text["body"]),
                issuer=text["issued_by"],
                issued_on=text["issued_on"],
            ),
            content_type=DOCX,
            filename=f"{text['title']}.docx",
            fallback=f"{campaign.slug}-year-summary.docx",
        )
    stored = text.pop("stored")
    return _page(request, campaign, YearSummaryForm(initial=text), stored, can_edit)


def _page(request, campaign, form, stored, can_edit, *, status=200) -> HttpResponse:
    return render(
        request,
        "workbench/year_summary.html",
        {
            "campaign": campaign,
            "form": form,
            "stored": stored,
            "can_edit": can_edit,
            "nav": "campaigns",
        },
        status=status,
    )
