"""What each role may do with a kommun's systems. Reading is decided by tenants.access; this decides writing.

kontakt: creates and edits drafts, submits. arkivarie: also edits submitted systems, marks them
"klar för prioritering" and sets the kommun's ranking. förvaltning: reads every kommun and asks for
completion. ledning: reads.
"""

from onboarding.deliveries_index.phases import Phase
from onboarding.inventory.choices import SystemStatus
from tenants import access
from tenants.models import Kommun, Role, User

KOMMUN_WRITERS = {Role.KONTAKT, Role.ARKIVARIE}
DRAFT_STATES = {SystemStatus.DRAFT, SystemStatus.COMPLETION_REQUESTED}


def _role(user: User, kommun: Kommun) -> str | None:
    return access.kommun_role(user, kommun)


def can_create(user: User, kommun: Kommun) -> bool:
    return _role(user, kommun) in KOMMUN_WRITERS


def can_edit(user: User, kommun: Kommun, system) -> bool:
    role = _role(user, kommun)
    if role == Role.ARKIVARIE:
        return True
    return role == Role.KONTAKT and system.status in DRAFT_STATES


def can_delete(user: User, kommun: Kommun, system) -> bool:
    return can_edit(user, kommun, system) and (_role(user, kommun) == Role.ARKIVARIE or system.status == "utkast")


def can_submit(user: User, kommun: Kommun, system) -> bool:
    return _role(user, kommun) in KOMMUN_WRITERS and system.status in DRAFT_STATES


def can_mark_ready(user: User, kommun: Kommun, system) -> bool:
    return _role(user, kommun) == Role.ARKIVARIE and system.status == SystemStatus.SUBMITTED


# What the kommun's ranking orders: systems the arkivarie has approved for prioritisation ("klar för
# prioritering", the same status the plan takes) whose connection has not started. A connection past "planerad"
# (under way, paused or archived) no longer waits for the plan's order; a "planerad" one still follows each new
# plan, and a cancelled one leaves the system free to be ranked again. A system past its decommission date stays
# rankable: its information still has to reach the archive, and the plan counts it as the most urgent.
RANKABLE_STATUSES = frozenset({SystemStatus.READY})
CONNECTION_STARTED = frozenset(Phase) - {Phase.PLANNED, Phase.CANCELLED}


def is_rankable(system) -> bool:
    """`system` carries `connection_started` (selectors.with_rankability)."""
    return system.status in RANKABLE_STATUSES and not system.connection_started


def can_rank(user: User, kommun: Kommun) -> bool:
    return _role(user, kommun) == Role.ARKIVARIE


def can_request_completion(user: User, system) -> bool:
    return access.is_forvaltning(user) and system.status in {SystemStatus.SUBMITTED, SystemStatus.READY}


def can_import(user: User, kommun: Kommun) -> bool:
    return can_create(user, kommun)
