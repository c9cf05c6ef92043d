"""Reminders before a deadline (deadline-soon) and when it is missed (deadline-missed).

The world (conftest): 天心区's running 2023 campaign; 第1项 教育政策进校园, hosted by 区教育局,
has its filing due Thursday 2023-06-08; 第4项 街道开放日 is hosted by 各街道办事处.
"""

import datetime as dt
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import Activity, ActivityDeadline
from openday.activities.services import activity_cancel, activity_postpone, activity_schedule
from openday.campaigns.services import campaign_set_rules
from openday.orgs.enums import Role
from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Notification
from tests.factories import (
    ActivityDeadlineFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
)
from tests.reminders.conftest import add, liaison
from tests.reminders.test_month_start import CAMPAIGN, at


def sent(moment: str, job: str) -> list[tuple[str, str]]:
    """(username, occasion) of what ``job`` newly queued at ``moment``, sorted."""
    queued = run_due_jobs(at(moment), only=[job])
    return sorted((q.notification.recipient.username, q.notification.occasion) for q in queued)


def soon(moment: str) -> list[tuple[str, str]]:
    return sent(moment, "deadline-soon")


def missed(moment: str) -> list[tuple[str, str]]:
    return sent(moment, "deadline-missed")


def set_state(activity: Activity, state: str) -> None:
    activity.state = state
    activity.save(update_fields=["state"])


def deadline_of(activity: Activity, kind: str, due_on: dt.date, **fields) -> ActivityDeadline:
    return ActivityDeadlineFactory(
        activity=activity,
        kind=kind,
        rule_days=5,
        rule_working=True,
        base_date=fields.pop("base_date", due_on - dt.timedelta(days=7)),
        due_on=due_on,
        **fields,
    )


def admin_of(region, username: str):
    return MembershipFactory(user__username=username, role=Role.OFFICE_ADMIN, region=region).user


@pytest.fixture
def filing(world) -> ActivityDeadline:
    """第1项's filing, due Thursday 2023-06-08, of an activity scheduled for 06-15."""
    deadline = ActivityDeadline.objects.get(activity__seq=1)
    set_state(deadline.activity, ActivityState.SCHEDULED)
    return deadline


def soon_occasion(deadline: ActivityDeadline) -> str:
    deadline.refresh_from_db()
    return f"deadline-soon:{deadline.pk}:{deadline.due_on.isoformat()}"


def missed_occasion(deadline: ActivityDeadline) -> str:
    deadline.refresh_from_db()
    return f"deadline-missed:{deadline.pk}:{deadline.due_on.isoformat()}"


# --- Before the deadline ---------------------------------------------------------------------


def first_reminded(due_on: dt.date, lead: int, world) -> dt.date | None:
    """Run deadline-soon at 08:00 each day of the month before ``due_on``; the first day the
    liaison was told."""
    campaign_set_rules(campaign=world.campaign, remind_before_workdays=lead)
    deadline = ActivityDeadline.objects.get(activity__seq=1)
    deadline.due_on = due_on
    deadline.save(update_fields=["due_on"])
    day = due_on - dt.timedelta(days=31)
    while day <= due_on:
        if soon(f"{day.isoformat()} 08:00"):
            return day
        day += dt.timedelta(days=1)
    return None


@pytest.mark.parametrize(
    ("due_on", "lead", "reminded_on"),
    [
        # Across a weekend: a Monday deadline two working days ahead is reminded on Thursday.
        (dt.date(2023, 6, 12), 2, dt.date(2023, 6, 8)),
        (dt.date(2023, 6, 12), 1, dt.date(2023, 6, 9)),
        (dt.date(2023, 6, 8), 2, dt.date(2023, 6, 6)),
        # 0: on the day itself; a Sunday deadline on the Friday before, the last working day.
        (dt.date(2023, 6, 12), 0, dt.date(2023, 6, 12)),
        (dt.date(2023, 6, 11), 0, dt.date(2023, 6, 9)),
        # Across National Day 2023: 9-29 to 10-6 off, Saturday 10-7 and Sunday 10-8 worked.
        (dt.date(2023, 10, 9), 1, dt.date(2023, 10, 8)),
        (dt.date(2023, 10, 9), 2, dt.date(2023, 10, 7)),
        (dt.date(2023, 10, 9), 3, dt.date(2023, 9, 28)),
        (dt.date(2023, 10, 9), 10, dt.date(2023, 9, 19)),
        (dt.date(2023, 10, 7), 2, dt.date(2023, 9, 27)),
    ],
)
def test_reminder_goes_out_the_lead_in_working_days_before(
    filing, world, due_on, lead, reminded_on
):
    assert first_reminded(due_on, lead, world) == reminded_on


