"""天心区's year in progress in the demo: the states, the public column, idempotence, and the
reminders the scheduler finds in June 2023. The demo is loaded once for the module."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from openday.activities.models import (
    Activity,
    ActivityDeadline,
    ActivityEvent,
    ActivityReport,
    ReportPhoto,
)
from openday.activities.selectors import campaign_totals
from openday.core.models import AuditEntry
from openday.demo.data import ACCOUNTS
from openday.demo.loader import load_demo
from openday.orgs.models import Office, Unit
from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Notification, OfficeNotificationSettings
from openday.reminders.preferences import channels_for
from tests.demo.conftest import DEMO_TODAY

pytestmark = pytest.mark.django_db

D = dt.date
CAMPAIGN = "tianxin-2023"


@pytest.fixture
def demo(loaded_demo):
    return loaded_demo[0]


@pytest.fixture
def demo_files(loaded_demo, settings):
    """Where the demo wrote its files, for tests that read them back."""
    for name, path in loaded_demo[1].items():
        setattr(settings, name, path)


def activity(seq: int, part: str = "") -> Activity:
    """Row ``seq`` of the demo's plan, or of a joint row the part of the unit named ``part``."""
    if part:
        return Activity.objects.get(
            campaign__slug=CAMPAIGN, seq=seq, lead__isnull=False, hosts__unit__name=part
        )
    return Activity.objects.rows().get(campaign__slug=CAMPAIGN, seq=seq)


CHENGNANLU = "城南路街道办事处"


def user(username: str):
    return get_user_model().objects.get(username=username)


def at(year: int, month: int, day: int, hour: int = 8) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def deadlines(seq: int, part: str = "") -> dict[str, tuple]:
    return {
        d.kind: (d.due_on, d.done_on)
        for d in ActivityDeadline.objects.filter(activity=activity(seq, part))
    }


def test_the_demo_reports_its_progress_in_one_line(demo):
    assert (
        "tianxin-2023: 演示进度 8 项（已发布 1、已审核通过 1、已报送材料 2、已开展 1、"
        "已报备方案 1、已定日期 2）"
    ) in demo.lines


def test_eight_activities_stand_where_the_demo_took_them(demo):
    moved = Activity.objects.filter(campaign__slug=CAMPAIGN).exclude(state="planned")

    assert sorted(moved.values_list("seq", "hosts__text", "state", "scheduled_on", "held_on")) == [
        (1, "区人力资源社会保障局", "published", D(2023, 3, 15), D(2023, 3, 15)),
        (4, CHENGNANLU, "accepted", D(2023, 3, 28), D(2023, 3, 28)),
        (8, "区卫生健康局", "reported", D(2023, 4, 20), D(2023, 4, 20)),
        (13, "区农业农村局", "held", D(2023, 5, 16), D(2023, 5, 16)),
        (17, "区政府办公室", "filed", D(2023, 6, 20), None),
        (19, "区民政局", "scheduled", D(2023, 6, 26), None),
        # Two streets' parts of the joint row 23: one held and reported, one dated.
        (23, "坡子街街道办事处", "reported", D(2023, 6, 2), D(2023, 6, 2)),
        (23, CHENGNANLU, "scheduled", D(2023, 6, 16), None),
    ]


def test_the_joint_row_23_counts_one_event_and_one_street_part_held(demo):
    row = activity(23)
    totals = campaign_totals(row.campaign)

    assert row.state == "planned"  # the lead, 区应急管理局, has not held its own yet
    # Row 50's second host holds its part with the lead: one more part, not held.
    assert (totals["parts"], totals["parts_held"]) == (row.parts.count() + 1, 1)
    assert (
        row.parts.count() == Unit.objects.filter(region=row.campaign.region, kind="street").count()
    )
    held = Activity.objects.filter(campaign=row.campaign, seq=23, state="reported")
    assert held.count() == 1


