"""What a notification's occasion key means, in words the send log can show.

The key (``report-accepted:31``, ``month-start:2023-05:unit-4``) is what makes each notice
unique; people read the label instead, and the key stays at hand for whoever traces a send.
"""

import datetime as dt

from openday.core.formats import date_label, year_month_label

# Occasion kinds (the key's first part) by what they are.
_KINDS = {
    "deadline-soon": "期限临近提醒",
    "deadline-missed": "逾期提醒",
    "month-start": "月初提醒",
    "month-end": "月末总结",
    "overdue-digest": "逾期事项汇总",
    "declaration-returned": "主题申报退回通知",
    "report-accepted": "活动材料审核通过通知",
    "report-returned": "活动材料退回通知",
    "notice-submitted": "活动预告待审核通知",
    "notice-returned": "活动预告退回通知",
    "plan-published": "计划表发布通知",
    "activity-urged": "督办通知",
}
OTHER = "其他提醒"


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _year_month(text: str) -> str:
    year, _, month = text.partition("-")
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return year_month_label(int(year), int(month))
    return ""


def occasion_label(occasion: str) -> str:
    """ "活动材料审核通过通知", "2023年5月月初提醒", "期限临近提醒（2023年6月8日到期）"; a key
    of no known kind reads 其他提醒."""
    kind, *parts = occasion.split(":")
    label = _KINDS.get(kind)
    if label is None:
        return OTHER
    if kind in ("deadline-soon", "deadline-missed") and len(parts) >= 2:
        due = _date(parts[1])
        return f"{label}（{date_label(due)}到期）" if due else label
    if kind == "month-start" and parts:
        month = _year_month(parts[0])
        return f"{month}{label}" if month else label
    if kind == "month-end" and len(parts) >= 2:
        month = _year_month(parts[1])
        return f"{month}{label}" if month else label
    if kind == "overdue-digest" and len(parts) >= 2:
        on = _date(parts[1])
        return f"{label}（{date_label(on)}）" if on else label
    return label
