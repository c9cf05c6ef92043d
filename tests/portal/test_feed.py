"""The column's Atom feed: published reports and public notices, newest first, bounded."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from openday.activities.models import ActivityReport
from openday.activities.services.corrections import report_withdraw
from openday.campaigns.enums import CampaignPhase
from openday.participation.services import (
    OpinionInput,
    opinion_post,
    opinion_publish,
    opinion_reply,
)
from openday.portal import selectors
from tests.portal.html import parse
from tests.portal.plans import add_activity, make_tianxin_campaign
from tests.portal.steps import announce, office_admin, publish, row

pytestmark = pytest.mark.django_db

D = dt.date
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://gongkai.example.gov.cn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def campaign():
    return make_tianxin_campaign()


@pytest.fixture
def admin(campaign):
    return office_admin(campaign)


def feed(client, campaign) -> ET.Element:
    response = client.get(reverse("portal:campaign-feed", args=[campaign.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def entries(root) -> list[tuple[str, str]]:
    return [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_the_feed_lists_published_reports_and_public_notices(client, campaign, admin):
    announce(admin, row(campaign, 1), D(2023, 3, 15))
    publish(admin, row(campaign, 2), D(2023, 3, 20))
    held = publish(admin, row(campaign, 13), D(2023, 5, 8))
    # Reported, not yet published: only its notice shows.
    report_withdraw(actor=admin, activity=held, reason="照片需更换")

    root = feed(client, campaign)

    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "天心区2023年政务公开主题日活动专栏"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == (
        f"{SITE}/column/{campaign.slug}/"
    )
    slug = campaign.slug
    titles = entries(root)
    assert sorted(titles) == sorted(
        [
            ("活动预告：被征地农民社会保险业务政策宣讲", f"{SITE}/column/{slug}/notices/1/"),
            ("活动预告：老旧小区改造方案交流会", f"{SITE}/column/{slug}/notices/2/"),
            ("活动报道：老旧小区改造方案交流会", f"{SITE}/column/{slug}/reports/2/"),
            ("活动预告：狂犬病免疫知识进社区", f"{SITE}/column/{slug}/notices/13/"),
        ]
    )
    reports = [title for title, _ in titles if title.startswith("活动报道")]
    assert reports == ["活动报道：老旧小区改造方案交流会"]
    assert ActivityReport.objects.filter(activity__campaign=campaign).count() == 2


def test_entries_are_newest_first(client, campaign, admin):
    publish(admin, row(campaign, 1), D(2023, 3, 15))
    publish(admin, row(campaign, 2), D(2023, 3, 20))

    root = feed(client, campaign)

    updated = [entry.findtext(f"{ATOM}updated") for entry in root.findall(f"{ATOM}entry")]
    assert len(updated) == 4
    published = [entry.findtext(f"{ATOM}published") for entry in root.findall(f"{ATOM}entry")]
    assert published == sorted(published, reverse=True)


def test_a_report_summary_never_shows_a_phone(client, campaign, admin):
    publish(admin, row(campaign, 1), D(2023, 3, 15), summary="联系电话 13812345678，欢迎咨询。")

    root = feed(client, campaign)

    summaries = [entry.findtext(f"{ATOM}summary") for entry in root.findall(f"{ATOM}entry")]
    assert "联系电话 138****5678，欢迎咨询。" in summaries
    assert not any("13812345678" in (text or "") for text in summaries)


def test_the_feed_is_bounded(client, campaign, admin, monkeypatch):
    monkeypatch.setattr(selectors, "FEED_ITEMS", 3)
    for seq in (1, 2, 13):
        announce(admin, row(campaign, seq), D(2023, 5, seq))
    publish(admin, row(campaign, 16), D(2023, 5, 20))

    assert len(feed(client, campaign).findall(f"{ATOM}entry")) == 3


def test_control_characters_in_a_title_keep_the_feed_well_formed(client, campaign, admin):
    target = add_activity(campaign, 60, (7, 7), "标题\x0b含\x1f控制符", ["政策宣传"], ["区教育局"])
    announce(admin, target, D(2023, 7, 3))

    root = feed(client, campaign)

    assert entries(root)[0][0] == "活动预告：标题含控制符"


def test_a_draft_campaign_has_no_feed(client):
    draft = make_tianxin_campaign(phase=CampaignPhase.DRAFT)

    assert client.get(reverse("portal:campaign-feed", args=[draft.slug])).status_code == 404


def test_the_column_announces_its_feed(client, campaign):
    response = client.get(reverse("portal:campaign-column", args=[campaign.slug]))

    link = parse(response.content).xpath("//link[@rel='alternate']")[0]
    assert (link.get("type"), link.get("title"), link.get("href")) == (
        "application/atom+xml",
        "天心区2023年政务公开主题日活动专栏（Atom）",
        f"{SITE}/column/{campaign.slug}/feed.xml",
    )


def test_replies_to_published_opinions_are_in_the_feed_without_contact_details(
    client, campaign, admin
):
    announced = announce(admin, row(campaign, 1), D(2023, 3, 15))
    about_row = opinion_post(
        campaign=campaign,
        activity=announced,
        data=OpinionInput(text="希望增加周末场次", name="王五", phone="13812345678"),
    )
    general = opinion_post(
        campaign=campaign, activity=None, data=OpinionInput(text="建议公开更多数据")
    )
    hidden = opinion_post(campaign=campaign, activity=None, data=OpinionInput(text="无关内容"))
    for opinion in (about_row, general):
        opinion_publish(actor=admin, opinion=opinion)
        opinion_reply(actor=admin, opinion=opinion, text="感谢建议，已采纳。")

    root = feed(client, campaign)

    found = dict(entries(root))
    row_url = reverse("portal:activity-opinions", args=[campaign.slug, "1"])
    campaign_url = reverse("portal:campaign-opinions", args=[campaign.slug])
    assert found["留言回应：希望增加周末场次"].endswith(f"{row_url}#opinion-{about_row.pk}")
    assert found["留言回应：建议公开更多数据"].endswith(f"{campaign_url}#opinion-{general.pk}")
    assert f"opinion-{hidden.pk}" not in ET.tostring(root, encoding="unicode")
    text = ET.tostring(root, encoding="unicode")
    assert "王五" not in text
    assert "13812345678" not in text
    assert "感谢建议，已采纳。" in text
