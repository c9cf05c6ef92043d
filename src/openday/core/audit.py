"""The audit log, and the domain's events.

Every service that changes data writes one entry through ``audit_record``. The entry is also
the event: whoever cares about an action (reminders, statistics) subscribes to it with
``on_action`` (from its ``AppConfig.ready``), and its listeners run with the entry once the
transaction that wrote it commits. A refused or rolled-back action tells no one, and the domain
never imports the modules that send, draw or render.
"""

from collections import defaultdict
from collections.abc import Callable
from functools import partial, update_wrapper
from typing import Any

from django.db import models, transaction

from openday.core.models import AuditEntry

Listener = Callable[[AuditEntry], None]

_listeners: dict[str, list[Listener]] = defaultdict(list)


def on_action(action: str, listener: Listener) -> None:
    """Run ``listener(entry)`` after commit whenever an entry for ``action`` is recorded.

    Registering the same listener twice keeps one (``ready`` may run more than once in tests).
    """
    if listener not in _listeners[action]:
        _listeners[action].append(listener)


def listeners_of(action: str) -> tuple[Listener, ...]:
    return tuple(_listeners.get(action, ()))


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    region: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    comment: str = "",
) -> AuditEntry:
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry.objects.create(
        actor=actor if is_person else None,
        actor_label=(actor.get_username() if is_person else "系统"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        region=region,
        before=before,
        after=after,
        comment=comment,
    )
    for listener in listeners_of(action):
        # robust: a listener that fails (a mail server down) is logged by Django and never
        # undoes the action, nor stops the other listeners. Django's log line names the
        # callback by its __qualname__, which a bare partial lacks (the logging would raise).
        run = update_wrapper(partial(listener, entry), listener)
        transaction.on_commit(run, robust=True)
    return entry
