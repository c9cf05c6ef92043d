"""Background tasks (django-tasks), run by ``openday worker``.

- ``deliver``: send one delivery. Defined beside the send it runs (``reminders.delivery``),
  which queues it again for a retry; named here as every app's tasks are, and so that tasks
  queued under the old path ``openday.reminders.tasks.deliver`` still find it.
"""

from openday.reminders.delivery import deliver

__all__ = ["deliver"]