def test_due_soon_reaches_the_hosts_liaison_with_what_to_do(filing, world):
    assert soon("2023-06-05 08:00") == []

    assert soon("2023-06-06 08:00") == [("jiaoyu", soon_occasion(filing))]
    notification = Notification.objects.get(occasion=soon_occasion(filing))
    assert notification.title == "方案报备即将到期：教育政策进校园（6月8日截止）"
    assert notification.body == (
        f"{CAMPAIGN}第1项“教育政策进校园”（定于2023年6月15日开展）的方案报备将于2023年6月8日"
        "截止，距截止还有2个工作日。\n"
        "请在截止前报备具体活动方案（写明分管领导、责任科室和具体负责人）。"
    )
    assert notification.link == "/staff/campaigns/tianxin-2023/activities/1/"
    assert (notification.item_type, notification.item_id) == (
        "activities.activity",
        filing.activity.pk,
    )
    assert notification.region == world.region


def test_due_soon_is_not_due_before_eight(filing):
    assert soon("2023-06-06 07:59") == []
    assert soon("2023-06-06 08:00") != []


def test_reminded_once_however_many_runs(filing):
    for moment in ["2023-06-06 08:00", "2023-06-06 08:00", "2023-06-06 17:30", "2023-06-07 08:00"]:
        soon(moment)
    assert soon("2023-06-08 08:00") == []

    assert Notification.objects.filter(occasion__startswith="deadline-soon:").count() == 1


def test_a_moved_deadline_is_reminded_again(filing):
    assert soon("2023-06-06 08:00") == [("jiaoyu", soon_occasion(filing))]

    filing.due_on = dt.date(2023, 6, 13)
    filing.save(update_fields=["due_on"])

    assert soon("2023-06-08 08:00") == []
    assert soon("2023-06-09 08:00") == [("jiaoyu", f"deadline-soon:{filing.pk}:2023-06-13")]
    assert Notification.objects.filter(recipient__username="jiaoyu").count() == 2


def test_deadline_today_says_so(filing):
    assert soon("2023-06-08 08:00") == [("jiaoyu", soon_occasion(filing))]

    body = Notification.objects.get().body
    assert "将于2023年6月8日截止，今天截止。" in body


def test_a_provisional_date_says_it_may_move(filing):
    filing.provisional = True
    filing.save(update_fields=["provisional"])

    soon("2023-06-06 08:00")

    assert Notification.objects.get().body.splitlines()[-1] == (
        "注：该截止日期依据未公布的节假日安排推算，安排公布后可能调整。"
    )


def test_a_met_deadline_is_not_reminded(filing):
    filing.done_on = dt.date(2023, 6, 5)
    filing.save(update_fields=["done_on"])

    assert soon("2023-06-06 08:00") == []
    assert missed("2023-06-09 08:00") == []


@pytest.mark.parametrize(
    ("kind", "state", "reminded"),
    [
        (DeadlineKind.FILING, ActivityState.SCHEDULED, True),
        (DeadlineKind.FILING, ActivityState.POSTPONED, True),
        # Announced or held without a plan on file: there is nothing left to file.
        (DeadlineKind.FILING, ActivityState.ANNOUNCED, False),
        (DeadlineKind.FILING, ActivityState.HELD, False),
        (DeadlineKind.FILING, ActivityState.CANCELLED, False),
        (DeadlineKind.REPORT, ActivityState.HELD, True),
        (DeadlineKind.REPORT, ActivityState.CANCELLED, False),
        (DeadlineKind.PUBLICITY, ActivityState.PUBLISHED, True),
    ],
)
def test_which_states_are_reminded_before_the_date(world, kind, state, reminded):
    activity = Activity.objects.get(campaign=world.campaign, seq=3)
    set_state(activity, state)
    deadline_of(activity, kind, dt.date(2023, 7, 13))

    assert bool(soon("2023-07-11 08:00")) is reminded


