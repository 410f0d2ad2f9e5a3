"""Writes to the public connection index and hand-over table, and archive backend tokens.

The index functions are called by the kommun's delivery services inside their own transaction
(search_path "<kommun>, public"), so a saved connection is in the index when the save returns.
"""

import secrets

from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F

from tenants.audit import audit_record
from tenants.models import Kommun, User

from .models import ArchiveBackend, ConnectionEntry, HandOver, token_hash


def _current_kommun() -> Kommun:
    tenant = db_connection.tenant
    if not isinstance(tenant, Kommun) or tenant.is_consortium:
        raise RuntimeError("The connection index is written from a kommun's schema.")
    return tenant


def entry_upsert(conn) -> ConnectionEntry:
    """Write the connection's row in the index (call inside the service's transaction)."""
    system = conn.system
    entry, _created = ConnectionEntry.objects.update_or_create(
        kommun=_current_kommun(),
        connection_id=conn.pk,
        defaults={
            "system_id": system.pk,
            "system_name": system.name,
            "product_id": system.product_id,
            "phase": conn.phase,
            "planned_quarter": conn.planned_quarter,
        },
    )
    return entry


def handover_register(delivery) -> HandOver:
    """The public row of a production delivery that is being handed over (idempotent)."""
    conn = delivery.connection
    handover, _created = HandOver.objects.get_or_create(
        uuid=delivery.uuid,
        defaults={
            "kommun": _current_kommun(),
            "delivery_id": delivery.pk,
            "connection_id": conn.pk,
            "system_id": conn.system_id,
            "system_name": conn.system.name,
            "files": delivery.file_count,
            "bytes": delivery.content_bytes,
        },
    )
    return handover


def handover_mark_handed_over(delivery, file_name: str) -> None:
    HandOver.objects.filter(uuid=delivery.uuid, state=HandOver.State.PENDING).update(
        state=HandOver.State.HANDED_OVER, handed_over_at=delivery.handed_over_at, file_name=file_name
    )


def entry_add_archived(*, kommun: Kommun, connection_id: int, files: int, nbytes: int) -> None:
    """Count an archived delivery's volume on its connection's row (what has really reached the archive)."""
    ConnectionEntry.objects.filter(kommun=kommun, connection_id=connection_id).update(
        archived_files=F("archived_files") + files, archived_bytes=F("archived_bytes") + nbytes
    )


@transaction.atomic
def archive_backend_create(*, name: str, actor: User | None) -> tuple[ArchiveBackend, str]:
    """Register an archive backend and return it with its token (shown once; only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    backend = ArchiveBackend(name=name.strip(), token_hash=token_hash(token))
    backend.full_clean(exclude=["token_hash"])
    backend.save()
    audit_record(actor=actor, action="deliveries.archive_backend.create", obj=backend, details={"name": backend.name})
    return backend, token