def test_seq_1_went_the_whole_way_by_its_liaison_and_the_office(demo):
    events = ActivityEvent.objects.filter(activity=activity(1)).order_by("pk")

    assert [(e.action, e.actor.username) for e in events] == [
        ("schedule", "tianxin-renshe"),
        ("file", "tianxin-renshe"),
        # The liaison hands the notice in; the office's approval announces it.
        ("notice_submit", "tianxin-renshe"),
        ("announce", "tianxin-admin"),
        ("hold", "tianxin-renshe"),
        ("report", "tianxin-renshe"),
        ("accept", "tianxin-admin"),
        ("publish", "tianxin-admin"),
    ]
    report = ActivityReport.objects.get(activity=activity(1))
    assert (report.held_on, report.submitted_on, report.headcount, report.staff_count) == (
        D(2023, 3, 15),
        D(2023, 3, 17),
        156,
        8,
    )
    assert sorted(report.attendance.values_list("group", "count")) == [
        ("cppcc", 1),
        ("deputies", 2),
        ("media", 2),
        ("public", 120),
    ]
    assert list(report.media.values_list("outlet", "published_on")) == [
        ("长沙晚报", D(2023, 3, 16))
    ]
    assert report.photos.count() == 2
    assert list(activity(1).filings.values_list("filed_on", "leader", "person")) == [
        (D(2023, 3, 9), "刘副局长", "陈晓")
    ]
    # Filing 3 calendar days before the date; confirming it was held the next working day;
    # report 5 working days after it was held.
    assert deadlines(1) == {
        "filing": (D(2023, 3, 12), D(2023, 3, 9)),
        "hold": (D(2023, 3, 16), D(2023, 3, 15)),
        "report": (D(2023, 3, 22), D(2023, 3, 17)),
    }


def test_seq_4_was_held_reported_and_accepted_by_the_street(demo):
    events = ActivityEvent.objects.filter(activity=activity(4)).order_by("pk")

    assert [(e.action, e.actor.username) for e in events] == [
        ("schedule", "tianxin-chengnanlu"),
        ("file", "tianxin-chengnanlu"),
        ("hold", "tianxin-chengnanlu"),
        ("report", "tianxin-chengnanlu"),
        ("accept", "tianxin-admin"),
    ]
    assert deadlines(4) == {
        "filing": (D(2023, 3, 25), D(2023, 3, 23)),
        "hold": (D(2023, 3, 29), D(2023, 3, 28)),
        "report": (D(2023, 4, 4), D(2023, 3, 31)),
    }


def test_seq_13_report_was_returned_with_the_office_comment_and_is_due_again(demo):
    last = ActivityEvent.objects.filter(activity=activity(13)).latest("pk")

    assert (last.action, last.actor.username) == ("return", "tianxin-admin")
    assert last.comment == (
        "现场照片仅 1 张，且未体现“政务公开主题日”统一标识，请补充活动现场全景照片；"
        "同时请补填媒体宣传报道情况后重新报送。"
    )
    assert deadlines(13)["report"] == (D(2023, 5, 23), None)


def test_june_activities_have_their_filing_deadlines(demo):
    # Each also has its 确认开展 deadline, the next working day after its date.
    assert deadlines(17) == {
        "filing": (D(2023, 6, 17), D(2023, 5, 31)),
        "hold": (D(2023, 6, 21), None),
    }
    assert deadlines(19) == {"filing": (D(2023, 6, 23), None), "hold": (D(2023, 6, 27), None)}
    assert deadlines(23, CHENGNANLU) == {
        "filing": (D(2023, 6, 13), None),
        "hold": (D(2023, 6, 19), None),
    }
    scheduled = ActivityEvent.objects.get(activity=activity(23, CHENGNANLU), action="schedule")
    # 城南路街道's liaison acts for its own part of the row (the group host 各街道办事处).
    assert scheduled.actor.username == "tianxin-chengnanlu"


