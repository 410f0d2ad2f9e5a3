"""Receiving deliveries (browser upload or ingest folder), validating them, and accepting production deliveries.

Files are never read into memory: an upload arrives as Django's temporary file and is moved into
the kommun's storage; a package from the ingest folder is hard-linked there (tenants.stored_files.take_in).
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from jobs.faults import checkpoint
from onboarding.deliveries import rules
from onboarding.deliveries.messages import (
    MSG_DELIVERY_EMPTY,
    MSG_DELIVERY_NOT_ACCEPTABLE,
    MSG_DELIVERY_TOO_BIG,
    MSG_DELIVERY_TYPE,
    MSG_DELIVERY_WRONG_PHASE,
    MSG_NOT_ALLOWED,
)
from onboarding.deliveries.models import Connection, Delivery, delivery_path
from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.services import handover_register
from onboarding.validation import validate_package
from onboarding.validation.unpack import Limits
from tenants import stored_files
from tenants.audit import audit_record
from tenants.models import User
from tenants.sizes import whole_gb

from ._common import actor_name, current_kommun, send_on_commit

PACKAGE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
# The phase in which each kind of delivery is received.
PHASE_FOR_KIND = {Delivery.Kind.TEST: Phase.TEST_DELIVERY, Delivery.Kind.PRODUCTION: Phase.PRODUCTION}


def kind_for_phase(phase: str) -> str | None:
    """Which kind of delivery a connection in `phase` receives (None: it receives none now)."""
    for kind, wanted in PHASE_FOR_KIND.items():
        if wanted == phase:
            return kind
    return None


def check_package_name(name: str) -> None:
    if not name.lower().endswith(PACKAGE_SUFFIXES):
        raise ValidationError({"file": ValidationError(MSG_DELIVERY_TYPE)})


def _check_receivable(conn: Connection, kind: str, size: int) -> None:
    if PHASE_FOR_KIND.get(kind) != conn.phase:
        raise ValidationError(
            MSG_DELIVERY_WRONG_PHASE,
            params={"kind": Delivery.Kind(kind).label.lower(), "phase": conn.get_phase_display()},
        )
    if size <= 0:
        raise ValidationError({"file": ValidationError(MSG_DELIVERY_EMPTY)})
    if size > settings.DELIVERY_MAX_BYTES:
        raise ValidationError({"file": ValidationError(too_big_message())})


def too_big_message() -> str:
    """'Filen är för stor. Största tillåtna storlek är 50 GB.' (DELIVERY_MAX_BYTES)."""
    return str(MSG_DELIVERY_TOO_BIG) % {"limit": whole_gb(settings.DELIVERY_MAX_BYTES)}


def _queue_validation(delivery: Delivery) -> None:
    # The tasks module imports these services: the task is looked up when sent, not at import.
    from onboarding.deliveries.tasks import validate_delivery

    send_on_commit(validate_delivery, delivery.pk)


def _created(delivery: Delivery, actor: User | None) -> Delivery:
    audit_record(
        actor=actor,
        action="deliveries.delivery.create",
        obj=delivery,
        details={
            "connection": delivery.connection_id,
            "kind": delivery.kind,
            "source": delivery.source,
            "name": delivery.original_name,
            "size": delivery.size,
        },
    )
    _queue_validation(delivery)
    return delivery


@transaction.atomic
def delivery_upload(*, connection: Connection, uploaded_file, actor: User) -> Delivery:
    """Receive a package uploaded in the browser (already streamed to disk by Django) and queue its validation."""
    if not rules.can_deliver(actor, current_kommun()):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    name = os.path.basename(uploaded_file.name or "")[:255]
    check_package_name(name)
    kind = kind_for_phase(connection.phase) or Delivery.Kind.TEST
    _check_receivable(connection, kind, uploaded_file.size)
    delivery = Delivery(
        connection=connection,
        kind=kind,
        source=Delivery.Source.UPLOAD,
        original_name=name,
        size=uploaded_file.size,
        delivered_by_name=actor_name(actor),
    )
    # FileSystemStorage moves a TemporaryUploadedFile into place (no copy through memory).
    stored_files.store(delivery.file, delivery_path(delivery, name), uploaded_file)
    delivery.full_clean()
    delivery.save()
    return _created(delivery, actor)


@transaction.atomic
def delivery_from_path(
    *,
    connection: Connection,
    path: Path,
    actor: User | None = None,
    source: str = Delivery.Source.INGEST,
    name: str = "",
) -> Delivery:
    """Receive a package found in the kommun's ingest folder (or built by the platform, `source` and the
    `name` shown): hard-linked (copied across file systems) into the kommun's storage and fsynced; the
    source is removed only after the commit, so a failure at any step leaves it where it was, with no row."""
    kind = kind_for_phase(connection.phase) or Delivery.Kind.TEST
    size = path.stat().st_size
    check_package_name(path.name)
    _check_receivable(connection, kind, size)
    delivery = Delivery(
        connection=connection,
        kind=kind,
        source=source,
        original_name=(name or path.name)[:255],
        size=size,
        delivered_by_name=actor_name(actor),
    )
    name = default_storage.generate_filename(delivery_path(delivery, path.name))
    stored_files.take_in(path, Path(default_storage.path(name)))
    delivery.file.name = name
    delivery.full_clean()
    delivery.save()
    return _created(delivery, actor)


def unpack_dir(delivery: Delivery) -> Path:
    """The delivery's own folder for unpacking its package while it is validated."""
    return Path(settings.VALIDATION_WORK_DIR) / f"{current_kommun().schema_name}-{delivery.pk}"


