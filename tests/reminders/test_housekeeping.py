"""The scheduler removes old finished task rows and the rows of tasks whose worker died."""

import datetime as dt

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from openday.reminders.housekeeping import task_results_prune
from openday.reminders.tasks import deliver


def task_row(status, *, started=None, finished=None) -> DBTaskResult:
    result = deliver.enqueue(1)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status, started_at=started, finished_at=finished
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_old_finished_and_abandoned_running_rows_go_the_rest_stay(db):
    now = timezone.now()
    old_done = task_row(TaskResultStatus.SUCCESSFUL, finished=now - dt.timedelta(days=15))
    old_failed = task_row(TaskResultStatus.FAILED, finished=now - dt.timedelta(days=20))
    recent = task_row(TaskResultStatus.SUCCESSFUL, finished=now - dt.timedelta(days=3))
    stuck = task_row(TaskResultStatus.RUNNING, started=now - dt.timedelta(days=2))
    running = task_row(TaskResultStatus.RUNNING, started=now - dt.timedelta(minutes=5))
    waiting = task_row(TaskResultStatus.READY)

    assert task_results_prune(now=now) == 3

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {recent.pk, running.pk, waiting.pk}
    assert not {old_done.pk, old_failed.pk, stuck.pk} & left
