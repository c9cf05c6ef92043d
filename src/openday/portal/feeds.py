"""The column's Atom feed (``/column/<slug>/feed.xml``): its published reports, its public
notices and the replies (回应) to published opinions, newest first, at most
``portal.selectors.FEED_ITEMS`` entries, through Django's syndication framework
(``django.contrib.syndication`` needs no INSTALLED_APPS entry).

Links are absolute from ``settings.SITE_URL`` like every public URL the pages print; titles and
summaries lose control characters, which XML cannot carry.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from openday.campaigns.models import Campaign
from openday.campaigns.selectors import public_campaigns
from openday.core.text import mask_phones, one_line
from openday.portal.pages import absolute, short
from openday.portal.selectors import FeedItem, feed_items

SUMMARY_CHARS = 300
KIND_LABELS = {"report": "活动报道", "notice": "活动预告", "reply": "留言回应"}


class ColumnFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Campaign:
        campaign = public_campaigns().filter(slug=slug).first()
        if campaign is None:
            raise Http404("没有找到该活动专栏。")
        return campaign

    def title(self, campaign: Campaign) -> str:
        return one_line(f"{campaign.region.name}{campaign.display_column_title}")

    def subtitle(self, campaign: Campaign) -> str:
        return (
            f"{campaign.region.name}{campaign.year}年“政务公开主题日”活动预告、活动报道和留言回应"
        )

    def link(self, campaign: Campaign) -> str:
        return absolute(reverse("portal:campaign-column", args=[campaign.slug]))

    def feed_url(self, campaign: Campaign) -> str:
        return absolute(reverse("portal:campaign-feed", args=[campaign.slug]))

    def author_name(self, campaign: Campaign) -> str:
        return campaign.issuer or f"{campaign.region.name}政务公开办"

    def items(self, campaign: Campaign) -> list[FeedItem]:
        return feed_items(campaign)

    def item_title(self, item: FeedItem) -> str:
        title = one_line(item.title)
        if item.kind == "reply":
            title = short(title, 40)
        return f"{KIND_LABELS[item.kind]}：{title}"

    def item_description(self, item: FeedItem) -> str:
        # As the pages: a phone number typed into the text is never shown in full.
        return short(mask_phones(item.summary), SUMMARY_CHARS)

    def item_link(self, item: FeedItem) -> str:
        if item.kind == "reply":
            if item.activity is None:
                url = reverse("portal:campaign-opinions", args=[item.slug])
            else:
                url = reverse("portal:activity-opinions", args=[item.slug, item.activity.ref])
            return absolute(f"{url}#{item.anchor}")
        name = "portal:activity-report" if item.kind == "report" else "portal:activity-notice"
        return absolute(reverse(name, args=[item.slug, item.activity.ref]))

    def item_guid(self, item: FeedItem) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: FeedItem):
        return item.published_at

    def item_updateddate(self, item: FeedItem):
        return item.updated_at

    def item_categories(self, item: FeedItem) -> tuple[str, ...]:
        return (KIND_LABELS[item.kind],)


column_feed = ColumnFeed()
