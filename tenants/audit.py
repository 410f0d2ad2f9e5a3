"""The one way every service writes the audit trail (who, when, what, which object, which kommun)."""

from typing import Any

from django.db import connection
from django.db.models import Model

from .models import AuditEvent, Kommun, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: Model | None = None,
    kommun: Kommun | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event. Call it inside the service's transaction, so both land or neither.

    When `kommun` is not given, the kommun of the current schema is used (a tenant
    model saved in Lund is audited as Lund's).
    """
    if kommun is None:
        tenant = getattr(connection, "tenant", None)
        if isinstance(tenant, Kommun) and not tenant.is_consortium:
            kommun = tenant
    actor = actor if actor is not None and getattr(actor, "pk", None) else None
    event = AuditEvent(
        actor=actor,
        actor_email=actor.email if actor else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        kommun=kommun,
        details=details or {},
    )
    event.save()
    return event
