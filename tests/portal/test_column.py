import pytest
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.portal.views import column_cache_key
from tests.factories import CampaignFactory
from tests.portal.html import parse, select, text_of
from tests.portal.plans import add_activity, make_tianxin_campaign

pytestmark = pytest.mark.django_db


def column_url(campaign) -> str:
    return reverse("portal:campaign-column", args=[campaign.slug])


def months_on(page) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(month heading, [(seq, title), ...]), ...] as the page shows them."""
    result = []
    for section in select(page, "section.month"):
        heading = select(section, ".month-title")[0].text.strip()
        items = [
            (
                select(item, ".seq")[0].text_content().replace("序号", "").strip(),
                select(item, ".plan-item-title")[0].text.strip(),
            )
            for item in select(section, ".plan-item")
        ]
        result.append((heading, items))
    return result


def item_meta(page, seq: int) -> dict[str, str]:
    for item in select(page, ".plan-item"):
        if select(item, ".seq")[0].text_content().endswith(str(seq)):
            return {
                text_of(select(row, "dt")[0]): text_of(select(row, "dd")[0])
                for row in select(item, ".plan-meta > div")
            }
    raise AssertionError(f"no plan item {seq}")


def get_page(client, campaign):
    response = client.get(column_url(campaign))
    assert response.status_code == 200
    return response, parse(response.content)


def test_column_page_shows_region_title_and_notice_facts(client):
    campaign = make_tianxin_campaign()

    _response, page = get_page(client, campaign)

    assert page.get("lang") == "zh-CN"
    assert text_of(select(page, "h1")[0]) == "天心区2023年政务公开主题日活动专栏"
    facts = {
        text_of(select(d, "dt")[0]): text_of(select(d, "dd")[0])
        for d in select(page, ".facts > div")
    }
    assert facts == {
        "实施方案": "天心区2023年“政务公开主题日”活动实施方案",
        "发文机关": "长沙市天心区政务公开政务服务工作领导小组办公室",
        "文号": "天政务公开办发〔2023〕1号",
        "成文日期": "2023年3月3日",
        "全年计划": "50 场",
    }
    assert (
        text_of(select(page, "title")[0]) == "天心区2023年政务公开主题日活动专栏 - 政务公开主题日"
    )


def test_column_page_groups_plan_by_start_month_with_undated_last(client):
    campaign = make_tianxin_campaign()

    _response, page = get_page(client, campaign)

    assert text_of(select(page, ".plan-title")[0]) == "天心区2023年“政务公开主题日”活动计划表"
    assert months_on(page) == [
        ("3月", [("1", "被征地农民社会保险业务政策宣讲"), ("2", "老旧小区改造方案交流会")]),
        ("5月", [("13", "狂犬病免疫知识进社区"), ("16", "公益发展基金交流宣传")]),
        ("6月", [("23", "安全生产月")]),
        ("时间待定", [("50", "垃圾分类宣讲")]),
    ]


def test_column_page_shows_range_forms_and_joint_hosts(client):
    campaign = make_tianxin_campaign()

    _response, page = get_page(client, campaign)

    assert item_meta(page, 16) == {
        "活动时间": "5-6月",
        "活动形式": "现场观摩 政策宣传",
        "责任单位": "金盆岭街道办事处",
    }
    assert item_meta(page, 23)["责任单位"] == "区应急管理局、各街道办事处"
    assert item_meta(page, 50)["活动时间"] == "待定"
    forms = [li.text for li in select(select(page, ".plan-item")[3], ".tags li")]
    assert forms == ["现场观摩", "政策宣传"]


def test_month_index_links_to_each_month_section(client):
    campaign = make_tianxin_campaign()

    _response, page = get_page(client, campaign)

    links = select(page, "nav.month-index a")
    assert [(a.get("href"), text_of(a)) for a in links] == [
        ("#m3", "3月2 场"),
        ("#m5", "5月2 场"),
        ("#m6", "6月1 场"),
        ("#m-tbd", "时间待定1 场"),
    ]
    section_ids = [s.get("id") for s in select(page, "section.month")]
    assert section_ids == ["m3", "m5", "m6", "m-tbd"]


def test_column_page_has_landmarks_and_skip_link(client):
    campaign = make_tianxin_campaign()

    _response, page = get_page(client, campaign)

    assert select(page, "a.skip-link")[0].get("href") == "#main"
    assert select(page, "main#main")
    assert select(page, "header.site-header")
    assert select(page, "footer.site-footer")
    # Only our own assets: no CDN, no web fonts (canonical and feed links load nothing).
    assets = page.xpath(
        "//link[not(@rel='canonical' or @rel='alternate')]/@href | //script/@src | //img/@src"
    )
    assert assets == [
        "/static/openday/img/favicon.svg",
        "/static/openday/img/favicon.ico",
        "/static/openday/css/site.css",
        "/static/openday/css/senior.css",
        "/static/openday/js/senior.js",
    ]


@pytest.mark.parametrize("phase", [CampaignPhase.DECLARATION, CampaignPhase.PLANNING])
def test_column_page_before_plan_is_published_shows_notice_not_plan(client, phase):
    campaign = make_tianxin_campaign(phase=phase)

    _response, page = get_page(client, campaign)

    assert text_of(select(page, ".notice-pending h2")[0]) == "计划编制中"
    assert select(page, "section.month") == []
    assert "垃圾分类宣讲" not in page.text_content()


def test_closed_campaign_still_shows_its_plan(client):
    campaign = make_tianxin_campaign(phase=CampaignPhase.CLOSED)

    _response, page = get_page(client, campaign)

    assert len(select(page, ".plan-item")) == 6


def test_unknown_campaign_is_404(client):
    response = client.get(reverse("portal:campaign-column", args=["nowhere-2023"]))

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_draft_campaign_is_404(client):
    campaign = make_tianxin_campaign(phase=CampaignPhase.DRAFT)

    response = client.get(column_url(campaign))

    assert response.status_code == 404
    assert "垃圾分类宣讲" not in response.content.decode()


def test_column_page_refuses_post(client):
    campaign = make_tianxin_campaign()

    assert client.post(column_url(campaign)).status_code == 405


# --- Speed: queries, cache, conditional GET ---------------------------------------------------


def test_uncached_page_takes_seven_queries_whatever_the_plan_size(
    client, django_assert_max_num_queries
):
    campaign = make_tianxin_campaign()
    for seq in range(100, 140):
        add_activity(
            campaign, seq, (seq % 12 + 1, seq % 12 + 1), f"活动{seq}", ["政策宣传"], [f"单位{seq}"]
        )

    # campaign with its region and website, activities (rows and parts, with whether their
    # notice is public), their forms, their hosts, the region's years (no activity is announced
    # or published: upcoming notices and reports are not asked for); + 2 for "参与互动": the
    # open questionnaires and the activities with open sign-up
    with django_assert_max_num_queries(5 + 2) as captured:
        response = client.get(column_url(campaign))

    assert response.status_code == 200
    assert len(captured) == 5 + 2
    assert len(select(parse(response.content), ".plan-item")) == 46


def test_cached_page_takes_one_query(client, django_assert_max_num_queries):
    campaign = make_tianxin_campaign()
    first = client.get(column_url(campaign))

    with django_assert_max_num_queries(2) as captured:
        second = client.get(column_url(campaign))

    assert len(captured) == 1
    assert second.content == first.content


def test_cache_serves_stored_page_until_content_version_changes(client):
    campaign = make_tianxin_campaign()
    client.get(column_url(campaign))
    Activity.objects.filter(campaign=campaign, seq=1).update(title="新的活动主题")

    unchanged = client.get(column_url(campaign)).content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(content_version=F("content_version") + 1)
    changed = client.get(column_url(campaign)).content.decode()

    assert "被征地农民社会保险业务政策宣讲" in unchanged
    assert "新的活动主题" not in unchanged
    assert "新的活动主题" in changed
    assert "被征地农民社会保险业务政策宣讲" not in changed


def test_cache_key_carries_pk_and_content_version(client):
    campaign = make_tianxin_campaign()
    client.get(column_url(campaign))

    key = column_cache_key(campaign)
    assert key.endswith(f":{campaign.pk}:{campaign.content_version}")
    html, _rendered_at = cache.get(key)
    assert "垃圾分类宣讲" in html


@pytest.mark.parametrize("seconds", [5, 30])
def test_column_page_is_publicly_cacheable(client, settings, seconds):
    # Browsers revalidate every time (the ETag answers 304); shared caches keep it ``seconds``.
    settings.OPENDAY_PUBLIC_CACHE_SECONDS = seconds
    campaign = make_tianxin_campaign()

    response = client.get(column_url(campaign))

    assert response.headers["Cache-Control"] == f"public, max-age=0, s-maxage={seconds}"
    today = timezone.localdate()
    assert response.headers["ETag"] == f'"c{campaign.pk}-v1-r8-column{today:%Y%m%d}"'
    assert "Last-Modified" in response.headers
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


def test_matching_etag_gets_304_without_body(client, django_assert_max_num_queries):
    campaign = make_tianxin_campaign()
    etag = client.get(column_url(campaign)).headers["ETag"]

    with django_assert_max_num_queries(1):
        response = client.get(column_url(campaign), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=5"


def test_etag_after_content_version_bump_gets_full_page(client):
    campaign = make_tianxin_campaign()
    etag = client.get(column_url(campaign)).headers["ETag"]
    Campaign.objects.filter(pk=campaign.pk).update(content_version=F("content_version") + 1)

    response = client.get(column_url(campaign), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_if_modified_since_last_modified_gets_304(client):
    campaign = make_tianxin_campaign()
    last_modified = client.get(column_url(campaign)).headers["Last-Modified"]

    response = client.get(column_url(campaign), headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_if_modified_since_before_a_new_version_gets_full_page(client, monkeypatch):
    campaign = make_tianxin_campaign()
    monkeypatch.setattr("openday.portal.views._now", lambda: 1_700_000_000.0)
    last_modified = client.get(column_url(campaign)).headers["Last-Modified"]
    # A service bumps the version without touching updated_at; ten seconds pass.
    Campaign.objects.filter(pk=campaign.pk).update(content_version=F("content_version") + 1)
    monkeypatch.setattr("openday.portal.views._now", lambda: 1_700_000_010.0)

    response = client.get(column_url(campaign), headers={"if-modified-since": last_modified})

    assert last_modified == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert response.status_code == 200
    assert response.headers["Last-Modified"] == "Tue, 14 Nov 2023 22:13:30 GMT"


def test_pages_of_two_campaigns_are_cached_apart(client):
    tianxin = make_tianxin_campaign()
    other = CampaignFactory(region=tianxin.region, year=2024, slug="tianxin-2024")
    add_activity(other, 1, (4, 4), "二〇二四年的活动", ["政策宣传"], ["区教育局"])

    first = client.get(column_url(tianxin)).content.decode()
    second = client.get(column_url(other)).content.decode()

    assert "二〇二四年的活动" not in first
    assert "二〇二四年的活动" in second


def test_every_text_of_a_row_is_escaped(client):
    # The rows are drawn in Python (``portal.column_rows``), not by the template's autoescape.
    campaign = make_tianxin_campaign()
    hostile = "<script>alert(1)</script>\"'&<b>"
    row = add_activity(campaign, 60, (7, 7), f"标题{hostile}", ["政策宣传"], [f"单位{hostile}"])
    row.invitees = f"对象{hostile}"
    row.save()
    row.forms.update(text=f"形式{hostile}")

    html = client.get(column_url(campaign)).content.decode()

    assert "<script>alert(1)" not in html
    assert "<b>" not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;&lt;b&gt;"
    for words in ("标题", "单位", "对象", "形式"):
        assert f"{words}{escaped}" in html
