"""天心区's campaign of the current year in the demo as ``load-demo`` sets it up on
``DEMO_TODAY`` (2025-06-16, once for the module): its facts, where its activities stand, the
column's 近期活动, the reminders, and reruns that change nothing. Other days, the year's edges
among them: ``test_current_year_dates``."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from openday.activities import deadlines
from openday.activities.enums import DeadlineStatus
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityEvent,
    ActivityReport,
    ReportPhoto,
)
from openday.activities.selectors import upcoming_notices
from openday.campaigns.models import Campaign
from openday.campaigns.presets import rules_from_preset
from openday.core.models import AuditEntry
from openday.demo.current_year import load_current_year, plan_shapes
from openday.demo.loader import load_demo
from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Notification
from tests.demo.conftest import DEMO_TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("loaded_demo")]

D = dt.date


def moved(slug: str):
    return Activity.objects.filter(campaign__slug=slug).exclude(state="planned")


def snapshot():
    models = [Campaign, Activity, ActivityEvent, ActivityDeadline, ActivityReport, ReportPhoto]
    return (
        {model.__name__: model.objects.count() for model in [*models, AuditEntry]},
        sorted(Activity.objects.values_list("pk", "state", "updated_at")),
    )


def test_the_module_demo_has_tianxin_of_its_year_with_the_notice_moved_into_it():
    campaign = Campaign.objects.get(slug="tianxin-2025")

    assert (campaign.region.slug, campaign.year, campaign.phase) == ("tianxin", 2025, "running")
    assert campaign.title == "天心区2025年“政务公开主题日”活动实施方案"
    assert campaign.doc_number == "天政务公开办发〔2025〕1号"
    assert (campaign.issued_on, campaign.planned_count) == (D(2025, 3, 3), 50)
    assert campaign.column_title == "2025年政务公开主题日活动专栏"
    assert "2023" not in campaign.source_text
    assert "天心区2025年" in campaign.source_text.replace(" ", "")
    assert campaign.activities.rows().count() == 50
    assert list(campaign.forms.values_list("name", flat=True).order_by("position", "pk")) == [
        "现场观摩",
        "座谈交流",
        "调查征集",
        "政策发布",
        "政策宣传",
        "其他形式",
    ]
    rules = campaign.rules
    preset = rules_from_preset("tianxin", 2025)
    assert {name: getattr(rules, name) for name in preset} == preset


def test_the_demo_tells_what_it_set_up_for_the_current_year(loaded_demo):
    report = loaded_demo[0]

    assert "tianxin-2025: 已导入 50 条计划：新增 50，更新 0，未变 0，删除 0；新建单位 0 个。" in (
        report.lines
    )
    assert [line for line in report.lines if "本年度演示进度" in line] == [
        "tianxin-2025: 本年度演示进度（以2025年6月16日为今天）14 项（已发布 2、已审核通过 1、"
        "已报送材料 2、已开展 3、已发布预告 2、已报备方案 1、已定日期 3）"
    ]


def test_activities_of_the_module_demo_stand_around_its_today():
    # Today is Monday 2025-06-16; each row is the one whose plan month fits its date, but the
    # liaisons' own rows (1, 4, 23); done in the past, due now, dated ahead, on working days.
    rows = sorted(moved("tianxin-2025").values_list("seq", "state", "scheduled_on", "held_on"))

    assert rows == [
        (1, "held", D(2025, 5, 30), D(2025, 5, 30)),  # returned: its report overdue again
        (4, "held", D(2025, 6, 12), D(2025, 6, 12)),  # report due 6月19日
        (6, "published", D(2025, 4, 30), D(2025, 4, 30)),
        (13, "published", D(2025, 5, 16), D(2025, 5, 16)),
        (14, "accepted", D(2025, 5, 26), D(2025, 5, 26)),
        (17, "held", D(2025, 6, 6), D(2025, 6, 6)),  # report overdue since 6月13日
        (18, "reported", D(2025, 6, 6), D(2025, 6, 6)),
        (19, "reported", D(2025, 6, 10), D(2025, 6, 10)),
        (20, "scheduled", D(2025, 6, 20), None),  # filing due 6月17日
        (21, "filed", D(2025, 6, 26), None),
        (22, "announced", D(2025, 6, 30), None),
        (23, "scheduled", D(2025, 6, 17), None),  # filing overdue since 6月14日
        (30, "announced", D(2025, 7, 10), None),
        (31, "scheduled", D(2025, 7, 16), None),
    ]
    due = {
        (d.activity.seq, d.kind): (d.due_on, deadlines.status(d, DEMO_TODAY))
        for d in ActivityDeadline.objects.filter(
            activity__campaign__slug="tianxin-2025", done_on=None
        ).select_related("activity")
    }
    assert due == {
        (1, "report"): (D(2025, 6, 9), DeadlineStatus.OVERDUE),
        (4, "report"): (D(2025, 6, 19), DeadlineStatus.DUE_SOON),
        (17, "report"): (D(2025, 6, 13), DeadlineStatus.OVERDUE),
        (20, "filing"): (D(2025, 6, 17), DeadlineStatus.DUE_SOON),
        (23, "filing"): (D(2025, 6, 14), DeadlineStatus.OVERDUE),
        (31, "filing"): (D(2025, 7, 13), DeadlineStatus.ON_TIME),
        # Confirming it was held (确认开展): the next working day after the date.
        (20, "hold"): (D(2025, 6, 23), DeadlineStatus.ON_TIME),
        (21, "hold"): (D(2025, 6, 27), DeadlineStatus.ON_TIME),
        (22, "hold"): (D(2025, 7, 1), DeadlineStatus.ON_TIME),
        (23, "hold"): (D(2025, 6, 18), DeadlineStatus.DUE_SOON),
        (30, "hold"): (D(2025, 7, 11), DeadlineStatus.ON_TIME),
        (31, "hold"): (D(2025, 7, 17), DeadlineStatus.ON_TIME),
    }


def test_the_columns_upcoming_activities_are_the_announced_ones():
    campaign = Campaign.objects.get(slug="tianxin-2025")

    notices = upcoming_notices(campaign, DEMO_TODAY)

    assert [(n.activity.state, n.activity.scheduled_on >= DEMO_TODAY) for n in notices] == [
        ("announced", True),
        ("announced", True),
    ]


def test_a_second_run_in_the_same_year_changes_nothing_whatever_the_day():
    before = snapshot()

    kept = ["tianxin-2025: 2025 年的年度活动已有，未改动。"]
    assert load_current_year(DEMO_TODAY) == kept
    assert load_current_year(D(2025, 11, 20)) == kept
    assert [line for line in load_demo(D(2025, 12, 31)).lines if "tianxin-2025" in line] == kept

    assert snapshot() == before


def test_a_new_year_adds_its_own_campaign_and_leaves_the_others():
    load_current_year(D(2026, 3, 2))
    before = snapshot()

    assert load_current_year(D(2026, 9, 1)) == ["tianxin-2026: 2026 年的年度活动已有，未改动。"]

    assert snapshot() == before
    assert sorted(
        Campaign.objects.filter(region__slug="tianxin").values_list("slug", flat=True)
    ) == [
        "tianxin-2023",
        "tianxin-2025",
        "tianxin-2026",
    ]


def test_no_current_year_campaign_when_tianxin_already_has_that_year():
    before = snapshot()

    assert load_current_year(D(2023, 7, 3)) == ["tianxin-2023: 2023 年的年度活动已有，未改动。"]

    assert snapshot() == before


def test_shapes_stay_inside_the_year_at_its_edges():
    rules = deadlines.campaign_rules(Campaign.objects.get(slug="tianxin-2025").rules)
    for today in (D(2026, 1, 1), D(2026, 12, 31)):
        shapes = plan_shapes(today, rules)
        dates = [s.on for s in shapes] + [s.filed_on for s in shapes if s.filed_on]
        dates += [s.reported_on for s in shapes if s.reported_on]
        assert {day.year for day in dates} == {2026}


def test_load_demo_refuses_a_malformed_today():
    with pytest.raises(CommandError, match="--today 日期“2026-13-01”格式不正确"):
        call_command("load_demo", "--today", "2026-13-01", stdout=StringIO())


def test_the_scheduler_reminds_the_liaisons_of_the_current_year():
    run_due_jobs(dt.datetime(2025, 6, 17, 8, tzinfo=timezone.get_current_timezone()))

    found = {
        (n.recipient.username, n.occasion.split(":")[0], seq)
        for n in Notification.objects.filter(occasion__startswith="deadline-").select_related(
            "recipient"
        )
        for seq in Activity.objects.filter(pk=n.item_id, campaign__slug="tianxin-2025").values_list(
            "seq", flat=True
        )
    }
    assert {
        ("tianxin-chengnanlu", "deadline-missed", 23),
        # 23's date is today: confirming it was held is due tomorrow.
        ("tianxin-chengnanlu", "deadline-soon", 23),
        ("tianxin-chengnanlu", "deadline-soon", 4),
        ("tianxin-renshe", "deadline-missed", 1),
    } == found
