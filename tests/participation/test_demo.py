"""The demo's participation: an announced activity of the current year with sign-up full and
a waiting list, opinions with and without replies; a rerun changes nothing."""

import datetime as dt

import pytest

from openday.core.models import AuditEntry
from openday.demo.participation import load_demo_participation
from openday.orgs.enums import Role
from openday.participation.enums import OpinionState, SignupState
from openday.participation.models import Opinion, OpinionReply, Signup, SignupSettings
from openday.participation.selectors import signup_counts
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2023, 6, 10)


@pytest.fixture
def demo_place(place):
    place.settings_1.delete()
    office = UserFactory(username="tianxin-admin")
    MembershipFactory(user=office, role=Role.OFFICE_ADMIN, region=place.region)
    return place


def test_the_demo_opens_a_full_sign_up_with_a_waiting_list_and_opinions(demo_place):
    lines = load_demo_participation(TODAY)
    assert lines == [
        "tianxin-2023: 第 1 项开放在线报名（名额 3 人已满，候补 3 人）；留言 5 条（已回应 2 条）"
    ]
    activity = demo_place.activity_1
    counts = signup_counts(activity)
    assert (counts.confirmed, counts.waitlisted) == (3, 3)
    assert list(
        Signup.objects.filter(activity=activity).order_by("id").values_list("state", flat=True)
    ) == [
        SignupState.CONFIRMED,
        SignupState.CONFIRMED,
        SignupState.WAITLISTED,
        SignupState.WAITLISTED,
    ]
    states = sorted(Opinion.objects.values_list("state", flat=True))
    assert states == sorted(
        [OpinionState.PUBLISHED] * 3 + [OpinionState.PENDING, OpinionState.HIDDEN]
    )
    assert OpinionReply.objects.count() == 2
    assert Opinion.objects.filter(activity=None).count() == 2


def test_a_second_run_changes_nothing(demo_place):
    load_demo_participation(TODAY)
    before = (SignupSettings.objects.count(), Signup.objects.count(), AuditEntry.objects.count())
    assert load_demo_participation(TODAY + dt.timedelta(days=3)) == [
        "演示的在线报名和留言已有，未改动。"
    ]
    after = (SignupSettings.objects.count(), Signup.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_without_the_demo_office_nothing_is_done(place):
    assert load_demo_participation(TODAY) == []
