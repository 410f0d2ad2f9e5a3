"""Reads of the people pages and the audit trail; each checks that the reader may manage the kommun's people."""

from collections.abc import Iterator
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet
from django.http import Http404

from tenants import access
from tenants.models import AuditEvent, Kommun, Membership, User
from tenants.swedish import ordered


@dataclass(frozen=True)
class Person:
    membership: Membership
    factors: list[str]  # the labels of the person's second factors

    @property
    def user(self) -> User:
        return self.membership.user


def _factor_labels(user_ids: list[int]) -> dict[int, list[str]]:
    labels = dict(Authenticator.Type.choices)
    found: dict[int, list[str]] = {}
    rows = Authenticator.objects.filter(user_id__in=user_ids).exclude(type=Authenticator.Type.RECOVERY_CODES)
    for user_id, kind in rows.values_list("user_id", "type").order_by("type").distinct():
        found.setdefault(user_id, []).append(str(labels.get(kind, kind)))
    return found


def people_of_kommun(*, kommun: Kommun, user: User) -> list[Person]:
    """The kommun's people with their roles, last sign-in and second factors (two queries)."""
    access.require_manage_people(user, kommun)
    memberships = list(
        Membership.objects.filter(kommun=kommun).select_related("user").order_by(ordered("user__full_name"))
    )
    factors = _factor_labels([m.user_id for m in memberships])
    return [Person(m, factors.get(m.user_id, [])) for m in memberships]


def person_of_kommun(*, kommun: Kommun, user: User, user_id: int) -> Person:
    """One of the kommun's people; 404 for anyone else (another kommun's person too)."""
    access.require_manage_people(user, kommun)
    membership = Membership.objects.filter(kommun=kommun, user_id=user_id).select_related("user").first()
    if membership is None:
        raise Http404
    return Person(membership, _factor_labels([membership.user_id]).get(membership.user_id, []))


def audit_events_of_kommun(*, kommun: Kommun, user: User) -> QuerySet[AuditEvent]:
    """The kommun's audit trail, newest first; on the consortium's site the events of no kommun."""
    access.require_manage_people(user, kommun)
    events = AuditEvent.objects.all()
    events = events.filter(kommun__isnull=True) if kommun.is_consortium else events.filter(kommun=kommun)
    return events.order_by("-at", "-id")


def iterate(events: QuerySet[AuditEvent]) -> Iterator[AuditEvent]:
    return events.iterator(chunk_size=2000)
