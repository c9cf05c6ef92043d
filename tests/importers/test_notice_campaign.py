"""新建活动方案 from a notice keeps every fact the notice states (issue 12): the confirm page
pre-fills them, editable; saving stores them on the campaign with their sentences."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openday.campaigns.models import Campaign
from tests.conftest import SEEDS
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

NEW = "/staff/campaigns/new/"
LIUYANG = SEEDS / "001_ddfed9181dbfe701.txt"
XIANGJIANG = SEEDS / "002_bbd494da69939ab6.txt"
DAXIANG = SEEDS / "003_6ad499dfcbe107b4.txt"


def read_page(client, region, path):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    response = client.post(NEW, {"region": region.pk, "notice": upload})
    assert response.status_code == 200
    return response


def confirm(client, region, response, **changes):
    """Post the confirm page back as the browser would: its pre-filled values, changed."""
    form = response.context["form"]
    data = {"confirm": "1", "region": region.pk}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value in (None, False):
            continue
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    data.pop("region")
    data["region"] = region.pk
    data.update(changes)
    return client.post(NEW, data)


def test_the_confirm_page_prefills_liuyangs_prose_facts(client, admin, tianxin):
    initial = read_page(client, tianxin, LIUYANG).context["form"].initial
    assert initial["addressees"] == "各乡、镇人民政府，街道办事处，市直各单位"
    assert initial["banner_templates"].splitlines() == [
        "{unit} {year} 年“政务公开主题日”活动",
        "{unit} {year} 年“政务公开主题日”活动暨{theme}",
    ]
    assert (initial["logo_required"], initial["logo_on_photos"]) == (True, True)
    assert initial["report_contents"] == "图片、经验做法、工作实效"
    assert (initial["contact_phone"], initial["contact_email"]) == ("83603968", "lyszfxxgk@163.com")
    assert initial["column_title"] == "2023年政务公开主题日活动专栏"
    assert initial["column_site"] == "政府网站"
    assert initial["assessment"] == "长沙市对浏阳市2023年政务公开绩效考核和湖南省第三方评估指标范围"
    assert initial["basis_documents"] == "《2023年政务公开工作要点》"
    assert initial["form_names"].splitlines() == [
        "实地调研",
        "现场观摩",
        "座谈",
        "互动交流",
        "政策宣传",
        "问卷调查",
    ]


def test_saving_liuyang_keeps_banners_logo_contact_and_sentences(client, admin, tianxin):
    response = confirm(client, tianxin, read_page(client, tianxin, LIUYANG))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.rules.banner_templates == [
        "{unit} {year} 年“政务公开主题日”活动",
        "{unit} {year} 年“政务公开主题日”活动暨{theme}",
    ]
    assert (campaign.contact_name, campaign.contact_phone, campaign.contact_email) == (
        "",
        "83603968",
        "lyszfxxgk@163.com",
    )
    assert campaign.column_title == "2023年政务公开主题日活动专栏"
    facts = campaign.notice_facts
    assert facts["addressees"] == "各乡、镇人民政府，街道办事处，市直各单位"
    assert (facts["logo_required"], facts["logo_on_photos"]) == (True, True)
    assert facts["report_contents"] == ["图片", "经验做法", "工作实效"]
    assert facts["basis_documents"] == [{"title": "2023年政务公开工作要点", "number": None}]
    assert "recipient" not in facts  # reports go to the issuer itself
    assert facts["sources"]["logo_on_photos"] == (
        "图片要清晰全面，能真实反映活动情况，要体现“政务公开主题日”的统一 LOGO。"
    )
    assert facts["sources"]["contact"].startswith("(一) 活动报备：")


def test_saving_xiangjiang_keeps_its_start_month_and_theme_areas(client, admin, tianxin):
    response = confirm(client, tianxin, read_page(client, tianxin, XIANGJIANG))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.starts_on == dt.date(2023, 4, 1)
    assert campaign.rules.declaration_categories[:2] == ["经济发展", "科技创新"]
    assert len(campaign.rules.declaration_categories) == 8
    assert campaign.notice_facts["assessment"] == (
        "省市对我区2023年政务公开绩效考核和第三方评估指标范围"
    )


def test_corrections_on_the_page_are_what_is_saved(client, admin, tianxin):
    page = read_page(client, tianxin, DAXIANG)
    assert page.context["form"].initial["recipient"] == "大祥区行政审批服务局"
    response = confirm(
        client,
        tianxin,
        page,
        recipient="区行政审批服务局",
        contact_name="雷景",
        basis_documents="《关于征集活动主题的通知》（大改革协调办发〔2023〕1号）\n《工作要点》",
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.notice_facts["recipient"] == "区行政审批服务局"
    assert campaign.notice_facts["basis_documents"] == [
        {"title": "关于征集活动主题的通知", "number": "大改革协调办发〔2023〕1号"},
        {"title": "工作要点", "number": None},
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_on": "2024-04-01"}, "starts_on", "活动起始日期应在 2023 年内。"),
        (
            {"contact_email": "不是邮箱"},
            "contact_email",
            "电子邮箱格式不正确，请按“name@example.com”的格式填写。",
        ),
        ({"contact_name": "张" * 41}, "contact_name", "联系人不超过 40 字。"),
        (
            {"banner_templates": "{单位}活动"},
            "banner_templates",
            "会标“{单位}活动”中的 {单位} 不是可用的占位符；"
            "可用的只有 {unit}（单位名称）、{year}（年度）、{theme}（活动主题）。",
        ),
    ],
)
def test_bad_facts_are_refused_and_nothing_is_saved(
    client, admin, tianxin, changes, field, message
):
    response = confirm(client, tianxin, read_page(client, tianxin, XIANGJIANG), **changes)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not Campaign.objects.exists()


def test_other_regions_are_untouched(client, admin, tianxin):
    RegionFactory(name="浏阳市", slug="liuyang")
    confirm(client, tianxin, read_page(client, tianxin, LIUYANG))
    assert Campaign.objects.get().region == tianxin
