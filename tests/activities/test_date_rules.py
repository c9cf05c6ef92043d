"""Dates that count right (issue 12, "The year counts events"): the 确认开展 deadline, filing
late, plan adjustments (计划调整), held dates, and the campaign's first day (starts_on)."""

import datetime as dt

import pytest
from django.urls import reverse

from openday.activities.deadlines import rule_of, status
from openday.activities.enums import ActivityState as S
from openday.activities.enums import DeadlineKind, DeadlineStatus
from openday.activities.models import Activity, ActivityEvent, ActivityFiling
from openday.activities.selectors import overdue_deadlines
from openday.activities.services import (
    activity_announce,
    activity_file,
    activity_mark_held,
    activity_postpone,
    activity_report,
    activity_schedule,
)
from openday.activities.services.dates import date_warnings
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.presets import rules_from_preset
from openday.campaigns.services import campaign_set_rules
from openday.core.errors import DomainError
from openday.core.models import AuditEntry
from openday.importers.services import plan_import
from openday.orgs.enums import RegionKind, RegionLevel, Role
from openday.orgs.models import Unit
from openday.reminders.jobs.deadlines import deadline_missed_drafts, deadline_soon_drafts
from openday.reports.monthly import monthly_summary
from openday.workbench.selectors.todo_office import overdue_by_unit
from tests.activities.materials import docx_upload, filing_input, notice_input, report_input
from tests.activities.test_pages import FILING
from tests.activities.test_views import deadlines, errors, facts, get_page
from tests.factories import ActivityFactory, ActivityHostFactory, MembershipFactory, RegionFactory
from tests.portal.html import parse, select, text_of
from tests.workbench.test_todo import overdue

pytestmark = pytest.mark.django_db

D = dt.date
LUXI_SEED = "004_50dbb51384bb21f8.txt"


def at_eight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC)


def hold_deadline(activity: Activity):
    return activity.deadlines.get(kind=DeadlineKind.HOLD)


# --- 确认开展: a deadline of its own ----------------------------------------------------------


@pytest.fixture
def luxi(seeds_dir):
    """泸溪县's 2025 campaign with its notice's rules and its plan imported from the seed."""
    state = RegionFactory(
        name="湘西州", slug="xiangxi", level=RegionLevel.CITY, kind=RegionKind.CITY
    )
    region = RegionFactory(name="泸溪县", slug="luxi", parent=state, kind=RegionKind.COUNTY)
    campaign = Campaign.objects.create(
        region=region,
        year=2025,
        slug="luxi-2025",
        title="2025年泸溪县“政务公开主题日”活动实施方案",
        phase=CampaignPhase.RUNNING,
    )
    campaign_set_rules(campaign=campaign, **rules_from_preset("luxi", 2025))
    result = plan_import(campaign=campaign, path=seeds_dir / LUXI_SEED)
    assert len(result.plan.rows) == 36
    return campaign


@pytest.fixture
def luxi_row_14(luxi):
    """Row 14 (县公安局, “6.26禁毒宣传”, 6月), moved to 2025-12-30 and never confirmed."""
    activity = Activity.objects.get(campaign=luxi, seq=14)
    assert (activity.title, activity.month_label) == ("6.26禁毒宣传", "6月")
    office = MembershipFactory(role=Role.OFFICE_ADMIN, region=luxi.region).user
    activity_schedule(actor=office, activity=activity, on=D(2025, 12, 30), reason="6月汛期改至年底")
    return activity


def test_luxi_row_14_gets_a_confirm_deadline_the_next_working_day(luxi_row_14):
    deadline = hold_deadline(luxi_row_14)

    # 泸溪县's notice sets only the report rule; confirming is the platform's own default.
    assert (deadline.base_date, deadline.due_on) == (D(2025, 12, 30), D(2025, 12, 31))
    assert status(deadline, D(2025, 12, 31)) == DeadlineStatus.DUE_SOON
    assert not overdue_deadlines(D(2025, 12, 31)).filter(pk=deadline.pk).exists()


