"""What each role may do with connections, agreements and deliveries (reading is decided by tenants.access).

kontakt and arkivarie of the kommun upload deliveries and move the early phases; the förvaltning
runs the inspection, moves besiktning → produktionsleverans and accepts production deliveries;
ledning reads. The phase moves themselves are the table in phases.py.
"""

from onboarding.deliveries_index import phases
from tenants import access
from tenants.models import Kommun, Role, User


def role_of(user: User | None, kommun: Kommun) -> str | None:
    """The role that counts here: the person's own role in the kommun, else their consortium role."""
    if user is None:
        return None
    return access.kommun_role(user, kommun) or access.consortium_role(user)


def can_transition(user: User, kommun: Kommun, from_phase: str, to_phase: str) -> bool:
    return role_of(user, kommun) in phases.allowed_roles(from_phase, to_phase)


def can_create_connection(user: User, kommun: Kommun) -> bool:
    return role_of(user, kommun) in {Role.ARKIVARIE, Role.FORVALTNING}


def can_set_quarter(user: User, kommun: Kommun) -> bool:
    return role_of(user, kommun) == Role.FORVALTNING


def can_edit_agreement(user: User, kommun: Kommun) -> bool:
    return role_of(user, kommun) in {Role.ARKIVARIE, Role.FORVALTNING}


def can_approve_agreement(user: User, kommun: Kommun, party: str) -> bool:
    """The kommun's arkivarie approves for the kommun; the förvaltning approves for the e-archive."""
    role = role_of(user, kommun)
    return (party == "kommun" and role == Role.ARKIVARIE) or (party == "arkiv" and role == Role.FORVALTNING)


def can_deliver(user: User, kommun: Kommun) -> bool:
    return role_of(user, kommun) in {Role.KONTAKT, Role.ARKIVARIE}


def can_accept(user: User, kommun: Kommun) -> bool:
    return role_of(user, kommun) == Role.FORVALTNING
