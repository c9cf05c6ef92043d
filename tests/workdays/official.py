"""The State Council's holiday arrangements for 2023–2026, written by hand from the notices
(国务院办公厅关于20XX年部分节假日安排的通知), not from the calendar library.

Each entry: (holiday, first day off, last day off, make-up working days 调休上班). Where a
notice joins two holidays (中秋节、国庆节) the festival's own day carries its name.
"""

import datetime as dt

D = dt.date.fromisoformat

NOTICES: dict[int, list[tuple[str, str, str, list[str]]]] = {
    # 国办发明电〔2022〕16号
    2023: [
        ("元旦", "2022-12-31", "2023-01-02", []),
        ("春节", "2023-01-21", "2023-01-27", ["2023-01-28", "2023-01-29"]),
        ("清明节", "2023-04-05", "2023-04-05", []),
        ("劳动节", "2023-04-29", "2023-05-03", ["2023-04-23", "2023-05-06"]),
        ("端午节", "2023-06-22", "2023-06-24", ["2023-06-25"]),
        ("中秋节", "2023-09-29", "2023-09-29", []),
        ("国庆节", "2023-09-30", "2023-10-06", ["2023-10-07", "2023-10-08"]),
    ],
    # 国办发明电〔2023〕7号
    2024: [
        ("元旦", "2023-12-30", "2024-01-01", []),
        # 除夕 2月9日 is a working day (the notice only encourages leave).
        ("春节", "2024-02-10", "2024-02-17", ["2024-02-04", "2024-02-18"]),
        ("清明节", "2024-04-04", "2024-04-06", ["2024-04-07"]),
        ("劳动节", "2024-05-01", "2024-05-05", ["2024-04-28", "2024-05-11"]),
        ("端午节", "2024-06-08", "2024-06-10", []),
        ("中秋节", "2024-09-15", "2024-09-17", ["2024-09-14"]),
        ("国庆节", "2024-10-01", "2024-10-07", ["2024-09-29", "2024-10-12"]),
    ],
    # 国办发明电〔2024〕12号 (first year with 除夕 and 5月2日 as statutory holidays)
    2025: [
        ("元旦", "2025-01-01", "2025-01-01", []),
        ("春节", "2025-01-28", "2025-02-04", ["2025-01-26", "2025-02-08"]),
        ("清明节", "2025-04-04", "2025-04-06", []),
        ("劳动节", "2025-05-01", "2025-05-05", ["2025-04-27"]),
        ("端午节", "2025-05-31", "2025-06-02", []),
        ("国庆节", "2025-10-01", "2025-10-05", ["2025-09-28", "2025-10-11"]),
        ("中秋节", "2025-10-06", "2025-10-06", []),
        ("国庆节", "2025-10-07", "2025-10-08", []),
    ],
    # 国办发明电〔2025〕7号
    2026: [
        ("元旦", "2026-01-01", "2026-01-03", ["2026-01-04"]),
        ("春节", "2026-02-15", "2026-02-23", ["2026-02-14", "2026-02-28"]),
        ("清明节", "2026-04-04", "2026-04-06", []),
        ("劳动节", "2026-05-01", "2026-05-05", ["2026-05-09"]),
        ("端午节", "2026-06-19", "2026-06-21", []),
        ("中秋节", "2026-09-25", "2026-09-27", []),
        ("国庆节", "2026-10-01", "2026-10-07", ["2026-09-20", "2026-10-10"]),
    ],
}

# Working days per year, counted by hand from the notices: weekdays, minus holidays falling on
# weekdays, plus make-up days. 2023: 260 − 18 + 7; 2024: 262 − 19 + 8; 2025: 261 − 18 + 5;
# 2026: 261 − 19 + 6.
WORKING_DAYS_IN_YEAR = {2023: 249, 2024: 251, 2025: 248, 2026: 248}


def _days(first: str, last: str) -> list[dt.date]:
    start, end = D(first), D(last)
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


OFF: dict[dt.date, str] = {
    day: name
    for entries in NOTICES.values()
    for name, first, last, _ in entries
    for day in _days(first, last)
}
MAKE_UP: dict[dt.date, str] = {
    D(day): name for entries in NOTICES.values() for name, _, _, days in entries for day in days
}


def official_workday(day: dt.date) -> bool:
    if day in OFF:
        return False
    return day in MAKE_UP or day.weekday() < 5


def hard_cases() -> list[tuple[dt.date, bool]]:
    """Every day of every holiday, every make-up day, and the day on each side of a holiday."""
    days: set[dt.date] = set(MAKE_UP)
    for entries in NOTICES.values():
        for _, first, last, _ in entries:
            days.update(_days(first, last))
            days.add(D(first) - dt.timedelta(days=1))
            days.add(D(last) + dt.timedelta(days=1))
    return [(day, official_workday(day)) for day in sorted(days) if 2023 <= day.year <= 2026]


def days_of(year: int) -> list[dt.date]:
    return _days(f"{year}-01-01", f"{year}-12-31")