@pytest.mark.parametrize("phase", ["draft", "closed"])
def test_only_running_campaigns_are_reminded(filing, world, phase):
    world.campaign.phase = phase
    world.campaign.save(update_fields=["phase"])

    assert soon("2023-06-06 08:00") == []
    assert missed("2023-06-09 08:00") == []


def test_a_group_host_deadline_reaches_every_street_liaison(world):
    streets = Activity.objects.get(campaign=world.campaign, seq=4)
    set_state(streets, ActivityState.HELD)
    report = deadline_of(streets, DeadlineKind.REPORT, dt.date(2023, 6, 21))

    assert soon("2023-06-19 08:00") == [
        ("chengnan", soon_occasion(report)),
        ("poyang", soon_occasion(report)),
    ]
    assert missed("2023-06-26 08:00") == [
        ("chengnan", missed_occasion(report)),
        # 第1项's filing (06-08) is overdue too: 区教育局 hosts it.
        ("jiaoyu", missed_occasion(ActivityDeadline.objects.get(activity__seq=1))),
        ("poyang", missed_occasion(report)),
    ]


def test_a_liaison_of_two_host_units_is_told_once(world):
    both = Activity.objects.get(campaign=world.campaign, seq=2)  # 区医保局 and 区教育局
    MembershipFactory(
        user=world.jiaoyu_liaison, role=Role.UNIT_LIAISON, region=world.region, unit=world.yibao
    )
    set_state(both, ActivityState.HELD)
    report = deadline_of(both, DeadlineKind.REPORT, dt.date(2023, 6, 21))

    assert soon("2023-06-19 08:00") == [
        ("jiaoyu", soon_occasion(report)),
        ("yibao", soon_occasion(report)),
    ]


def test_postponing_moves_the_filing_reminder_and_cancelling_stops_them(world):
    campaign_set_rules(campaign=world.campaign, filing_lead_days=5, filing_lead_working=True)
    july = Activity.objects.get(campaign=world.campaign, seq=3)
    activity_schedule(actor=None, activity=july, on=dt.date(2023, 7, 20))
    first = ActivityDeadline.objects.get(activity=july, kind=DeadlineKind.FILING)
    assert first.due_on == dt.date(2023, 7, 13)

    assert soon("2023-07-11 08:00") == [("jiaoyu", f"deadline-soon:{first.pk}:2023-07-13")]

    activity_postpone(actor=None, activity=july, new_date=dt.date(2023, 7, 27), reason="场地调整")
    assert soon("2023-07-13 08:00") == []
    assert soon("2023-07-18 08:00") == [("jiaoyu", f"deadline-soon:{first.pk}:2023-07-20")]

    activity_postpone(actor=None, activity=july, new_date=dt.date(2023, 8, 3), reason="再次调整")
    activity_cancel(actor=None, activity=july, reason="上级通知取消")
    assert soon("2023-07-25 08:00") == []
    assert missed("2023-07-28 08:00") == [
        ("jiaoyu", missed_occasion(ActivityDeadline.objects.get(activity__seq=1)))
    ]


def test_remind_before_zero_reminds_on_the_day(filing, world):
    campaign_set_rules(campaign=world.campaign, remind_before_workdays=0)

    assert soon("2023-06-07 08:00") == []
    assert soon("2023-06-08 08:00") == [("jiaoyu", soon_occasion(filing))]


def test_each_campaign_has_its_own_lead(filing, world):
    other_region = RegionFactory(name="浏阳市", slug="liuyang", parent=world.region.parent)
    other = CampaignFactory(region=other_region, slug="liuyang-2023")
    campaign_set_rules(campaign=other, remind_before_workdays=5)
    unit = UnitFactory(region=other_region, name="市教育局")
    liaison(unit, "lyjiaoyu")
    activity = add(other, 1, "浏阳教育开放日", (6, 6), unit)
    set_state(activity, ActivityState.SCHEDULED)
    far = deadline_of(activity, DeadlineKind.FILING, dt.date(2023, 6, 8))

    assert soon("2023-06-01 08:00") == [("lyjiaoyu", soon_occasion(far))]
    assert soon("2023-06-06 08:00") == [("jiaoyu", soon_occasion(filing))]


# --- After the deadline ----------------------------------------------------------------------


