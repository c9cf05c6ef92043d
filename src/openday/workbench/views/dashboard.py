"""A campaign's statistics dashboard (统计分析): progress by month, unit and form, on-time rates
per step, coverage, media and participation, each chart with its numbers in a table beside it
and each table as .xlsx (``?format=xlsx&table=<name>``, the filters kept).

The campaign is reached through ``access_campaign`` (404 outside the user's regions); the
page is the office's and the superior viewers' (a liaison, who sees only their own units'
activities, gets 403 and has 附件2 of their unit). Filters are GET parameters: unit kind,
month range, form kind; a bad one is named on the page (400) and nothing is filtered.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.activities.permissions import reads_whole_region
from openday.campaigns.enums import FormKind
from openday.campaigns.models import Campaign
from openday.campaigns.permissions import access_campaign
from openday.core.errors import PermissionDenied
from openday.core.formats import date_label
from openday.core.forms import Form
from openday.core.http import XLSX, download
from openday.reports.dashboard import (
    UNIT_KIND_FILTERS,
    Dashboard,
    DashboardFilter,
    DataTable,
    campaign_dashboard,
)
from openday.reports.dashboard_export import dashboard_xlsx, format_row
from openday.reports.svgcharts import Series, bar_chart, line_chart

MONTH_CHOICES = [("", "不限"), *((str(m), f"{m}月") for m in range(1, 13))]


class DashboardFilterForm(Form):
    unit_kind = forms.ChoiceField(
        label="单位类别",
        required=False,
        choices=[("", "全部"), *((key, label) for key, (label, _k) in UNIT_KIND_FILTERS.items())],
    )
    month_from = forms.TypedChoiceField(
        label="起始月份", required=False, choices=MONTH_CHOICES, coerce=int, empty_value=None
    )
    month_to = forms.TypedChoiceField(
        label="截止月份", required=False, choices=MONTH_CHOICES, coerce=int, empty_value=None
    )
    form_kind = forms.ChoiceField(
        label="活动形式", required=False, choices=[("", "全部"), *FormKind.choices]
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from"), data.get("month_to")
        if first and last and first > last:
            self.add_error("month_to", f"截止月份（{last}月）不能早于起始月份（{first}月）。")
        return data

    def dashboard_filter(self) -> DashboardFilter:
        data = self.cleaned_data
        return DashboardFilter(
            unit_kind=data.get("unit_kind") or "",
            month_from=data.get("month_from"),
            month_to=data.get("month_to"),
            form_kind=data.get("form_kind") or "",
        )


@dataclass(frozen=True)
class Shown:
    """A table as the page shows it: formatted cells, its chart, its download link."""

    table: DataTable
    rows: list[list]
    total: list | None
    chart: str
    xlsx_url: str


def filter_params(flt: DashboardFilter) -> dict[str, str]:
    params = {
        "unit_kind": flt.unit_kind,
        "month_from": flt.month_from or "",
        "month_to": flt.month_to or "",
        "form_kind": flt.form_kind,
    }
    return {key: str(value) for key, value in params.items() if value}


def _charts(dashboard: Dashboard) -> dict[str, str]:
    months = [m["label"] for m in dashboard.months]
    progress = [
        Series(label, [m[key] for m in dashboard.months])
        for key, label in (("planned", "计划"), ("held", "已开展"), ("published", "已发布"))
    ]
    units = dashboard.tables["units"].rows
    forms_rows = dashboard.tables["forms"].rows
    coverage = dashboard.tables["coverage"].rows
    rates = dashboard.deadline_rates
    return {
        "months": bar_chart("各月活动进度", months, progress, unit=""),
        "units": bar_chart(
            "各单位开展情况",
            [row[0] for row in units],
            [
                Series("计划", [row[1] for row in units]),
                Series("已开展", [row[2] for row in units]),
            ],
        ),
        "forms": bar_chart(
            "各活动形式开展情况",
            [row[0] for row in forms_rows],
            [
                Series("计划", [row[1] for row in forms_rows]),
                Series("已开展", [row[2] for row in forms_rows]),
            ],
        ),
        "deadlines": bar_chart(
            "各环节按期完成率",
            [r["label"] for r in rates],
            [Series("按期完成率", [r["rate"] or 0 for r in rates])],
            unit="%",
        ),
        "coverage": bar_chart(
            "参加人员构成",
            [row[0] for row in coverage],
            [Series("人数", [row[1] for row in coverage])],
        ),
        "trend": line_chart(
            "累计开展场次",
            months,
            [Series("累计已开展", _cumulative([m["held"] for m in dashboard.months]))],
        ),
    }


def _cumulative(values: list[int]) -> list[int]:
    total, found = 0, []
    for value in values:
        total += value
        found.append(total)
    return found


def _xlsx_url(request: HttpRequest, flt: DashboardFilter, name: str) -> str:
    return f"{request.path}?{urlencode({**filter_params(flt), 'format': 'xlsx', 'table': name})}"


def _campaign_for_dashboard(request: HttpRequest, slug: str) -> Campaign:
    campaign = access_campaign(request.scope, slug)
    if not reads_whole_region(request.scope, campaign):
        raise PermissionDenied(
            "统计分析仅公开办和上级公开办可以查看；本单位的统计表请在活动物料与统计中下载。"
        )
    return campaign


@require_safe
@login_required
def campaign_dashboard_view(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_for_dashboard(request, slug)
    params = {
        key: value for key, value in request.GET.items() if key in DashboardFilterForm.base_fields
    }
    form = DashboardFilterForm(params)
    valid = form.is_valid()
    flt = form.dashboard_filter() if valid else DashboardFilter()
    dashboard = campaign_dashboard(campaign, flt, today=timezone.localdate())
    if request.GET.get("format") == "xlsx":
        table = dashboard.tables.get(request.GET.get("table", ""))
        if table is None:
            raise Http404("没有这张统计表。")
        return download(
            dashboard_xlsx(table, subtitle=_filter_words(campaign, flt, dashboard)),
            content_type=XLSX,
            filename=f"{campaign.region.name}{campaign.year}年{table.title}.xlsx",
            fallback=f"{campaign.slug}-{table.name}.xlsx",
        )
    charts = _charts(dashboard)
    shown = {
        name: Shown(
            table=table,
            rows=[format_row(row, table.percent_columns) for row in table.rows],
            total=format_row(table.total, table.percent_columns) if table.total else None,
            chart=charts.get(name, ""),
            xlsx_url=_xlsx_url(request, flt, name),
        )
        for name, table in dashboard.tables.items()
    }
    return render(
        request,
        "workbench/dashboard.html",
        {
            "campaign": campaign,
            "dashboard": dashboard,
            "form": form,
            "shown": shown,
            "trend_chart": charts["trend"],
            "filter_words": _filter_words(campaign, flt, dashboard),
            "nav": "campaigns",
        },
        status=200 if valid else 400,
    )


def _filter_words(campaign: Campaign, flt: DashboardFilter, dashboard: Dashboard) -> str:
    parts = [f"统计截至{date_label(dashboard.today)}"]
    if flt.unit_kind:
        parts.append(f"单位类别：{UNIT_KIND_FILTERS[flt.unit_kind][0]}")
    if flt.month_from or flt.month_to:
        parts.append(f"月份：{flt.month_from or 1}月至{flt.month_to or 12}月")
    if flt.form_kind:
        parts.append(f"活动形式：{FormKind(flt.form_kind).label}")
    return "；".join(parts)
