"""Handing accepted production deliveries over to the archive backend, and the archive's confirmation.

The ingest area is ARCHIVE_INGEST_DIR/<subdomain>/. A package is written under a temporary name
that the archive ignores (a leading dot), fsynced, then linked to its final name `<uuid><ext>` and
the temporary name removed: the archive never sees half a package, and since the link fails when
the final name exists, handing the same delivery over twice never makes two copies.
"""

import logging
import os
import uuid as uuid_module
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django_tenants.utils import tenant_context

from jobs.faults import checkpoint
from onboarding.deliveries import rules
from onboarding.deliveries.messages import (
    MSG_ALREADY_CONFIRMED,
    MSG_ARCHIVE_ID_REQUIRED,
    MSG_HANDOVER_NOT_READY,
    MSG_HANDOVER_WRITE_FAILED,
    MSG_NOT_ALLOWED,
)
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.models import ArchiveBackend, HandOver
from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.services import entry_add_archived, handover_mark_handed_over
from tenants.audit import audit_record
from tenants.models import User

from ._common import current_kommun, send_on_commit
from .connections import connection_transition

log = logging.getLogger(__name__)


class UnknownHandOver(Exception):
    """No delivery has been handed over under this identifier."""


class AlreadyConfirmed(Exception):
    """The archive has already confirmed this delivery."""


def ingest_dir_for(subdomain: str) -> Path:
    return Path(settings.ARCHIVE_INGEST_DIR) / subdomain


def final_name(delivery: Delivery) -> str:
    name = delivery.original_name.lower()
    ext = ".tar.gz" if name.endswith(".tar.gz") else os.path.splitext(name)[1]
    return f"{delivery.uuid}{ext}"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(source: Path, target: Path) -> bool:
    """Copy `source` to `target` so that `target` appears whole or not at all. False when it already existed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Only one worker hands a delivery over at a time (its job row): a part left here was left by a worker
    # that was killed while copying.
    for stale in target.parent.glob(f".{target.name}.*.part"):
        stale.unlink(missing_ok=True)
    if target.exists():
        return False
    tmp = target.parent / f".{target.name}.{uuid_module.uuid4().hex}.part"
    try:
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            while chunk := src.read(settings.HANDOVER_CHUNK_BYTES):
                dst.write(chunk)
                checkpoint("handover")
            dst.flush()
            os.fsync(dst.fileno())
        try:
            os.link(tmp, target)  # unlike rename, never replaces a package that is already there
        except FileExistsError:
            return False
        _fsync_dir(target.parent)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def delivery_hand_over(*, delivery_id: int) -> Delivery:
    """Write an accepted delivery into the archive's ingest area; idempotent. OSError propagates (the task retries)."""
    delivery = Delivery.objects.select_related("connection__system").get(pk=delivery_id)
    if delivery.state in (Delivery.State.HANDED_OVER, Delivery.State.ARCHIVED):
        return delivery
    if delivery.state not in (Delivery.State.ACCEPTED, Delivery.State.HANDOVER_FAILED):
        raise ValidationError(MSG_HANDOVER_NOT_READY, params={"state": delivery.get_state_display()})
    kommun = current_kommun()
    target = ingest_dir_for(kommun.subdomain) / final_name(delivery)
    try:
        written = write_atomically(Path(delivery.file.path), target)
    except OSError:
        # The kommun sees the delivery's page: a Swedish sentence there, the OS error (with its server
        # paths) only in the log.
        log.exception("hand-over of delivery %s to %s failed", delivery.uuid, target)
        with translation.override("sv"):
            error = str(MSG_HANDOVER_WRITE_FAILED)
        Delivery.objects.filter(pk=delivery.pk).update(
            handover_attempts=delivery.handover_attempts + 1, handover_error=error[:300]
        )
        raise
    with transaction.atomic():
        delivery.state = Delivery.State.HANDED_OVER
        delivery.handed_over_at = timezone.now()
        delivery.handover_attempts += 1
        delivery.handover_error = ""
        delivery.save(update_fields=["state", "handed_over_at", "handover_attempts", "handover_error"])
        handover_mark_handed_over(delivery, target.name)
        audit_record(
            actor=None,
            action="deliveries.delivery.hand_over",
            obj=delivery,
            details={"file": target.name, "already_there": not written},
        )
    return delivery


