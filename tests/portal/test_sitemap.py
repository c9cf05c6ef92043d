"""``/sitemap.xml``: the home page, public columns, public notices and published reports."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from openday.campaigns.enums import CampaignPhase
from tests.factories import CampaignFactory
from tests.portal.plans import make_tianxin_campaign
from tests.portal.steps import announce, office_admin, publish, row

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://gongkai.example.gov.cn"


def locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{NS}urlset"
    return [url.findtext(f"{NS}loc") for url in root.findall(f"{NS}url")]


def test_the_sitemap_lists_what_the_public_may_read(client, settings, django_assert_num_queries):
    settings.SITE_URL = SITE
    campaign = make_tianxin_campaign()
    admin = office_admin(campaign)
    announce(admin, row(campaign, 1), dt.date(2023, 3, 15))
    publish(admin, row(campaign, 2), dt.date(2023, 3, 20))
    CampaignFactory(
        region=campaign.region, year=2024, slug="tianxin-2024-draft", phase=CampaignPhase.DRAFT
    )

    with django_assert_num_queries(3):
        found = locations(client)

    slug = campaign.slug
    assert found == [
        f"{SITE}/",
        f"{SITE}/column/{slug}/",
        f"{SITE}/column/{slug}/notices/1/",
        f"{SITE}/column/{slug}/notices/2/",
        f"{SITE}/column/{slug}/reports/2/",
    ]


def test_an_empty_site_has_only_its_home(client, settings):
    settings.SITE_URL = SITE

    assert locations(client) == [f"{SITE}/"]
