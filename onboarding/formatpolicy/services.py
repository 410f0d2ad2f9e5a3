"""Writes of the accepted-formats policy: the förvaltning sets or removes a PUID's rule (audited)."""

from django.db import transaction

from tenants import access
from tenants.audit import audit_record
from tenants.models import User

from .models import FormatRule


def _actor_name(actor: User) -> str:
    return (actor.get_full_name() or actor.get_username())[:150]


@transaction.atomic
def format_rule_set(*, puid: str, name: str, decision: str, note: str = "", actor: User) -> FormatRule:
    """Set the förvaltning's decision for a PUID (it replaces the default list's rule)."""
    access.require_forvaltning(actor)
    rule = FormatRule.objects.select_for_update().filter(puid=puid.strip()).first() or FormatRule(puid=puid.strip())
    rule.name, rule.decision, rule.note = name.strip(), decision, note.strip()
    rule.changed_by_name = _actor_name(actor)
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor, action="formatpolicy.rule.set", obj=rule, details={"puid": rule.puid, "decision": decision}
    )
    return rule


@transaction.atomic
def format_rule_remove(*, rule: FormatRule, actor: User) -> None:
    """Remove the förvaltning's rule: the default list's rule (or default decision) applies again."""
    access.require_forvaltning(actor)
    audit_record(actor=actor, action="formatpolicy.rule.remove", obj=rule, details={"puid": rule.puid})
    rule.delete()