def test_luxi_row_14_is_overdue_on_the_next_working_day_everywhere(luxi_row_14):
    # 2026-01-01..03 are the New Year holiday; Sunday 01-04 is the next working day.
    day = D(2026, 1, 4)
    deadline = hold_deadline(luxi_row_14)
    office = MembershipFactory(role=Role.OFFICE_ADMIN, region=luxi_row_14.campaign.region).user
    police = Unit.objects.get(region=luxi_row_14.campaign.region, name="县公安局")
    liaison = MembershipFactory(role=Role.UNIT_LIAISON, region=police.region, unit=police).user

    assert list(overdue_deadlines(day)) == [deadline]
    # The office's to-do, by host unit.
    todo = overdue_by_unit(office, day)
    assert [(g.unit, [(i.activity.seq, i.kind, i.days_over) for i in g.items]) for g in todo] == [
        ("县公安局", [(14, "确认开展", 4)])
    ]
    # The reminders' overdue sweep: the host's liaison hears of it.
    drafts = [d for d in deadline_missed_drafts(at_eight(day)) if d.recipient == liaison]
    assert [d.title for d in drafts] == ["确认开展已逾期：6.26禁毒宣传（12月31日截止）"]
    assert "请尽快在系统中确认活动已开展" in drafts[0].body
    # The month summary's overdue counts.
    summary = monthly_summary(luxi_row_14.campaign, 2025, 12, today=day)
    assert (summary.overdue_count, summary.overdue_activities) == (1, 1)
    assert [(g.unit, [i.kind for i in g.items]) for g in summary.overdue] == [
        ("县公安局", ["确认开展"])
    ]


def test_the_activity_page_shows_the_confirm_deadline_overdue(client, luxi_row_14, today):
    today(D(2026, 1, 4))
    client.force_login(
        MembershipFactory(role=Role.OFFICE_ADMIN, region=luxi_row_14.campaign.region).user
    )

    rows = [row for row in deadlines(get_page(client, luxi_row_14)) if row["kind"] == "确认开展"]

    assert rows == [
        {
            "kind": "确认开展",
            "status": "已逾期",
            "截止日期": "2025年12月31日",
            "期限规则": "活动日期后 1 个工作日内",
        }
    ]


def test_the_to_do_pages_list_the_unconfirmed_activity(client, luxi_row_14, today):
    today(D(2026, 1, 4))
    region = luxi_row_14.campaign.region
    police = Unit.objects.get(region=region, name="县公安局")

    client.force_login(MembershipFactory(role=Role.OFFICE_ADMIN, region=region).user)
    office_page = parse(client.get(reverse("staff:home")).content)
    client.force_login(MembershipFactory(role=Role.UNIT_LIAISON, region=region, unit=police).user)
    liaison_page = parse(client.get(reverse("staff:home")).content)

    assert overdue(office_page) == [
        ("县公安局 1 项", [["14", "6.26禁毒宣传", "确认开展", "2025年12月31日", "4 天"]])
    ]
    (row,) = [
        [text_of(td) for td in tr.xpath("th|td")]
        for tr in select(liaison_page, "table.todo-table tbody tr")
        if "6.26禁毒宣传" in text_of(tr)
    ]
    assert (row[4], row[5]) == ("确认开展", "确认开展 2025年12月31日 已逾期")


def test_confirming_late_clears_the_overdue_item(luxi_row_14):
    office = MembershipFactory(role=Role.OFFICE_ADMIN, region=luxi_row_14.campaign.region).user

    activity_mark_held(actor=office, activity=luxi_row_14, today=D(2026, 1, 5))

    deadline = hold_deadline(luxi_row_14)
    assert deadline.done_on == D(2026, 1, 5)
    assert status(deadline, D(2026, 1, 5)) == DeadlineStatus.DONE_LATE
    assert not overdue_deadlines(D(2026, 1, 5)).filter(kind=DeadlineKind.HOLD).exists()


def test_the_confirm_reminder_waits_for_the_day_of_the_activity(luxi_row_14):
    police = Unit.objects.get(region=luxi_row_14.campaign.region, name="县公安局")
    liaison = MembershipFactory(role=Role.UNIT_LIAISON, region=police.region, unit=police).user

    def soon(day):
        return [
            d.title
            for d in deadline_soon_drafts(at_eight(day))
            if d.recipient == liaison and d.title.startswith("确认开展")
        ]

    assert soon(D(2025, 12, 29)) == []
    assert soon(D(2025, 12, 30)) == ["确认开展即将到期：6.26禁毒宣传（12月31日截止）"]


def test_postponing_moves_the_confirm_deadline(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))
    activity_postpone(actor=liaison, activity=activity, new_date=D(2023, 10, 20), reason="场地冲突")

    # Friday 10-20 → Monday 10-23.
    assert hold_deadline(activity).due_on == D(2023, 10, 23)


