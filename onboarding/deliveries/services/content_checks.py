"""The virus scan and format checks of a delivery, and the quarantine of a package with malicious code.

A package in which clamd finds malicious code is refused ("Skadlig kod hittad"): it is moved out
of the kommun's storage into QUARANTINE_DIR/<schema>/ (outside MEDIA_ROOT; no view serves it), its
`file` is emptied, and it can never be accepted or handed over (both need a valid delivery).
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction

from onboarding.deliveries.models import Delivery
from onboarding.formatpolicy.selectors import policy_effective
from onboarding.validation import ContentChecks, ValidationReport
from onboarding.validation.scanning import REQ_VIRUS, ClamdScanner
from tenants.audit import audit_record

from ._common import current_kommun


def delivery_content_checks(delivery: Delivery) -> ContentChecks:
    """clamd from CLAMD_SOCKET (unset: not configured) and the policy of the connection's approved agreement."""
    socket_path = (settings.CLAMD_SOCKET or "").strip()
    scanner = ClamdScanner(socket_path) if socket_path else None
    agreements = [a for a in delivery.connection.agreements.all() if a.is_approved]
    agreement = max(agreements, key=lambda a: a.version) if agreements else None
    return ContentChecks(virus_scan=True, scanner=scanner, formats=True, policy=policy_effective(agreement=agreement))


def is_infected(report: ValidationReport) -> bool:
    """True when clamd found malicious code in a file of the package."""
    return REQ_VIRUS in report.requirement_ids()


def delivery_quarantine(*, delivery: Delivery) -> Delivery:
    """Move an infected delivery's package into quarantine (never served, never handed over) and audit it."""
    if not delivery.file:
        return delivery
    source = Path(delivery.file.path)
    folder = Path(settings.QUARANTINE_DIR) / current_kommun().schema_name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / source.name
    shutil.move(str(source), target)
    with transaction.atomic():
        delivery.file.name = ""
        delivery.quarantine_path = str(target)
        delivery.save(update_fields=["file", "quarantine_path"])
        infected = (delivery.report.get("summary") or {}).get("virus_scan", {}).get("infected", [])
        audit_record(
            actor=None,
            action="deliveries.delivery.quarantine",
            obj=delivery,
            details={"infected": infected[:25], "name": delivery.original_name},
        )
    return delivery
