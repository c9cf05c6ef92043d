"""The embeddable widget: /column/<slug>/widget.js, and the snippet the column page shows."""

import json
import re

import pytest
from django.urls import reverse

from openday.campaigns.enums import CampaignPhase
from openday.portal.widget import widget_snippet
from tests.factories import CampaignFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db

SITE = "https://gongkai.example.gov.cn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def config_of(script: str) -> dict:
    match = re.search(r"var CONFIG = (\{.*?\});\n", script)
    assert match, script[:500]
    return json.loads(match.group(1))


def test_the_widget_is_javascript_with_the_column_baked_in(client):
    campaign = make_tianxin_campaign()

    response = client.get(reverse("portal:campaign-widget", args=[campaign.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]
    assert response["ETag"]
    assert not response.cookies
    script = response.content.decode()
    assert config_of(script) == {
        "api": "/api/v1/campaigns/tianxin-2023/notices/?upcoming=1",
        "column": "/column/tianxin-2023/",
        "title": "天心区政务公开主题日 · 近期活动",
        "empty": "近期暂无活动预告，欢迎关注活动专栏。",
        "failed": "活动信息暂时无法加载，请访问活动专栏查看。",
        "limit": 5,
    }
    # Escaped to ASCII: nothing of the region's text can end the string literal.
    assert re.search(r"var CONFIG = .*", script).group().isascii()
    # Its own styles live in a shadow root; no global stylesheet, no other script.
    assert "attachShadow" in script
    assert "document.head" not in script
    assert "import " not in script


def test_the_configured_api_path_answers(client):
    campaign = make_tianxin_campaign()
    script = client.get(reverse("portal:campaign-widget", args=[campaign.slug])).content
    api = config_of(script.decode())["api"]

    response = client.get(api)

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("slug", ["no-such-column", "tianxin-2024"])
def test_an_unknown_or_draft_column_has_no_widget(client, slug):
    make_tianxin_campaign()
    CampaignFactory(slug="tianxin-2024", year=2024, phase=CampaignPhase.DRAFT)

    response = client.get(reverse("portal:campaign-widget", args=[slug]))

    assert response.status_code == 404
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.content.decode() == "/* 没有找到该活动专栏，请核对嵌入代码中的地址。 */\n"


def test_the_column_page_shows_the_snippet_to_paste(client):
    campaign = make_tianxin_campaign()

    page = parse(client.get(reverse("portal:campaign-column", args=[campaign.slug])).content)

    (section,) = select(page, "section.embed")
    assert text_of(select(section, "h2")[0]) == "嵌入本专栏"
    code = text_of(select(section, "pre.embed-code")[0])
    assert code == (
        f'<script src="{SITE}/column/tianxin-2023/widget.js" data-limit="5" async></script>'
    )
    assert code == widget_snippet(campaign.slug)
    links = [a.get("href") for a in section.xpath(".//a")]
    assert links == ["/api/v1/campaigns/tianxin-2023/", "/api/v1/openapi.json"]