@pytest.mark.parametrize(
    ("rule", "due_on", "label"),
    [
        (
            {"hold_confirm_days": 2, "hold_confirm_working": False},
            D(2023, 10, 14),
            "活动日期后 2 天内",
        ),
        (
            {"hold_confirm_days": 3, "hold_confirm_working": True},
            D(2023, 10, 17),
            "活动日期后 3 个工作日内",
        ),
    ],
)
def test_the_confirm_rule_is_the_campaigns(activity, liaison, rule, due_on, label):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))

    campaign_set_rules(campaign=activity.campaign, **rule)

    deadline = hold_deadline(activity)
    assert deadline.due_on == due_on
    assert deadline.rule_days == rule["hold_confirm_days"]
    assert rule_of(deadline).label == label


def test_without_a_confirm_rule_there_is_no_confirm_deadline(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))

    campaign_set_rules(campaign=activity.campaign, hold_confirm_days=None)

    assert not activity.deadlines.filter(kind=DeadlineKind.HOLD).exists()


def test_the_rules_page_sets_the_confirm_rule(client, activity, admin, liaison):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))
    url = reverse("staff:campaign-rules", args=[activity.campaign.slug])
    client.force_login(admin)
    form = parse(client.get(url).content)
    assert form.get_element_by_id("id_hold_confirm_days").get("value") == "1"

    response = client.post(
        url,
        {
            "filing_lead_days": "5",
            "filing_lead_unit": "working",
            "report_due_days": "5",
            "report_due_unit": "working",
            "publicity_due_days": "3",
            "publicity_due_unit": "calendar",
            "hold_confirm_days": "2",
            "hold_confirm_unit": "calendar",
            "remind_before_workdays": "2",
            "notice_review_required": "on",
        },
    )

    assert response.status_code == 302
    # Thursday 10-12 + 2 calendar days; the open deadline moved at once.
    assert hold_deadline(activity).due_on == D(2023, 10, 14)
    client.force_login(liaison)
    rules = {
        text_of(select(div, "dt")[0]): text_of(select(div, ".rule-value")[0])
        for div in select(parse(client.get(url).content), ".rules-list > div")
        if select(div, ".rule-value")
    }
    assert rules["确认开展"] == "活动日期后 2 天内"


# --- Filing late ----------------------------------------------------------------------------


@pytest.fixture
def held_without_filing(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))
    activity_mark_held(actor=liaison, activity=activity, today=D(2023, 10, 12))
    return activity


def test_a_plan_can_be_filed_after_the_activity_was_held(held_without_filing, liaison):
    filing = held_without_filing.deadlines.get(kind=DeadlineKind.FILING)
    assert status(filing, D(2023, 10, 16)) == DeadlineStatus.OVERDUE

    activity_file(
        actor=liaison, activity=held_without_filing, filing=filing_input(), on=D(2023, 10, 16)
    )

    held_without_filing.refresh_from_db()
    assert held_without_filing.state == S.HELD  # the state stays
    filing.refresh_from_db()
    assert filing.done_on == D(2023, 10, 16)
    assert status(filing, D(2023, 10, 16)) == DeadlineStatus.DONE_LATE
    assert ActivityFiling.objects.filter(activity=held_without_filing).count() == 1
    event = ActivityEvent.objects.get(activity=held_without_filing, action="file_late")
    assert (event.from_state, event.to_state) == (S.HELD, S.HELD)
    assert AuditEntry.objects.filter(action="activity.file_late").count() == 1


def test_filing_late_works_after_the_report_too(held_without_filing, liaison):
    activity_report(
        actor=liaison,
        activity=held_without_filing,
        report=report_input(D(2023, 10, 12)),
        on=D(2023, 10, 13),
        today=D(2023, 10, 13),
    )
    activity_file(
        actor=liaison, activity=held_without_filing, filing=filing_input(), on=D(2023, 10, 16)
    )
    assert held_without_filing.deadlines.get(kind=DeadlineKind.FILING).done_on == D(2023, 10, 16)
    assert Activity.objects.get(pk=held_without_filing.pk).state == S.REPORTED


def test_filing_after_the_activity_without_a_filing_rule_is_refused(campaign, host_unit, liaison):
    campaign_set_rules(campaign=campaign, filing_lead_days=None)
    activity = ActivityFactory(campaign=campaign, seq=8, month_start=10, month_end=10)
    ActivityHostFactory(activity=activity, unit=host_unit, text=host_unit.name)
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))
    activity_mark_held(actor=liaison, activity=activity, today=D(2023, 10, 12))

    with pytest.raises(DomainError, match="不能再报备方案"):
        activity_file(actor=liaison, activity=activity, filing=filing_input())
    assert not ActivityFiling.objects.filter(activity=activity).exists()


def test_filing_twice_late_is_refused(held_without_filing, liaison):
    activity_file(actor=liaison, activity=held_without_filing, filing=filing_input())
    with pytest.raises(DomainError, match="不能再报备方案"):
        activity_file(actor=liaison, activity=held_without_filing, filing=filing_input())