def delivery_set_progress(*, delivery_id: int, fraction: float, label: str) -> None:
    """Record how far the validation has come (outside any transaction, so the page sees it at once)."""
    Delivery.objects.filter(pk=delivery_id).update(progress=fraction, progress_label=label[:100])


def delivery_validate(*, delivery: Delivery) -> Delivery:
    """Validate the package (E-ARK CSIP/SIP 2.1.0) and store the report. Runs in a Celery worker.

    Not one transaction: progress is written as it goes; the outcome is written and audited at the end.
    The package is unpacked in a folder of this delivery's own: what a killed worker left there is removed
    first, and the folder goes when the validation ends.
    """
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.VALIDATING, progress=0)
    profile = "sip"

    def progress(fraction: float, label: str) -> None:
        delivery_set_progress(delivery_id=delivery.pk, fraction=fraction, label=label)
        if fraction > 0:
            checkpoint("validation")

    from .content_checks import delivery_content_checks, delivery_quarantine, is_infected

    checks = delivery_content_checks(delivery)
    work = unpack_dir(delivery)
    shutil.rmtree(work, ignore_errors=True)
    try:
        report = validate_package(
            delivery.file.path, progress=progress, profile=profile, content_checks=checks,
            limits=Limits(unpack_dir=str(work)),
        )  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = report.summary()
    with transaction.atomic():
        delivery.report = report.as_dict(codes=True)
        delivery.report["package"] = delivery.original_name  # not the server's path
        delivery.errors, delivery.warnings, delivery.infos = summary["errors"], summary["warnings"], summary["infos"]
        delivery.file_count = summary.get("files", 0)
        delivery.content_bytes = summary.get("bytes", 0)
        delivery.state = Delivery.State.VALID if summary["valid"] else Delivery.State.INVALID
        if is_infected(report):
            delivery.state = Delivery.State.INFECTED
        delivery.progress, delivery.progress_label = 1.0, "Klar"
        delivery.validated_at = timezone.now()
        delivery.save(
            update_fields=[
                "report",
                "errors",
                "warnings",
                "infos",
                "file_count",
                "content_bytes",
                "state",
                "progress",
                "progress_label",
                "validated_at",
            ]
        )
        audit_record(
            actor=None,
            action="deliveries.delivery.validate",
            obj=delivery,
            details={"valid": summary["valid"], "errors": delivery.errors, "warnings": delivery.warnings},
        )
    if delivery.state == Delivery.State.INFECTED:
        delivery_quarantine(delivery=delivery)
    return delivery


@transaction.atomic
def delivery_accept(*, delivery: Delivery, actor: User) -> Delivery:
    """The förvaltning accepts a valid production delivery: it is then handed over to the e-archive."""
    if not rules.can_accept(actor, current_kommun()):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    delivery = Delivery.objects.select_for_update().select_related("connection__system").get(pk=delivery.pk)
    if (
        delivery.kind != Delivery.Kind.PRODUCTION
        or delivery.state != Delivery.State.VALID
        or delivery.connection.phase != Phase.PRODUCTION
    ):
        raise ValidationError(MSG_DELIVERY_NOT_ACCEPTABLE)
    delivery.state = Delivery.State.ACCEPTED
    delivery.save(update_fields=["state"])
    handover_register(delivery)
    audit_record(actor=actor, action="deliveries.delivery.accept", obj=delivery, details={"uuid": str(delivery.uuid)})
    # The tasks module imports these services: the task is looked up when sent, not at import.
    from onboarding.deliveries.tasks import hand_over_delivery

    send_on_commit(hand_over_delivery, delivery.pk)
    return delivery
