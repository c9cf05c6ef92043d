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
