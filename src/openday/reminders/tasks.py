"""Background tasks (django-tasks): run by ``openday worker``."""

from django_tasks import task

from openday.reminders.services import delivery_send


@task()
def deliver(delivery_id: int) -> None:
    delivery_send(delivery_id=delivery_id)
