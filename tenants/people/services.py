"""Every change to a person's access: role, membership, deactivation, a reset second factor. Each is audited
and takes effect on the person's next request (their sessions end where access is taken away)."""

from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction

from tenants import access
from tenants import services as tenant_services
from tenants.audit import audit_record
from tenants.models import Kommun, Membership, User

from .messages import MSG_ALREADY_DEACTIVATED, MSG_NO_FACTOR_TO_RESET, MSG_NOT_YOURSELF, MSG_ROLE_NOT_ALLOWED
from .models import SessionRecord


def end_sessions(user: User) -> int:
    """End every session of the person (their next request is anonymous). Returns how many ended."""
    keys = list(SessionRecord.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    SessionRecord.objects.filter(user=user).delete()
    return len(keys)


def _not_yourself(membership: Membership, actor: User) -> None:
    if membership.user_id == actor.pk:
        raise ValidationError(MSG_NOT_YOURSELF, code="yourself")


@transaction.atomic
def person_set_role(*, membership: Membership, role: str, actor: User) -> Membership:
    """Change the role a person has in this kommun (a manager of it may; not their own)."""
    access.require_manage_people(actor, membership.kommun)
    _not_yourself(membership, actor)
    if role not in dict(access.manageable_roles(actor, membership.kommun)):
        raise ValidationError({"role": ValidationError(MSG_ROLE_NOT_ALLOWED, code="role")})
    return tenant_services.membership_set_role(user=membership.user, kommun=membership.kommun, role=role, actor=actor)


@transaction.atomic
def person_remove(*, membership: Membership, actor: User) -> int:
    """Take the person's role here away (audited) and end their sessions. Returns the sessions ended."""
    access.require_manage_people(actor, membership.kommun)
    _not_yourself(membership, actor)
    tenant_services.membership_remove(membership=membership, actor=actor)
    return end_sessions(membership.user)


@transaction.atomic
def user_deactivate(*, user: User, kommun: Kommun, actor: User) -> int:
    """The förvaltning stops a person from signing in anywhere; their sessions end. Returns the sessions ended."""
    access.require_forvaltning(actor)
    if user.pk == actor.pk:
        raise ValidationError(MSG_NOT_YOURSELF, code="yourself")
    if not user.is_active:
        raise ValidationError(MSG_ALREADY_DEACTIVATED, code="inactive", params={"name": _name(user)})
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    ended = end_sessions(user)
    audit_record(
        actor=actor, action="user.deactivate", obj=user, kommun=_kommun_or_none(kommun), details={"user": user.email}
    )
    return ended


@transaction.atomic
def mfa_reset(*, user: User, kommun: Kommun, actor: User) -> list[str]:
    """The förvaltning removes a person's lost second factors (and recovery codes); the person signs in with the
    password again and is led to set up a new one. Their sessions end. Returns the types removed."""
    access.require_forvaltning(actor)
    authenticators = Authenticator.objects.select_for_update().filter(user=user)
    types = sorted({a.type for a in authenticators})
    if not types:
        raise ValidationError(MSG_NO_FACTOR_TO_RESET, code="none", params={"name": _name(user)})
    authenticators.delete()
    end_sessions(user)
    audit_record(
        actor=actor,
        action="mfa.reset",
        obj=user,
        kommun=_kommun_or_none(kommun),
        details={"user": user.email, "types": types},
    )
    return types


def _kommun_or_none(kommun: Kommun) -> Kommun | None:
    return None if kommun.is_consortium else kommun


def _name(user: User) -> str:
    return user.full_name or user.email
