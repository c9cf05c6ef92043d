"""The State Council's holiday notice, pasted by an office admin: preview every date it sets
beside what is saved and what the calendar library knows, then save.

Who may change the national calendar: the region's office admin (any level) and the site
superuser reach the page (``orgs.permissions.access_region_admin``). A year the library does
not know yet may be saved by them; for a year it knows, the notice must agree with it day for
day, or it is refused with the differing days listed, unless the superuser overrides
(``workdays.services.holiday_notice_import``). Saving moves the working-day deadlines through
``on_arrangements_changed``; the office is shown which of its own activities' deadlines moved.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.activities import deadlines
from openday.core.errors import DomainError
from openday.core.formats import weekday_label
from openday.core.forms import Form, add_domain_error
from openday.orgs.permissions import access_region_admin
from openday.workdays.calendar import library_day
from openday.workdays.holiday_notice import (
    MAX_CHARS,
    HolidayNotice,
    HolidayNoticeError,
    describe_state,
    library_differences,
    read_holiday_notice,
)
from openday.workdays.models import HolidayArrangement
from openday.workdays.services import holiday_notice_import

NAV = "units"
MAX_LISTED_DEADLINES = 50


class HolidayNoticeForm(Form):
    text = forms.CharField(
        label="通知原文",
        max_length=MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="粘贴“国务院办公厅关于××××年部分节假日安排的通知”全文（含标题或“现将××××年……”一句）。",
    )
    replace = forms.BooleanField(label="删除该年已保存但通知未列出的日期", required=False)
    override = forms.BooleanField(
        label="以通知为准，覆盖日历库中不一致的日期（仅系统管理员）", required=False
    )


def _rows(notice: HolidayNotice) -> list[dict]:
    """One row per date the notice sets, beside what is saved and what the library has."""
    saved = {
        row.date: row
        for row in HolidayArrangement.objects.filter(date__in=[day.date for day in notice.dates])
    }
    rows = []
    for day in notice.dates:
        stored = saved.get(day.date)
        known = library_day(day.date)
        rows.append(
            {
                "date": day.date,
                "weekday": weekday_label(day.date),
                "line": day.line,
                "notice": describe_state(day.workday, day.name),
                "workday": day.workday,
                "saved": describe_state(stored.is_workday, stored.name) if stored else "",
                "saved_differs": stored is not None and stored.is_workday != day.workday,
                "library": describe_state(*known) if known else "",
                "library_differs": known is not None and known[0] != day.workday,
            }
        )
    return rows


def _stale(notice: HolidayNotice) -> list[HolidayArrangement]:
    """Saved dates of the notice's year that it does not set (what ``replace`` removes)."""
    if notice.adjusts:
        return []
    return list(
        HolidayArrangement.objects.filter(
            date__gte=dt.date(notice.year, 1, 1), date__lte=dt.date(notice.year, 12, 31)
        ).exclude(date__in=[day.date for day in notice.dates])
    )


def _office_deadlines(region, years: set[int]) -> dict[int, tuple]:
    """The region's working-day deadlines that a change of ``years`` can move, in one query."""
    rows = (
        deadlines.calendar_bound(years)
        .filter(activity__campaign__region=region)
        .select_related("activity")
    )
    return {
        row.pk: (row.due_on, row.provisional, row.activity, row.get_kind_display()) for row in rows
    }


def _moved_lines(before: dict, after: dict, total: int) -> list[str]:
    """A summary line, then one line per deadline of the office that moved."""
    moved = [
        (after[pk][2], after[pk][3], before[pk][0], after[pk][0])
        for pk in sorted(after, key=lambda pk: (after[pk][2].seq, pk))
        if pk in before and before[pk][:2] != after[pk][:2]
    ]
    if not moved:
        return [f"本地区没有活动期限因此变动（共有 {total} 个期限已重新计算）。"]
    lines = [f"本地区有 {len(moved)} 个活动期限随之调整："]
    lines += [
        f"第 {activity.seq} 项“{activity.title}”{kind}：{old.isoformat()} → {new.isoformat()}"
        for activity, kind, old, new in moved[:MAX_LISTED_DEADLINES]
    ]
    if len(moved) > MAX_LISTED_DEADLINES:
        lines.append(f"……另有 {len(moved) - MAX_LISTED_DEADLINES} 个未列出。")
    return lines


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def holiday_notice(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_admin(request.scope, region_slug)
    form = HolidayNoticeForm(request.POST if request.method == "POST" else None)
    context = {
        "region": region,
        "form": form,
        "nav": NAV,
        "is_superuser": request.user.is_superuser,
    }
    if request.method != "POST":
        return render(request, "workbench/holidays_notice.html", context)
    if not form.is_valid():
        return render(request, "workbench/holidays_notice.html", context, status=400)
    try:
        notice = read_holiday_notice(form.cleaned_data["text"])
    except HolidayNoticeError as error:
        form.add_error("text", error.message)
        return render(request, "workbench/holidays_notice.html", context, status=400)
    context.update(
        notice=notice,
        rows=_rows(notice),
        stale=_stale(notice),
        differences=library_differences(notice),
    )
    if "confirm" not in request.POST:
        return render(request, "workbench/holidays_notice_preview.html", context)
    years = notice.years()
    try:
        with transaction.atomic():
            before = _office_deadlines(region, years)
            summary = holiday_notice_import(
                actor=request.user,
                notice=notice,
                region=region,
                replace=form.cleaned_data["replace"],
                override=form.cleaned_data["override"],
            )
            after = _office_deadlines(region, years)
    except DomainError as error:
        add_domain_error(form, error)
        return render(request, "workbench/holidays_notice_preview.html", context, status=400)
    messages.success(
        request,
        f"已保存{notice.source}（{notice.year} 年）：新增 {summary.created} 条，"
        f"更新 {summary.updated} 条，未变 {summary.unchanged} 条，删除 {summary.deleted} 条。",
    )
    for line in _moved_lines(before, after, summary.refreshed):
        messages.info(request, line)
    return redirect("staff:holiday-notice", region_slug=region.slug)
