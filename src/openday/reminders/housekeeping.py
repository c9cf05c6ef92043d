"""What the scheduler tidies on every tick, by the real clock: the task queue's old rows.

The database queue keeps a row per task run. Finished ones are kept ``TASK_RESULTS_KEPT`` for
inspection, then removed. A task whose worker was killed stays RUNNING for good (the queue
never looks at it again; ``deliveries_requeue`` queues its delivery anew), so those are
removed once ``STUCK_AFTER`` has passed, when no send can still be running.
"""

import datetime as dt

from django.db.models import Q
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

TASK_RESULTS_KEPT = dt.timedelta(days=14)
STUCK_AFTER = dt.timedelta(days=1)


def task_results_prune(*, now: dt.datetime) -> int:
    """Remove finished task rows older than two weeks and abandoned running ones; how many."""
    old = Q(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=now - TASK_RESULTS_KEPT,
    )
    stuck = Q(status=TaskResultStatus.RUNNING, started_at__lt=now - STUCK_AFTER)
    deleted, _ = DBTaskResult.objects.filter(old | stuck).delete()
    return deleted
