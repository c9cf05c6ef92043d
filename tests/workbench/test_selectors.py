"""The to-do selectors on their own: next steps, the late-without-a-date rule, who hosts what."""

import datetime as dt

import pytest

from openday.activities.enums import ActivityState as S
from openday.activities.selectors import unscheduled_late
from openday.campaigns.enums import CampaignPhase
from openday.campaigns.services import campaign_set_rules
from openday.orgs.enums import Role, UnitGroup, UnitKind
from openday.workbench.selectors import (
    LIAISON_STEP_STATES,
    _is_late_unscheduled,
    late_unscheduled_q,
    liaison_activities,
    next_step,
    scope_of,
)
from tests.factories import (
    ActivityFactory,
    CampaignFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.workbench.conftest import RULES, add, running_campaign

D = dt.date
pytestmark = pytest.mark.django_db


def test_liaison_has_a_step_until_the_report_is_in():
    assert LIAISON_STEP_STATES == (
        S.PLANNED,
        S.SCHEDULED,
        S.FILED,
        S.ANNOUNCED,
        S.HELD,
        S.POSTPONED,
    )


@pytest.mark.parametrize(
    ("state", "filing_rule", "scheduled_on", "step"),
    [
        (S.PLANNED, True, None, "schedule"),
        (S.SCHEDULED, True, D(2023, 10, 20), "file"),
        # No plan to file: announce next; once the day has come, confirm it was held.
        (S.SCHEDULED, False, D(2023, 10, 20), "announce"),
        (S.SCHEDULED, True, D(2023, 10, 13), "hold"),
        (S.SCHEDULED, True, D(2023, 10, 2), "hold"),
        (S.FILED, True, D(2023, 10, 20), "announce"),
        (S.ANNOUNCED, True, D(2023, 10, 20), "hold"),
        (S.POSTPONED, True, D(2023, 10, 20), "file"),
        (S.POSTPONED, False, D(2023, 10, 20), "announce"),
        (S.HELD, True, D(2023, 10, 10), "report"),
        # The office's turn.
        (S.REPORTED, True, D(2023, 10, 10), None),
        (S.ACCEPTED, True, D(2023, 10, 10), None),
        (S.PUBLISHED, True, D(2023, 10, 10), None),
        (S.CANCELLED, True, None, None),
    ],
)
def test_next_step(state, filing_rule, scheduled_on, step):
    campaign = CampaignFactory()
    rules = dict(RULES, filing_lead_days=5 if filing_rule else None)
    campaign_set_rules(campaign=campaign, **rules)
    activity = ActivityFactory(campaign=campaign, state=state, scheduled_on=scheduled_on)

    assert next_step(activity, D(2023, 10, 13)) == step


def test_next_step_of_a_campaign_without_rules_skips_filing():
    activity = ActivityFactory(state=S.SCHEDULED, scheduled_on=D(2023, 10, 20))

    assert next_step(activity, D(2023, 10, 13)) == "announce"


@pytest.mark.parametrize(
    "today",
    [
        D(2023, 1, 5),
        D(2023, 3, 21),  # 10 days left in March: not yet late
        D(2023, 3, 22),  # 9 days left: March is late
        D(2023, 6, 30),
        D(2023, 12, 31),
        D(2024, 2, 1),  # a past year: every month with a month
        D(2022, 11, 30),  # a future year: nothing
    ],
)
def test_late_without_a_date_agrees_with_the_campaign_pages_rule(today):
    campaign = CampaignFactory(year=2023)
    for seq, month in enumerate([*range(1, 13), None], start=1):
        ActivityFactory(campaign=campaign, seq=seq, month_start=month, month_end=month)
    ActivityFactory(campaign=campaign, seq=20, month_start=2, month_end=4)
    ActivityFactory(campaign=campaign, seq=21, month_start=1, month_end=1, state=S.CANCELLED)
    ActivityFactory(
        campaign=campaign, seq=22, month_start=1, month_end=1, scheduled_on=D(2023, 1, 9)
    )
    expected = sorted(a.seq for a in unscheduled_late(campaign, today))

    in_sql = campaign.activities.filter(late_unscheduled_q(today))
    in_memory = [a for a in campaign.activities.all() if _is_late_unscheduled(a, today)]

    assert sorted(a.seq for a in in_sql) == expected
    assert sorted(a.seq for a in in_memory) == expected


def test_group_hosts_reach_liaisons_of_units_of_those_kinds():
    region = RegionFactory()
    campaign = running_campaign(region, "c-2023")
    town = UnitFactory(region=region, name="某镇", kind=UnitKind.TOWN)
    street = UnitFactory(region=region, name="某街道办事处", kind=UnitKind.STREET)
    add(campaign, 1, "各街道", 5, UnitGroup.ALL_STREETS)
    add(campaign, 2, "各乡镇（街道）", 5, UnitGroup.ALL_TOWNS_AND_STREETS)
    add(campaign, 3, "各乡镇", 5, UnitGroup.ALL_TOWNS)
    add(campaign, 4, "各单位", 5, UnitGroup.ALL_UNITS)
    add(campaign, 5, "各部门", 5, UnitGroup.ALL_DEPARTMENTS)
    add(campaign, 6, "镇自己的", 5, town)
    # Another region's group host reaches nobody here.
    add(running_campaign(RegionFactory(), "d-2023"), 1, "别处各单位", 5, UnitGroup.ALL_UNITS)
    # Nor does a campaign that is not running.
    draft = CampaignFactory(region=region, year=2024, slug="c-2024", phase=CampaignPhase.DRAFT)
    add(draft, 1, "草案各单位", 5, UnitGroup.ALL_UNITS)

    def seqs(unit) -> list[int]:
        user = UserFactory()
        MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=region, unit=unit)
        return sorted(a.seq for a in liaison_activities(scope_of(user)))

    assert seqs(town) == [2, 3, 4, 6]
    assert seqs(street) == [1, 2, 4]


def test_scope_of_reads_every_role_once(django_assert_num_queries):
    region = RegionFactory()
    unit = UnitFactory(region=region)
    user = UserFactory()
    MembershipFactory(user=user, role=Role.OFFICE_ADMIN, region=region)
    MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=region, unit=unit)
    MembershipFactory(user=user, role=Role.SUPERIOR_VIEWER, region=region)

    with django_assert_num_queries(1):
        scope = scope_of(user)

    assert scope.admin_region_ids == {region.pk}
    assert [(u.unit_id, u.kind, u.region_id) for u in scope.liaison_units] == [
        (unit.pk, UnitKind.DEPARTMENT, region.pk)
    ]
    assert scope.viewer_paths == (region.path,)
    assert scope.can_read_audit
