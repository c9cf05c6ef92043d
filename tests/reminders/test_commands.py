import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openday.reminders.jobs import run_due_jobs
from openday.reminders.models import Delivery, Notification
from tests.reminders.test_month_start import JUNE_1


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_run_scheduler_prints_what_it_queued_and_nothing_the_second_time(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = run("run_scheduler", "--as-of", "2023-06-01 08:00")
    second = run("run_scheduler", "--as-of", "2023-06-01 08:00")

    lines = first.splitlines()
    assert lines[-1] == "2023-06-01 08:00：新排队 4 条提醒。"
    assert (
        f"month-start\tjiaoyu\tmonth-start:2023-06:unit-{world.jiaoyu.pk}"
        "\t6月主题日活动提醒：区教育局本月2场"
    ) in lines
    assert second == "2023-06-01 08:00：新排队 0 条提醒。\n"
    assert Notification.objects.count() == 4


# The worker closes its database connection when it exits, as a process would: that needs
# real commits (on PostgreSQL a closed connection ends the test's wrapping transaction).
@pytest.mark.django_db(transaction=True)
def test_worker_burst_sends_what_is_queued_and_exits(world):
    run("run_scheduler", "--as-of", "2023-06-01 08:00")

    run("worker", "--burst")
    run("worker", "--burst")

    assert set(Delivery.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_deliveries_lists_recipient_channel_item_occasion_state_and_error(world):
    run_due_jobs(JUNE_1)
    Delivery.objects.filter(notification__recipient=world.yibao_liaison).update(
        state="failed", attempts=2, last_error="连接超时"
    )

    rows = json.loads(run("deliveries", "--json"))
    assert {
        "recipient": "yibao",
        "channel": "inbox",
        "item": f"orgs.unit:{world.yibao.pk}",
        "occasion": f"month-start:2023-06:unit-{world.yibao.pk}",
        "state": "failed",
        "attempts": 2,
        "error": "连接超时",
    } in rows
    assert len(rows) == 4

    text = run("deliveries").splitlines()
    assert text[0] == "recipient\tchannel\titem\toccasion\tstate\tattempts\terror"
    assert (
        f"yibao\tinbox\torgs.unit:{world.yibao.pk}\tmonth-start:2023-06:unit-{world.yibao.pk}"
        "\tfailed\t2\t连接超时"
    ) in text
    assert text[-1] == "共 4 条发送记录。"


def test_run_scheduler_refuses_a_malformed_moment(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD HH:MM"):
        run("run_scheduler", "--as-of", "2023/06/01")


def test_deliveries_filters_by_state_channel_and_recipient(world):
    run_due_jobs(JUNE_1)
    Delivery.objects.filter(notification__recipient=world.yibao_liaison).update(state="failed")

    failed = json.loads(run("deliveries", "--json", "--state", "failed"))
    by_name = json.loads(run("deliveries", "--json", "--recipient", "jiao"))
    by_channel = json.loads(run("deliveries", "--json", "--channel", "email"))

    assert [row["recipient"] for row in failed] == ["yibao"]
    assert [row["recipient"] for row in by_name] == ["jiaoyu"]
    assert by_channel == []
    with pytest.raises(CommandError, match="--state 应为 pending / sending / sent / failed 之一"):
        run("deliveries", "--state", "lost")
