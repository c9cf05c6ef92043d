"""How dates and months read in Chinese, everywhere: pages, notices, files, commands.

The one place the "2025年5月1日" shape is written (Django's zh-hans ``DATE_FORMAT`` is the same;
templates use ``|date:"Y年n月j日"``). Neutral: no models, no services.
"""

import datetime as dt

from django.utils import dateformat

DATE = "Y年n月j日"
MONTH_DAY = "n月j日"
_WEEKDAYS = "一二三四五六日"


def date_label(on: dt.date | None, *, weekday: bool = False, missing: str = "待定") -> str:
    """ "2025年5月1日", with "（星期四）" when ``weekday``; ``missing`` when there is no date."""
    if on is None:
        return missing
    label = dateformat.format(on, DATE)
    return f"{label}（{weekday_label(on)}）" if weekday else label


def weekday_label(on: dt.date) -> str:
    """ "星期四"."""
    return f"星期{_WEEKDAYS[on.weekday()]}"


def month_day_label(on: dt.date) -> str:
    """ "5月1日", for dates inside a year already named."""
    return dateformat.format(on, MONTH_DAY)


def year_month_label(year: int, month: int) -> str:
    """ "2023年6月"."""
    return f"{year}年{month}月"


def months_label(start: int | None, end: int | None) -> str:
    """ "3月", "5-6月", or "待定" where the document gives no month."""
    if start is None:
        return "待定"
    if end is not None and end != start:
        return f"{start}-{end}月"
    return f"{start}月"


def plan_time_label(
    start: int | None,
    end: int | None,
    day_start: dt.date | None = None,
    day_end: dt.date | None = None,
    tentative: bool = False,
) -> str:
    """When a plan row says it happens: its days when the table named them ("9月12日",
    "6月3日至5日", "6月28日至7月2日"), else its months; "（暂定）" when marked so."""
    if day_start is None:
        label = months_label(start, end)
    elif day_end is None or day_end == day_start:
        label = month_day_label(day_start)
    elif day_end.month == day_start.month:
        label = f"{month_day_label(day_start)}至{day_end.day}日"
    else:
        label = f"{month_day_label(day_start)}至{month_day_label(day_end)}"
    return f"{label}（暂定）" if tentative and label != "待定" else label
