"""Reads of the accepted-formats policy: the effective policy for a delivery, and the förvaltning's rules."""

from onboarding.validation.formats import (
    SOURCE_AGREEMENT,
    SOURCE_FORVALTNING,
    FormatPolicy,
    Rule,
    load_default_policy,
)
from tenants import access
from tenants.models import User

from .models import FormatRule


def _rules(rows, base: FormatPolicy, source: str) -> list[Rule]:
    # A PUID that PRONOM has no signature for (plain text, CSV) stays identified by its extension.
    def by_extension(puid: str) -> bool:
        known = base.decide(puid)
        return bool(known and known.by_extension)

    return [Rule(r.puid, r.name, r.decision, r.note, by_extension(r.puid), source) for r in rows]


def policy_effective(*, agreement=None) -> FormatPolicy:
    """The default list, with the förvaltning's rules over it, and the agreement's own rules over those."""
    policy = load_default_policy()
    policy = policy.with_rules(_rules(FormatRule.objects.all(), policy, SOURCE_FORVALTNING))
    if agreement is not None:
        policy = policy.with_rules(_rules(agreement.format_rules.all(), policy, SOURCE_AGREEMENT))
    return policy


def policy_for_forvaltning(*, user: User) -> FormatPolicy:
    """The policy as the förvaltning edits it (404 for anyone else)."""
    access.require_forvaltning(user)
    return policy_effective()


def format_rule_get(*, user: User, puid: str) -> FormatRule:
    """The förvaltning's own rule for a PUID (404 for anyone else, and when there is none)."""
    access.require_forvaltning(user)
    from django.shortcuts import get_object_or_404

    return get_object_or_404(FormatRule, puid=puid)
