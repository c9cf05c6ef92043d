"""The column's calendar: a month view of the dated activities
(``/column/<slug>/calendar/?month=YYYY-MM``) and iCal feeds of them, for the whole column
(``calendar.ics``) and for one host unit (``units/<unit-id>/calendar.ics``).

Only what the public already sees: activities whose notice (预告) is public, with a date — a
plan row with only a month is not on the calendar. A cancelled one stays in the feed as
``STATUS:CANCELLED`` so a subscribed calendar drops it; a postponed one moves to its new date.
Each event's UID is ``activity-<id>@<site host>``, stable across edits, so calendars update
their copy instead of adding another. Times are Asia/Shanghai when the notice gives them for
that day, otherwise the event is all-day. Text passes ``core.text`` cleaning: a control
character typed into a notice never breaks a subscriber's calendar.
"""

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from openday.activities.enums import ActivityState
from openday.activities.models import ActivityNotice
from openday.campaigns.models import Campaign
from openday.campaigns.selectors import public_campaigns
from openday.core.formats import year_month_label
from openday.core.text import one_line, strip_controls
from openday.portal.pages import absolute, page_meta
from openday.portal.selectors import (
    calendar_notices,
    public_unit,
    unit_calendar_notices,
    website_of,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DESCRIPTION_CHARS = 2000
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def _campaign_or_404(slug: str) -> Campaign:
    campaign = public_campaigns().select_related("region__website").filter(slug=slug).first()
    if campaign is None:
        raise Http404("没有找到该活动专栏。")
    return campaign


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response


# --- The month view -----------------------------------------------------------------------


@dataclass
class Day:
    date: dt.date
    in_month: bool
    notices: list[ActivityNotice] = field(default_factory=list)


def _month_of(raw: str, year: int) -> tuple[int | None, str]:
    """The month of ``year`` that ``raw`` ("2023-06") names, or None and why not."""
    text = raw.strip()
    head, _, tail = text.partition("-")
    if not (
        len(text) == 7 and head.isascii() and head.isdigit() and tail.isascii() and tail.isdigit()
    ):
        return None, "月份的写法应为“年-月”，如 2023-06，已显示默认月份。"
    if int(head) != year or not 1 <= int(tail) <= 12:
        return None, f"本专栏的活动日历只包括 {year} 年 1 至 12 月，已显示默认月份。"
    return int(tail), ""


def _default_month(campaign: Campaign, today: dt.date) -> int:
    """This month in the campaign's year; otherwise its first dated activity's month, or 1."""
    if today.year == campaign.year:
        return today.month
    first = calendar_notices(campaign).values_list("activity__scheduled_on", flat=True).first()
    return first.month if first else 1


def _weeks(year: int, month: int, notices: list[ActivityNotice]) -> list[list[Day]]:
    by_date: dict[dt.date, list[ActivityNotice]] = {}
    for notice in notices:
        by_date.setdefault(notice.activity.scheduled_on, []).append(notice)
    return [
        [Day(day, day.month == month, by_date.get(day, [])) for day in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def _month_query(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


@require_safe
def campaign_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    year = campaign.year
    raw = request.GET.get("month", "")
    month, note = _month_of(raw, year) if raw else (None, "")
    if month is None:
        month = _default_month(campaign, timezone.localdate())
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    notices = list(calendar_notices(campaign, first=first, last=last))
    path = reverse("portal:campaign-calendar", args=[slug])
    context = {
        "campaign": campaign,
        "label": year_month_label(year, month),
        "weeks": _weeks(year, month, notices),
        "weekdays": WEEKDAYS,
        "notices": notices,
        "note": note,
        "prev": _month_query(year, month - 1) if month > 1 else "",
        "next": _month_query(year, month + 1) if month < 12 else "",
        "prev_label": f"{month - 1}月" if month > 1 else "",
        "next_label": f"{month + 1}月" if month < 12 else "",
        "published_states": (ActivityState.PUBLISHED,),
        "website": website_of(campaign.region),
        "meta": page_meta(
            f"{campaign.region.name}{campaign.year}年政务公开主题日活动日历（{month}月）",
            f"{campaign.region.name}{year_month_label(year, month)}“政务公开主题日”活动的日期、"
            "时间和地点。",
            f"{path}?month={_month_query(year, month)}",
        ),
    }
    return _public(render(request, "portal/calendar.html", context))


# --- iCal ---------------------------------------------------------------------------------


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "openday"


def _text(value: str, *, limit: int | None = None) -> str:
    text = strip_controls(value or "").strip()
    if limit is not None and len(text) > limit:
        text = f"{text[: limit - 1]}…"
    return text


def _event(notice: ActivityNotice, campaign: Campaign, host: str) -> Event:
    activity = notice.activity
    on = activity.scheduled_on
    url = absolute(reverse("portal:activity-notice", args=[campaign.slug, activity.ref]))
    event = Event()
    event.add("uid", f"activity-{activity.pk}@{host}")
    event.add("dtstamp", notice.updated_at)
    # The notice's times hold for its own day; after a postponement only the day is known.
    if notice.held_on == on and notice.start_time:
        event.add("dtstart", dt.datetime.combine(on, notice.start_time, tzinfo=SHANGHAI))
        if notice.end_time and notice.end_time > notice.start_time:
            event.add("dtend", dt.datetime.combine(on, notice.end_time, tzinfo=SHANGHAI))
    else:
        event.add("dtstart", on)
        event.add("dtend", on + dt.timedelta(days=1))
    event.add("summary", one_line(notice.theme))
    venue = one_line(activity.venue or notice.venue)
    if venue:
        event.add("location", venue)
    event.add("url", url)
    lines = [
        f"主办单位：{one_line(notice.host)}",
        f"活动形式：{one_line(notice.form)}",
        f"邀请对象：{_text(notice.audience)}",
        f"报名方式：{_text(notice.signup)}",
        "",
        _text(notice.content),
        "",
        f"活动预告：{url}",
    ]
    event.add("description", _text("\n".join(lines), limit=DESCRIPTION_CHARS))
    if activity.state == ActivityState.CANCELLED:
        event.add("status", "CANCELLED")
    elif activity.state == ActivityState.POSTPONED:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    return event


def _ics(name: str, notices, campaign: Campaign, filename: str) -> HttpResponse:
    cal = Calendar()
    cal.add("prodid", "-//openday//政务公开主题日//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", "Asia/Shanghai")
    host = _site_host()
    for notice in notices:
        cal.add_component(_event(notice, campaign, host))
    cal.add_missing_timezones()
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return _public(response)


@require_safe
def campaign_ics(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    name = f"{campaign.region.name}{campaign.year}年政务公开主题日活动"
    return _ics(name, calendar_notices(campaign), campaign, f"{campaign.slug}.ics")


@require_safe
def unit_ics(request: HttpRequest, slug: str, unit_id: int) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    unit = public_unit(campaign, unit_id)
    if unit is None:
        raise Http404("没有找到该单位。")
    name = f"{campaign.region.name}{unit.name}{campaign.year}年政务公开主题日活动"
    notices = unit_calendar_notices(campaign, unit)
    return _ics(name, notices, campaign, f"{campaign.slug}-unit-{unit.pk}.ics")
