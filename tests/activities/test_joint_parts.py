"""Joint rows (联合开展): one part per host unit beyond the lead, each with its own steps, or
held together with the lead; the year counts events and hosts apart."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from openday.activities.enums import ActivityState, DeadlineKind, JointRole
from openday.activities.models import Activity, ActivityDeadline
from openday.activities.selectors import campaign_totals
from openday.activities.services import (
    HostInput,
    PlanRowEdit,
    activity_mark_held,
    activity_report,
    activity_schedule,
    campaign_close,
    plan_row_add,
    plan_row_remove,
    plan_row_update,
)
from openday.activities.services.parts import part_set_with_lead
from openday.campaigns.enums import CampaignPhase
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.orgs.enums import Role, UnitGroup, UnitKind
from openday.reports.monthly import headline, monthly_summary
from openday.reports.statistics import statistics_rows, statistics_table
from tests.activities.materials import report_input
from tests.campaigns.office_world import office_world
from tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2023, 10, 13)


def _liaison(world, unit):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=world.campaign.region, unit=unit)
    return user


@pytest.fixture
def world():
    world = office_world()
    region = world.campaign.region
    # Three streets: 城南路 (the world's), 坡子街 and 金盆岭.
    world.units["pozijie"] = UnitFactory(
        region=region, name="坡子街街道办事处", kind=UnitKind.STREET
    )
    world.units["jinpenling"] = UnitFactory(
        region=region, name="金盆岭街道办事处", kind=UnitKind.STREET
    )
    world.people["chengnan"] = _liaison(world, world.units["chengnan"])
    world.people["pozijie"] = _liaison(world, world.units["pozijie"])
    world.people["jiaoyu"] = _liaison(world, world.units["jiaoyu"])
    return world


def _joint_row(world, hosts=None, title="安全生产月") -> Activity:
    """ "区人力资源社会保障局、区教育局、各街道办事处": the lead, a named co-host, three streets."""
    hosts = hosts or [
        HostInput(text="", unit=world.units["renshe"]),
        HostInput(text="", unit=world.units["jiaoyu"]),
        HostInput(text="各街道办事处", group=UnitGroup.ALL_STREETS),
    ]
    row = PlanRowEdit(title=title, month_start=10, month_end=10, forms=["政策宣传"], hosts=hosts)
    return plan_row_add(actor=world.people["admin"], campaign=world.campaign, row=row)


def _part(row: Activity, unit) -> Activity:
    return row.parts.get(hosts__unit=unit)


def test_a_row_with_several_host_units_gets_one_part_per_unit_beyond_the_lead(world):
    row = _joint_row(world)

    parts = list(row.parts.order_by("part_no"))
    assert row.joint == JointRole.LED
    assert [(p.ref, p.hosts.get().text, p.with_lead) for p in parts] == [
        # A co-host named in the row is held with the lead; the members of a group on their own.
        (f"{row.seq}-1", "区教育局", True),
        (f"{row.seq}-2", "坡子街街道办事处", False),
        (f"{row.seq}-3", "城南路街道办事处", False),
        (f"{row.seq}-4", "金盆岭街道办事处", False),
    ]
    assert {(p.title, p.month_start, p.seq) for p in parts} == {("安全生产月", 10, row.seq)}
    assert [f.text for f in parts[1].forms.all()] == ["政策宣传"]
    # The plan still has one row.
    assert Activity.objects.rows().filter(campaign=world.campaign, seq=row.seq).count() == 1


def test_each_street_holds_and_reports_its_own_part_and_only_its_own(world):
    row = _joint_row(world)
    mine = _part(row, world.units["chengnan"])
    other = _part(row, world.units["pozijie"])
    street = world.people["chengnan"]

    activity_schedule(actor=street, activity=mine, on=D(2023, 10, 10), venue="街道前坪")
    activity_mark_held(actor=street, activity=mine, held_on=D(2023, 10, 10), today=TODAY)
    activity_report(actor=street, activity=mine, report=report_input(D(2023, 10, 10)), today=TODAY)

    mine.refresh_from_db()
    assert mine.state == ActivityState.REPORTED
    assert set(mine.deadlines.values_list("kind", flat=True)) >= {DeadlineKind.REPORT}
    # Not the lead's row, not another street's part.
    for activity in (row, other):
        with pytest.raises(PermissionDenied):
            activity_schedule(actor=street, activity=activity, on=D(2023, 10, 20))
    row.refresh_from_db()
    assert row.state == ActivityState.PLANNED


def test_the_year_counts_one_event_held_and_one_of_the_street_parts(world):
    row = _joint_row(world)
    street = world.people["chengnan"]
    part = _part(row, world.units["chengnan"])
    activity_schedule(actor=street, activity=part, on=D(2023, 10, 10))
    activity_mark_held(actor=street, activity=part, held_on=D(2023, 10, 10), today=TODAY)
    before = campaign_totals(world.campaign)

    totals = campaign_totals(world.campaign)

    assert totals == before
    assert (totals["activities"], totals["parts"], totals["parts_held"]) == (6, 4, 1)
    # Held events: the world's two, and this street's part; the lead has held nothing.
    assert totals["held"] == 3
    summary = monthly_summary(world.campaign, 2023, 10, today=TODAY)
    assert (summary.parts, summary.parts_held) == (4, 1)
    assert any("参与联合开展的4个单位分项中，1个已开展" in line for line in headline(summary))
    lines = {line.unit: line for line in summary.units}
    assert lines["城南路街道办事处"].held == 1
    assert lines["坡子街街道办事处"].held == 0


def test_a_part_held_with_its_lead_has_no_steps_and_counts_when_the_lead_is_held(world):
    row = _joint_row(world)
    with_lead = _part(row, world.units["jiaoyu"])
    with pytest.raises(DomainError, match="随牵头单位一同开展"):
        activity_schedule(actor=world.people["jiaoyu"], activity=with_lead, on=D(2023, 10, 10))

    activity_schedule(actor=world.people["liaison"], activity=row, on=D(2023, 10, 10))
    activity_mark_held(
        actor=world.people["liaison"], activity=row, held_on=D(2023, 10, 10), today=TODAY
    )
    activity_report(
        actor=world.people["liaison"],
        activity=row,
        report=report_input(D(2023, 10, 10)),
        today=TODAY,
    )

    assert not ActivityDeadline.objects.filter(activity=with_lead).exists()
    totals = campaign_totals(world.campaign)
    assert (totals["parts"], totals["parts_held"]) == (4, 1)
    # 附件2: one row for the lead's event, hosted by the lead and the part held with it.
    rows = statistics_rows(world.campaign)
    assert [(r.seq, r.hosts) for r in rows] == [(row.seq, ["区人力资源社会保障局", "区教育局"])]
    table = statistics_table(world.campaign, rows, filler="天心区", with_hosts=True)
    assert table.rows[-1][0] == "合计（1 场，2 个单位）"
    # The co-host's own table counts the lead's report.
    assert [r.seq for r in statistics_rows(world.campaign, world.units["jiaoyu"])] == [row.seq]
    assert statistics_rows(world.campaign, world.units["chengnan"]) == []


def test_the_office_or_the_parts_unit_chooses_how_it_is_held_and_it_is_audited(world):
    row = _joint_row(world)
    part = _part(row, world.units["pozijie"])

    part_set_with_lead(actor=world.people["pozijie"], part=part, with_lead=True, reason="同场")
    part.refresh_from_db()
    assert part.with_lead
    entry = AuditEntry.objects.get(action="activity.part_mode")
    assert (entry.after, entry.comment) == ({"with_lead": True}, "同场")

    part_set_with_lead(actor=world.people["admin"], part=part, with_lead=False)
    activity_schedule(actor=world.people["pozijie"], activity=part, on=D(2023, 10, 20))
    part.refresh_from_db()
    assert part.deadlines.filter(kind=DeadlineKind.FILING).exists()
    assert part.state == ActivityState.SCHEDULED
    with pytest.raises(PermissionDenied):
        part_set_with_lead(actor=world.people["chengnan"], part=part, with_lead=True)
    with pytest.raises(DomainError):
        part_set_with_lead(actor=world.people["admin"], part=row, with_lead=True)


def test_a_part_that_acted_on_its_own_cannot_fold_into_the_lead(world):
    row = _joint_row(world)
    part = _part(row, world.units["pozijie"])
    activity_schedule(actor=world.people["pozijie"], activity=part, on=D(2023, 10, 10))
    activity_mark_held(
        actor=world.people["pozijie"], activity=part, held_on=D(2023, 10, 10), today=TODAY
    )

    with pytest.raises(DomainError, match="已开展"):
        part_set_with_lead(actor=world.people["admin"], part=part, with_lead=True)


def test_a_row_of_groups_only_has_no_lead_and_only_its_parts_are_held(world):
    row = _joint_row(
        world, hosts=[HostInput(text="各街道办事处", group=UnitGroup.ALL_STREETS)], title="街道开放"
    )

    assert row.joint == JointRole.SHARED
    assert row.parts.count() == 3
    assert not row.parts.filter(with_lead=True).exists()
    with pytest.raises(DomainError, match="各单位分别开展"):
        activity_schedule(actor=world.people["admin"], activity=row, on=D(2023, 10, 10))


def test_editing_the_hosts_adds_and_drops_untouched_parts(world):
    row = _joint_row(world)
    hosts = [
        HostInput(text="", unit=world.units["renshe"]),
        HostInput(text="", unit=world.units["pozijie"]),
    ]
    edit = PlanRowEdit(title="安全生产月", month_start=10, month_end=11, hosts=hosts)

    plan_row_update(actor=world.people["admin"], activity=row, row=edit)

    parts = list(row.parts.all())
    assert [(p.hosts.get().text, p.month_end) for p in parts] == [("坡子街街道办事处", 11)]
    single = PlanRowEdit(title="安全生产月", hosts=[HostInput(text="", unit=world.units["renshe"])])
    plan_row_update(actor=world.people["admin"], activity=row, row=single)
    row.refresh_from_db()
    assert (row.joint, row.parts.count()) == (JointRole.NONE, 0)


def test_a_row_whose_part_is_under_way_is_not_removed_and_closing_cancels_its_parts(world):
    row = _joint_row(world)
    part = _part(row, world.units["pozijie"])
    activity_schedule(actor=world.people["pozijie"], activity=part, on=D(2023, 10, 20))

    with pytest.raises(DomainError, match="不能从计划中删除"):
        plan_row_remove(actor=world.people["admin"], activity=row)

    campaign_close(
        actor=world.people["admin"],
        campaign=world.campaign,
        on=D(2023, 12, 31),
        cancel={row.seq: "年内未能开展"},
    )
    world.campaign.refresh_from_db()
    assert world.campaign.phase == CampaignPhase.CLOSED
    part.refresh_from_db()
    assert part.state == ActivityState.CANCELLED
    closed = AuditEntry.objects.get(action="campaign.close")
    assert f"{row.seq}-2" in closed.after["cancelled"]


def test_the_activity_page_shows_the_parts_and_the_part_its_row(world, client):
    row = _joint_row(world)
    part = _part(row, world.units["chengnan"])

    client.force_login(world.people["admin"])
    page = client.get(reverse("staff:activity-detail", args=[world.campaign.slug, row.ref]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "4 个单位分项，已开展 0 个" in html
    assert reverse("staff:activity-detail", args=[world.campaign.slug, part.ref]) in html

    client.force_login(world.people["chengnan"])
    mine = client.get(reverse("staff:activity-detail", args=[world.campaign.slug, part.ref]))
    assert mine.status_code == 200
    assert "的分项，由本单位承担" in mine.content.decode()
    # The lead's row and another street's part are not the street's to read.
    other = _part(row, world.units["pozijie"])
    for ref in (row.ref, other.ref):
        url = reverse("staff:activity-detail", args=[world.campaign.slug, ref])
        assert client.get(url).status_code == 404
    mode = reverse("staff:activity-part-mode", args=[world.campaign.slug, other.ref])
    assert client.post(mode, {"mode": "lead"}).status_code == 404
    other.refresh_from_db()
    assert not other.with_lead


def test_the_part_mode_page_changes_and_refuses_with_a_message(world, client):
    row = _joint_row(world)
    part = _part(row, world.units["chengnan"])
    client.force_login(world.people["chengnan"])
    url = reverse("staff:activity-part-mode", args=[world.campaign.slug, part.ref])

    response = client.post(url, {"mode": "lead", "reason": "与牵头单位同场"}, follow=True)
    assert "已改为随牵头单位一同开展" in response.content.decode()
    part.refresh_from_db()
    assert part.with_lead
    bad = client.post(url, {"mode": "nonsense"}, follow=True)
    assert "请选择开展方式" in bad.content.decode()
    assert client.get(url).status_code == 405


def test_the_column_shows_the_row_once_with_its_parts(world, client):
    world.campaign.phase = CampaignPhase.RUNNING
    world.campaign.save()
    row = _joint_row(world)

    html = client.get(reverse("portal:campaign-column", args=[world.campaign.slug])).content
    html = html.decode()

    assert html.count("安全生产月") == 1
    assert "联合开展：4 个单位分项，已开展 0 个" in html
    assert "坡子街街道办事处：待开展" in html
    assert row.parts.count() == 4


def test_refresh_brings_older_data_up_to_date_once(world, capsys):
    # A joint row from before parts existed, and an activity scheduled before the 确认开展 rule.
    row = _joint_row(world)
    row.parts.all().delete()
    Activity.objects.filter(pk=row.pk).update(joint=JointRole.NONE)
    ActivityDeadline.objects.filter(kind=DeadlineKind.HOLD).delete()
    world.campaign.rules.hold_confirm_days = 1
    world.campaign.rules.hold_confirm_working = True
    world.campaign.rules.save()

    call_command("campaign", "refresh", world.campaign.slug)

    row.refresh_from_db()
    assert (row.joint, row.parts.count()) == (JointRole.LED, 4)
    scheduled = world.activities[1]
    hold = ActivityDeadline.objects.get(activity=scheduled, kind=DeadlineKind.HOLD)
    assert hold.due_on == D(2023, 10, 23)  # the next working day after Friday 10-20
    assert "新增联合开展分项 4 个" in capsys.readouterr().out
    entries = AuditEntry.objects.filter(action="campaign.refresh").count()
    call_command("campaign", "refresh", world.campaign.slug)
    assert "新增联合开展分项 0 个，新增或调整办理期限 0 项" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="campaign.refresh").count() == entries


def test_the_close_page_asks_once_per_row_and_cancels_its_parts(world, client):
    row = _joint_row(world)
    client.force_login(world.people["admin"])
    url = reverse("staff:campaign-close", args=[world.campaign.slug])

    page = client.get(url).content.decode()
    assert page.count(f'name="fate_{row.seq}"') == 2  # one radio group: keep or cancel
    assert f"与第 {row.seq} 项一并处理" in page

    response = client.post(
        url,
        {"on": "2023-12-31", f"fate_{row.seq}": "cancel", f"reason_{row.seq}": "未能开展"},
    )
    assert response.status_code == 302
    assert not row.parts.exclude(state=ActivityState.CANCELLED).exists()
