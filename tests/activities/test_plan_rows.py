"""``plan_row_add``, ``plan_row_update``, ``plan_row_remove``: one plan row at a time by the
region's office admin; 序号 never renumbered; a row under way is cancelled, not removed."""

import pytest

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.activities.services import (
    HostInput,
    PlanRowEdit,
    plan_row_add,
    plan_row_remove,
    plan_row_update,
)
from openday.activities.services.plan import PlanRowInvalid
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.models import Campaign
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import UnitGroup
from tests.campaigns.office_world import office_world
from tests.factories import CampaignFormFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return office_world()


def _row(world, **fields) -> PlanRowEdit:
    values = {
        "title": "人社政策进园区",
        "month_start": 11,
        "month_end": 12,
        "brief": "走进园区企业",
        "forms": ["现场宣讲", "座谈交流"],
        "hosts": [HostInput(text="", unit=world.units["renshe"])],
    }
    return PlanRowEdit(**(values | fields))


def _plan(campaign) -> list[tuple]:
    return [
        (
            a.seq,
            a.month_start,
            a.month_end,
            a.title,
            [(f.text, f.kind) for f in a.forms.all()],
            [h.text for h in a.hosts.all()],
        )
        for a in Activity.objects.rows().filter(campaign=campaign).order_by("seq")
    ]


def _version(campaign) -> int:
    return Campaign.objects.get(pk=campaign.pk).content_version


def _entries() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


# --- add --------------------------------------------------------------------------------------


def test_a_new_row_takes_the_next_free_number_and_is_audited(world):
    version = _version(world.campaign)
    activity = plan_row_add(actor=world.people["admin"], campaign=world.campaign, row=_row(world))

    assert _plan(world.campaign)[-1] == (
        6,
        11,
        12,
        "人社政策进园区",
        [("现场宣讲", "publicity"), ("座谈交流", "discussion")],
        ["区人力资源社会保障局"],
    )
    assert (activity.state, activity.brief) == (ActivityState.PLANNED, "走进园区企业")
    assert _version(world.campaign) == version + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.actor, entry.after["seq"], entry.after["hosts"]) == (
        "plan.row_add",
        world.people["admin"],
        6,
        ["区人力资源社会保障局"],
    )


def test_a_new_row_follows_the_largest_number_gaps_stay_and_one_month_stands_for_both(world):
    admin = world.people["admin"]
    plan_row_remove(actor=admin, activity=world.activities[5])
    Activity.objects.filter(pk=world.activities[2].pk).delete()  # a gap in the middle too
    activity = plan_row_add(
        actor=admin, campaign=world.campaign, row=_row(world, month_start=9, month_end=None)
    )
    assert [a[0] for a in _plan(world.campaign)] == [1, 3, 4, 5]
    assert (activity.seq, activity.month_start, activity.month_end) == (5, 9, 9)


def test_group_hosts_and_the_campaigns_own_form_kinds(world):
    CampaignFormFactory(campaign=world.campaign, name="开放日", kind="site_visit")
    row = _row(
        world,
        forms=["开放日"],
        hosts=[
            HostInput(text="", group=UnitGroup.ALL_STREETS),
            HostInput(text="", unit=world.units["jiaoyu"]),
        ],
    )
    plan_row_add(actor=world.people["admin"], campaign=world.campaign, row=row)
    assert _plan(world.campaign)[-1][4:] == ([("开放日", "site_visit")], ["各街道", "区教育局"])


