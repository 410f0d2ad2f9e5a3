"""Submission agreements (leveransöverenskommelser): new versions and approvals, each audited."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from onboarding.deliveries import rules
from onboarding.deliveries.messages import (
    MSG_AGREEMENT_ALREADY_APPROVED,
    MSG_AGREEMENT_OLD_VERSION,
    MSG_NOT_ALLOWED,
)
from onboarding.deliveries.models import Connection, SubmissionAgreement
from tenants.audit import audit_record
from tenants.models import User

from ._common import actor_name, current_kommun

AGREEMENT_FIELDS = [
    "manager_name",
    "administrator_name",
    "archive_officer_name",
    "supplier_name",
    "information_types",
    "period_from",
    "period_to",
    "file_formats",
    "package_profile",
    "frequency",
    "notes",
]
PARTIES = {"kommun": "kommunen", "arkiv": "e-arkivet"}


@transaction.atomic
def agreement_create_version(
    *, connection: Connection, data: dict[str, Any], actor: User | None
) -> SubmissionAgreement:
    """Write a new version of the agreement (earlier versions stay as they were; approvals start over)."""
    if actor is not None and not rules.can_edit_agreement(actor, current_kommun()):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    Connection.objects.select_for_update().filter(pk=connection.pk).first()  # serialise version numbers
    latest = connection.agreements.order_by("-version").first()
    agreement = SubmissionAgreement(
        connection=connection,
        version=(latest.version + 1) if latest else 1,
        created_by_name=actor_name(actor),
        **{field: data.get(field) for field in AGREEMENT_FIELDS if field in data},
    )
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor,
        action="deliveries.agreement.version",
        obj=connection,
        details={"version": agreement.version, **{k: str(v) for k, v in data.items() if k in AGREEMENT_FIELDS}},
    )
    return agreement


@transaction.atomic
def agreement_approve(*, agreement: SubmissionAgreement, party: str, actor: User) -> SubmissionAgreement:
    """Approve the latest version for one party: the kommun (its arkivarie) or the e-archive (the förvaltning)."""
    if party not in PARTIES or not rules.can_approve_agreement(actor, current_kommun(), party):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    agreement = SubmissionAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.connection.agreements.filter(version__gt=agreement.version).exists():
        raise ValidationError(MSG_AGREEMENT_OLD_VERSION)
    field = "kommun" if party == "kommun" else "archive"
    if getattr(agreement, f"{field}_approved_on"):
        raise ValidationError(MSG_AGREEMENT_ALREADY_APPROVED, params={"party": PARTIES[party]})
    setattr(agreement, f"{field}_approved_by", actor.get_full_name())
    setattr(agreement, f"{field}_approved_on", timezone.localdate())
    agreement.save(update_fields=[f"{field}_approved_by", f"{field}_approved_on"])
    audit_record(
        actor=actor,
        action="deliveries.agreement.approve",
        obj=agreement.connection,
        details={"version": agreement.version, "party": party},
    )
    return agreement
