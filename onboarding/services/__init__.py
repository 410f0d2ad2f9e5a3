"""Every write to a kommun's systems, by sub-domain: systems, proposals, attachments, imports, exports."""

from .systems import (
    information_types_set,
    system_create,
    system_delete,
    system_mark_ready,
    system_request_completion,
    system_submit,
    system_update,
)

__all__ = [
    "information_types_set",
    "system_create",
    "system_delete",
    "system_mark_ready",
    "system_request_completion",
    "system_submit",
    "system_update",
]