@pytest.mark.parametrize("who", ["liaison", "viewer", "admin_other"])
def test_only_the_regions_office_admin_adds_a_row(world, who):
    before = _plan(world.campaign)
    with pytest.raises(PermissionDenied, match="只有天心区政务公开办的管理员可以修改计划表。"):
        plan_row_add(actor=world.people[who], campaign=world.campaign, row=_row(world))
    assert _plan(world.campaign) == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": "  "}, "title", "请填写活动主题。"),
        ({"title": "题" * 301}, "title", "活动主题不超过 300 字。"),
        ({"month_start": 0}, "month_start", "开始月份应为 1 到 12 月。"),
        ({"month_start": 13}, "month_start", "开始月份应为 1 到 12 月。"),
        ({"month_start": "5"}, "month_start", "开始月份应为 1 到 12 月。"),
        ({"month_end": 13}, "month_end", "结束月份应为 1 到 12 月。"),
        (
            {"month_start": None, "month_end": 5},
            "month_start",
            "填写结束月份时请同时填写开始月份。",
        ),
        ({"month_start": 9, "month_end": 6}, "month_end", "结束月份不能早于开始月份。"),
        ({"brief": "简" * 2001}, "brief", "活动简介不超过 2000 字。"),
        ({"forms": ["形" * 301]}, "forms", "活动形式最多 10 种，每种不超过 300 字。"),
        (
            {"forms": [f"形式{i}" for i in range(11)]},
            "forms",
            "活动形式最多 10 种，每种不超过 300 字。",
        ),
        ({"hosts": []}, "hosts", "请至少选择一个责任单位。"),
        (
            {"hosts": [HostInput(text="", group="all_friends")]},
            "hosts",
            "未知的单位组“all_friends”。",
        ),
    ],
)
def test_a_bad_row_is_refused_on_its_field_and_nothing_is_saved(world, fields, field, message):
    before, entries = _plan(world.campaign), _entries()
    with pytest.raises(DomainError) as refused:
        plan_row_add(
            actor=world.people["admin"], campaign=world.campaign, row=_row(world, **fields)
        )
    assert (refused.value.field, refused.value.message) == (field, message)
    assert (_plan(world.campaign), _entries()) == (before, entries)


def test_hosts_must_be_the_regions_active_units_each_once(world):
    admin, campaign = world.people["admin"], world.campaign
    cases = [
        ([HostInput(text="", unit=world.units["liuyang"])], "“市教育局”不是天心区的单位。"),
        ([HostInput(text="", unit=world.units["old"])], "“区老干部局”已停用，不能再承办活动。"),
        (
            [HostInput(text="", unit=world.units["renshe"])] * 2,
            "责任单位有重复。",
        ),
    ]
    for hosts, message in cases:
        with pytest.raises(DomainError, match=message):
            plan_row_add(actor=admin, campaign=campaign, row=_row(world, hosts=hosts))


def test_every_problem_of_a_row_is_told_at_once(world):
    with pytest.raises(PlanRowInvalid) as refused:
        plan_row_add(
            actor=world.people["admin"],
            campaign=world.campaign,
            row=_row(world, title="", month_start=8, month_end=3, hosts=[]),
        )
    assert [e.field for e in refused.value.errors] == ["title", "month_end", "hosts"]


def test_a_plan_without_a_units_column_takes_rows_without_hosts(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(
        plan_columns=[["seq", "序号"], ["month", "活动时间"], ["title", "活动主题"]]
    )
    world.campaign.refresh_from_db()
    activity = plan_row_add(
        actor=world.people["admin"], campaign=world.campaign, row=_row(world, hosts=[])
    )
    assert list(activity.hosts.all()) == []


def test_a_closed_year_takes_no_new_row(world):
    Campaign.objects.filter(pk=world.campaign.pk).update(phase=CampaignPhase.CLOSED)
    world.campaign.refresh_from_db()
    with pytest.raises(DomainError, match="天心区2023年度已结束，不能再修改其计划。"):
        plan_row_add(actor=world.people["admin"], campaign=world.campaign, row=_row(world))


# --- update -----------------------------------------------------------------------------------


def test_editing_a_row_keeps_its_number_its_progress_and_the_words_of_kept_hosts(world):
    activity = world.activities[1]  # scheduled for 10-20
    activity.hosts.update(text="区人社局")  # as the document wrote it
    version = _version(world.campaign)
    row = _row(
        world,
        title="社保政策进社区",
        month_start=10,
        month_end=10,
        forms=["政策宣讲"],
        hosts=[
            HostInput(text="", unit=world.units["renshe"]),
            HostInput(text="", unit=world.units["chengnan"]),
        ],
    )
    plan_row_update(actor=world.people["admin"], activity=activity, row=row)

    activity.refresh_from_db()
    assert _plan(world.campaign)[0] == (
        1,
        10,
        10,
        "社保政策进社区",
        [("政策宣讲", "publicity")],
        ["区人社局", "城南路街道办事处"],
    )
    assert (activity.state, str(activity.scheduled_on)) == (ActivityState.SCHEDULED, "2023-10-20")
    assert _version(world.campaign) == version + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.before["title"], entry.after["title"]) == (
        "plan.row_update",
        "社保政策宣讲",
        "社保政策进社区",
    )