def delivery_hand_over_failed(*, delivery_id: int) -> None:
    """After the last retry: show the failure on the page (the förvaltning can try again)."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery_id, state=Delivery.State.ACCEPTED).update(
            state=Delivery.State.HANDOVER_FAILED
        )
        if updated:
            audit_record(
                actor=None,
                action="deliveries.delivery.hand_over_failed",
                obj=Delivery.objects.get(pk=delivery_id),
            )


@transaction.atomic
def delivery_hand_over_retry(*, delivery: Delivery, actor: User) -> Delivery:
    """The förvaltning tries a failed hand-over again."""
    # The tasks module imports these services: the task is looked up when sent, not at import.
    from onboarding.deliveries.tasks import hand_over_delivery

    if not rules.can_accept(actor, current_kommun()):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.state != Delivery.State.HANDOVER_FAILED:
        raise ValidationError(MSG_HANDOVER_NOT_READY, params={"state": delivery.get_state_display()})
    delivery.state = Delivery.State.ACCEPTED
    delivery.save(update_fields=["state"])
    audit_record(actor=actor, action="deliveries.delivery.hand_over_retry", obj=delivery)
    send_on_commit(hand_over_delivery, delivery.pk)
    return delivery


def _connection_archived(delivery: Delivery) -> None:
    """A confirmed production delivery completes its connection: produktionsleverans → arkiverad.

    The platform makes the move (actor None), audited as coming from the archive's API. A connection in
    another phase (paused, say) is left for the förvaltning to decide.
    """
    conn = delivery.connection
    if delivery.kind != Delivery.Kind.PRODUCTION or conn.phase != Phase.PRODUCTION:
        return
    # The comment is stored text in the connection's history (like a person's comment), not a UI string.
    comment = f"E-arkivet bekräftade leveransen ({delivery.archive_id})."
    connection_transition(connection=conn, to_phase=Phase.ARCHIVED, actor=None, comment=comment, via="archive_api")


@transaction.atomic
def archive_confirm(*, handover_uuid, archive_id: str, backend: ArchiveBackend) -> HandOver:
    """The archive backend confirms ingest: the delivery becomes arkiverad with the archive's identifier.

    Runs on the consortium site (public). The kommun is taken from our own hand-over row.
    Raises UnknownHandOver, AlreadyConfirmed or ValidationError; then nothing is changed.
    """
    archive_id = (archive_id or "").strip()
    if not archive_id:
        raise ValidationError(MSG_ARCHIVE_ID_REQUIRED)
    handover = HandOver.objects.select_for_update().select_related("kommun").filter(uuid=handover_uuid).first()
    if handover is None:
        raise UnknownHandOver(str(handover_uuid))
    if handover.state == HandOver.State.ARCHIVED:
        raise AlreadyConfirmed(MSG_ALREADY_CONFIRMED)
    now = timezone.now()
    with tenant_context(handover.kommun):
        delivery = Delivery.objects.select_for_update().select_related("connection").get(pk=handover.delivery_id)
        delivery.state = Delivery.State.ARCHIVED
        delivery.archive_id = archive_id[:200]
        delivery.archived_at = now
        delivery.save(update_fields=["state", "archive_id", "archived_at"])
        audit_record(
            actor=None,
            action="deliveries.delivery.archived",
            obj=delivery,
            kommun=handover.kommun,
            details={"archive_id": delivery.archive_id, "backend": backend.name},
        )
        _connection_archived(delivery)
    handover.state = HandOver.State.ARCHIVED
    handover.archive_id = delivery.archive_id
    handover.confirmed_at = now
    handover.backend = backend
    handover.save(update_fields=["state", "archive_id", "confirmed_at", "backend"])
    entry_add_archived(
        kommun=handover.kommun, connection_id=handover.connection_id, files=handover.files, nbytes=handover.bytes
    )
    ArchiveBackend.objects.filter(pk=backend.pk).update(last_used_at=now)
    return handover
