"""The office's overdue digest (逾期汇总), sent with the ``deadline-missed`` job.

The office admins of the campaign's region get one digest a day listing what became overdue
since their previous digest, occasion ``overdue-digest:{region pk}:{date ISO}``: a district
has hundreds of deadlines, one notice each would bury the inbox, and the full list is on the
workbench. Working days only (the job's own days), so the misses of a weekend or a holiday
reach the office as one digest when it opens. A new admin's first digest lists everything
overdue at the time.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby

from django.db.models import Max
from django.urls import reverse

from openday.activities.models import ActivityDeadline
from openday.core.formats import date_label, month_day_label
from openday.orgs.models import Region
from openday.reminders.models import Notification
from openday.reminders.recipients import office_admins
from openday.reminders.services import Draft


def _digest_line(number: int, deadline: ActivityDeadline, today: dt.date) -> str:
    activity = deadline.activity
    hosts = "、".join(host.text for host in activity.hosts.all()) or "未指定责任单位"
    return (
        f"{number}. {activity.title}（第{activity.seq}项，{hosts}）："
        f"{deadline.get_kind_display()}，{month_day_label(deadline.due_on)}截止，"
        f"已逾期{(today - deadline.due_on).days}天"
    )


def _digest_body(region: Region, items: list[ActivityDeadline], today: dt.date, *, since) -> str:
    new = "（上次汇总以来新增）" if since else ""
    parts = [
        f"截至{date_label(today)}，{region.name}以下{len(items)}项活动期限已过而尚未完成{new}："
    ]
    ordered = sorted(items, key=lambda d: (d.activity.campaign_id, d.due_on, d.activity.seq))
    number = 0
    for _campaign_id, group in groupby(ordered, key=lambda d: d.activity.campaign_id):
        rows = list(group)
        parts.append(f"\n《{rows[0].activity.campaign.title}》")
        for deadline in rows:
            number += 1
            parts.append(_digest_line(number, deadline, today))
    parts.append("\n承办单位的联络员已分别收到逾期提醒；全部逾期事项见工作台“逾期事项”。")
    return "\n".join(parts)


def overdue_digests(missed: list[ActivityDeadline], today: dt.date) -> Iterator[Draft]:
    """One digest per office admin of each region: what went overdue since their last one.

    The previous digest at date P listed the deadlines open and due before P, so this one
    lists those due from P on; one query per region finds each admin's P.
    """
    by_region: dict[int, list[ActivityDeadline]] = defaultdict(list)
    for deadline in missed:
        by_region[deadline.activity.campaign.region_id].append(deadline)
    for items in by_region.values():
        region = items[0].activity.campaign.region
        prefix = f"overdue-digest:{region.pk}:"
        occasion = f"{prefix}{today.isoformat()}"
        admins = list(office_admins(region))
        latest = dict(
            Notification.objects.filter(recipient__in=admins, occasion__startswith=prefix)
            .order_by()
            .values("recipient_id")
            .annotate(latest=Max("occasion"))
            .values_list("recipient_id", "latest")
        )
        for admin in admins:
            previous = latest.get(admin.pk)
            if previous == occasion:
                continue
            since = dt.date.fromisoformat(previous.removeprefix(prefix)) if previous else None
            fresh = [d for d in items if since is None or d.due_on >= since]
            if not fresh:
                continue
            yield Draft(
                recipient=admin,
                occasion=occasion,
                title=f"逾期汇总：{region.name}新增{len(fresh)}项活动期限逾期（{month_day_label(today)}）",
                body=_digest_body(region, fresh, today, since=since),
                link=reverse("staff:home"),
                item_type="orgs.region",
                item_id=region.pk,
                region_id=region.pk,
            )
