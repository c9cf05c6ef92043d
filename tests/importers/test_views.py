"""The import pages: a campaign from its notice, a plan from its table; both confirmed first."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openday.activities.models import Activity
from openday.campaigns.models import Campaign, CampaignRules
from openday.orgs.enums import Role
from tests.conftest import SEEDS
from tests.factories import CampaignFactory, MembershipFactory, RegionFactory, UnitFactory

pytestmark = pytest.mark.django_db

NEW = "/staff/campaigns/new/"


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    data = content if content is not None else (SEEDS / name).read_bytes()
    return SimpleUploadedFile(name.rsplit("/", 1)[-1], data)


def confirm_data(**changes) -> dict:
    data = {
        "confirm": "1",
        "year": "2024",
        "slug": "tianxin-2024",
        "title": "天心区2024年“政务公开主题日”活动实施方案",
        "issuer": "天心区政务公开办",
        "doc_number": "天政务公开办发〔2024〕1号",
        "issued_on": "2024-03-01",
        "planned_count": "40",
        "form_names": "现场观摩\n座谈交流\n政策宣传",
        "filing_lead_days": "3",
        "filing_lead_unit": "calendar",
        "report_due_days": "5",
        "report_due_unit": "working",
        "publicity_due_unit": "calendar",
        "source_text": "通知原文",
    }
    data.update(changes)
    return data


def test_reading_a_notice_prefills_what_it_states(client, admin, tianxin):
    response = client.post(
        NEW, {"region": tianxin.pk, "notice": upload("000_d804d73a4347b30d.txt")}
    )
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["issuer"] == "长沙市天心区政务公开政务服务工作领导小组办公室"
    assert initial["doc_number"] == "天政务公开办发〔2023〕1号"
    assert initial["issued_on"].isoformat() == "2023-03-03"
    assert initial["slug"] == "tianxin-2023"
    assert initial["title"] == "天心区2023年“政务公开主题日”活动实施方案"
    assert initial["planned_count"] == 50
    assert initial["form_names"].splitlines() == [
        "现场观摩",
        "座谈交流",
        "调查征集",
        "政策发布",
        "政策宣传",
        "其他形式",
    ]
    assert (initial["filing_lead_days"], initial["filing_lead_unit"]) == (3, "calendar")
    assert (initial["report_due_days"], initial["report_due_unit"]) == (5, "working")
    assert initial["publicity_due_days"] is None
    assert "以下内容读自“000_d804d73a4347b30d.txt”" in response.content.decode()
    assert not Campaign.objects.exists()


def test_confirming_opens_the_campaign_with_its_forms_and_rules(client, admin, tianxin):
    response = client.post(NEW, {**confirm_data(), "region": tianxin.pk})

    campaign = Campaign.objects.get(slug="tianxin-2024")
    assert response.status_code == 302
    assert response.url == "/staff/campaigns/tianxin-2024/"
    assert (campaign.region, campaign.year, campaign.planned_count) == (tianxin, 2024, 40)
    assert list(campaign.forms.values_list("name", "kind")) == [
        ("现场观摩", "site_visit"),
        ("座谈交流", "discussion"),
        ("政策宣传", "publicity"),
    ]
    rules = CampaignRules.objects.get(campaign=campaign)
    assert (rules.filing_lead_days, rules.filing_lead_working) == (3, False)
    assert (rules.report_due_days, rules.report_due_working) == (5, True)
    page = client.get(response.url).content.decode()
    assert "活动开展前 3 天" in page
    assert "活动结束后 5 个工作日内" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "taken-2024"}, "slug", "标识“taken-2024”已被使用，请换一个。"),
        ({"slug": "new"}, "slug", "标识“new”是系统保留字，请换一个。"),
        ({"year": "2023"}, "year", "天心区已有 2023 年的年度活动。"),
        (
            {"declaration_themes_per_unit": "2", "declaration_due_on": "2025-03-31"},
            "declaration_due_on",
            "申报截止日期应在活动年度内。",
        ),
        ({"form_names": "座谈交流\n座谈交流"}, "form_names", "活动形式有重复。"),
        ({"filing_lead_days": "-1"}, "filing_lead_days", "确保该值大于或等于0。"),
    ],
)
def test_bad_corrections_are_refused_and_nothing_is_saved(
    client, admin, tianxin, changes, field, message
):
    CampaignFactory(region=tianxin, year=2023, slug="taken-2024")
    response = client.post(NEW, {**confirm_data(**changes), "region": tianxin.pk})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notice.pdf", b"%PDF-1.4", "文件“notice.pdf”的格式不支持，请上传 .txt、.docx 文件。"),
        ("notice.txt", b"", "文件“notice.txt”是空的。"),
        (
            "notice.txt",
            b"\x00\x01\x02" * 20,
            "文件“notice.txt”不是文本文件（看起来是二进制内容），无法按文本导入。",
        ),
        (
            "notice.docx",
            b"not a word file",
            "文件“notice.docx”不是有效的 Word (.docx) 文件，无法打开。",
        ),
    ],
)
def test_a_bad_notice_file_says_what_is_wrong(client, admin, tianxin, name, content, message):
    response = client.post(NEW, {"region": tianxin.pk, "notice": upload(name, content)})
    assert response.status_code == 400
    assert response.context["upload"].errors["notice"] == [message]


def test_an_admin_cannot_open_a_campaign_for_another_region(client, admin):
    other = RegionFactory(name="浏阳市")
    response = client.post(NEW, {**confirm_data(), "region": other.pk})
    assert response.status_code == 400
    assert "region" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_a_liaison_may_not_open_a_campaign(client, tianxin):
    unit = UnitFactory(region=tianxin)
    client.force_login(MembershipFactory(role=Role.UNIT_LIAISON, region=tianxin, unit=unit).user)
    assert client.get(NEW).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response.url.startswith("/staff/login/")


# --- plan import ----------------------------------------------------------------------------


@pytest.fixture
def campaign(tianxin):
    return CampaignFactory(region=tianxin, year=2025, slug="luxi-like-2025")


def plan_url(campaign) -> str:
    return f"/staff/campaigns/{campaign.slug}/import-plan/"


def test_a_plan_is_previewed_then_imported(client, admin, campaign):
    response = client.post(plan_url(campaign), {"plan": upload("004_50dbb51384bb21f8.txt")})
    assert response.status_code == 200
    assert len(response.context["plan"].rows) == 36
    page = response.content.decode()
    assert "确认导入 36 条" in page
    assert "扎实开展绩效评价工作,推动绩效管理提质增效" in page
    assert not Activity.objects.exists()

    response = client.post(plan_url(campaign), {"token": response.context["token"]})

    assert response.status_code == 302
    assert Activity.objects.filter(campaign=campaign).count() == 36
    page = client.get(response.url).content.decode()
    assert "已导入 36 条计划：新增 36" in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_closed_year_takes_no_plan(client, admin, campaign, method):
    Campaign.objects.filter(pk=campaign.pk).update(phase="closed")
    data = {"plan": upload("004_50dbb51384bb21f8.txt")} if method == "post" else None

    response = getattr(client, method)(plan_url(campaign), data)

    assert response.status_code == 302
    assert response.url == f"/staff/campaigns/{campaign.slug}/"
    page = client.get(response.url).content.decode()
    assert "2025年度已结束，不能再导入计划表。" in page
    assert not Activity.objects.exists()


def test_a_plan_with_an_impossible_month_is_refused_at_preview(client, admin, campaign):
    bad = "序号\t活动时间\t活动主题\t责任单位\n1\t13月\t政策宣讲\t区财政局\n".encode()
    response = client.post(plan_url(campaign), {"plan": upload("我的计划.txt", bad)})
    assert response.status_code == 400
    assert response.context["form"].errors["plan"] == [
        "文件“我的计划.txt”有 1 处错误，未导入任何内容：\n"
        "- 第 2 行（序号 1）：活动时间“13月”中的月份 13 不存在（应为 1 至 12 月）"
    ]
    assert not Activity.objects.exists()


@pytest.mark.parametrize("token", ["nope", "../../etc/passwd", ""])
def test_an_unknown_token_is_not_found(client, admin, campaign, token):
    assert client.post(plan_url(campaign), {"token": token}).status_code == 404


@pytest.mark.authz
@pytest.mark.parametrize(
    ("role", "same_region", "status"),
    [
        ("office_admin", True, 200),
        ("superior_viewer", False, 403),
        ("unit_liaison", True, 403),
        ("office_admin", False, 404),
    ],
)
def test_who_may_import_a_plan(client, campaign, role, same_region, status):
    region = campaign.region if same_region else RegionFactory()
    if role == "superior_viewer":
        region = RegionFactory(name="长沙市")
        campaign.region.parent = region
        campaign.region.path = f"{region.path}{campaign.region.pk}/"
        campaign.region.save()
    unit = UnitFactory(region=region) if role == "unit_liaison" else None
    client.force_login(MembershipFactory(role=role, region=region, unit=unit).user)
    assert client.get(plan_url(campaign)).status_code == status


def test_the_preview_shows_days_and_the_extra_columns_of_another_provinces_table(
    client, admin, campaign
):
    path = Path(__file__).parents[1] / "fixtures" / "plans" / "pipe_rows.txt"
    plan = SimpleUploadedFile("开放月.txt", path.read_bytes())

    response = client.post(plan_url(campaign), {"plan": plan})

    assert response.status_code == 200
    page = response.content.decode()
    assert "其他信息" in page
    assert "10月15日至10月16日" in page
    assert "地点：北郊水厂" in page
    assert "邀请对象：市民代表、媒体记者" in page
    assert "拟参与人数：30" in page
    assert "（暂定）" in page
    assert not Activity.objects.exists()
