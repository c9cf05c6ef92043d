"""The audit log: every service that changes data writes one entry through ``audit_record``."""

from typing import Any

from django.db import models

from openday.core.models import AuditEntry


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
    return AuditEntry.objects.create(
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
