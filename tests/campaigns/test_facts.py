"""修改通知事项: the office corrects the notice's facts after opening the campaign; 附件2
prints the new contact, the notice's sentences stay, the change is audited."""

import pytest
from django.urls import reverse

from openday.campaigns.enums import CampaignPhase
from openday.campaigns.services import campaign_set_facts
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from tests.campaigns.office_world import office_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = office_world()
    world.campaign.contact_name = "张莎莎"
    world.campaign.notice_facts = {
        "recipient": "区政务公开办",
        "logo_required": True,
        "sources": {"recipient": "……报送区政务公开办。"},
    }
    world.campaign.save()
    return world


def test_the_office_corrects_the_contact_and_a_fact_and_keeps_the_sentences(world):
    campaign_set_facts(
        actor=world.people["admin"],
        campaign=world.campaign,
        fields={"contact_name": "李明", "contact_phone": "0731-85898155"},
        facts={"recipient": "区行政审批服务局", "report_contents": ["活动方案", "图片"]},
    )

    world.campaign.refresh_from_db()
    assert (world.campaign.contact_name, world.campaign.contact_phone) == ("李明", "0731-85898155")
    facts = world.campaign.notice_facts
    assert facts["recipient"] == "区行政审批服务局"
    assert facts["report_contents"] == ["活动方案", "图片"]
    assert facts["logo_required"] is True
    assert facts["sources"] == {"recipient": "……报送区政务公开办。"}
    entry = AuditEntry.objects.get(action="campaign.set_facts")
    assert entry.before == {
        "contact_name": "张莎莎",
        "contact_phone": "",
        "recipient": "区政务公开办",
        "report_contents": None,
    }


def test_nothing_changed_writes_nothing_and_emptying_a_fact_removes_it(world):
    campaign_set_facts(
        actor=world.people["admin"], campaign=world.campaign, fields={}, facts={"recipient": ""}
    )
    world.campaign.refresh_from_db()
    assert "recipient" not in world.campaign.notice_facts
    version = world.campaign.content_version
    campaign_set_facts(
        actor=world.people["admin"], campaign=world.campaign, fields={}, facts={"recipient": ""}
    )
    world.campaign.refresh_from_db()
    assert world.campaign.content_version == version
    assert AuditEntry.objects.filter(action="campaign.set_facts").count() == 1


def test_only_the_office_of_an_open_year_corrects(world):
    for who in ("liaison", "viewer", "admin_other"):
        with pytest.raises(PermissionDenied):
            campaign_set_facts(
                actor=world.people[who], campaign=world.campaign, fields={}, facts={}
            )
    world.campaign.phase = CampaignPhase.CLOSED
    world.campaign.save()
    with pytest.raises(DomainError, match="已结束"):
        campaign_set_facts(
            actor=world.people["admin"],
            campaign=world.campaign,
            fields={"contact_name": "李明"},
            facts={},
        )


def test_the_page_saves_and_refuses_with_chinese_messages(world, client):
    client.force_login(world.people["admin"])
    url = reverse("staff:campaign-facts", args=[world.campaign.slug])

    page = client.get(url)
    assert page.status_code == 200
    assert 'value="张莎莎"' in page.content.decode()
    bad = client.post(url, {"contact_email": "不是邮箱", "contact_name": "李\\u000b明"})
    assert bad.status_code == 400
    assert "电子邮箱格式不正确" in bad.content.decode()
    ok = client.post(
        url, {"contact_name": "李明", "recipient": "区政务公开办", "logo_required": "on"}
    )
    assert ok.status_code == 302
    world.campaign.refresh_from_db()
    assert world.campaign.contact_name == "李明"
    rules = client.get(reverse("staff:campaign-rules", args=[world.campaign.slug]))
    assert "修改通知事项" in rules.content.decode()
