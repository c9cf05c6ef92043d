"""The facts a notice states, where the office reads them (issue 12): the rules page shows each
with its sentence; 附件2 prints the notice's contact; the demo campaigns carry them."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from openday.campaigns.models import Campaign
from openday.importers.notice import notice_read
from openday.importers.notice.campaign import campaign_fields
from openday.orgs.enums import Role
from tests.campaigns.office_world import office_world
from tests.conftest import SEEDS
from tests.factories import MembershipFactory
from tests.portal.plans import make_tianxin_campaign

pytestmark = pytest.mark.django_db

LIUYANG = SEEDS / "001_ddfed9181dbfe701.txt"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_rules_page_shows_each_fact_with_its_sentence(client):
    world = office_world()
    Campaign.objects.filter(pk=world.campaign.pk).update(**campaign_fields(notice_read(LIUYANG)))
    client.force_login(world.people["viewer"])

    page = _text(client.get(reverse("staff:campaign-rules", args=[world.campaign.slug])))

    assert "通知写明的其他事项" in page
    assert "主送单位 各乡、镇人民政府，街道办事处，市直各单位 通知原文：各乡、镇人民政府" in page
    assert (
        "图片体现LOGO 是 通知原文：图片要清晰全面，能真实反映活动情况，"
        "要体现“政务公开主题日”的统一 LOGO。" in page
    )
    assert "联系人 83603968，lyszfxxgk@163.com 通知原文：(一) 活动报备：" in page
    assert "纳入考核 长沙市对浏阳市2023年政务公开绩效考核和湖南省第三方评估指标范围" in page
    assert "依据文件 《2023年政务公开工作要点》 通知原文：" in page
    assert "方案和材料报送至 通知未写明" in page


def test_a_campaign_without_notice_facts_says_so(client):
    world = office_world()
    client.force_login(world.people["admin"])
    page = _text(client.get(reverse("staff:campaign-rules", args=[world.campaign.slug])))
    assert "主送单位 通知未写明" in page
    assert "通知原文：各" not in page


def test_attachment_2_prints_the_notices_contact(client):
    campaign = make_tianxin_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(
        contact_name="张莎莎", contact_phone="85898155", contact_email="a@example.cn"
    )
    client.force_login(MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user)

    response = client.get(reverse("staff:statistics-campaign", args=[campaign.slug]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    subtitle = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))[0]
    assert subtitle.endswith("联系人：张莎莎　　联系方式：85898155")


def test_attachment_2_gives_the_email_when_the_notice_gave_no_phone(client):
    campaign = make_tianxin_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(contact_email="lyszfxxgk@163.com")
    client.force_login(MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user)

    response = client.get(reverse("staff:statistics-campaign", args=[campaign.slug]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    subtitle = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))[0]
    assert subtitle.endswith("联系方式：lyszfxxgk@163.com")