def test_forms_can_be_set_on_a_row_that_had_none(world):
    activity = world.activities[5]
    assert list(activity.forms.all()) == []
    row = _row(
        world,
        title=activity.title,
        month_start=11,
        month_end=11,
        brief="",
        forms=["现场观摩"],
        hosts=[HostInput(text="", unit=world.units["chengnan"])],
    )
    plan_row_update(actor=world.people["admin"], activity=activity, row=row)
    assert [(f.text, f.kind) for f in activity.forms.all()] == [("现场观摩", "site_visit")]


def test_saving_a_row_unchanged_records_nothing(world):
    activity = world.activities[5]
    version, entries = _version(world.campaign), _entries()
    row = _row(
        world,
        title="街道开放日",
        month_start=11,
        month_end=11,
        brief=activity.brief,
        forms=[],
        hosts=[HostInput(text="", unit=world.units["chengnan"])],
    )
    plan_row_update(actor=world.people["admin"], activity=activity, row=row)
    assert (_version(world.campaign), _entries()) == (version, entries)


def test_an_inactive_unit_already_hosting_may_stay(world):
    activity = world.activities[5]
    activity.hosts.update(unit=world.units["old"], text="区老干部局")
    row = _row(world, hosts=[HostInput(text="", unit=world.units["old"])])
    plan_row_update(actor=world.people["admin"], activity=activity, row=row)
    assert [h.text for h in activity.hosts.all()] == ["区老干部局"]


@pytest.mark.parametrize("who", ["liaison", "viewer", "admin_other"])
def test_only_the_regions_office_admin_edits_a_row(world, who):
    before = _plan(world.campaign)
    with pytest.raises(PermissionDenied):
        plan_row_update(actor=world.people[who], activity=world.activities[1], row=_row(world))
    assert _plan(world.campaign) == before


# --- remove -----------------------------------------------------------------------------------


def test_removing_a_planned_row_leaves_a_gap_and_is_audited(world):
    version = _version(world.campaign)
    plan_row_remove(actor=world.people["admin"], activity=world.activities[5])
    assert [a[0] for a in _plan(world.campaign)] == [1, 2, 3, 4]
    assert _version(world.campaign) == version + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.before["seq"], entry.before["title"]) == (
        "plan.row_remove",
        5,
        "街道开放日",
    )


@pytest.mark.parametrize(
    ("seq", "state"),
    [(1, "已定日期"), (2, "已开展"), (4, "已取消")],
)
def test_a_row_under_way_is_not_removed_but_cancelled(world, seq, state):
    before, entries = _plan(world.campaign), _entries()
    activity = world.activities[seq]
    with pytest.raises(DomainError) as refused:
        plan_row_remove(actor=world.people["admin"], activity=activity)
    assert refused.value.message == (
        f"第 {seq} 条“{activity.title}”已是“{state}”状态，不能从计划中删除；"
        "如不再开展，请在活动页面办理“取消”并说明原因。"
    )
    assert (_plan(world.campaign), _entries()) == (before, entries)


@pytest.mark.parametrize("who", ["liaison", "viewer", "admin_other"])
def test_only_the_regions_office_admin_removes_a_row(world, who):
    with pytest.raises(PermissionDenied):
        plan_row_remove(actor=world.people[who], activity=world.activities[5])
    assert Activity.objects.filter(pk=world.activities[5].pk).exists()
