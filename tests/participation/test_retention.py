"""Retention of the public's personal data: the setting, the purge (counts only in the
audit log, idempotent), and ``openday participation purge``."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openday.campaigns.enums import CampaignPhase
from openday.core.errors import DomainError, PermissionDenied
from openday.core.models import AuditEntry
from openday.participation.models import Opinion, Signup
from openday.participation.selectors import retention_days
from openday.participation.services import (
    OpinionInput,
    SignupInput,
    opinion_post,
    purge_expired_personal_data,
    retention_set,
    signup_create,
)
from tests.participation.conftest import NOW

pytestmark = pytest.mark.django_db
CLOSED = dt.date(2023, 12, 31)


@pytest.fixture
def filled(place):
    signup_create(
        activity=place.activity_1,
        data=SignupInput("王五", "13700000003", "public", 2),
        now=NOW,
    )
    opinion_post(
        campaign=place.campaign,
        activity=None,
        data=OpinionInput(text="建议", name="赵六", phone="13600000004", email="z@x.cn"),
        now=NOW,
    )
    place.campaign.phase = CampaignPhase.CLOSED
    place.campaign.closed_on = CLOSED
    place.campaign.save()
    return place


def personal() -> list:
    return list(Signup.objects.values_list("name", "phone", "email")) + list(
        Opinion.objects.values_list("name", "phone", "email")
    )


def test_the_default_retention_is_180_days_and_the_office_changes_it(place):
    assert retention_days(place.campaign) == 180
    retention_set(actor=place.admin, campaign=place.campaign, days=30)
    assert retention_days(place.campaign) == 30
    entry = AuditEntry.objects.get(action="participation.retention_set")
    assert (entry.before, entry.after) == ({"days_after_close": None}, {"days_after_close": 30})


@pytest.mark.parametrize("days", [0, 3651])
def test_a_retention_out_of_range_is_refused(place, days):
    with pytest.raises(DomainError, match="1 至 3650 天"):
        retention_set(actor=place.admin, campaign=place.campaign, days=days)


@pytest.mark.parametrize("who", ["liaison_a1", "viewer"])
def test_only_the_office_sets_the_retention(place, who):
    with pytest.raises(PermissionDenied):
        retention_set(actor=getattr(place, who), campaign=place.campaign, days=30)


def test_nothing_is_purged_until_the_retention_has_passed(filled):
    assert purge_expired_personal_data(CLOSED + dt.timedelta(days=180)).campaigns == []
    assert ("王五", "13700000003", "") in personal()


def test_the_purge_blanks_names_phones_and_emails_and_audits_counts_only(filled):
    result = purge_expired_personal_data(CLOSED + dt.timedelta(days=181), now=NOW)
    assert result.campaigns == [("tianxin-2023", 1, 1)]
    assert personal() == [("", "", ""), ("", "", "")]
    signup = Signup.objects.get()
    assert (signup.group, signup.party_size, signup.purged_at) == ("public", 2, NOW)
    assert Opinion.objects.get().text == "建议"
    entry = AuditEntry.objects.get(action="participation.purge")
    assert entry.after == {"signups": 1, "opinions": 1}
    assert entry.actor is None
    # Nothing left: a second run finds nothing and writes no entry.
    assert purge_expired_personal_data(CLOSED + dt.timedelta(days=400)).campaigns == []
    assert AuditEntry.objects.filter(action="participation.purge").count() == 1


def test_a_shorter_retention_purges_sooner(filled):
    retention_set(actor=filled.admin, campaign=filled.campaign, days=10)
    assert purge_expired_personal_data(CLOSED + dt.timedelta(days=11)).signups == 1


def test_a_dry_run_counts_and_changes_nothing(filled):
    result = purge_expired_personal_data(CLOSED + dt.timedelta(days=181), dry_run=True)
    assert (result.signups, result.opinions) == (1, 1)
    assert ("王五", "13700000003", "") in personal()
    assert not AuditEntry.objects.filter(action="participation.purge").exists()


def test_an_open_campaign_is_never_purged(place):
    signup_create(
        activity=place.activity_1, data=SignupInput("王五", "13700000003", "public", 1), now=NOW
    )
    assert purge_expired_personal_data(dt.date(2030, 1, 1)).campaigns == []


def test_the_command_purges_and_prints_a_summary(filled):
    out = io.StringIO()
    call_command("participation", "purge", "--dry-run", "--today", "2024-07-01", stdout=out)
    assert out.getvalue().splitlines() == [
        "tianxin-2023\t报名 1\t留言 1",
        "将删除 1 个年度活动中 1 条报名、1 条留言的个人信息（截至 2024-07-01）。",
    ]
    assert ("王五", "13700000003", "") in personal()
    out = io.StringIO()
    call_command("participation", "purge", "--today", "2024-07-01", stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("已删除 1 个年度活动中 1 条报名")
    assert personal() == [("", "", ""), ("", "", "")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "用法"),
        (("delete",), "用法"),
        (("purge", "--today", "2024-13-01"), "日期“2024-13-01”无效"),
        (("purge", "--today", "明天"), "日期“明天”无效"),
    ],
)
def test_the_command_refuses_bad_arguments_in_chinese(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("participation", *args)


def test_the_scheduler_purges_by_the_real_clock(filled):
    # The scheduler's housekeeping runs each tick; the purge is idempotent.
    out = io.StringIO()
    call_command("run_scheduler", "--as-of", "2023-06-01 08:00", stdout=out)
    assert "删除保留期满的个人信息：报名 1 条、留言 1 条。" in out.getvalue()
    assert personal() == [("", "", ""), ("", "", "")]
    again = io.StringIO()
    call_command("run_scheduler", "--as-of", "2023-06-01 08:00", stdout=again)
    assert "个人信息" not in again.getvalue()
