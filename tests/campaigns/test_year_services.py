"""The year's lifecycle as services: copy a campaign into a new year, publish its plan, close
the year; what a closed year refuses and no longer counts as overdue."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.lifecycle import state_label
from openday.activities.materials import campaign_set_logo
from openday.activities.models import Activity, ActivityEvent
from openday.activities.selectors import (
    campaign_totals,
    open_deadlines,
    overdue_deadlines,
    unscheduled_late,
)
from openday.activities.services import (
    PlanRowInput,
    activity_record_publicity,
    activity_schedule,
    campaign_close,
    campaign_publish,
    plan_replace,
)
from openday.activities.uploads import check_logo
from openday.campaigns.enums import CampaignPhase, FormKind
from openday.campaigns.models import Campaign, CampaignRules
from openday.campaigns.services import (
    campaign_copy,
    campaign_set_plan_layout,
    campaign_set_rules,
    next_year_slug,
)
from openday.campaigns.titles import retitle_year, years_named
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.declarations.services import plan_publish
from openday.importers.services import plan_import
from openday.orgs.enums import Role
from tests.activities.materials import image_bytes
from tests.factories import (
    ActivityDeadlineFactory,
    ActivityFactory,
    ActivityReportFactory,
    CampaignFactory,
    CampaignFormFactory,
    MediaReportFactory,
    MembershipFactory,
    UnitFactory,
)
from tests.portal.plans import make_region, make_tianxin_campaign

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
TIANXIN_TABLE = SEEDS / "000_d804d73a4347b30d.txt"
CLOSING = dt.date(2024, 1, 10)


@pytest.fixture
def region():
    return make_region()


@pytest.fixture
def campaign(region):
    return make_tianxin_campaign(region, column_title="2023年天心区主题日专栏")


@pytest.fixture
def admin(region):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=region).user


@pytest.fixture
def other_admin():
    other = make_region("大祥区", "daxiang", "邵阳市", "shaoyang")
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=other).user


@pytest.fixture
def liaison(region):
    unit = UnitFactory(region=region, name="区教育局")
    return MembershipFactory(role=Role.UNIT_LIAISON, region=region, unit=unit).user


def another_year(region, year, phase="running", rows=6):
    """A campaign of another year of the region, with plain rows (the units exist already)."""
    other = CampaignFactory(region=region, year=year, slug=f"tianxin-{year}", phase=phase)
    for seq in range(1, rows + 1):
        ActivityFactory(campaign=other, seq=seq, month_start=3, month_end=3)
    return other


def activity(campaign, seq) -> Activity:
    return Activity.objects.get(campaign=campaign, seq=seq)


def set_state(campaign, seq, state, **fields) -> Activity:
    Activity.objects.filter(campaign=campaign, seq=seq).update(state=state, **fields)
    return activity(campaign, seq)


# --- Titles follow their year ---------------------------------------------------------------


def test_years_in_a_title_are_found_and_replaced():
    title = "关于印发《天心区 2023 年“政务公开主题日”活动实施方案》的通知（20231号）"

    assert years_named(title) == [2023]
    assert retitle_year(title, 2027) == (
        "关于印发《天心区 2027 年“政务公开主题日”活动实施方案》的通知（20231号）"
    )
    assert years_named("计划表") == []


def test_a_stored_title_of_another_year_reads_as_the_campaigns(region):
    later = CampaignFactory(
        region=region,
        year=2026,
        plan_title="天心区2023年“政务公开主题日”活动计划表",
        column_title="2023年政务公开主题日活动专栏",
    )

    assert later.display_plan_title == "天心区2026年“政务公开主题日”活动计划表"
    assert later.display_column_title == "2026年政务公开主题日活动专栏"


def test_a_table_title_of_another_year_follows_the_campaign(campaign):
    campaign.plan_title = ""
    campaign_set_plan_layout(
        campaign=campaign,
        columns=[("seq", "序号"), ("title", "活动主题")],
        plan_title="天心区2021年“政务公开主题日”活动计划表",
    )

    campaign.refresh_from_db()
    assert campaign.plan_title == "天心区2023年“政务公开主题日”活动计划表"


def test_importing_last_years_table_warns_and_titles_the_plan_with_the_campaigns_year(region):
    target = CampaignFactory(region=region, year=2027, slug="tianxin-2027", phase="draft")

    result = plan_import(campaign=target, path=TIANXIN_TABLE)

    target.refresh_from_db()
    assert len(result.plan.rows) == 50
    assert target.display_plan_title == "天心区2027年“政务公开主题日”活动计划表"
    assert result.warnings[0] == (
        "计划表标题“天心区2023年“政务公开主题日”活动计划表”写的是 2023 年，与年度活动的 "
        "2027 年不一致，请核对文件；标题按 2027 年显示。"
    )


def test_importing_a_table_of_the_same_year_says_nothing_about_years(region):
    target = CampaignFactory(region=region, year=2023, slug="tianxin-2023", phase="draft")

    result = plan_import(campaign=target, path=TIANXIN_TABLE)

    assert not [w for w in result.warnings if "不一致" in w]


# --- Copy -----------------------------------------------------------------------------------


def test_a_copy_carries_the_forms_rules_logo_and_wording_but_nothing_dated(campaign, admin):
    CampaignFormFactory(campaign=campaign, name="现场观摩", kind=FormKind.SITE_VISIT, position=0)
    # A kind the office corrected by hand stays as corrected, not as the name suggests.
    CampaignFormFactory(campaign=campaign, name="律师进企业", kind=FormKind.DISCUSSION, position=1)
    campaign_set_rules(
        campaign=campaign,
        filing_lead_days=3,
        filing_lead_working=False,
        report_due_days=5,
        report_due_working=True,
        remind_before_workdays=3,
        banner_templates=["{unit} {year} 年“政务公开主题日”活动"],
        notice_review_required=False,
        declaration_due_on=dt.date(2023, 3, 31),
        declaration_themes_per_unit=2,
    )
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG", (32, 32)), "image/png")
    campaign_set_logo(actor=admin, campaign=campaign, logo=check_logo(logo))
    campaign.refresh_from_db()

    new = campaign_copy(actor=admin, source=campaign, year=2024, slug="tianxin-2024")

    new.refresh_from_db()
    assert (new.region, new.year, new.slug, new.phase) == (
        campaign.region,
        2024,
        "tianxin-2024",
        CampaignPhase.DRAFT,
    )
    assert new.title == "天心区2024年“政务公开主题日”活动实施方案"
    assert new.issuer == campaign.issuer
    assert new.column_title == "2024年天心区主题日专栏"
    assert (new.doc_number, new.issued_on, new.planned_count, new.plan_title) == (
        "",
        None,
        None,
        "",
    )
    assert not new.activities.exists()
    assert list(new.forms.values_list("name", "kind", "position")) == [
        ("现场观摩", FormKind.SITE_VISIT, 0),
        ("律师进企业", FormKind.DISCUSSION, 1),
    ]
    rules = CampaignRules.objects.get(campaign=new)
    assert (rules.filing_lead_days, rules.filing_lead_working) == (3, False)
    assert (rules.report_due_days, rules.report_due_working) == (5, True)
    assert rules.remind_before_workdays == 3
    assert rules.banner_templates == ["{unit} {year} 年“政务公开主题日”活动"]
    assert rules.notice_review_required is False
    assert rules.declaration_themes_per_unit == 2
    assert rules.declaration_due_on is None
    # The LOGO is a file of its own with the same bytes.
    assert new.logo.name != campaign.logo.name
    assert new.logo_name == "logo.png"
    with new.logo.open("rb") as copied, campaign.logo.open("rb") as original:
        assert copied.read() == original.read()
    entry = AuditEntry.objects.get(action="campaign.copy")
    assert entry.after == {
        "from": "tianxin-2023",
        "year": 2024,
        "slug": "tianxin-2024",
        "forms": ["现场观摩", "律师进企业"],
        "rules": True,
        "logo": True,
    }
    assert entry.actor == admin


def test_a_logo_whose_file_is_gone_is_left_behind(campaign, admin):
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG", (32, 32)), "image/png")
    campaign_set_logo(actor=admin, campaign=campaign, logo=check_logo(logo))
    campaign.refresh_from_db()
    Path(campaign.logo.path).unlink()

    new = campaign_copy(actor=admin, source=campaign, year=2024)

    new.refresh_from_db()
    assert (new.logo.name, new.logo_name) == ("", "")
    assert AuditEntry.objects.get(action="campaign.copy").after["logo"] is False


def test_a_copy_without_a_slug_takes_the_sources_with_the_new_year(campaign):
    assert next_year_slug(campaign, 2027) == "tianxin-2027"
    assert campaign_copy(actor=None, source=campaign, year=2027).slug == "tianxin-2027"


def test_a_slug_without_a_year_gets_the_year_appended(region):
    source = CampaignFactory(region=region, slug="tianxin")

    assert next_year_slug(source, 2024) == "tianxin-2024"


@pytest.mark.parametrize(
    ("year", "slug", "field", "message"),
    [
        (2023, "tianxin-x", "year", "新年度应晚于 2023 年。"),
        (2021, "tianxin-x", "year", "新年度应晚于 2023 年。"),
        (99, "tianxin-x", "year", "请填写四位数的年度，如 2027。"),
        (2024, "已用-标识", "slug", "标识只能由字母、数字、连字符或下划线组成。"),
        (2024, "a" * 61, "slug", "标识不能超过 60 个字符。"),
        (2024, "tianxin-2023", "slug", "标识“tianxin-2023”已被使用。"),
    ],
)
def test_a_copy_that_makes_no_sense_is_refused(campaign, admin, year, slug, field, message):
    with pytest.raises(DomainError) as refused:
        campaign_copy(actor=admin, source=campaign, year=year, slug=slug)

    assert (refused.value.field, refused.value.message) == (field, message)
    assert Campaign.objects.count() == 1
    assert not AuditEntry.objects.filter(action="campaign.copy").exists()


def test_copying_onto_an_existing_year_is_refused(campaign, admin, region):
    CampaignFactory(region=region, year=2024, slug="tianxin-2024")

    with pytest.raises(DomainError) as refused:
        campaign_copy(actor=admin, source=campaign, year=2024, slug="tianxin-2024b")

    assert refused.value.message == "天心区已有 2024 年的年度活动。"
    assert Campaign.objects.count() == 2


@pytest.mark.parametrize("who", ["liaison", "other_admin"])
def test_only_the_regions_office_copies(campaign, request, who):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied) as refused:
        campaign_copy(actor=user, source=campaign, year=2024)

    assert refused.value.message == "您不是天心区政务公开办的管理员，不能复制其年度活动。"
    assert Campaign.objects.count() == 1


# --- Publish --------------------------------------------------------------------------------


def test_an_imported_plan_is_published_without_a_declaration_window(region, admin):
    draft = another_year(region, 2024, phase="draft")
    version = draft.content_version

    campaign_publish(actor=admin, campaign=draft)

    draft.refresh_from_db()
    assert draft.phase == CampaignPhase.RUNNING
    assert draft.content_version > version
    entry = AuditEntry.objects.get(action="plan.publish")
    assert (entry.actor, entry.after) == (admin, {"activities": 6})


def test_the_declarations_publish_follows_the_same_rule(region, admin):
    draft = another_year(region, 2024, phase="draft")

    plan_publish(actor=admin, campaign=draft)

    draft.refresh_from_db()
    assert draft.phase == CampaignPhase.RUNNING


@pytest.mark.parametrize(
    ("phase", "rows", "message"),
    [
        ("draft", False, "计划表还没有活动，请先编制计划。"),
        ("planning", False, "计划表还没有活动，请先编制计划。"),
        ("running", True, "计划已发布。"),
        ("closed", True, "天心区2023年度已结束，不能再发布计划。"),
    ],
)
def test_publishing_that_makes_no_sense_is_refused(region, admin, phase, rows, message):
    target = (
        make_tianxin_campaign(region, phase=phase)
        if rows
        else CampaignFactory(region=region, slug="tianxin-2023", phase=phase)
    )

    with pytest.raises(DomainError) as refused:
        campaign_publish(actor=admin, campaign=target)

    assert refused.value.message == message
    target.refresh_from_db()
    assert target.phase == phase
    assert not AuditEntry.objects.filter(action="plan.publish").exists()


@pytest.mark.parametrize("who", ["liaison", "other_admin"])
def test_only_the_regions_office_publishes(region, request, who):
    draft = make_tianxin_campaign(region, phase="draft")

    with pytest.raises(PermissionDenied) as refused:
        campaign_publish(actor=request.getfixturevalue(who), campaign=draft)

    assert refused.value.message == "您不是天心区政务公开办的管理员，不能发布计划。"


def test_a_phase_change_refreshes_the_other_years_columns(campaign, region, admin):
    draft = another_year(region, 2024, phase="draft")
    campaign.refresh_from_db()
    before = campaign.content_version

    campaign_publish(actor=admin, campaign=draft)

    campaign.refresh_from_db()
    assert campaign.content_version == before + 1


# --- Close ----------------------------------------------------------------------------------


def test_closing_cancels_what_the_office_chose_keeps_the_rest_and_freezes_the_numbers(
    campaign, admin
):
    set_state(campaign, 1, ActivityState.PUBLISHED, held_on=dt.date(2023, 3, 20))
    report = ActivityReportFactory(activity=activity(campaign, 1), headcount=120)
    MediaReportFactory(report=report)
    MediaReportFactory(report=report)
    set_state(campaign, 2, ActivityState.HELD, held_on=dt.date(2023, 3, 28))
    set_state(campaign, 13, ActivityState.CANCELLED)
    set_state(campaign, 16, ActivityState.SCHEDULED, scheduled_on=dt.date(2023, 5, 18))
    version = campaign.content_version

    campaign_close(actor=admin, campaign=campaign, on=CLOSING, cancel={16: "场地改建，无法开展"})

    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.CLOSED
    assert campaign.closed_on == CLOSING
    assert campaign.content_version > version
    assert campaign.closed_stats == {
        "activities": 6,
        "held": 2,
        "published": 1,
        "cancelled": 2,
        "not_held": 2,
        "parts": 0,
        "parts_held": 0,
        "headcount": 120,
        "media": 2,
        "closed_on": "2024-01-10",
    }
    assert activity(campaign, 16).state == ActivityState.CANCELLED
    assert ActivityEvent.objects.get(activity__seq=16, action="cancel").comment == (
        "场地改建，无法开展"
    )
    # Kept as they are: no field changes, only how a closed year reads them.
    assert activity(campaign, 23).state == ActivityState.PLANNED
    assert state_label(ActivityState.PLANNED, year_closed=True) == "未开展"
    assert state_label(ActivityState.HELD, year_closed=True) == "已开展"
    entry = AuditEntry.objects.get(action="campaign.close")
    assert entry.actor == admin
    assert entry.before == {"phase": "running"}
    assert entry.after["cancelled"] == [16]
    assert entry.after["kept_not_held"] == [23, 50]
    assert entry.after["kept_held"] == [2]
    assert entry.after["closed_on"] == "2024-01-10"


def test_the_frozen_numbers_do_not_move_afterwards(campaign, admin):
    campaign_close(actor=admin, campaign=campaign, on=CLOSING)
    Activity.objects.filter(campaign=campaign, seq=1).update(state=ActivityState.PUBLISHED)

    campaign.refresh_from_db()
    assert campaign.closed_stats["published"] == 0
    assert campaign_totals(campaign)["published"] == 1


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        ("draft", "年度活动还在“筹备”阶段，计划尚未发布，不能结束本年度。"),
        ("declaration", "年度活动还在“主题申报”阶段，计划尚未发布，不能结束本年度。"),
        ("planning", "年度活动还在“计划编制”阶段，计划尚未发布，不能结束本年度。"),
        ("closed", "天心区2023年度已结束。"),
    ],
)
def test_closing_a_year_not_running_is_refused(region, admin, phase, message):
    target = make_tianxin_campaign(region, phase=phase)

    with pytest.raises(DomainError) as refused:
        campaign_close(actor=admin, campaign=target, on=CLOSING)

    assert refused.value.message == message
    assert not AuditEntry.objects.filter(action="campaign.close").exists()


def test_closing_twice_names_the_day_it_closed(campaign, admin):
    campaign_close(actor=admin, campaign=campaign, on=CLOSING)

    with pytest.raises(DomainError) as refused:
        campaign_close(actor=admin, campaign=campaign, on=dt.date(2024, 2, 1))

    assert refused.value.message == "天心区2023年度已于2024年1月10日结束。"


@pytest.mark.parametrize(
    ("cancel", "message"),
    [
        ({2: "不办了"}, "第 2 项“老旧小区改造方案交流会”已开展，不能取消；结束后保留其现状。"),
        ({1: "重复"}, "第 1 项不是本年度未完成的活动，不能取消。"),
        ({99: "没有"}, "第 99 项不是本年度未完成的活动，不能取消。"),
        ({16: "  "}, "请填写取消第 16 项“公益发展基金交流宣传”的原因。"),
        ({16: "原因" * 300}, "第 16 项的取消原因不能超过 500 个字。"),
    ],
)
def test_a_decision_that_makes_no_sense_refuses_the_whole_close(campaign, admin, cancel, message):
    set_state(campaign, 1, ActivityState.PUBLISHED)
    set_state(campaign, 2, ActivityState.HELD, held_on=dt.date(2023, 3, 28))

    with pytest.raises(DomainError) as refused:
        campaign_close(
            actor=admin, campaign=campaign, on=CLOSING, cancel={23: "一并取消", **cancel}
        )

    assert refused.value.message == message
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.RUNNING
    assert activity(campaign, 23).state == ActivityState.PLANNED


def test_a_closing_date_before_the_year_is_refused(campaign, admin):
    with pytest.raises(DomainError) as refused:
        campaign_close(actor=admin, campaign=campaign, on=dt.date(2022, 12, 31))

    assert (refused.value.field, refused.value.message) == (
        "on",
        "结束日期 2022年12月31日 早于 2023 年，请核对。",
    )


@pytest.mark.parametrize("who", ["liaison", "other_admin"])
def test_only_the_regions_office_closes(campaign, request, who):
    with pytest.raises(PermissionDenied) as refused:
        campaign_close(actor=request.getfixturevalue(who), campaign=campaign, on=CLOSING)

    assert refused.value.message == "您不是天心区政务公开办的管理员，不能结束本年度。"
    campaign.refresh_from_db()
    assert campaign.phase == CampaignPhase.RUNNING


# --- A closed year is read-only and owes nothing --------------------------------------------


def test_a_closed_years_activities_refuse_every_change(campaign, admin):
    set_state(campaign, 2, ActivityState.HELD, held_on=dt.date(2023, 3, 28))
    campaign_close(actor=admin, campaign=campaign, on=CLOSING)
    message = "天心区2023年度已结束，不能再修改其活动。"

    with pytest.raises(DomainError) as refused:
        activity_schedule(actor=admin, activity=activity(campaign, 23), on=dt.date(2023, 6, 10))
    assert refused.value.message == message

    with pytest.raises(DomainError) as refused:
        activity_record_publicity(
            actor=admin, activity=activity(campaign, 2), on=dt.date(2023, 3, 29)
        )
    assert refused.value.message == message

    with pytest.raises(DomainError) as refused:
        plan_replace(
            campaign=campaign,
            rows=[PlanRowInput(seq=1, month_start=3, month_end=3, title="新", forms=[], hosts=[])],
        )
    assert refused.value.message == "天心区2023年度已结束，不能再修改其计划。"
    assert activity(campaign, 23).state == ActivityState.PLANNED
    assert campaign.activities.count() == 6


def test_a_closed_years_deadlines_and_late_rows_are_no_longer_overdue(campaign, region, admin):
    ActivityDeadlineFactory(
        activity=activity(campaign, 2), kind=DeadlineKind.REPORT, due_on=dt.date(2023, 4, 7)
    )
    later = another_year(region, 2024)
    current = ActivityDeadlineFactory(
        activity=activity(later, 2), kind=DeadlineKind.REPORT, due_on=dt.date(2024, 4, 8)
    )
    today = dt.date(2024, 12, 6)
    assert overdue_deadlines(today).count() == 2
    assert unscheduled_late(campaign, today).count() == 5

    campaign_close(actor=admin, campaign=campaign, on=CLOSING)

    assert list(open_deadlines()) == [current]
    assert list(overdue_deadlines(today)) == [current]
    assert not unscheduled_late(campaign, today).exists()
    assert unscheduled_late(later, today).count() == 6
