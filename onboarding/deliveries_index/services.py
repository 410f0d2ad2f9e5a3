"""Writes to the public connection index and hand-over table, and archive backend tokens.

The index functions are called by the kommun's delivery services inside their own transaction
(search_path "<kommun>, public"), so a saved connection is in the index when the save returns.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.audit import audit_record
from tenants.models import Kommun, User

from .models import ArchiveBackend, ArchiveToken, ConnectionEntry, HandOver, token_hash


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


# --- archive backends and their API tokens -------------------------------------------------------------

MSG_TOKEN_DAYS = _("Ange hur många dagar nyckeln ska gälla (1–%(max)s).")
MSG_OVERLAP_DAYS = _("Ange hur många dagar den gamla nyckeln ska gälla kvar (0–%(max)s).")
MSG_TOKEN_REVOKED = _("Nyckeln är redan återkallad.")
MAX_TOKEN_DAYS = 3 * 365
MAX_OVERLAP_DAYS = 90


def _issue_token(backend: ArchiveBackend, *, days: int, actor: User | None) -> tuple[ArchiveToken, str]:
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(MSG_TOKEN_DAYS, params={"max": MAX_TOKEN_DAYS})
    secret = secrets.token_urlsafe(32)
    token = ArchiveToken(
        backend=backend,
        token_hash=token_hash(secret),
        prefix=secret[:8],
        created_by_email=actor.email if actor else "",
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean(exclude=["token_hash", "backend"])
    token.save()
    return token, secret


def _token_details(token: ArchiveToken) -> dict:
    return {"backend": token.backend.name, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()}


@transaction.atomic
def archive_backend_create(*, name: str, actor: User | None, days: int | None = None) -> tuple[ArchiveBackend, str]:
    """Register an archive backend and return it with its first token (shown once; only its hash is kept)."""
    backend = ArchiveBackend(name=name.strip())
    backend.full_clean()
    backend.save()
    token, secret = _issue_token(backend, days=settings.ARCHIVE_TOKEN_DAYS if days is None else days, actor=actor)
    audit_record(actor=actor, action="deliveries.archive_backend.create", obj=backend, details={"name": backend.name})
    audit_record(actor=actor, action="deliveries.archive_token.create", obj=token, details=_token_details(token))
    return backend, secret


@transaction.atomic
def archive_token_rotate(
    *, backend: ArchiveBackend, actor: User | None, days: int | None = None, overlap_days: int | None = None
) -> tuple[ArchiveToken, str]:
    """A new token for the backend; the newest token still valid keeps working for `overlap_days` more,
    so the backend can switch without a gap. At most two tokens are valid at once: older ones are revoked."""
    overlap = settings.ARCHIVE_TOKEN_OVERLAP_DAYS if overlap_days is None else overlap_days
    if not 0 <= overlap <= MAX_OVERLAP_DAYS:
        raise ValidationError(MSG_OVERLAP_DAYS, params={"max": MAX_OVERLAP_DAYS})
    backend = ArchiveBackend.objects.select_for_update().get(pk=backend.pk)
    now = timezone.now()
    valid = list(backend.tokens.valid(now).order_by("-created_at", "-id"))
    previous, older = (valid[0], valid[1:]) if valid else (None, [])
    for token in older:
        token.revoked_at, token.revoked_by_email = now, actor.email if actor else ""
        token.save(update_fields=["revoked_at", "revoked_by_email"])
        audit_record(
            actor=actor,
            action="deliveries.archive_token.revoke",
            obj=token,
            details={**_token_details(token), "why": "rotation"},
        )
    if previous is not None:
        previous.expires_at = min(previous.expires_at, now + timedelta(days=overlap))
        if overlap == 0:
            previous.revoked_at, previous.revoked_by_email = now, actor.email if actor else ""
        previous.save(update_fields=["expires_at", "revoked_at", "revoked_by_email"])
    token, secret = _issue_token(backend, days=settings.ARCHIVE_TOKEN_DAYS if days is None else days, actor=actor)
    audit_record(
        actor=actor,
        action="deliveries.archive_token.rotate",
        obj=token,
        details={
            **_token_details(token),
            "previous": previous.prefix if previous else "",
            "previous_valid_until": previous.expires_at.isoformat() if previous and not previous.revoked_at else "",
        },
    )
    return token, secret


@transaction.atomic
def archive_token_revoke(*, token: ArchiveToken, actor: User | None) -> ArchiveToken:
    """The token stops working at once (the API answers 401 to it)."""
    token = ArchiveToken.objects.select_for_update().select_related("backend").get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(MSG_TOKEN_REVOKED)
    token.revoked_at, token.revoked_by_email = timezone.now(), actor.email if actor else ""
    token.save(update_fields=["revoked_at", "revoked_by_email"])
    audit_record(actor=actor, action="deliveries.archive_token.revoke", obj=token, details=_token_details(token))
    return token


def archive_token_authenticate(secret: str) -> ArchiveToken | None:
    """The valid token with this secret (its backend loaded), its last use recorded; None for any other."""
    token = ArchiveToken.objects.valid().select_related("backend").filter(token_hash=token_hash(secret)).first()
    if token is None:
        return None
    now = timezone.now()
    ArchiveToken.objects.filter(pk=token.pk).update(last_used_at=now)
    ArchiveBackend.objects.filter(pk=token.backend_id).update(last_used_at=now)
    token.last_used_at = now
    return token
