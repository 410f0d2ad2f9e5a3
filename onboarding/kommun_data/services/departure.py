"""A kommun that leaves: its people lose access, its export is made and kept, its schema stays read-only for the
förvaltning until the deletion date; then the förvaltning deletes the schema and files (audited, kept on record).

Deletion names only the departing kommun's own schema and folders, each checked against that kommun before
anything is removed, so no input can reach another kommun's data.
"""

import logging
import shutil
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tenants.audit import audit_record
from tenants.models import CONSORTIUM_SCHEMA, Domain, Invitation, Kommun, Membership, User

from ..messages import (
    MSG_ALREADY_DELETED,
    MSG_ALREADY_LEFT,
    MSG_DELETE_CONFIRM,
    MSG_DELETE_DATE_PAST,
    MSG_DELETE_NO_EXPORT,
    MSG_DELETE_TOO_EARLY,
    MSG_REASON_REQUIRED,
)
from ..models import KommunDeparture, KommunExport
from .jobs import kommun_export_request
from .postgres import schema_exists

log = logging.getLogger(__name__)


def _check_date_and_reason(delete_on: date, reason: str) -> None:
    errors = {}
    if delete_on < timezone.localdate():
        errors["delete_on"] = ValidationError(MSG_DELETE_DATE_PAST, code="past")
    if not (reason or "").strip():
        errors["reason"] = ValidationError(MSG_REASON_REQUIRED, code="reason")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def kommun_leave(*, kommun: Kommun, delete_on: date, reason: str, actor: User) -> KommunDeparture:
    """Register that `kommun` leaves: access ends now, the export (with packages) is queued and kept."""
    kommun = Kommun.objects.select_for_update().get(pk=kommun.pk)
    if kommun.is_consortium or kommun.status == Kommun.Status.LEFT or hasattr(kommun, "departure"):
        raise ValidationError(MSG_ALREADY_LEFT, code="left")
    _check_date_and_reason(delete_on, reason)
    members = list(Membership.objects.filter(kommun=kommun).select_related("user").order_by("user__email"))
    Membership.objects.filter(pk__in=[m.pk for m in members]).delete()
    revoked = Invitation.objects.filter(kommun=kommun, accepted_at__isnull=True, revoked_at__isnull=True)
    revoked_count = revoked.update(revoked_at=timezone.now())
    kommun.status = Kommun.Status.LEFT
    kommun.save(update_fields=["status"])
    export = kommun_export_request(kommun=kommun, with_packages=True, actor=actor, kept=True)
    departure = KommunDeparture(kommun=kommun, left_at=timezone.now(), delete_on=delete_on, reason=reason.strip(),
                                export=export, created_by=actor)  # fmt: skip
    departure.full_clean()
    departure.save()
    audit_record(actor=actor, action="kommun_data.kommun_left", obj=departure, kommun=kommun, details={
        "delete_on": delete_on.isoformat(), "reason": departure.reason, "export": str(export.uuid),
        "memberships_removed": [f"{m.user.email} ({m.role})" for m in members], "invitations_revoked": revoked_count,
    })  # fmt: skip
    return departure


@transaction.atomic
def departure_set_delete_date(*, departure: KommunDeparture, delete_on: date, reason: str, actor: User) -> None:
    departure = KommunDeparture.objects.select_for_update().get(pk=departure.pk)
    if departure.deleted_at:
        raise ValidationError(MSG_ALREADY_DELETED, code="deleted")
    _check_date_and_reason(delete_on, reason)
    old = departure.delete_on
    departure.delete_on = delete_on
    departure.save(update_fields=["delete_on"])
    audit_record(actor=actor, action="kommun_data.delete_date_set", obj=departure, kommun=departure.kommun,
                 details={"from": old.isoformat(), "to": delete_on.isoformat(), "reason": reason.strip()})  # fmt: skip


def _own_folders(kommun: Kommun) -> list[Path]:
    """The kommun's own folders: each is <root>/<its schema or subdomain>, exactly one level under its root."""
    folders = [
        (Path(settings.MEDIA_ROOT), kommun.schema_name),
        (Path(settings.INGEST_DIR), kommun.subdomain),
        (Path(settings.QUARANTINE_DIR), kommun.schema_name),
    ]
    result = []
    for root, name in folders:
        folder = (root / name).resolve()
        if folder.parent != root.resolve() or folder.name != name or not name:
            raise ValueError(f"refusing to remove {folder}: not {name} directly under {root}")
        result.append(folder)
    return result


@transaction.atomic
def kommun_data_delete(*, departure: KommunDeparture, confirm: str, actor: User) -> None:
    """Drop the departed kommun's schema and remove its files. The departure row, export and audit trail stay."""
    locked = KommunDeparture.objects.select_for_update(of=("self",)).select_related("kommun", "export")
    departure = locked.get(pk=departure.pk)
    kommun = departure.kommun
    if departure.deleted_at:
        raise ValidationError(MSG_ALREADY_DELETED, code="deleted")
    if timezone.localdate() < departure.delete_on:
        raise ValidationError(MSG_DELETE_TOO_EARLY, code="early", params={"date": departure.delete_on.isoformat()})
    if departure.export is None or departure.export.state != KommunExport.State.DONE:
        raise ValidationError(MSG_DELETE_NO_EXPORT, code="export")
    if (confirm or "").strip() != kommun.subdomain:
        raise ValidationError(MSG_DELETE_CONFIRM, code="confirm", params={"subdomain": kommun.subdomain})
    schema = kommun.schema_name
    # The one schema this kommun owns: never public, never one another kommun row names.
    if schema == CONSORTIUM_SCHEMA or Kommun.all_objects.filter(schema_name=schema).exclude(pk=kommun.pk).exists():
        raise ValueError(f"refusing to drop schema {schema!r}")
    folders = _own_folders(kommun)
    tables = 0
    if schema_exists(schema):
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still pending on the kommun's tables would block the DROP: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", [schema])
            tables = cursor.fetchone()[0]
            cursor.execute(f"DROP SCHEMA {connection.ops.quote_name(schema)} CASCADE")
    domains = list(Domain.objects.filter(tenant=kommun).values_list("domain", flat=True))
    Domain.objects.filter(tenant=kommun).delete()  # the kommun's site answers 404 from now on
    departure.deleted_at = timezone.now()
    departure.save(update_fields=["deleted_at"])
    audit_record(actor=actor, action="kommun_data.kommun_deleted", obj=departure, kommun=kommun, details={
        "schema": schema, "tables": tables, "domains": domains, "folders": [str(f) for f in folders],
        "export_kept": str(departure.export.uuid),
    })  # fmt: skip
    transaction.on_commit(lambda: _remove(folders))


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        if folder.is_dir():
            shutil.rmtree(folder)
            log.info("removed %s: its kommun's data was deleted", folder)
