"""Staff downloads built from reports: the statistics table (附件2), a unit's banner, and the
month's summary (月末总结) as a page and as a .docx briefing.

The campaign is reached through ``access_campaign`` (404 outside the user's regions). The whole
campaign's table and the month's summary are for the office and superior viewers (a liaison
gets 403; a month outside the campaign's year is 404); a unit's table and banner through
``access_unit``: any unit of the region for them, a liaison's own units only (another unit is
404).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.activities.materials import banner_lines, unit_banner_name
from openday.activities.permissions import access_unit, reads_whole_region
from openday.activities.selectors import plan_first_month
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign
from openday.core.http import DOCX, TXT, XLSX, download
from openday.orgs.selectors import office_name
from openday.reports.banner import render_banner_docx, render_banner_txt
from openday.reports.monthly import MonthlySummary, headline, monthly_briefing, monthly_summary
from openday.reports.renderers import render_xlsx
from openday.reports.renderers.official import render_official_briefing_docx
from openday.reports.statistics import statistics_rows, statistics_table, statistics_title

BANNER_FORMATS = {
    "docx": (render_banner_docx, DOCX),
    "txt": (render_banner_txt, TXT),
}


def _report_url(request: HttpRequest, campaign: Campaign):
    def url(seq: int) -> str:
        return request.build_absolute_uri(
            reverse("portal:activity-report", args=[campaign.slug, seq])
        )

    return url


@require_safe
@login_required
def statistics_campaign(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    if not reads_whole_region(request.scope, campaign):
        raise PermissionDenied("全区统计表仅公开办可以下载，请下载本单位的统计表。")
    office = getattr(campaign.region, "office", None)
    table = statistics_table(
        campaign,
        statistics_rows(campaign),
        filler=office_name(campaign.region),
        # The notice's contact first (the campaign's own), else the office's.
        contact=campaign.contact_name or (office.contact_person if office else ""),
        phone=campaign.contact_phone or campaign.contact_email or (office.phone if office else ""),
        with_hosts=True,
        report_url=_report_url(request, campaign),
    )
    return download(
        render_xlsx(table),
        content_type=XLSX,
        filename=f"{statistics_title(campaign)}.xlsx",
        fallback=f"{campaign.slug}-statistics.xlsx",
    )


@require_safe
@login_required
def statistics_unit(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    unit = access_unit(request.scope, campaign, unit_id)
    is_liaison = not reads_whole_region(request.scope, campaign)
    table = statistics_table(
        campaign,
        statistics_rows(campaign, unit),
        filler=unit_banner_name(unit),
        contact=(request.user.get_full_name() if is_liaison else ""),
        report_url=_report_url(request, campaign),
    )
    return download(
        render_xlsx(table),
        content_type=XLSX,
        filename=f"{statistics_title(campaign)}（{unit.name}）.xlsx",
        fallback=f"{campaign.slug}-statistics-{unit.pk}.xlsx",
    )


@require_safe
@login_required
def campaign_banner(request: HttpRequest, slug: str, unit_id: int, fmt: str) -> HttpResponse:
    campaign = access_campaign(request.scope, slug)
    unit = access_unit(request.scope, campaign, unit_id)
    renderer, content_type = BANNER_FORMATS[fmt]
    rules = getattr(campaign, "rules", None)
    title = f"{campaign.region.name}{campaign.year}年“政务公开主题日”活动会标（{unit.name}）"
    content = renderer(
        title, banner_lines(campaign, unit).lines, rules.site_requirements if rules else ""
    )
    return download(
        content,
        content_type=content_type,
        filename=f"{title}.{fmt}",
        fallback=f"{campaign.slug}-banner-{unit.pk}.{fmt}",
    )


def _monthly(request: HttpRequest, slug: str, year: int, month: int):
    campaign = access_campaign(request.scope, slug)
    if not reads_whole_region(request.scope, campaign):
        raise PermissionDenied("月末总结仅公开办和上级公开办可以查看。")
    if year != campaign.year:
        raise Http404("该月份不在本年度活动的年份内。")
    return campaign, monthly_summary(campaign, year, month, today=timezone.localdate())


def _month_links(slug: str, summary: MonthlySummary, first_month: int | None) -> dict:
    """The month bar: from the plan's first month (January without one) to December."""

    def url(month: int) -> str:
        kwargs = {"slug": slug, "year": summary.year, "month": month}
        return reverse("staff:campaign-monthly", kwargs=kwargs)

    month, first = summary.month, first_month or 1
    return {
        "months": [(m, url(m)) for m in range(first, 13)],
        "previous_url": url(month - 1) if month > first else None,
        "next_url": url(month + 1) if month < 12 else None,
    }


@require_safe
@login_required
def campaign_monthly(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    campaign, summary = _monthly(request, slug, year, month)
    return render(
        request,
        "reports/monthly_summary.html",
        {
            "campaign": campaign,
            "summary": summary,
            "headline": headline(summary),
            **_month_links(campaign.slug, summary, plan_first_month(campaign)),
            "nav": "campaigns",
        },
    )


@require_safe
@login_required
def campaign_monthly_docx(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    campaign, summary = _monthly(request, slug, year, month)
    return download(
        # In the GB/T 9704 layout of the documents an office hands over (公文).
        render_official_briefing_docx(
            monthly_briefing(summary),
            issuer=office_name(campaign.region),
            issued_on=summary.today,
        ),
        content_type=DOCX,
        filename=f"{summary.title}.docx",
        fallback=f"{campaign.slug}-monthly-{year}-{month:02d}.docx",
    )
