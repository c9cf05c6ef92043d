"""``openday generate-province`` at a tiny size: two counties, one year, five activities a
campaign, a hundred answers. The counts follow from the generator's rules; every state is
there; the staff pages render for a generated office admin; a second run is refused unless
``--replace``, which leaves exactly one province behind."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from openday.activities.enums import ActivityState, DeadlineKind
from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityEvent,
    ActivityFiling,
    ActivityNotice,
    ActivityReport,
)
from openday.campaigns.models import Campaign
from openday.core.models import AuditEntry
from openday.demo.province import questionnaire_models
from openday.orgs.enums import Role
from openday.orgs.models import Membership, Region, Unit
from openday.participation.models import Opinion, OpinionReply, Signup
from openday.reminders.models import Delivery, Notification

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 16)
TINY = ["--regions", "2", "--years", "1", "--activities", "5", "--answers", "100"]


def answers() -> int:
    models = questionnaire_models()
    questionnaire = models["QuestionnaireAnswer"].objects.count() if models else 0
    return Signup.objects.count() + Opinion.objects.count() + questionnaire


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_province", *TINY, "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def province():
    return generate()


def test_tiny_province_has_the_counts_its_rules_give(province):
    # The province, one city, two counties; each county has five units (the minimum).
    assert Region.objects.count() == 4
    assert Region.objects.get(slug="province-2").parent.parent.slug == "province"
    assert Unit.objects.count() == 10
    # A viewer of the province and of the city; per county an office admin and a liaison
    # per unit.
    assert get_user_model().objects.count() == 2 + 2 * 6
    assert Membership.objects.filter(role=Role.OFFICE_ADMIN).count() == 2
    assert Membership.objects.filter(role=Role.UNIT_LIAISON).count() == 10
    # One running campaign per county, in TODAY's year, of five rows; row 4 of each is hosted
    # by two units, so it has one part.
    assert list(Campaign.objects.values_list("slug", "year", "phase")) == [
        ("province-1-2025", 2025, "running"),
        ("province-2-2025", 2025, "running"),
    ]
    assert Activity.objects.rows().count() == 10
    assert Activity.objects.parts().count() == 2
    # The hundred answers, fifty a campaign: 35 sign-ups and 15 opinions each; with
    # questionnaires 17 sign-ups (35 %), 7 opinions (15 %) and the 26 others answers to the
    # campaign's survey. Half of the published opinions are answered.
    assert answers() == 100
    models = questionnaire_models()
    assert Signup.objects.count() == 2 * (17 if models else 35)
    assert Opinion.objects.count() == 2 * (7 if models else 15)
    assert OpinionReply.objects.filter(opinion__state="published").count() > 0
    assert "公众参与记录合计 100 条" in province
    # Each state change is audited, beside each campaign's creation.
    assert AuditEntry.objects.count() == ActivityEvent.objects.count() + 2
    assert "完成：" in province


def test_every_state_is_there_with_what_it_implies(province):
    rows = Activity.objects.rows()
    assert set(rows.values_list("state", flat=True)) == set(ActivityState.values)
    held = [ActivityState.HELD, ActivityState.REPORTED, ActivityState.ACCEPTED]
    held.append(ActivityState.PUBLISHED)
    assert not rows.filter(state__in=held, held_on__isnull=True).exists()
    assert not rows.filter(state=ActivityState.PLANNED, scheduled_on__isnull=False).exists()
    reported = rows.filter(state__in=held[1:])
    assert ActivityReport.objects.filter(activity__in=reported).count() == reported.count()
    assert not ActivityReport.objects.exclude(activity__in=reported).exists()
    announced = rows.filter(state__in=[ActivityState.ANNOUNCED, *held])
    assert ActivityNotice.objects.filter(activity__in=announced).count() == announced.count()
    # Filed rows have their filing, on the day their filing deadline says it was met.
    for filing in ActivityFiling.objects.select_related("activity"):
        deadline = ActivityDeadline.objects.get(activity=filing.activity, kind=DeadlineKind.FILING)
        assert deadline.done_on == filing.filed_on
    # Every dated row with steps has its four deadlines, cancelled ones none.
    dated = rows.filter(scheduled_on__isnull=False).exclude(state=ActivityState.CANCELLED)
    assert ActivityDeadline.objects.filter(activity__in=dated).count() == sum(
        2 + (2 if activity.held_on else 0) for activity in dated
    )
    # Reminders of deadlines due by TODAY, each by inbox and email.
    assert Notification.objects.count() > 0
    assert Delivery.objects.count() == 2 * Notification.objects.count()
    assert not Notification.objects.filter(occasion__startswith="deadline-", title="").exists()


@pytest.mark.parametrize(
    "url",
    [
        "/staff/",
        "/staff/campaigns/province-1-2025/",
        "/staff/campaigns/province-1-2025/activities/4/",
        "/staff/campaigns/province-1-2025/activities/4-1/",
        "/staff/campaigns/province-1-2025/declarations/",
        "/staff/audit/",
        "/staff/deliveries/",
    ],
)
def test_staff_pages_render_for_a_generated_office_admin(province, client, url):
    client.force_login(get_user_model().objects.get(username="province-1-admin"))

    response = client.get(url)

    assert response.status_code == 200
    assert "province-2" not in response.content.decode()


def test_campaign_page_lists_the_generated_plan(province, client):
    client.force_login(get_user_model().objects.get(username="province-1-admin"))

    page = client.get("/staff/campaigns/province-1-2025/").content.decode()

    for row in Activity.objects.rows().filter(campaign__slug="province-1-2025"):
        assert row.title in page


def test_a_second_run_is_refused_unless_replace(province):
    with pytest.raises(CommandError, match="已存在；如需重新生成，请加 --replace"):
        generate()

    generate("--replace")

    assert Region.objects.count() == 4
    assert Activity.objects.rows().count() == 10
    assert get_user_model().objects.count() == 14
    assert answers() == 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--regions", "0"], "“0”应为不小于 1 的整数"),
        (["--answers", "-1"], "“-1”应为不小于 0 的整数"),
        (["--today", "2025-13-01"], "日期“2025-13-01”格式不正确"),
    ],
)
def test_bad_arguments_are_refused_in_chinese(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_province", *args, stdout=StringIO())
    assert not Region.objects.exists()
