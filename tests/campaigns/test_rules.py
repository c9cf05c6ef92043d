"""Campaign rules as data: presets of the five notices and the service that sets them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from openday.campaigns.models import Campaign, CampaignRules
from openday.campaigns.presets import PRESETS, rules_from_preset
from openday.campaigns.services import campaign_set_rules
from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.workbench.views.campaigns import rule_lines
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def rule_row(rules: CampaignRules) -> tuple:
    return (
        rules.filing_lead_days,
        rules.filing_lead_working,
        rules.report_due_days,
        rules.report_due_working,
        rules.publicity_due_days,
        rules.min_staff,
        rules.declaration_themes_per_unit,
        rules.declaration_due_on,
    )


def test_demo_campaigns_carry_the_rules_of_their_notices():
    # On a day of 2023 the demo adds no campaign of the current year: tianxin-2023 is it.
    call_command("load_demo", "--today", "2023-06-01", verbosity=0, stdout=None)
    rows = {c.slug: rule_row(c.rules) for c in Campaign.objects.select_related("rules")}
    assert rows == {
        "tianxin-2023": (3, False, 5, True, None, None, None, None),
        "liuyang-2023": (5, True, 5, True, 3, 6, None, None),
        "xiangjiang-2023": (None, True, None, True, None, None, 2, dt.date(2023, 3, 31)),
        "daxiang-2023": (5, True, 5, True, None, None, None, None),
        "luxi-2025": (None, True, 5, True, None, None, None, None),
    }
    xiangjiang = Campaign.objects.get(slug="xiangjiang-2023").rules
    assert xiangjiang.declaration_required_kinds == ["field_research", "site_visit"]
    assert xiangjiang.declaration_categories[0] == "经济发展"
    assert len(xiangjiang.declaration_categories) == 8
    liuyang = Campaign.objects.get(slug="liuyang-2023").rules
    assert liuyang.banner_templates[1] == "{unit} {year} 年“政务公开主题日”活动暨{theme}"


def test_preset_declaration_date_follows_the_campaign_year():
    assert rules_from_preset("xiangjiang", 2024)["declaration_due_on"] == dt.date(2024, 3, 31)
    assert set(PRESETS) == {"tianxin", "liuyang", "xiangjiang", "daxiang", "luxi"}


def test_setting_rules_keeps_the_others_and_is_audited():
    campaign = CampaignFactory(year=2023)
    campaign_set_rules(campaign=campaign, report_due_days=5)
    campaign_set_rules(campaign=campaign, min_staff=6)

    rules = CampaignRules.objects.get(campaign=campaign)
    assert (rules.report_due_days, rules.min_staff) == (5, 6)
    entries = AuditEntry.objects.filter(action="campaign.set_rules").order_by("id")
    assert [e.after["min_staff"] for e in entries] == [None, 6]


def test_setting_the_same_rules_again_writes_no_audit_entry():
    campaign = CampaignFactory()
    campaign_set_rules(campaign=campaign, report_due_days=5)
    campaign_set_rules(campaign=campaign, report_due_days=5)
    assert AuditEntry.objects.filter(action="campaign.set_rules").count() == 1


def test_declaration_due_date_outside_the_year_is_refused():
    campaign = CampaignFactory(year=2023)
    with pytest.raises(DomainError, match="申报截止日期应在活动年度内"):
        campaign_set_rules(campaign=campaign, declaration_due_on=dt.date(2024, 3, 31))
    assert not CampaignRules.objects.filter(campaign=campaign).exists()


def test_reminder_lead_defaults_to_two_working_days():
    rules = campaign_set_rules(campaign=CampaignFactory(), report_due_days=5)
    assert rules.remind_before_workdays == 2


@pytest.mark.parametrize("lead", [0, 1, 10])
def test_reminder_lead_from_zero_to_ten_is_kept_and_audited(lead):
    campaign = CampaignFactory()
    campaign_set_rules(campaign=campaign, remind_before_workdays=lead)

    assert CampaignRules.objects.get(campaign=campaign).remind_before_workdays == lead
    entry = AuditEntry.objects.get(action="campaign.set_rules")
    assert entry.after["remind_before_workdays"] == lead


@pytest.mark.parametrize("lead", [-1, 11, 100, None, "3", 2.5, True])
def test_reminder_lead_outside_zero_to_ten_is_refused(lead):
    campaign = CampaignFactory()
    with pytest.raises(DomainError, match="截止前提醒的工作日数应为 0 到 10 之间的整数") as refused:
        campaign_set_rules(campaign=campaign, remind_before_workdays=lead)
    assert refused.value.field == "remind_before_workdays"
    assert not CampaignRules.objects.filter(campaign=campaign).exists()


def test_reminder_lead_is_validated_on_the_model_for_the_admin():
    rules = CampaignRules(campaign=CampaignFactory(), remind_before_workdays=11)
    with pytest.raises(ValidationError) as refused:
        rules.full_clean()
    assert refused.value.message_dict == {
        "remind_before_workdays": ["截止前提醒的工作日数应为 0 到 10 之间的整数。"]
    }


@pytest.mark.parametrize(
    ("rules", "line"),
    [
        ({"filing_lead_days": 5}, ("截止提醒", "截止前 2 个工作日提醒承办单位")),
        (
            {"report_due_days": 5, "remind_before_workdays": 3},
            ("截止提醒", "截止前 3 个工作日提醒承办单位"),
        ),
        (
            {"publicity_due_days": 3, "remind_before_workdays": 0},
            ("截止提醒", "截止当天提醒承办单位"),
        ),
        # Without a deadline rule there is nothing to remind of.
        ({"min_staff": 6}, None),
    ],
)
def test_the_campaign_page_says_when_deadlines_are_reminded(rules, line):
    campaign = CampaignFactory(year=2023)
    lines = rule_lines(campaign_set_rules(campaign=campaign, **rules), 2023)

    reminders = [row for row in lines if row[0] == "截止提醒"]
    assert reminders == ([line] if line else [])


def test_the_admin_inline_edits_the_reminder_lead(admin_client):
    campaign = CampaignFactory()
    campaign_set_rules(campaign=campaign, filing_lead_days=5)

    page = admin_client.get(f"/admin/campaigns/campaign/{campaign.pk}/change/").content.decode()

    assert "截止前提醒（工作日）" in page
    assert 'name="rules-0-remind_before_workdays"' in page
