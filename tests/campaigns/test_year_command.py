"""``openday campaign publish|close|copy`` as the issue checks it: next year from this one,
the 天心区 table imported and published (50 rows in the column), the old year closed and
nothing of it overdue anywhere any more."""

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import Activity
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.campaigns.services import campaign_set_rules
from openday.cli import main
from openday.orgs.enums import Role
from openday.orgs.models import Unit
from openday.reminders.jobs.deadlines import deadline_missed_drafts, deadline_soon_drafts
from openday.reminders.jobs.month_start import month_start_drafts
from openday.reports.monthly import monthly_summary
from openday.workbench.selectors import liaison_todo, overdue_by_unit, unscheduled_late_for_office
from tests.factories import ActivityDeadlineFactory, MembershipFactory
from tests.portal.html import parse, select
from tests.portal.plans import make_region, make_tianxin_campaign

pytestmark = pytest.mark.django_db

TIANXIN_TABLE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / ("000_d804d73a4347b30d.txt")
)
TODAY = dt.date(2026, 12, 7)
AS_OF = dt.datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def run(*args) -> str:
    out = io.StringIO()
    call_command("campaign", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def region():
    return make_region()


@pytest.fixture
def tianxin_2023(region):
    campaign = make_tianxin_campaign(region)
    campaign_set_rules(campaign=campaign, report_due_days=5, report_due_working=True)
    return campaign


@pytest.fixture
def admin(region):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=region).user


@pytest.fixture
def liaison(region, tianxin_2023):
    unit = Unit.objects.get(region=region, name="区人力资源社会保障局")
    return MembershipFactory(role=Role.UNIT_LIAISON, region=region, unit=unit).user


@pytest.fixture
def overdue(tianxin_2023):
    """Activity 1 held on 2023-03-20 and never reported: its report is overdue since March."""
    held = Activity.objects.get(campaign=tianxin_2023, seq=1)
    Activity.objects.filter(pk=held.pk).update(
        state=ActivityState.HELD, scheduled_on=dt.date(2023, 3, 20), held_on=dt.date(2023, 3, 20)
    )
    return ActivityDeadlineFactory(
        activity=held,
        kind=DeadlineKind.REPORT,
        base_date=dt.date(2023, 3, 20),
        due_on=dt.date(2023, 3, 27),
    )


def rows_of(todo, slug: str) -> list[tuple[int, list[str]]]:
    """The liaison's to-do rows of one campaign: 序号 and the status of each open deadline."""
    return [
        (row.activity.seq, [d.status.label for d in row.deadlines])
        for row in todo.rows
        if row.activity.campaign.slug == slug
    ]


def column_rows(client, slug: str) -> int:
    response = client.get(reverse("portal:campaign-column", args=[slug]))
    assert response.status_code == 200
    return len(select(parse(response.content), ".plan-list > li"))


def test_copy_import_publish_then_close_as_the_issue_checks(
    client, tianxin_2023, admin, liaison, overdue
):
    assert run("copy", "tianxin-2023", "--year", "2027", "--slug", "tianxin-2027") == (
        "已由 tianxin-2023 复制出 tianxin-2027（天心区2027年，筹备阶段）：活动形式 0 种，"
        "规则已复制，LOGO无；计划表请另行导入。\n"
    )
    imported = io.StringIO()
    call_command("import_plan", str(TIANXIN_TABLE), "--campaign", "tianxin-2027", stdout=imported)
    assert imported.getvalue().startswith("已导入 50 条计划")
    assert run("publish", "tianxin-2027") == (
        "已发布天心区2027年活动计划：50 项活动，专栏 /column/tianxin-2027/\n"
    )
    assert column_rows(client, "tianxin-2027") == 50
    new = Campaign.objects.get(slug="tianxin-2027")
    assert new.display_plan_title == "天心区2027年“政务公开主题日”活动计划表"

    # Before closing, 2023 is overdue everywhere.
    assert overdue_by_unit(admin, TODAY)
    assert unscheduled_late_for_office(admin, TODAY).exists()
    assert rows_of(liaison_todo(liaison, TODAY), "tianxin-2023") == [(1, ["已逾期"])]
    assert monthly_summary(tianxin_2023, 2023, 12, today=TODAY).overdue_count == 1
    assert len(list(deadline_missed_drafts(AS_OF))) == 2  # the liaison and the digest

    out = run("close", "tianxin-2023", "--on", "2026-12-07")

    assert out.splitlines()[-1] == (
        "天心区2023年度已于2026年12月7日结束：取消 0 项，保留 6 项未完成的活动；统计数据已固定。"
    )
    assert (
        out.splitlines()[0]
        == "  1. 被征地农民社会保险业务政策宣讲（区人力资源社会保障局，已开展）→ 保留为“已开展”"
    )
    assert "  2. 老旧小区改造方案交流会（区人居环境局，已列入计划）→ 保留为“未开展”" in out
    tianxin_2023.refresh_from_db()
    assert tianxin_2023.phase == CampaignPhase.CLOSED
    # Nothing of 2023 is overdue anywhere: the office's to-do, the liaison's, the month
    # summary, the reminders and the office's digest.
    assert overdue_by_unit(admin, TODAY) == []
    assert not unscheduled_late_for_office(admin, TODAY).exists()
    assert rows_of(liaison_todo(liaison, TODAY), "tianxin-2023") == []
    assert monthly_summary(tianxin_2023, 2023, 12, today=TODAY).overdue_count == 0
    assert list(deadline_missed_drafts(AS_OF)) == []
    # The archive stays public, marked closed, and links the new year.
    page = parse(client.get(reverse("portal:campaign-column", args=["tianxin-2023"])).content)
    assert [a.get("href") for a in select(page, ".column-years a")] == ["/column/tianxin-2027/"]
    assert "已结束" in select(page, "h1")[0].text_content()


