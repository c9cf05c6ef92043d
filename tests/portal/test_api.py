"""The read-only JSON API under /api/v1/: what each endpoint answers, its pages, its errors in
Chinese, its headers (public cache, any origin, no cookie), and that drafts stay hidden."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.activities.models import ActivityReport
from openday.activities.services.corrections import report_withdraw
from openday.activities.services.parts import parts_sync
from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import UnitKind
from openday.participation.services import (
    QuestionInput,
    QuestionnaireInput,
    question_add,
    questionnaire_create,
    questionnaire_open,
)
from openday.portal import api
from tests.factories import CampaignFactory, UnitFactory
from tests.portal.plans import make_region, make_tianxin_campaign
from tests.portal.steps import announce, office_admin, publish, row

pytestmark = pytest.mark.django_db

D = dt.date
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


def get(client, name, *args, status=200, **query):
    response = client.get(reverse(f"portal-api:{name}", args=args), query)
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.cookies
    return response.json()


def test_campaign_list_shows_public_campaigns_with_counts_and_hides_drafts(client, campaign, admin):
    publish(admin, row(campaign, 2), D(2023, 3, 20))
    CampaignFactory(region=campaign.region, year=2024, slug="tianxin-2024", phase="draft")
    declaring = CampaignFactory(
        region=make_region("湘江新区", "xiangjiang", "长沙市", "changsha-2"),
        slug="xiangjiang-2023",
        phase=CampaignPhase.DECLARATION,
    )

    data = get(client, "campaign-list")

    assert data["count"] == 2
    assert [item["slug"] for item in data["results"]] == ["tianxin-2023", "xiangjiang-2023"]
    first = data["results"][0]
    assert first["column_title"] == "天心区2023年政务公开主题日活动专栏"
    assert first["region"] == {"name": "天心区", "slug": "tianxin", "parent": "长沙市"}
    assert first["doc_number"] == "天政务公开办发〔2023〕1号"
    assert first["issued_on"] == "2023-03-03"
    assert first["phase"] == "running"
    assert first["phase_label"] == "活动开展"
    assert first["plan_published"] is True
    assert first["counts"] == {"planned": 50, "rows": 6, "published_reports": 1}
    assert first["links"]["column"] == f"{SITE}/column/tianxin-2023/"
    assert first["links"]["plan"] == f"{SITE}/api/v1/campaigns/tianxin-2023/plan/"
    assert first["links"]["widget"] == f"{SITE}/column/tianxin-2023/widget.js"
    # A plan still being compiled shows no rows.
    second = data["results"][1]
    assert second["slug"] == declaring.slug
    assert second["plan_published"] is False
    assert second["counts"] == {"planned": None, "rows": 0, "published_reports": 0}


def test_campaign_detail_counts_events(client, campaign, admin):
    publish(admin, row(campaign, 2), D(2023, 3, 20))

    data = get(client, "campaign-detail", campaign.slug)

    assert data["slug"] == "tianxin-2023"
    assert data["counts"] == {
        "planned": 50,
        "rows": 6,
        "held": 1,
        "published_reports": 1,
        "cancelled": 0,
        "joint_parts": 0,
        "joint_parts_held": 0,
    }


@pytest.mark.parametrize("slug", ["no-such-column", "tianxin-2024"])
def test_unknown_and_draft_campaigns_are_404_in_json(client, campaign, slug):
    CampaignFactory(region=campaign.region, year=2024, slug="tianxin-2024", phase="draft")
    for name in ("campaign-detail", "campaign-plan", "campaign-notices", "campaign-reports"):
        data = get(client, name, slug, status=404)
        assert data == {"detail": f"没有找到活动专栏“{slug}”。"}


def test_the_plan_lists_rows_in_order_with_forms_hosts_status_and_links(client, campaign, admin):
    announce(admin, row(campaign, 1), D(2023, 3, 15))
    publish(admin, row(campaign, 2), D(2023, 3, 20))

    data = get(client, "campaign-plan", campaign.slug)

    assert data["count"] == 6
    assert data["plan_published"] is True
    assert data["notes"] == []
    assert [r["ref"] for r in data["results"]] == ["1", "2", "13", "16", "23", "50"]
    first, second = data["results"][:2]
    assert first == {
        "ref": "1",
        "seq": 1,
        "months": {"start": 3, "end": 3, "label": "3月"},
        "title": "被征地农民社会保险业务政策宣讲",
        "forms": [{"text": "政策宣传", "kind": "publicity", "kind_label": "政策宣传/现场宣讲"}],
        "hosts": ["区人力资源社会保障局"],
        "status": "planned",
        "status_label": "未开展",
        "date": "2023-03-15",
        "joint": None,
        "links": {"notice": f"{SITE}/column/tianxin-2023/notices/1/", "report": None},
    }
    assert second["status"] == "published"
    assert second["status_label"] == "已发布活动报道"
    assert second["links"]["report"] == f"{SITE}/column/tianxin-2023/reports/2/"
    ranged = data["results"][3]
    assert ranged["months"] == {"start": 5, "end": 6, "label": "5-6月"}
    assert [f["text"] for f in ranged["forms"]] == ["现场观摩", "政策宣传"]
    undated = data["results"][5]
    assert undated["months"]["label"] == "待定"
    assert undated["date"] is None


def test_a_joint_row_summarises_its_parts(client, campaign):
    UnitFactory(region=campaign.region, name="坡子街街道办事处", kind=UnitKind.STREET)
    UnitFactory(region=campaign.region, name="城南路街道办事处", kind=UnitKind.STREET)
    parts_sync(row(campaign, 23))

    data = get(client, "campaign-plan", campaign.slug, q="安全生产")

    (joint_row,) = data["results"]
    joint = joint_row["joint"]
    units = [item["unit"] for item in joint["items"]]
    assert {"坡子街街道办事处", "城南路街道办事处"} <= set(units)
    assert joint["parts"] == len(units)
    assert joint["parts_held"] == 0
    assert joint["summary"] == f"联合开展：{len(units)} 个单位分项，已开展 0 个"
    assert [item["ref"] for item in joint["items"]] == [f"23-{n}" for n in range(1, len(units) + 1)]
    assert {item["status_label"] for item in joint["items"]} == {"未开展"}


def test_plan_filters_apply_and_unusable_ones_are_noted(client, campaign):
    data = get(client, "campaign-plan", campaign.slug, month="6", kind="publicity")
    assert [r["ref"] for r in data["results"]] == ["16", "23"]

    data = get(client, "campaign-plan", campaign.slug, month="13", q="宣讲")
    assert data["notes"] == ["月份应为 1 至 12 月，已忽略该条件。"]
    assert [r["ref"] for r in data["results"]] == ["1", "50"]


def test_a_plan_not_yet_published_has_no_rows(client, campaign):
    campaign.phase = CampaignPhase.PLANNING
    campaign.save(update_fields=["phase"])

    data = get(client, "campaign-plan", campaign.slug)

    assert data["plan_published"] is False
    assert data["count"] == 0
    assert data["results"] == []
    assert data["pages"] == 1


def test_pages_have_links_and_a_bounded_size(client, campaign):
    data = get(client, "campaign-plan", campaign.slug, page_size="4")
    assert (data["count"], data["page"], data["pages"], len(data["results"])) == (6, 1, 2, 4)
    assert data["previous"] is None
    assert data["next"] == f"{SITE}/api/v1/campaigns/tianxin-2023/plan/?page_size=4&page=2"

    data = get(client, "campaign-plan", campaign.slug, page_size="4", page="2")
    assert [r["ref"] for r in data["results"]] == ["23", "50"]
    assert data["next"] is None
    assert data["previous"] == f"{SITE}/api/v1/campaigns/tianxin-2023/plan/?page_size=4&page=1"

    data = get(client, "campaign-plan", campaign.slug, page_size="100")
    assert data["page_size"] == 100


@pytest.mark.parametrize(
    ("query", "status", "detail"),
    [
        ({"page": "0"}, 400, "参数 page 应为正整数，收到的是“0”。"),
        ({"page": "二"}, 400, "参数 page 应为正整数，收到的是“二”。"),
        ({"page": "-1"}, 400, "参数 page 应为正整数，收到的是“-1”。"),
        ({"page": "9999999999"}, 400, "参数 page 应为正整数，收到的是“9999999999”。"),
        ({"page_size": "101"}, 400, "参数 page_size 不能大于 100，收到的是 101。"),
        ({"page_size": "1e3"}, 400, "参数 page_size 应为正整数，收到的是“1e3”。"),
        ({"page": "3"}, 404, "第 3 页不存在：共 1 页。"),
        ({"upcoming": "maybe"}, 400, "参数 upcoming 应为 1 或 0，收到的是“maybe”。"),
    ],
)
def test_bad_parameters_get_a_chinese_detail(client, campaign, query, status, detail):
    data = get(client, "campaign-notices", campaign.slug, status=status, **query)
    assert data == {"detail": detail}


def test_notices_newest_first_and_upcoming_soonest_first(client, campaign, admin, monkeypatch):
    announce(admin, row(campaign, 1), D(2023, 3, 15))
    announce(admin, row(campaign, 13), D(2023, 5, 8), contact="0731-85123456")
    publish(admin, row(campaign, 2), D(2023, 3, 20))
    monkeypatch.setattr(api.timezone, "localdate", lambda: D(2023, 3, 16))

    data = get(client, "campaign-notices", campaign.slug)
    assert {n["ref"] for n in data["results"]} == {"1", "2", "13"}
    upcoming = get(client, "campaign-notices", campaign.slug, upcoming="1")

    assert [n["ref"] for n in upcoming["results"]] == ["13"]
    notice = upcoming["results"][0]
    assert notice["title"] == "狂犬病免疫知识进社区"
    assert notice["date"] == "2023-05-08"
    assert (notice["start_time"], notice["end_time"]) == ("09:30", "11:30")
    assert notice["venue"] == "区政务服务中心一楼大厅"
    assert notice["contact"] == "0731-85123456"
    assert notice["status"] == "planned"
    assert notice["links"] == {
        "notice": f"{SITE}/column/tianxin-2023/notices/13/",
        "report": None,
        "opinions": f"{SITE}/column/tianxin-2023/activities/13/opinions/",
    }


def test_a_closed_year_has_nothing_upcoming(client, campaign, admin, monkeypatch):
    announce(admin, row(campaign, 13), D(2023, 5, 8))
    campaign.phase = CampaignPhase.CLOSED
    campaign.save(update_fields=["phase"])
    monkeypatch.setattr(api.timezone, "localdate", lambda: D(2023, 3, 16))

    assert get(client, "campaign-notices", campaign.slug, upcoming="1")["results"] == []
    assert get(client, "campaign-notices", campaign.slug)["results"][0]["status_label"] == "未开展"


def test_reports_are_published_ones_without_personal_data(client, campaign, admin):
    publish(
        admin,
        row(campaign, 2),
        D(2023, 3, 20),
        summary="联系人张三，电话 13812345678，现场答疑。",
    )
    withdrawn = publish(admin, row(campaign, 13), D(2023, 5, 8))
    report_withdraw(actor=admin, activity=withdrawn, reason="照片需更换")

    data = get(client, "campaign-reports", campaign.slug)

    assert data["count"] == 1
    (report,) = data["results"]
    assert report["ref"] == "2"
    assert report["title"] == "老旧小区改造方案交流会"
    assert report["hosts"] == ["区人居环境局"]
    assert report["held_on"] == "2023-03-20"
    assert report["headcount"] == 120
    assert report["summary"] == "联系人张三，电话 138****5678，现场答疑。"
    assert report["attendance"] == [
        {"group": "deputies", "group_label": "人大代表", "count": 3},
        {"group": "public", "group_label": "群众代表", "count": 40},
    ]
    assert report["media"] == [
        {
            "outlet": "长沙晚报",
            "title": "天心区开展政务公开主题日活动",
            "url": "https://www.example.cn/news/1.html",
            "published_on": "2023-03-20",
        }
    ]
    assert report["published_at"].startswith("20")
    assert report["links"]["report"] == f"{SITE}/column/tianxin-2023/reports/2/"
    # Who handed it in, and the staff on site, are the office's business.
    assert ActivityReport.objects.get(activity__seq=2, activity__campaign=campaign).submitted_by
    assert set(report) == {
        "ref", "title", "hosts", "forms", "held_on", "venue", "published_at", "headcount",
        "attendance", "summary", "practices", "effects", "photos", "video", "video_url",
        "media", "links",
    }  # fmt: skip
    body = client.get(reverse("portal-api:campaign-reports", args=[campaign.slug])).content
    assert b"13812345678" not in body


def _questionnaire(admin, campaign, title, opens_at, closes_at, *, open_it=True):
    questionnaire = questionnaire_create(
        actor=admin,
        campaign=campaign,
        data=QuestionnaireInput(
            title=title, purpose="问卷不收集个人信息。", opens_at=opens_at, closes_at=closes_at
        ),
    )
    question_add(
        actor=admin, questionnaire=questionnaire, data=QuestionInput(kind="rating", text="满意度")
    )
    if open_it:
        questionnaire = questionnaire_open(actor=admin, questionnaire=questionnaire, now=opens_at)
    return questionnaire


def test_questionnaires_lists_only_those_open_now(client, campaign, admin):
    now = timezone.now()
    day = dt.timedelta(days=1)
    open_now = _questionnaire(admin, campaign, "活动满意度调查", now - day, now + 5 * day)
    _questionnaire(admin, campaign, "尚未开始的调查", now + day, now + 5 * day)
    _questionnaire(admin, campaign, "草稿", now - day, now + 5 * day, open_it=False)

    data = get(client, "campaign-questionnaires", campaign.slug)

    assert data["count"] == 1
    assert data["results"] == [
        {
            "id": open_now.pk,
            "title": "活动满意度调查",
            "kind": "survey",
            "kind_label": "问卷调查",
            "intro": "",
            "activity": None,
            "by_invitation": False,
            "opens_at": timezone.localtime(open_now.opens_at).isoformat(),
            "closes_at": timezone.localtime(open_now.closes_at).isoformat(),
            "links": {"questionnaire": f"{SITE}/column/tianxin-2023/questionnaires/{open_now.pk}/"},
        }
    ]


def test_questionnaires_list_is_empty_without_open_questionnaires(client, campaign):
    data = get(client, "campaign-questionnaires", campaign.slug)
    assert (data["count"], data["results"]) == (0, [])


def test_answers_are_public_cacheable_with_an_etag(client, campaign):
    url = reverse("portal-api:campaign-plan", args=[campaign.slug])
    response = client.get(url)

    assert "public" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_errors_are_not_cached_as_public(client, campaign):
    response = client.get(reverse("portal-api:campaign-plan", args=["nothing"]))
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_writes_are_refused_with_405(client, campaign, method):
    url = reverse("portal-api:campaign-plan", args=[campaign.slug])
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json() == {"detail": "本接口只读，只接受 GET 请求。"}


def test_a_preflight_is_answered_for_any_origin(client, campaign):
    url = reverse("portal-api:campaign-plan", args=[campaign.slug])
    response = client.options(url, HTTP_ORIGIN="https://www.tianxin.gov.cn")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/activities/")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有这个接口，可用的接口见 /api/v1/openapi.json。"}
    # Without its slash, the usual redirect to the slashed path comes first.
    assert client.get("/api/v1/campaigns").status_code == 301


def test_the_plan_reads_a_fixed_number_of_queries(
    client, campaign, admin, django_assert_num_queries
):
    announce(admin, row(campaign, 1), D(2023, 3, 15))
    url = reverse("portal-api:campaign-plan", args=[campaign.slug])
    # campaign, count, rows, forms, hosts, parts (+ their hosts: none), public notice ids
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
