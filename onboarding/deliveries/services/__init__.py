"""Every write about connections, submission agreements, deliveries and hand-over. Each one is audited."""

from .agreements import agreement_approve, agreement_create_version
from .connections import connection_create, connection_set_planned_quarter, connection_transition
from .deliveries import delivery_accept, delivery_from_path, delivery_set_progress, delivery_upload, delivery_validate
from .handover import (
    AlreadyConfirmed,
    UnknownHandOver,
    archive_confirm,
    delivery_hand_over,
    delivery_hand_over_failed,
    delivery_hand_over_retry,
)
from .ingest import ingest_pickup

__all__ = [
    "AlreadyConfirmed",
    "delivery_set_progress",
    "UnknownHandOver",
    "agreement_approve",
    "agreement_create_version",
    "archive_confirm",
    "connection_create",
    "connection_set_planned_quarter",
    "connection_transition",
    "delivery_accept",
    "delivery_from_path",
    "delivery_hand_over",
    "delivery_hand_over_failed",
    "delivery_hand_over_retry",
    "delivery_upload",
    "delivery_validate",
    "ingest_pickup",
]
