"""The month-end summary for the offices (月末总结): its moment on Chinese working days, the
month an instant belongs to, and the drafts, once per admin, campaign and month."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from openday.campaigns.enums import CampaignPhase
from openday.orgs.models import Membership
from openday.reminders.jobs.month_end import (
    last_workday,
    month_end_drafts,
    month_end_due,
    month_end_moment,
    month_end_period,
)
from openday.reminders.models import Notification
from openday.reminders.services import notification_record
from tests.factories import CampaignFactory
from tests.reports.monthly_world import June, office_admin

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(text: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.strptime(text, "%Y-%m-%d %H:%M"))  # noqa: DTZ007


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [
        (2023, 6, dt.date(2023, 6, 30)),  # a Friday
        (2023, 9, dt.date(2023, 9, 28)),  # Thursday: the 29th is 中秋节, the 30th 国庆节
        (2023, 4, dt.date(2023, 4, 28)),  # the 29th and 30th are 劳动节 off
        (2023, 12, dt.date(2023, 12, 29)),  # the 30th and 31st: 2024's 元旦 off
        (2024, 8, dt.date(2024, 8, 30)),  # the 31st is an ordinary Saturday
        (2023, 7, dt.date(2023, 7, 31)),  # a Monday
        (2018, 9, dt.date(2018, 9, 30)),  # a Sunday made a working day (国庆节调休上班)
        (2018, 12, dt.date(2018, 12, 29)),  # a Saturday made a working day (元旦调休上班)
    ],
)
def test_last_working_day_of_the_month(year, month, day):
    assert last_workday(year, month) == day


def test_the_moment_is_four_in_the_afternoon_local_time():
    moment = month_end_moment(2023, 6)

    assert moment == dt.datetime(2023, 6, 30, 16, 0, tzinfo=SHANGHAI)
    assert timezone.is_aware(moment)


@pytest.mark.parametrize(
    ("as_of", "period"),
    [
        (at("2023-06-30 15:59"), (2023, 5)),
        (at("2023-06-30 16:00"), (2023, 6)),
        (at("2023-06-30 23:59"), (2023, 6)),
        # A scheduler down on the 30th catches up in July, until July's own moment.
        (at("2023-07-03 09:00"), (2023, 6)),
        (at("2023-07-31 15:59"), (2023, 6)),
        (at("2023-07-31 16:00"), (2023, 7)),
        (at("2023-09-28 16:00"), (2023, 9)),
        (at("2023-09-29 10:00"), (2023, 9)),
        (at("2023-09-28 15:59"), (2023, 8)),
        (at("2024-01-02 09:00"), (2023, 12)),
        (at("2024-01-31 16:00"), (2024, 1)),
        # The moment is local: 08:00 UTC is 16:00 in 长沙.
        (dt.datetime(2023, 6, 30, 8, 0, tzinfo=dt.UTC), (2023, 6)),
        (dt.datetime(2023, 6, 30, 7, 59, tzinfo=dt.UTC), (2023, 5)),
    ],
)
def test_an_instant_concerns_the_month_of_the_latest_moment(as_of, period):
    assert month_end_period(as_of) == period
    assert month_end_due(as_of)


# --- Drafts ---------------------------------------------------------------------------------

JUNE_END = at("2023-06-30 16:00")


@pytest.fixture
def june():
    world = June()
    world.admin = office_admin(world.region, "tianxin-admin")
    world.second_admin = office_admin(world.region, "tianxin-admin-2")
    world.other_admin = office_admin(world.other_campaign.region, "yuhua-admin")
    return world


def record(as_of: dt.datetime) -> list[Notification]:
    return [n for d in month_end_drafts(as_of) if (n := notification_record(draft=d))]


def test_each_office_admin_gets_the_summary_of_their_campaign(june):
    drafts = list(month_end_drafts(JUNE_END))

    assert [(d.recipient.username, d.occasion) for d in drafts] == [
        ("tianxin-admin", f"month-end:{june.campaign.pk}:2023-06"),
        ("tianxin-admin-2", f"month-end:{june.campaign.pk}:2023-06"),
        ("yuhua-admin", f"month-end:{june.other_campaign.pk}:2023-06"),
    ]
    draft = drafts[0]
    assert draft.title == "6月主题日活动月末总结：计划7场，已开展4场"
    assert (draft.item_type, draft.item_id) == ("campaigns.campaign", june.campaign.pk)
    assert draft.region_id == june.campaign.region_id
    assert drafts[2].region_id == june.other_campaign.region_id != draft.region_id
    assert draft.link == reverse(
        "staff:campaign-monthly", kwargs={"slug": "tianxin-2023", "year": 2023, "month": 6}
    )
    assert draft.link == "/staff/campaigns/tianxin-2023/activities/monthly/2023-06/"
    assert draft.body == "\n".join(
        [
            "天心区2023年6月主题日活动情况（截至2023年6月30日）：",
            "计划7场（另有1场已取消），已开展4场，已报送材料3场，已发布1场；",
            "逾期未完成事项2项，涉及2个单位；",
            "活动覆盖200人，计划开展活动的4个单位中3个已开展；",
            "媒体宣传报道3条，涉及2家媒体。",
            "各单位明细和逾期事项见月末总结页面，可下载简报（Word）。",
        ]
    )


def test_the_other_region_reads_its_own_numbers(june):
    drafts = [d for d in month_end_drafts(JUNE_END) if d.recipient == june.other_admin]

    assert [d.title for d in drafts] == ["6月主题日活动月末总结：计划1场，已开展1场"]
    assert drafts[0].body.splitlines()[0] == "雨花区2023年6月主题日活动情况（截至2023年6月30日）："


def test_a_catch_up_counts_as_of_its_own_day(june):
    drafts = list(month_end_drafts(at("2023-07-03 09:00")))

    assert {d.occasion for d in drafts if d.recipient == june.admin} == {
        f"month-end:{june.campaign.pk}:2023-06"
    }
    assert drafts[0].body.splitlines()[0] == "天心区2023年6月主题日活动情况（截至2023年7月3日）："


def test_recording_twice_for_the_month_records_once(june):
    assert len(record(JUNE_END)) == 3

    assert list(month_end_drafts(JUNE_END)) == []
    assert record(at("2023-07-03 09:00")) == []
    assert Notification.objects.filter(recipient=june.admin).count() == 1


def test_the_next_month_is_a_new_occasion(june):
    record(JUNE_END)

    recorded = record(at("2023-07-31 16:00"))

    assert {n.occasion for n in recorded} == {
        f"month-end:{june.campaign.pk}:2023-07",
        f"month-end:{june.other_campaign.pk}:2023-07",
    }


def test_an_admin_added_later_still_gets_the_month(june):
    record(JUNE_END)
    late = office_admin(june.region, "late-admin")

    drafts = list(month_end_drafts(at("2023-07-01 09:00")))

    assert [d.recipient for d in drafts] == [late]


def test_an_inactive_admin_gets_nothing(june):
    june.second_admin.is_active = False
    june.second_admin.save(update_fields=["is_active"])

    recipients = {d.recipient.username for d in month_end_drafts(JUNE_END)}

    assert recipients == {"tianxin-admin", "yuhua-admin"}


@pytest.mark.parametrize("phase", [CampaignPhase.PLANNING, CampaignPhase.CLOSED])
def test_only_running_campaigns_are_summarised(june, phase):
    june.campaign.phase = phase
    june.campaign.save(update_fields=["phase"])

    assert {d.recipient.username for d in month_end_drafts(JUNE_END)} == {"yuhua-admin"}


def test_only_campaigns_of_the_months_year(june):
    # December 2023's summary goes out in early January to 2023's campaigns, not 2024's.
    next_year = CampaignFactory(region=june.region, year=2024, slug="tianxin-2024")

    occasions = {d.occasion for d in month_end_drafts(at("2024-01-02 09:00"))}

    assert f"month-end:{june.campaign.pk}:2023-12" in occasions
    assert not any(o.startswith(f"month-end:{next_year.pk}:") for o in occasions)


def test_a_campaign_without_office_admins_is_skipped(june):
    Membership.objects.filter(region=june.region).delete()

    assert {d.recipient.username for d in month_end_drafts(JUNE_END)} == {"yuhua-admin"}


def test_the_summary_is_read_once_per_campaign(june, django_assert_max_num_queries):
    for n in range(5):
        office_admin(june.region, f"more-admin-{n}")

    with django_assert_max_num_queries(30):
        drafts = list(month_end_drafts(JUNE_END))

    assert len(drafts) == 8
