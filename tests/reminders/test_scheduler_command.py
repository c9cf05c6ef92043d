"""``openday run-scheduler``: moving the clock through a month, and its refusals."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openday.reminders.models import Notification


def run(*args) -> str:
    out = StringIO()
    call_command("run_scheduler", *args, stdout=out)
    return out.getvalue()


def test_through_runs_every_step_and_a_second_pass_queues_nothing(world):
    first = run("--as-of", "2023-06-01 08:00", "--through", "2023-06-30 08:00")
    recorded = Notification.objects.count()
    second = run("--as-of", "2023-06-01 08:00", "--through", "2023-06-30 08:00")

    assert first.count("：新排队") == 30
    assert recorded > 0
    assert Notification.objects.count() == recorded
    assert "新排队 0 条提醒。" in second
    assert all(
        line.endswith("新排队 0 条提醒。") for line in second.splitlines() if "新排队" in line
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2023/06/01"], "--as-of 的格式应为 YYYY-MM-DD HH:MM，例如 2023-06-01 08:00"),
        (["--through", "2023-06-30 08:00"], "--through 须与 --as-of 一起使用。"),
        (
            ["--as-of", "2023-06-30 08:00", "--through", "2023-06-01 08:00"],
            "--through 不能早于 --as-of。",
        ),
        (["--as-of", "2023-06-01 08:00", "--through", "六月底"], "--through 的格式应为"),
        (["--as-of", "2023-06-01 08:00", "--loop"], "--as-of 和 --loop 不能同时使用。"),
        (
            ["--as-of", "2023-06-01 08:00", "--through", "2023-06-02 08:00", "--step-hours", "0"],
            "--step-hours 至少为 1。",
        ),
    ],
)
def test_bad_arguments_are_refused_in_chinese_and_nothing_runs(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Notification.objects.exists()