def test_the_activity_page_offers_filing_late_and_the_page_takes_it(
    client, held_without_filing, liaison, today
):
    today(D(2023, 10, 16))
    client.force_login(liaison)
    url = reverse(
        "staff:activity-transition",
        args=[held_without_filing.campaign.slug, held_without_filing.seq, "file"],
    )

    page = get_page(client, held_without_filing)
    assert [
        (text_of(select(link, "h3")[0]), select(link, "a")[0].get("href"))
        for link in select(page, ".action-link.action-file")
    ] == [("补报方案", url)]
    assert [text_of(p) for p in select(parse(client.get(url).content), ".late-filing")] == [
        "活动现为“已开展”，现补报具体活动方案：活动状态不变，"
        "方案报备期限按补报日期记为完成（超过截止日期的记为逾期完成）。"
    ]

    response = client.post(url, {**FILING, "document": docx_upload()})

    assert response.status_code == 302
    page = get_page(client, held_without_filing)
    assert [text_of(p) for p in select(page, ".alert-success p")] == [
        "活动方案已补报，活动状态不变。"
    ]
    assert [row for row in deadlines(page) if row["kind"] == "方案报备"] == [
        {
            "kind": "方案报备",
            "status": "逾期完成",
            "截止日期": "2023年10月7日",
            "期限规则": "活动开展前 5 个工作日",
            "完成日期": "2023年10月16日",
        }
    ]
    assert not select(page, ".action-link.action-file")
    assert Activity.objects.get(pk=held_without_filing.pk).state == S.HELD


# --- Plan adjustment (计划调整) and non-working days -----------------------------------------


@pytest.fixture
def march_activity(campaign, host_unit):
    activity = ActivityFactory(
        campaign=campaign, seq=3, month_start=3, month_end=3, title="老旧小区改造方案交流会"
    )
    ActivityHostFactory(activity=activity, unit=host_unit, text=host_unit.name)
    return activity


def test_scheduling_outside_the_planned_months_needs_a_reason(march_activity, liaison):
    with pytest.raises(DomainError) as refused:
        activity_schedule(actor=liaison, activity=march_activity, on=D(2023, 10, 1))

    assert refused.value.message == (
        "活动日期 2023年10月1日 不在计划表安排的 3月 内；如确需调整，请填写计划调整原因。"
    )
    assert refused.value.field == "reason"
    assert Activity.objects.get(pk=march_activity.pk).state == S.PLANNED


def test_the_reason_is_recorded_on_the_activity_and_in_the_audit(march_activity, liaison):
    activity_schedule(
        actor=liaison, activity=march_activity, on=D(2023, 10, 1), reason="配合国庆惠民活动"
    )

    march_activity.refresh_from_db()
    assert (march_activity.scheduled_on, march_activity.plan_adjustment) == (
        D(2023, 10, 1),
        "配合国庆惠民活动",
    )
    audit = AuditEntry.objects.get(action="activity.schedule")
    assert audit.after["plan_adjustment"] == "配合国庆惠民活动"


def test_a_date_within_the_planned_months_is_no_adjustment(march_activity, liaison):
    activity_schedule(actor=liaison, activity=march_activity, on=D(2023, 3, 15), reason="随便写写")
    march_activity.refresh_from_db()
    assert march_activity.plan_adjustment == ""


def test_postponing_out_of_the_planned_months_records_the_reason(march_activity, liaison):
    activity_schedule(actor=liaison, activity=march_activity, on=D(2023, 3, 15))
    activity_postpone(
        actor=liaison, activity=march_activity, new_date=D(2023, 4, 12), reason="主讲人出差"
    )
    march_activity.refresh_from_db()
    assert march_activity.plan_adjustment == "主讲人出差"


@pytest.mark.parametrize(
    ("day", "warning"),
    [
        (
            D(2023, 10, 1),
            "2023年10月1日（星期日）是法定节假日（国庆节），不是工作日；"
            "请确认活动确在当天举行，并安排好现场工作人员。",
        ),
        (
            D(2023, 10, 14),
            "2023年10月14日（星期六）不是工作日；周末开展开放日属正常安排，请确认日期无误。",
        ),
        (D(2023, 10, 7), None),  # a make-up working Saturday
        (D(2023, 10, 12), None),
    ],
)
def test_a_non_working_day_is_a_warning(day, warning):
    assert date_warnings(day) == ([warning] if warning else [])


