"""Every write about kommuner, people, roles and invitations. Each one is audited."""

import hashlib
import logging
import secrets
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jobs.services import send_or_report

from . import access
from .audit import audit_record
from .messages import (
    MSG_ALREADY_MEMBER,
    MSG_INVITATION_EXISTING_ACCOUNT,
    MSG_INVITATION_INVALID,
    MSG_INVITATION_OTHER_EMAIL,
    MSG_KOMMUNKOD_TAKEN,
    MSG_NOT_ALLOWED_TO_INVITE,
    MSG_POPULATION_INVALID,
    MSG_SUBDOMAIN_TAKEN,
)
from .models import Domain, Invitation, Kommun, KommunPopulation, Membership, Role, User, check_role_fits
from .tasks import send_invitation_email

log = logging.getLogger(__name__)

INVITATION_VALIDITY = timedelta(days=7)


def parse_population(values: list[str]) -> dict[int, int]:
    """Parse ["2019:124935", ...] into {2019: 124935}; a clear message on anything else."""
    result: dict[int, int] = {}
    for value in values:
        year, sep, count = value.partition(":")
        if not sep or not year.strip().isdigit() or not count.strip().isdigit() or int(count) <= 0:
            raise ValidationError({"population": ValidationError(MSG_POPULATION_INVALID)})
        result[int(year)] = int(count)
    return result