def test_report_photos_are_real_jpegs(demo, demo_files):
    photos = ReportPhoto.objects.filter(report__activity__campaign__slug=CAMPAIGN)

    assert photos.count() == 7
    for photo in photos:
        with photo.image.open("rb") as image_file, Image.open(image_file) as image:
            image.load()
            assert (image.format, image.size) == ("JPEG", (photo.width, photo.height))
        assert photo.image.size < 100_000


def test_the_public_column_shows_the_published_report_of_seq_1_only(demo, client):
    response = client.get(reverse("portal:campaign-column", args=[CAMPAIGN]))

    html = response.content.decode()
    assert reverse("portal:activity-report", args=[CAMPAIGN, 1]) in html
    assert "被征地农民社会保险业务政策宣讲" in html
    assert reverse("portal:activity-report", args=[CAMPAIGN, 4]) not in html
    report = client.get(reverse("portal:activity-report", args=[CAMPAIGN, 1]))
    assert report.status_code == 200
    assert "暮云街道综合文化站开展被征地农民社会保险业务政策宣讲" in report.content.decode()


def test_the_published_photos_are_served_to_the_public(demo, demo_files, client):
    photo = ReportPhoto.objects.filter(report__activity=activity(1)).first()

    response = client.get(reverse("portal:report-photo", args=[CAMPAIGN, 1, photo.pk, "thumb"]))

    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")


def test_every_demo_account_has_a_demo_email(demo):
    usernames = [username for username, *_ in ACCOUNTS] + ["admin"]

    emails = dict(
        get_user_model().objects.filter(username__in=usernames).values_list("username", "email")
    )

    assert emails == {name: f"{name}@demo.openday.local" for name in usernames}


def test_tianxin_office_reminds_by_inbox_and_email(demo):
    defaults = OfficeNotificationSettings.objects.get(office__region__slug="tianxin")

    assert (defaults.by_email, defaults.by_webhook) == (True, False)
    assert channels_for(user("tianxin-chengnanlu")) == ["inbox", "email"]
    assert channels_for(user("liuyang-shangwu")) == ["inbox"]


def test_loading_again_changes_nothing_and_keeps_what_was_set_by_hand(demo):
    renshe = user("tianxin-renshe")
    renshe.email = "renshe@tianxin.example.cn"
    renshe.save()
    OfficeNotificationSettings.objects.filter(office__region__slug="tianxin").update(by_email=False)
    models = [Activity, ActivityEvent, ActivityReport, ReportPhoto, AuditEntry, Notification]

    def snapshot():
        return (
            {model.__name__: model.objects.count() for model in models},
            sorted(Activity.objects.values_list("pk", "state", "updated_at")),
        )

    before = snapshot()

    again = load_demo(DEMO_TODAY)

    assert snapshot() == before
    assert not [line for line in again.lines if "演示进度" in line]
    assert user("tianxin-renshe").email == "renshe@tianxin.example.cn"
    office = Office.objects.get(region__slug="tianxin")
    assert office.notification_settings.by_email is False


def test_month_start_of_june_tells_the_street_about_seq_23(demo):
    run_due_jobs(at(2023, 6, 1))

    notice = Notification.objects.get(
        recipient__username="tianxin-chengnanlu", occasion__startswith="month-start:2023-06:"
    )
    assert "安全生产月" in notice.body


@pytest.mark.parametrize(
    ("day", "job"),
    [
        (D(2023, 6, 12), "deadline-soon"),
        (D(2023, 6, 14), "deadline-missed"),
    ],
)
def test_seq_23_filing_deadline_reaches_the_street_liaison(demo, day, job):
    filing = ActivityDeadline.objects.get(activity=activity(23, CHENGNANLU), kind="filing")

    run_due_jobs(at(day.year, day.month, day.day))

    reminders = Notification.objects.filter(
        occasion__startswith="deadline-", item_id=activity(23, CHENGNANLU).pk
    )
    assert list(reminders.values_list("recipient__username", "occasion")) == [
        ("tianxin-chengnanlu", f"{job}:{filing.pk}:2023-06-13")
    ]
