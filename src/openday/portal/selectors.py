"""Reads of the public column beyond the page itself: the dated activities of the calendar and
its iCal feeds, the items of the Atom feed and the sitemap, which plan rows have a public
notice, and when a report was published. Only what the public may see: notices not
withdrawn, reports of published activities, campaigns past their draft.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery

from openday.activities.enums import ActivityState
from openday.activities.models import Activity, ActivityEvent, ActivityNotice, ActivityReport
from openday.activities.selectors import NOTICE_PUBLIC_STATES
from openday.campaigns.models import Campaign
from openday.campaigns.selectors import public_campaigns
from openday.orgs.enums import GROUP_KINDS
from openday.orgs.models import Region, RegionWebsite, Unit
from openday.participation.enums import OpinionState
from openday.participation.models import OpinionReply

# The Atom feed carries at most this many entries (reports and notices together).
FEED_ITEMS = 50


def website_of(region: Region) -> RegionWebsite | None:
    """The region's website furniture, without a query when the caller fetched the campaign
    with ``select_related("region__website")``."""
    try:
        return region.website
    except RegionWebsite.DoesNotExist:
        return None


def public_notices(campaign: Campaign) -> QuerySet[ActivityNotice]:
    """The notices the public may read (announced or later, not withdrawn), with activities."""
    return ActivityNotice.objects.filter(
        activity__campaign=campaign,
        activity__state__in=NOTICE_PUBLIC_STATES,
        withdrawn_at__isnull=True,
    ).select_related("activity")


def public_notice_ids(campaign: Campaign) -> set[int]:
    """Ids of the activities whose notice is public: the plan rows that link to their 预告."""
    return set(public_notices(campaign).values_list("activity_id", flat=True))


def _published_at() -> Subquery:
    return Subquery(
        ActivityEvent.objects.filter(
            activity=OuterRef("activity"), to_state=ActivityState.PUBLISHED
        )
        .values("activity")
        .annotate(last=Max("at"))
        .values("last")[:1]
    )


def public_reports(campaign: Campaign) -> QuerySet[ActivityReport]:
    """Reports of published activities with ``published_at`` (the last time the office
    published it; a report withdrawn and published again counts from then), newest first."""
    return (
        ActivityReport.objects.filter(
            activity__campaign=campaign, activity__state=ActivityState.PUBLISHED
        )
        .select_related("activity")
        .annotate(published_at=_published_at())
        .order_by("-published_at", "-activity__seq", "-activity__part_no")
    )


def report_published_at(report: ActivityReport) -> dt.datetime | None:
    """When ``report``'s activity was last published (None for an unpublished one)."""
    return (
        ActivityEvent.objects.filter(
            activity_id=report.activity_id, to_state=ActivityState.PUBLISHED
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class FeedItem:
    kind: str  # "report", "notice" or "reply" (回应 to a published opinion)
    slug: str  # the campaign's
    activity: Activity | None  # None: a reply to an opinion on the campaign as a whole
    title: str
    summary: str
    published_at: dt.datetime
    updated_at: dt.datetime
    anchor: str = ""  # where on its page the item stands


def feed_items(campaign: Campaign, limit: int | None = None) -> list[FeedItem]:
    """Published reports, public notices and the replies to published opinions, newest first,
    at most ``limit`` (``FEED_ITEMS`` by default; three queries)."""
    limit = limit or FEED_ITEMS
    reports = [
        FeedItem(
            "report",
            campaign.slug,
            report.activity,
            report.activity.title,
            report.summary,
            report.published_at or report.updated_at,
            max(report.updated_at, report.published_at or report.updated_at),
        )
        for report in public_reports(campaign)[:limit]
    ]
    notices = [
        FeedItem(
            "notice",
            campaign.slug,
            notice.activity,
            notice.theme,
            notice.content,
            notice.published_at,
            max(notice.updated_at, notice.published_at),
        )
        for notice in public_notices(campaign).order_by("-published_at")[:limit]
    ]
    replies = [
        FeedItem(
            "reply",
            campaign.slug,
            reply.opinion.activity,
            reply.opinion.text,
            f"{reply.responder}：{reply.text}",
            reply.published_at,
            max(reply.updated_at, reply.published_at),
            anchor=f"opinion-{reply.opinion_id}",
        )
        for reply in OpinionReply.objects.filter(
            opinion__campaign=campaign, opinion__state=OpinionState.PUBLISHED
        )
        .select_related("opinion__activity")
        .order_by("-published_at")[:limit]
    ]
    items = sorted(reports + notices + replies, key=lambda item: item.published_at, reverse=True)
    return items[:limit]


def calendar_notices(
    campaign: Campaign, *, first: dt.date | None = None, last: dt.date | None = None
) -> QuerySet[ActivityNotice]:
    """Public notices of activities with a date (between ``first`` and ``last`` when given),
    soonest first. The date is ``Activity.scheduled_on`` (a postponement moves it)."""
    notices = public_notices(campaign).filter(activity__scheduled_on__isnull=False)
    if first is not None:
        notices = notices.filter(activity__scheduled_on__gte=first)
    if last is not None:
        notices = notices.filter(activity__scheduled_on__lte=last)
    return notices.order_by(
        "activity__scheduled_on", "start_time", "activity__seq", "activity__part_no"
    )


def unit_host_q(unit: Unit, prefix: str = "") -> Q:
    """Activities ``unit`` hosts: named as a host, or covered by a group host (各街道办事处 …)
    of its region, as ``activities.selectors.host_scope`` reads them."""
    groups = [group for group, kinds in GROUP_KINDS.items() if unit.kind in kinds]
    return Q(**{f"{prefix}hosts__unit": unit}) | Q(
        **{f"{prefix}hosts__group__in": groups, f"{prefix}campaign__region_id": unit.region_id}
    )


def public_unit(campaign: Campaign, unit_id: int) -> Unit | None:
    """A unit of the campaign's region (the public may name any: hosts are public)."""
    return Unit.objects.filter(region_id=campaign.region_id, pk=unit_id).first()


def unit_calendar_notices(campaign: Campaign, unit: Unit) -> QuerySet[ActivityNotice]:
    hosted = Activity.objects.filter(unit_host_q(unit), campaign=campaign).values("pk")
    return calendar_notices(campaign).filter(activity__in=hosted)


@dataclass(frozen=True)
class SitemapEntry:
    kind: str  # "column", "notice" or "report"
    slug: str
    ref: str
    lastmod: dt.datetime


def sitemap_entries() -> list[SitemapEntry]:
    """Every public column, public notice and published report (three queries)."""
    campaigns = list(public_campaigns())
    slugs = {campaign.pk: campaign.slug for campaign in campaigns}
    entries = [
        SitemapEntry("column", campaign.slug, "", campaign.updated_at) for campaign in campaigns
    ]
    order = ("activity__campaign_id", "activity__seq", "activity__part_no")
    notices = (
        ActivityNotice.objects.filter(
            activity__campaign_id__in=slugs,
            activity__state__in=NOTICE_PUBLIC_STATES,
            withdrawn_at__isnull=True,
        )
        .select_related("activity")
        .order_by(*order)
    )
    entries += [
        SitemapEntry("notice", slugs[n.activity.campaign_id], n.activity.ref, n.updated_at)
        for n in notices
    ]
    reports = (
        ActivityReport.objects.filter(
            activity__campaign_id__in=slugs, activity__state=ActivityState.PUBLISHED
        )
        .select_related("activity")
        .order_by(*order)
    )
    entries += [
        SitemapEntry("report", slugs[r.activity.campaign_id], r.activity.ref, r.updated_at)
        for r in reports
    ]
    return entries
