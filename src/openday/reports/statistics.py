"""The statistics table (附件2, 活动情况统计表) from the reports units handed in.

Nothing in it is typed twice: ``statistics_rows`` reads the reports (counts are SQL
aggregates; the media links and the hosts are one query each, never one per activity) and
``statistics_table`` lays the rows out as a ``Table`` for the renderers. A report counts once
it is handed in (reported, accepted or published); a returned one does not until it is back.

Events and hosts: each row is one event (one report). A joint row's lead reports for itself
and for the parts held with it, which are its hosts; a part held on its own is a row of its
own, hosted by its unit. The total says both: how many events, and how many units held them.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from openday.activities.enums import ActivityState
from openday.activities.lifecycle import REPORTED_STATES
from openday.activities.models import (
    Activity,
    ActivityHost,
    ActivityReport,
    MediaReport,
    acting_host_q,
)
from openday.campaigns.models import Campaign
from openday.core.formats import date_label
from openday.orgs.enums import GROUP_KINDS
from openday.orgs.models import Unit
from openday.participation.selectors import answers_by_activity
from openday.reports.tables import Table

COUNTED_STATES = REPORTED_STATES

HEADER = [
    "活动主题",
    "活动时间",
    "活动覆盖人数(人)",
    "媒体宣传报道(条)",
    "媒体宣传报道网址、图片",
]
HOSTS_HEADER = "责任单位"
# 附件2 of the notices, as they print it above the title (the plan table is 附件1).
STATISTICS_MARK = "附件2"


@dataclass(frozen=True)
class StatisticsRow:
    seq: int | str  # the activity's reference: its 序号, or "23-2" for a part
    title: str
    held_on: dt.date
    headcount: int
    media_count: int
    photo_count: int
    published: bool
    media_urls: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    answers: int = 0  # answers to the activity's questionnaires (问卷调查), cited in the table


def statistics_title(campaign: Campaign) -> str:
    return f"{campaign.region.name}{campaign.year}年“政务公开主题日”活动情况统计表"


def _hosted_by(unit: Unit) -> Q:
    """Reports ``unit`` answers for: of the activities it carries (a joint row's lead, or
    its own part), and of the leads it holds a part together with."""
    groups = [group for group, kinds in GROUP_KINDS.items() if unit.kind in kinds]
    hosts = ActivityHost.objects.filter(acting_host_q()).filter(Q(unit=unit) | Q(group__in=groups))
    with_lead = Activity.objects.filter(with_lead=True, hosts__unit=unit)
    return Q(activity_id__in=hosts.values("activity_id")) | Q(
        activity_id__in=with_lead.values("lead_id")
    )


def statistics_rows(campaign: Campaign, unit: Unit | None = None) -> list[StatisticsRow]:
    """One row per handed-in report of the campaign (of ``unit``'s activities when given),
    in the order they were held. Four queries whatever the number of reports."""
    reports = ActivityReport.objects.filter(
        activity__campaign=campaign, activity__state__in=COUNTED_STATES
    )
    if unit is not None:
        reports = reports.filter(_hosted_by(unit))
    values = list(
        reports.annotate(
            media_count=Count("media", distinct=True),
            photo_count=Count("photos", distinct=True),
        )
        .order_by("held_on", "activity__seq", "activity__part_no")
        .values(
            "pk",
            "activity_id",
            "activity__seq",
            "activity__part_no",
            "activity__title",
            "activity__state",
            "held_on",
            "headcount",
            "media_count",
            "photo_count",
        )
    )
    report_ids = [row["pk"] for row in values]
    urls: dict[int, list[str]] = {}
    for report_id, url in (
        MediaReport.objects.filter(report_id__in=report_ids)
        .order_by("report_id", "position", "id")
        .values_list("report_id", "url")
    ):
        urls.setdefault(report_id, []).append(url)
    hosts = _event_hosts([row["activity_id"] for row in values])
    answers = answers_by_activity([row["activity_id"] for row in values])
    return [
        StatisticsRow(
            seq=_ref(row["activity__seq"], row["activity__part_no"]),
            title=row["activity__title"],
            held_on=row["held_on"],
            headcount=row["headcount"],
            media_count=row["media_count"],
            photo_count=row["photo_count"],
            published=row["activity__state"] == ActivityState.PUBLISHED,
            media_urls=urls.get(row["pk"], []),
            hosts=hosts.get(row["activity_id"], []),
            answers=answers.get(row["activity_id"], 0),
        )
        for row in values
    ]


def _ref(seq: int, part_no: int) -> int | str:
    return f"{seq}-{part_no}" if part_no else seq


def _event_hosts(activity_ids: list[int]) -> dict[int, list[str]]:
    """Who held each activity's event: its acting hosts as written, then the parts held
    together with it (one query)."""
    rows = (
        ActivityHost.objects.filter(
            (acting_host_q() & Q(activity_id__in=activity_ids))
            | Q(activity__lead_id__in=activity_ids, activity__with_lead=True)
        )
        .order_by("activity__part_no", "activity_id", "position", "id")
        .values_list("activity_id", "activity__lead_id", "activity__with_lead", "text")
    )
    events = set(activity_ids)
    hosts: dict[int, list[str]] = {}
    for activity_id, lead_id, with_lead, text in rows:
        # A part's own host (its lead is among the events) joins its lead's list.
        held_by = lead_id if with_lead and lead_id in events else activity_id
        hosts.setdefault(held_by, []).append(text)
    return hosts


def _links(row: StatisticsRow, report_url) -> str:
    photos = f"活动照片 {row.photo_count} 张"
    if row.published and report_url is not None:
        photos += f"：{report_url(row.seq)}"
    survey = [f"问卷调查答卷 {row.answers} 份"] if row.answers else []
    return "\n".join([*row.media_urls, photos, *survey])


def statistics_table(
    campaign: Campaign,
    rows: list[StatisticsRow],
    *,
    filler: str,
    contact: str = "",
    phone: str = "",
    with_hosts: bool = False,
    report_url=None,
) -> Table:
    """附件2 as a ``Table``: ``filler`` is the 填报单位; ``with_hosts`` adds the hosts column
    (the office's table of the whole campaign); ``report_url(seq)`` gives a published
    report's public address, where its photos are."""
    body = []
    for row in rows:
        cells = [row.title, date_label(row.held_on), row.headcount, row.media_count]
        cells.append(_links(row, report_url))
        if with_hosts:
            cells.insert(1, "、".join(row.hosts))
        body.append(cells)
    units = len({host for row in rows for host in row.hosts})
    held_by = f"，{units} 个单位" if with_hosts and units else ""
    total = [
        f"合计（{len(rows)} 场{held_by}）",
        "",
        sum(r.headcount for r in rows),
        sum(r.media_count for r in rows),
        "",
    ]
    if with_hosts:
        total.insert(1, "")
    header = list(HEADER)
    widths = [30, 12, 10, 10, 44]
    align = ["left", "center", "center", "center", "left"]
    if with_hosts:
        header.insert(1, HOSTS_HEADER)
        widths.insert(1, 16)
        align.insert(1, "center")
    return Table(
        mark=STATISTICS_MARK,
        title=statistics_title(campaign),
        header=header,
        rows=[*body, total],
        column_widths=widths,
        column_align=align,
        subtitle_lines=[f"填报单位（公章）：{filler}　　联系人：{contact}　　联系方式：{phone}"],
    )