@transaction.atomic
def kommun_create(
    *,
    kommunkod: str,
    name: str,
    subdomain: str,
    population: dict[int, int] | None = None,
    status: str = Kommun.Status.MEMBER,
    joined_on: date | None = None,
    is_host: bool = False,
    domain: str | None = None,
    actor: User | None = None,
) -> Kommun:
    """Create a kommun: its schema (by running the tenant migrations), its domain and population.

    Everything is checked before the schema is made, and the whole creation is one
    transaction, so a refused or failed kommun leaves no schema behind.
    """
    subdomain = (subdomain or "").strip().lower()
    kommun = Kommun(
        kommunkod=(kommunkod or "").strip(),
        name=(name or "").strip(),
        subdomain=subdomain,
        schema_name=subdomain.replace("-", "_"),
        status=status,
        joined_on=joined_on,
        is_host=is_host,
    )
    errors: dict[str, list] = {}
    try:
        kommun.full_clean(validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    # all_objects: a deleted kommun's row keeps its kommunkod, subdomain and schema name.
    if "kommunkod" not in errors and Kommun.all_objects.filter(kommunkod=kommun.kommunkod).exists():
        errors["kommunkod"] = [ValidationError(MSG_KOMMUNKOD_TAKEN, params={"code": kommun.kommunkod})]
    host = domain or f"{subdomain}.{settings.PLATFORM_DOMAIN}"
    taken = Kommun.all_objects.filter(schema_name=kommun.schema_name).exists()
    taken = taken or Domain.objects.filter(domain=host).exists()
    if "subdomain" not in errors and (Kommun.all_objects.filter(subdomain=subdomain).exists() or taken):
        errors["subdomain"] = [ValidationError(MSG_SUBDOMAIN_TAKEN, params={"subdomain": subdomain})]
    populations = [KommunPopulation(year=year, population=count) for year, count in (population or {}).items()]
    for row in populations:
        try:
            row.full_clean(exclude=["kommun"])
        except ValidationError:
            errors["population"] = [ValidationError(MSG_POPULATION_INVALID)]
    if errors:
        raise ValidationError(errors)

    kommun.save(verbosity=0)  # creates the schema and runs the tenant migrations
    Domain.objects.create(domain=host, tenant=kommun, is_primary=True)
    for row in populations:
        row.kommun = kommun
    KommunPopulation.objects.bulk_create(populations)
    audit_record(
        actor=actor,
        action="kommun.create",
        obj=kommun,
        kommun=kommun,
        details={"kommunkod": kommun.kommunkod, "subdomain": subdomain, "population": population or {}},
    )
    return kommun


@transaction.atomic
def kommun_set_population(*, kommun: Kommun, year: int, population: int, actor: User | None) -> KommunPopulation:
    """Record (or correct) a kommun's population for a year."""
    row, created = KommunPopulation.objects.get_or_create(kommun=kommun, year=year, defaults={"population": population})
    if not created and row.population != population:
        row.population = population
        row.full_clean()
        row.save(update_fields=["population"])
    audit_record(actor=actor, action="kommun.population", obj=kommun, kommun=kommun, details={str(year): population})
    return row


@transaction.atomic
def membership_set_role(*, user: User, kommun: Kommun, role: str, actor: User | None) -> Membership:
    """Give a person a role in a kommun (or the consortium), replacing the role they had there."""
    check_role_fits(kommun, role)
    membership = Membership.objects.filter(user=user, kommun=kommun).first()
    previous = membership.role if membership else None
    if membership is None:
        membership = Membership(user=user, kommun=kommun, role=role)
        membership.full_clean(validate_unique=False)
        membership.save()
    elif membership.role != role:
        membership.role = role
        membership.full_clean(validate_unique=False)
        membership.save(update_fields=["role"])
    if previous != role:
        audit_record(
            actor=actor,
            action="membership.set_role",
            obj=membership,
            kommun=kommun,
            details={"user": user.email, "role": role, "previous": previous},
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """End a person's role in a kommun."""
    audit_record(
        actor=actor,
        action="membership.remove",
        obj=membership,
        kommun=membership.kommun,
        details={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, kommun: Kommun, email: str, role: str, actor: User) -> tuple[Invitation, str]:
    """Invite a person by e-mail to a role. Returns the invitation and its (only) clear-text token.

    The förvaltning may invite anywhere; a kommun's arkivarie only to their own kommun,
    and only to kommun roles. The e-mail is sent by a Celery task after commit.
    """
    if not access.can_invite(actor, kommun, role):
        raise PermissionDenied(MSG_NOT_ALLOWED_TO_INVITE)
    email = (email or "").strip().lower()
    check_role_fits(kommun, role)
    if Membership.objects.filter(kommun=kommun, user__email__iexact=email).exists():
        raise ValidationError({"email": ValidationError(MSG_ALREADY_MEMBER, params={"email": email})})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        kommun=kommun,
        email=email,
        role=role,
        token_hash=_hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_VALIDITY,
    )
    invitation.full_clean(exclude=["token_hash"])
    invitation.save()
    audit_record(
        actor=actor, action="invitation.create", obj=invitation, kommun=kommun, details={"email": email, "role": role}
    )
    link = kommun.url(f"/inbjudan/{token}/")
    transaction.on_commit(lambda: _send_invitation(invitation.pk, link))
    return invitation, token


def _send_invitation(invitation_id: int, link: str) -> None:
    """Hand the e-mail to a worker; with the broker down, send it from here (the link exists only now: the
    invitation keeps just its hash, so no sweep could send it later)."""
    if send_or_report(send_invitation_email, invitation_id, link, tell=False):
        return
    try:
        send_invitation_email.run(invitation_id, link)
    except OSError:
        log.exception("invitation %s: the e-mail could not be sent either", invitation_id)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """Revoke an open invitation: its link stops working at once."""
    if not access.can_invite(actor, invitation.kommun, invitation.role):
        raise PermissionDenied(MSG_NOT_ALLOWED_TO_INVITE)
    if invitation.state != Invitation.State.OPEN:
        raise ValidationError(MSG_INVITATION_INVALID)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="invitation.revoke", obj=invitation, kommun=invitation.kommun)
    return invitation


def _open_invitation(queryset, *, token: str, kommun: Kommun) -> Invitation:
    invitation = queryset.filter(token_hash=_hash_token(token or ""), kommun=kommun).first()
    if invitation is None or invitation.state != Invitation.State.OPEN:
        raise ValidationError(MSG_INVITATION_INVALID, code="invalid")
    return invitation


def invitation_for_token(*, token: str, kommun: Kommun) -> Invitation:
    """The open invitation behind a token, for this kommun only; a clear error otherwise.

    A plain read (the page that shows the invitation); accepting it locks the row in its own transaction.
    """
    return _open_invitation(Invitation.objects.all(), token=token, kommun=kommun)


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    kommun: Kommun,
    user: User | None = None,
    full_name: str = "",
    password: str | None = None,
) -> User:
    """Accept an invitation: create the account (or use the signed-in one) and add the membership.

    The link is single-use: the row is locked, so two clicks at once cannot both succeed.
    """

    invitation = _open_invitation(Invitation.objects.select_for_update(), token=token, kommun=kommun)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise ValidationError(MSG_INVITATION_OTHER_EMAIL, code="other_email")
    else:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(MSG_INVITATION_EXISTING_ACCOUNT, code="existing", params={"email": invitation.email})
        user = User(email=invitation.email, full_name=full_name.strip())
        validate_password(password or "", user)
        user.set_password(password)
        user.full_clean()
        user.save()
        # The invitation reached this address: it is verified.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        audit_record(actor=user, action="user.create", obj=user, kommun=kommun, details={"via": "invitation"})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership_set_role(user=user, kommun=kommun, role=invitation.role, actor=user)
    audit_record(actor=user, action="invitation.accept", obj=invitation, kommun=kommun)
    return user


__all__ = [
    "Role",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "kommun_create",
    "membership_set_role",
]