def test_the_page_refuses_a_national_day_date_without_a_reason(client, march_activity, liaison):
    client.force_login(liaison)
    url = reverse(
        "staff:activity-transition",
        args=[march_activity.campaign.slug, march_activity.seq, "schedule"],
    )

    response = client.post(url, {"scheduled_on": "2023-10-01"})

    assert response.status_code == 400
    assert errors(parse(response.content)) == [
        "活动日期 2023年10月1日 不在计划表安排的 3月 内；如确需调整，请填写计划调整原因。"
    ]
    assert Activity.objects.get(pk=march_activity.pk).state == S.PLANNED


def test_the_page_takes_the_reason_and_warns_of_the_holiday(client, march_activity, liaison, admin):
    client.force_login(liaison)
    url = reverse(
        "staff:activity-transition",
        args=[march_activity.campaign.slug, march_activity.seq, "schedule"],
    )

    response = client.post(url, {"scheduled_on": "2023-10-01", "reason": "配合国庆惠民活动"})

    assert response.status_code == 302
    page = get_page(client, march_activity)
    assert [text_of(p) for p in select(page, ".alert-warning p")] == [
        "2023年10月1日（星期日）是法定节假日（国庆节），不是工作日；"
        "请确认活动确在当天举行，并安排好现场工作人员。"
    ]
    # The office sees the adjustment on the activity page and on its plan.
    client.force_login(admin)
    assert facts(get_page(client, march_activity))["计划调整"] == (
        "活动日期不在计划月份（3月）内：配合国庆惠民活动"
    )
    plan = parse(
        client.get(reverse("staff:campaign-detail", args=[march_activity.campaign.slug])).content
    )
    assert [text_of(p) for p in select(plan, ".plan-table .plan-adjustment")] == [
        "计划调整：配合国庆惠民活动"
    ]


# --- Held dates -----------------------------------------------------------------------------


def test_a_held_date_before_the_scheduled_one_is_refused(activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))

    with pytest.raises(DomainError) as refused:
        activity_mark_held(
            actor=liaison, activity=activity, held_on=D(2023, 10, 10), today=D(2023, 10, 12)
        )

    assert refused.value.message == (
        "开展日期 2023年10月10日 早于确定的活动日期 2023年10月12日；活动提前举行的，请先办理改期。"
    )
    assert Activity.objects.get(pk=activity.pk).state == S.SCHEDULED


def test_a_held_date_before_the_announced_one_is_refused(activity, admin):
    activity_schedule(actor=admin, activity=activity, on=D(2023, 10, 12))
    activity_announce(actor=admin, activity=activity, notice=notice_input(activity))

    with pytest.raises(DomainError) as refused:
        activity_mark_held(
            actor=admin, activity=activity, held_on=D(2023, 10, 11), today=D(2023, 10, 12)
        )

    assert refused.value.message == (
        "开展日期 2023年10月11日 早于活动预告公布的日期 2023年10月12日；"
        "活动提前举行的，请先办理改期。"
    )
    assert Activity.objects.get(pk=activity.pk).state == S.ANNOUNCED


def test_after_a_postponement_to_an_earlier_day_that_day_is_accepted(activity, admin):
    activity_schedule(actor=admin, activity=activity, on=D(2023, 10, 12))
    activity_announce(actor=admin, activity=activity, notice=notice_input(activity))
    activity_postpone(actor=admin, activity=activity, new_date=D(2023, 10, 10), reason="提前举行")

    activity_mark_held(actor=admin, activity=activity, today=D(2023, 10, 10))

    assert Activity.objects.get(pk=activity.pk).held_on == D(2023, 10, 10)


# --- The campaign's first day (starts_on) ---------------------------------------------------


def test_a_date_before_the_campaign_starts_is_refused(campaign, march_activity, liaison):
    Campaign.objects.filter(pk=campaign.pk).update(starts_on=D(2023, 4, 1))
    march_activity.refresh_from_db()
    march_activity.campaign.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        activity_schedule(actor=liaison, activity=march_activity, on=D(2023, 3, 20))

    assert refused.value.message == (
        "日期 2023年3月20日 早于本年度活动的起始日期 2023年4月1日，实施方案规定活动自该日起开展。"
    )
    assert refused.value.field == "scheduled_on"


def test_postponing_before_the_campaign_starts_is_refused(campaign, activity, liaison):
    activity_schedule(actor=liaison, activity=activity, on=D(2023, 10, 12))
    Campaign.objects.filter(pk=campaign.pk).update(starts_on=D(2023, 10, 1))
    activity.campaign.refresh_from_db()

    with pytest.raises(DomainError, match="早于本年度活动的起始日期 2023年10月1日"):
        activity_postpone(actor=liaison, activity=activity, new_date=D(2023, 9, 28), reason="提前")
