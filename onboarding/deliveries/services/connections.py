"""Creating connections and moving them through their lifecycle. Every move is checked, recorded and audited.

Run inside the kommun's schema (a request on its host, or tenant_context). `actor=None` is the
platform itself (the archive's confirmation, the planning app, the command line).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from onboarding.deliveries import rules
from onboarding.deliveries.messages import (
    MSG_AGREEMENT_NOT_APPROVED,
    MSG_CONNECTION_EXISTS,
    MSG_NOT_ALLOWED,
    MSG_QUARTER_FORMAT,
    MSG_REASON_REQUIRED,
    MSG_RESUME_PREVIOUS,
    MSG_TRANSITION_NOT_ALLOWED,
    MSG_TRANSITION_UNKNOWN,
)
from onboarding.deliveries.models import Connection, ConnectionTransition
from onboarding.deliveries_index import phases
from onboarding.deliveries_index.phases import Phase
from onboarding.deliveries_index.services import entry_upsert
from onboarding.models import System
from tenants.audit import audit_record
from tenants.models import User

from ._common import actor_name, current_kommun


def _normalise_quarter(value: str) -> str:
    if not value:
        return ""
    parsed = phases.parse_quarter(value)
    if parsed is None:
        raise ValidationError({"planned_quarter": ValidationError(MSG_QUARTER_FORMAT)})
    return f"{parsed[0]}Q{parsed[1]}"


@transaction.atomic
def connection_create(*, system: System, planned_quarter: str = "", actor: User | None) -> Connection:
    """Start connecting a system (phase planerad). One open connection per system."""
    kommun = current_kommun()
    if actor is not None and not rules.can_create_connection(actor, kommun):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    if Connection.objects.filter(system=system).exclude(phase=Phase.CANCELLED).exists():
        raise ValidationError({"system": ValidationError(MSG_CONNECTION_EXISTS)})
    conn = Connection(system=system, planned_quarter=_normalise_quarter(planned_quarter))
    conn.full_clean(validate_constraints=False)
    conn.save()
    ConnectionTransition.objects.create(
        connection=conn, from_phase="", to_phase=conn.phase, actor_name=actor_name(actor)
    )
    entry_upsert(conn)
    audit_record(
        actor=actor,
        action="deliveries.connection.create",
        obj=conn,
        details={"system": system.name, "planned_quarter": conn.planned_quarter},
    )
    return conn


@transaction.atomic
def connection_set_planned_quarter(*, connection: Connection, planned_quarter: str, actor: User | None) -> Connection:
    """Record the quarter the decided plan gives the connection (the planning app calls this with actor=None)."""
    kommun = current_kommun()
    if actor is not None and not rules.can_set_quarter(actor, kommun):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    quarter = _normalise_quarter(planned_quarter)
    if quarter == connection.planned_quarter:
        return connection
    previous = connection.planned_quarter
    connection.planned_quarter = quarter
    connection.save(update_fields=["planned_quarter"])
    entry_upsert(connection)
    audit_record(
        actor=actor,
        action="deliveries.connection.quarter",
        obj=connection,
        details={"from": previous, "to": quarter},
    )
    return connection


def _check_transition(conn: Connection, to_phase: str, comment: str, actor: User | None) -> None:
    from_phase = conn.phase
    labels = {"from": Phase(from_phase).label, "to": Phase(to_phase).label if to_phase in Phase.values else to_phase}
    roles = phases.allowed_roles(from_phase, to_phase)
    if not roles:
        raise ValidationError(MSG_TRANSITION_UNKNOWN, params=labels)
    if actor is not None and rules.role_of(actor, current_kommun()) not in roles:
        raise PermissionDenied(MSG_TRANSITION_NOT_ALLOWED % labels)
    if to_phase in phases.NEEDS_REASON and not comment.strip():
        raise ValidationError({"comment": ValidationError(MSG_REASON_REQUIRED)})
    if from_phase == Phase.PAUSED and to_phase != Phase.CANCELLED and to_phase != conn.paused_from:
        raise ValidationError(MSG_RESUME_PREVIOUS, params={"phase": Phase(conn.paused_from).label})
    if to_phase == Phase.TEST_DELIVERY and from_phase == Phase.AGREEMENT:
        latest = conn.agreements.order_by("-version").first()
        if latest is None or not latest.is_approved:
            raise ValidationError(MSG_AGREEMENT_NOT_APPROVED)


@transaction.atomic
def connection_transition(
    *, connection: Connection, to_phase: str, comment: str = "", actor: User | None, via: str = ""
) -> ConnectionTransition:
    """Move a connection to another phase, if the table allows it for the actor's role; audited with the comment.

    `via` names what made a move without a person (e.g. "archive_api"); it goes into the audit details.
    """
    conn = Connection.objects.select_for_update().select_related("system").get(pk=connection.pk)
    comment = (comment or "").strip()
    _check_transition(conn, to_phase, comment, actor)
    from_phase = conn.phase
    conn.paused_from = from_phase if to_phase == Phase.PAUSED else ""
    if to_phase in phases.NEEDS_REASON:
        conn.reason = comment
    elif from_phase == Phase.PAUSED:
        conn.reason = ""
    conn.phase = to_phase
    conn.phase_changed_at = timezone.now()
    conn.save(update_fields=["phase", "paused_from", "reason", "phase_changed_at"])
    step = ConnectionTransition.objects.create(
        connection=conn, from_phase=from_phase, to_phase=to_phase, comment=comment, actor_name=actor_name(actor)
    )
    entry_upsert(conn)
    audit_record(
        actor=actor,
        action="deliveries.connection.transition",
        obj=conn,
        details={"from": from_phase, "to": to_phase, "comment": comment, **({"via": via} if via else {})},
    )
    connection.phase, connection.paused_from, connection.reason = conn.phase, conn.paused_from, conn.reason
    return step
