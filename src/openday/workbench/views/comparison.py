"""The comparison of the regions below a superior office (地区对比): one row per region's
campaign of the year with its rates, sortable by any column (``?sort=held_rate``,
``?sort=-held_rate``), the months of all of them as a trend, a drill-down to each region's
dashboard, and both tables as .xlsx (``?format=xlsx&table=comparison|trend``).

The region is one the user may see (else 404); reading it whole is the superior viewers' and
its office's (a liaison gets 403). A county has no region below: its page says so.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from openday.core.errors import PermissionDenied
from openday.core.http import XLSX, download
from openday.orgs.models import Region
from openday.orgs.selectors import reads_region, visible_regions_q
from openday.reports.dashboard import (
    COMPARISON_COLUMNS,
    COMPARISON_PERCENT,
    comparison_years,
    region_comparison,
)
from openday.reports.dashboard_export import dashboard_xlsx, format_row
from openday.reports.svgcharts import Series, line_chart


def access_region_whole(scope, slug: str) -> Region:
    """A region the user may see (else 404) and read whole (else 403)."""
    region = Region.objects.filter(visible_regions_q(scope), slug=slug).first()
    if region is None:
        raise Http404("没有找到该地区。")
    if not reads_region(scope, region):
        raise PermissionDenied("地区对比仅上级公开办和本级政务公开办可以查看。")
    return region


def _year(request: HttpRequest, years: list[int]) -> tuple[int | None, str]:
    """The year asked for (``?year=``), else the newest with a campaign; and an error."""
    text = request.GET.get("year", "").strip()
    if not text:
        return (years[0] if years else None), ""
    if not text.isdecimal() or not 2000 <= int(text) <= 2100:
        return (years[0] if years else None), f"年度“{text[:20]}”无法识别，请选择下列年度之一。"
    return int(text), ""


@require_safe
@login_required
def region_comparison_view(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_whole(request.scope, region_slug)
    years = comparison_years(region)
    year, error = _year(request, years)
    today = timezone.localdate()
    comparison = None
    if year is not None:
        comparison = region_comparison(
            region, year, today=today, sort=request.GET.get("sort", "region")[:40], years=years
        )
    if request.GET.get("format") == "xlsx":
        tables = {"comparison": comparison.table, "trend": comparison.trend} if comparison else {}
        table = tables.get(request.GET.get("table", ""))
        if table is None:
            raise Http404("没有这张统计表。")
        return download(
            dashboard_xlsx(table),
            content_type=XLSX,
            filename=f"{table.title}.xlsx",
            fallback=f"{region.slug}-{year}-{table.name}.xlsx",
        )
    headers, rows, chart = [], [], ""
    if comparison is not None:
        current = comparison.sort
        for key, label in COMPARISON_COLUMNS:
            # Sorting again by the column it is sorted by reverses it; a number first sorts
            # highest first, the region's name A→Z.
            if current == key:
                target = f"-{key}"
            elif current == f"-{key}" or key == "region":
                target = key
            else:
                target = f"-{key}"
            headers.append(
                {
                    "label": label,
                    "url": f"?{urlencode({'year': year, 'sort': target})}",
                    "sorted": "ascending"
                    if current == key
                    else ("descending" if current == f"-{key}" else ""),
                }
            )
        percent = [i for i, (k, _l) in enumerate(COMPARISON_COLUMNS) if k in COMPARISON_PERCENT]
        rows = [(row, format_row(row.cells(), percent)[1:]) for row in comparison.rows]
        months = comparison.months
        chart = line_chart(
            "所辖地区各月开展场次",
            [m["label"] for m in months],
            [
                Series("已开展", [m["held"] for m in months]),
                Series("已发布", [m["published"] for m in months]),
            ],
        )
    return render(
        request,
        "workbench/comparison.html",
        {
            "region": region,
            "years": years,
            "year": year,
            "error": error,
            "comparison": comparison,
            "headers": headers,
            "rows": rows,
            "chart": chart,
            "export": {
                name: f"?{urlencode({'year': year or '', 'format': 'xlsx', 'table': name})}"
                for name in ("comparison", "trend")
            },
            "nav": "todo",
        },
        status=400 if error else 200,
    )
