"""Writes of an agreement's format rules: set or remove a PUID's rule on a version not yet approved (audited).

An approved version is never edited (a change is a new version with its own approvals), so the rules
a delivery is tested against are the ones both parties approved.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from onboarding.deliveries import rules as delivery_rules
from onboarding.deliveries.messages import MSG_NOT_ALLOWED
from onboarding.deliveries.models import SubmissionAgreement
from onboarding.deliveries.services._common import actor_name, current_kommun
from tenants.audit import audit_record
from tenants.models import User

from .messages import MSG_AGREEMENT_APPROVED_FORMATS
from .models import AgreementFormatRule


def _check(agreement: SubmissionAgreement, actor: User) -> None:
    if not delivery_rules.can_edit_agreement(actor, current_kommun()):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    if agreement.kommun_approved_on or agreement.archive_approved_on:
        raise ValidationError(MSG_AGREEMENT_APPROVED_FORMATS)


@transaction.atomic
def agreement_format_rule_set(
    *, agreement: SubmissionAgreement, puid: str, name: str, decision: str, note: str = "", actor: User
) -> AgreementFormatRule:
    """Narrow (refuse, or accept with remark) or widen (accept) one format for the agreement's deliveries."""
    _check(agreement, actor)
    puid = puid.strip()
    rule = AgreementFormatRule.objects.filter(agreement=agreement, puid=puid).first()
    rule = rule or AgreementFormatRule(agreement=agreement, puid=puid)
    rule.name, rule.decision, rule.note, rule.changed_by_name = name.strip(), decision, note.strip(), actor_name(actor)
    rule.full_clean()
    rule.save()
    details = {"agreement": agreement.pk, "puid": puid, "decision": decision}
    audit_record(actor=actor, action="agreement_formats.rule.set", obj=rule, details=details)
    return rule


@transaction.atomic
def agreement_format_rule_remove(*, agreement: SubmissionAgreement, puid: str, actor: User) -> None:
    """Remove the agreement's rule for a PUID: the förvaltning's policy applies to it again."""
    _check(agreement, actor)
    rule = AgreementFormatRule.objects.filter(agreement=agreement, puid=puid.strip()).first()
    if rule is not None:
        audit_record(actor=actor, action="agreement_formats.rule.remove", obj=rule, details={"puid": rule.puid})
        rule.delete()
