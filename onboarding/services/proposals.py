"""The kommun's own proposal: its ranking of its systems for connection, with motivations and first choices."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from onboarding import rules
from onboarding.messages import (
    MSG_FIRST_CHOICE_REQUIRED,
    MSG_NOT_ALLOWED,
    MSG_PROPOSAL_EMPTY,
    MSG_RANK_DUPLICATE,
    MSG_RANK_NOT_RANKABLE,
    MSG_RANK_SYSTEM_UNKNOWN,
)
from onboarding.models import System
from onboarding.selectors import with_rankability
from tenants.audit import audit_record
from tenants.models import User

from .portfolio_index import index_upsert


@dataclass(frozen=True)
class ProposalRow:
    system_id: int
    rank: int | None
    motivation: str = ""
    first_choice: bool = False


@transaction.atomic
def proposal_set(*, rows: list[ProposalRow], actor: User | None) -> list[System]:
    """Replace the kommun's ranking. Only systems that can be ranked (rules.is_rankable) take a place; every
    other system drops out, so a place kept by a system that can no longer be ranked never blocks the save.
    At least one ranked system is a first choice."""
    if actor is not None and not rules.can_rank(actor, connection.tenant):
        raise PermissionDenied(MSG_NOT_ALLOWED)
    locked = with_rankability(System.objects.select_for_update(of=("self",)).prefetch_related("information_types"))
    systems = {s.pk: s for s in locked}
    if any(row.system_id not in systems for row in rows):
        raise ValidationError(MSG_RANK_SYSTEM_UNKNOWN)
    ranked = [row for row in rows if row.rank is not None]
    for row in ranked:
        if not rules.is_rankable(systems[row.system_id]):
            raise ValidationError(MSG_RANK_NOT_RANKABLE, params={"name": systems[row.system_id].name})
    if not ranked:
        raise ValidationError(MSG_PROPOSAL_EMPTY)
    seen: set[int] = set()
    for row in ranked:
        if row.rank in seen:
            raise ValidationError(MSG_RANK_DUPLICATE, params={"rank": row.rank})
        seen.add(row.rank)
    if not any(row.first_choice for row in ranked):
        raise ValidationError(MSG_FIRST_CHOICE_REQUIRED)
    by_id = {row.system_id: row for row in ranked}
    changed = []
    for system in systems.values():
        row = by_id.get(system.pk)
        new = (row.rank, row.motivation.strip(), row.first_choice) if row else (None, "", False)
        if (system.proposal_rank, system.proposal_motivation, system.first_choice) != new:
            system.proposal_rank, system.proposal_motivation, system.first_choice = new
            system.save(update_fields=["proposal_rank", "proposal_motivation", "first_choice", "updated_at"])
            index_upsert(system, list(system.information_types.all()))
            audit_record(
                actor=actor,
                action="onboarding.system.proposal",
                obj=system,
                details={"rank": new[0], "first_choice": new[2], "motivation": new[1]},
            )
            changed.append(system)
    return changed