@pytest.fixture
def offices(world) -> SimpleNamespace:
    """Office admins of 天心区 and of the city above it; 浏阳市 with its office, a unit, its
    liaison and a filing due 06-07 (its activity not yet scheduled: missed, never "soon")."""
    city = world.region.parent
    liuyang_region = RegionFactory(name="浏阳市", slug="liuyang", parent=city)
    unit = UnitFactory(region=liuyang_region, name="市教育局")
    campaign = CampaignFactory(region=liuyang_region, slug="liuyang-2023")
    activity = add(campaign, 1, "浏阳教育开放日", (6, 6), unit)
    return SimpleNamespace(
        tianxin=admin_of(world.region, "txadmin"),
        city=admin_of(city, "csadmin"),
        liuyang_region=liuyang_region,
        liuyang=admin_of(liuyang_region, "lyadmin"),
        unit_liaison=liaison(unit, "lyjiaoyu"),
        activity=activity,
        deadline=deadline_of(activity, DeadlineKind.FILING, dt.date(2023, 6, 7)),
    )


def test_overdue_reaches_the_liaisons_and_the_office_of_that_region_only(filing, offices):
    assert missed("2023-06-08 08:00") == [
        ("lyadmin", f"overdue-digest:{offices.liuyang_region.pk}:2023-06-08"),
        ("lyjiaoyu", missed_occasion(offices.deadline)),
    ]

    assert missed("2023-06-09 08:00") == [
        ("jiaoyu", missed_occasion(filing)),
        ("txadmin", f"overdue-digest:{filing.activity.campaign.region_id}:2023-06-09"),
    ]


def test_the_overdue_notice_to_the_liaison(filing, offices):
    missed("2023-06-12 08:00")

    notification = Notification.objects.get(recipient__username="jiaoyu")
    assert notification.title == "方案报备已逾期：教育政策进校园（6月8日截止）"
    assert notification.body == (
        f"{CAMPAIGN}第1项“教育政策进校园”（定于2023年6月15日开展）的方案报备已于2023年6月8日"
        "截止，至今尚未完成，已逾期4天。\n"
        "请尽快报备具体活动方案（写明分管领导、责任科室和具体负责人）；确实无法完成的，"
        "请向天心区政务公开办说明情况。"
    )
    assert notification.link == "/staff/campaigns/tianxin-2023/activities/1/"


def test_the_office_gets_one_digest_a_day_of_what_is_newly_overdue(filing, offices, world):
    streets = Activity.objects.get(campaign=world.campaign, seq=4)
    set_state(streets, ActivityState.HELD)
    deadline_of(streets, DeadlineKind.REPORT, dt.date(2023, 6, 9))
    deadline_of(streets, DeadlineKind.PUBLICITY, dt.date(2023, 6, 12))

    missed("2023-06-12 08:00")
    first = Notification.objects.get(recipient=offices.tianxin)
    assert first.occasion == f"overdue-digest:{world.region.pk}:2023-06-12"
    assert first.title == "逾期汇总：天心区新增2项活动期限逾期（6月12日）"
    assert first.body == "\n".join(
        [
            "截至2023年6月12日，天心区以下2项活动期限已过而尚未完成：",
            "",
            CAMPAIGN,
            "1. 教育政策进校园（第1项，区教育局）：方案报备，6月8日截止，已逾期4天",
            "2. 街道开放日（第4项，各街道办事处）：材料报送，6月9日截止，已逾期3天",
            "",
            "承办单位的联络员已分别收到逾期提醒；全部逾期事项见工作台“逾期事项”。",
        ]
    )
    assert (first.link, first.item_type, first.item_id) == (
        "/staff/",
        "orgs.region",
        world.region.pk,
    )
    assert first.region == world.region

    assert missed("2023-06-12 18:00") == []
    publicity = streets.deadlines.get(kind=DeadlineKind.PUBLICITY)
    assert missed("2023-06-13 08:00") == [
        ("chengnan", f"deadline-missed:{publicity.pk}:2023-06-12"),
        ("poyang", f"deadline-missed:{publicity.pk}:2023-06-12"),
        ("txadmin", f"overdue-digest:{world.region.pk}:2023-06-13"),
    ]
    second = Notification.objects.get(occasion=f"overdue-digest:{world.region.pk}:2023-06-13")
    assert second.title == "逾期汇总：天心区新增1项活动期限逾期（6月13日）"
    assert second.body.splitlines()[0] == (
        "截至2023年6月13日，天心区以下1项活动期限已过而尚未完成（上次汇总以来新增）："
    )
    assert second.body.splitlines()[3] == (
        "1. 街道开放日（第4项，各街道办事处）：媒体宣传，6月12日截止，已逾期1天"
    )
    # Nothing new: no digest.
    assert missed("2023-06-14 08:00") == []