def test_close_cancels_the_activities_named_with_the_reason(tianxin_2023):
    out = run(
        "close", "tianxin-2023", "--on", "2024-01-05", "--cancel", "2,13", "--reason", "场地改建"
    )

    assert "  2. 老旧小区改造方案交流会（区人居环境局，已列入计划）→ 取消" in out
    assert out.splitlines()[-1] == (
        "天心区2023年度已于2024年1月5日结束：取消 2 项，保留 4 项未完成的活动；统计数据已固定。"
    )
    states = dict(Activity.objects.filter(campaign=tianxin_2023).values_list("seq", "state"))
    assert states[2] == states[13] == ActivityState.CANCELLED
    assert states[16] == ActivityState.PLANNED


def test_close_can_cancel_every_activity_not_held(tianxin_2023):
    run("close", "tianxin-2023", "--on", "2024-01-05", "--cancel-all", "--reason", "年度结束")

    assert set(Activity.objects.filter(campaign=tianxin_2023).values_list("state", flat=True)) == {
        ActivityState.CANCELLED
    }


def test_a_dry_run_only_lists(tianxin_2023):
    out = run("close", "tianxin-2023", "--dry-run")

    assert out.splitlines()[-1] == "预览：天心区2023年度有 6 项未完成的活动，未结束。"
    tianxin_2023.refresh_from_db()
    assert tianxin_2023.phase == CampaignPhase.RUNNING


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "用法：openday campaign publish 标识；"),
        (("open", "tianxin-2023"), "用法：openday campaign publish 标识；"),
        (("publish", "no-such"), "没有标识为“no-such”的年度活动。"),
        (("publish", "tianxin-2023"), "计划已发布。"),
        (("copy", "tianxin-2023"), "请用 --year 指定新年度，如 --year 2027。"),
        (("copy", "tianxin-2023", "--year", "27"), "年度“27”无效，应为四位数字，如 2027。"),
        (("copy", "tianxin-2023", "--year", "2023"), "新年度应晚于 2023 年。"),
        (
            ("close", "tianxin-2023", "--on", "2024-13-01"),
            "日期“2024-13-01”无效，应为 YYYY-MM-DD，如 2026-12-31。",
        ),
        (("close", "tianxin-2023", "--cancel", "2"), "取消活动须用 --reason 写明原因。"),
        (("close", "tianxin-2023", "--cancel", "x", "--reason", "r"), "序号“x”无效，应为整数。"),
        (
            ("close", "tianxin-2023", "--cancel", "2", "--cancel-all", "--reason", "r"),
            "--cancel 与 --cancel-all 只能选一个。",
        ),
    ],
)
def test_refusals_are_one_chinese_line(tianxin_2023, args, message):
    with pytest.raises(CommandError) as refused:
        run(*args)

    assert str(refused.value).startswith(message)
    tianxin_2023.refresh_from_db()
    assert tianxin_2023.phase == CampaignPhase.RUNNING
    assert Campaign.objects.count() == 1


def test_closing_a_draft_exits_non_zero(region, capsys):
    make_tianxin_campaign(region, phase=CampaignPhase.DRAFT)

    with pytest.raises(SystemExit) as exited:
        main(["openday", "campaign", "close", "tianxin-2023"])

    assert exited.value.code == 1
    assert capsys.readouterr().err.strip() == (
        "CommandError: 年度活动还在“筹备”阶段，计划尚未发布，不能结束本年度。"
    )


def test_a_year_closed_early_sends_no_deadline_or_month_start_reminders(region, admin):
    """A current year closed before its end: its hosts hear of nothing any more."""
    current = make_tianxin_campaign(region, slug="tianxin-2026", year=2026)
    unit = Unit.objects.get(region=region, name="区人力资源社会保障局")
    MembershipFactory(role=Role.UNIT_LIAISON, region=region, unit=unit)
    Activity.objects.filter(campaign=current, seq=1).update(
        month_start=12,
        month_end=12,
        state=ActivityState.HELD,
        scheduled_on=dt.date(2026, 11, 27),
        held_on=dt.date(2026, 11, 27),
    )
    ActivityDeadlineFactory(
        activity=Activity.objects.get(campaign=current, seq=1),
        kind=DeadlineKind.REPORT,
        base_date=dt.date(2026, 11, 27),
        due_on=dt.date(2026, 12, 2),
    )
    as_of = dt.datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert len(list(deadline_soon_drafts(as_of))) == 1
    assert len(list(month_start_drafts(as_of))) == 1

    run("close", "tianxin-2026", "--on", "2026-11-30")

    assert list(deadline_soon_drafts(as_of)) == []
    assert list(month_start_drafts(as_of)) == []
