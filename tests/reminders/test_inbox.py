import pytest

from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Notification
from tests.reminders.test_month_start import JUNE_1, at

INBOX = "/staff/inbox/"


@pytest.fixture
def sent(world):
    run_due_jobs(JUNE_1)
    run_due_jobs(at("2023-07-03 08:00"), only=["month-start"])
    return world


def test_inbox_shows_only_the_users_own_notifications_with_the_unread_count(client, sent):
    client.force_login(sent.jiaoyu_liaison)

    page = client.get(INBOX).content.decode()

    assert "6月主题日活动提醒：区教育局本月2场" in page
    assert "7月主题日活动提醒：区教育局本月2场" in page
    assert "区医保局本月" not in page
    assert "共 2 条，2 条未读。" in page
    assert "站内消息<span" in page
    assert "（2条未读）" in page


def test_unread_count_for_the_header(client, sent):
    client.force_login(sent.yibao_liaison)

    assert client.get("/staff/inbox/unread.json").json() == {"unread": 2}


def test_mark_read_marks_one_and_redirects_to_the_inbox(client, sent):
    client.force_login(sent.jiaoyu_liaison)
    june = Notification.objects.get(recipient=sent.jiaoyu_liaison, occasion__contains="2023-06")

    response = client.post(f"/staff/inbox/{june.pk}/read/")

    assert response.status_code == 302
    assert response["Location"] == INBOX
    june.refresh_from_db()
    assert june.read_at is not None
    assert "共 2 条，1 条未读。" in client.get(INBOX).content.decode()


def test_someone_elses_notification_is_not_found(client, sent):
    client.force_login(sent.yibao_liaison)
    theirs = Notification.objects.filter(recipient=sent.jiaoyu_liaison).first()

    assert client.post(f"/staff/inbox/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_the_users_own(client, sent):
    client.force_login(sent.jiaoyu_liaison)

    client.post("/staff/inbox/read-all/")

    assert not Notification.objects.filter(
        recipient=sent.jiaoyu_liaison, read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(recipient=sent.yibao_liaison, read_at__isnull=True).count()
    assert client.get("/staff/inbox/unread.json").json() == {"unread": 0}


def test_the_inbox_needs_a_login(client, db):
    response = client.get(INBOX)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_marking_read_needs_a_post(client, sent):
    client.force_login(sent.jiaoyu_liaison)
    mine = Notification.objects.filter(recipient=sent.jiaoyu_liaison).first()

    assert client.get(f"/staff/inbox/{mine.pk}/read/").status_code == 405