def test_overdue_notices_wait_for_a_working_day(filing, offices):
    assert missed("2023-06-10 08:00") == []  # Saturday
    assert missed("2023-06-11 08:00") == []  # Sunday
    assert missed("2023-06-12 07:59") == []
    assert ("jiaoyu", missed_occasion(filing)) in missed("2023-06-12 08:00")


def test_a_new_office_admin_gets_what_is_overdue_now(filing, offices, world):
    missed("2023-06-09 08:00")
    newcomer = admin_of(world.region, "txnew")

    assert missed("2023-06-12 08:00") == [("txnew", f"overdue-digest:{world.region.pk}:2023-06-12")]
    assert "1. 教育政策进校园" in Notification.objects.get(recipient=newcomer).body


def test_a_provisional_or_cancelled_deadline_is_not_declared_missed(filing, offices):
    filing.provisional = True
    filing.save(update_fields=["provisional"])
    set_state(offices.activity, ActivityState.CANCELLED)

    assert missed("2023-06-12 08:00") == []


def test_an_inactive_liaison_is_not_told(filing, world):
    world.jiaoyu_liaison.is_active = False
    world.jiaoyu_liaison.save(update_fields=["is_active"])

    assert soon("2023-06-06 08:00") == []
    assert missed("2023-06-09 08:00") == []


# --- Cost and the command --------------------------------------------------------------------


def queries_of_a_rerun(moment: str) -> int:
    run_due_jobs(at(moment))
    with CaptureQueriesContext(connection) as captured:
        assert run_due_jobs(at(moment)) == []
    return len(captured)


def add_held(world, seq: int) -> None:
    """An activity of 区医保局 held, its report overdue on 06-13 and its publicity due soon."""
    activity = add(world.campaign, seq, f"第{seq}项活动", (6, 6), world.yibao)
    set_state(activity, ActivityState.HELD)
    deadline_of(activity, DeadlineKind.REPORT, dt.date(2023, 6, 9))
    deadline_of(activity, DeadlineKind.PUBLICITY, dt.date(2023, 6, 14))


def test_queries_do_not_grow_with_the_number_of_deadlines(filing, offices, world):
    add_held(world, 10)
    one = queries_of_a_rerun("2023-06-13 08:00")

    for seq in range(11, 21):
        add_held(world, seq)

    assert queries_of_a_rerun("2023-06-13 08:00") == one


def run_scheduler(moment: str) -> list[str]:
    out = StringIO()
    call_command("run_scheduler", "--as-of", moment, stdout=out)
    return out.getvalue().splitlines()


def test_run_scheduler_twice_for_the_same_moment_queues_nothing_new(filing, offices, world):
    run_due_jobs(at("2023-06-01 08:00"), only=["month-start"])

    first = run_scheduler("2023-06-08 08:00")
    second = run_scheduler("2023-06-08 08:00")

    region = offices.liuyang_region.pk
    # Each office also gets May's month-end summary, caught up on the first run after it.
    month_end = [line for line in first[:-1] if line.startswith("month-end\t")]
    assert len(month_end) == 2
    assert [line for line in first[:-1] if line not in month_end] == [
        f"deadline-soon\tjiaoyu\t{soon_occasion(filing)}\t方案报备即将到期：教育政策进校园（6月8日截止）",
        f"deadline-missed\tlyjiaoyu\t{missed_occasion(offices.deadline)}"
        "\t方案报备已逾期：浏阳教育开放日（6月7日截止）",
        f"deadline-missed\tlyadmin\toverdue-digest:{region}:2023-06-08"
        "\t逾期汇总：浏阳市新增1项活动期限逾期（6月8日）",
    ]
    assert first[-1].startswith("2023-06-08 08:00：新排队 5 条提醒。")
    assert second[0].startswith("2023-06-08 08:00：新排队 0 条提醒。")
    assert len(second) == 1
    assert Notification.objects.exclude(occasion__startswith="month-start:").count() == 5
