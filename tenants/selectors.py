"""Reads that carry rules: what a person may see of kommuner, members and invitations."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from . import access, rows
from .models import Invitation, Kommun, KommunPopulation, Membership, User
from .swedish import ordered

# The start pages' two reads of people, each with its user (tenants.rows).
_MEMBERS = (
    f"SELECT {rows.columns('m', Membership)}, {rows.columns('u', User)} FROM {Membership._meta.db_table} m "
    f"JOIN {User._meta.db_table} u ON u.id = m.user_id WHERE m.kommun_id = %s ORDER BY u.full_name"
)
_OPEN_INVITATIONS = (
    f"SELECT {rows.columns('i', Invitation)}, {rows.columns('u', User)} FROM {Invitation._meta.db_table} i "
    f"LEFT JOIN {User._meta.db_table} u ON u.id = i.invited_by_id WHERE i.kommun_id = %s "
    "AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > %s ORDER BY i.created_at DESC"
)


def kommun_members(*, kommun: Kommun, user: User) -> list[Membership]:
    """The kommun's people with their roles, by name."""
    access.require_read_kommun(user, kommun)
    return rows.instances(_MEMBERS, [kommun.pk], Membership, "user", User)


def kommun_open_invitations(*, kommun: Kommun, user: User) -> list[Invitation]:
    """Open invitations of the kommun, newest first; only those who may invite see them."""
    if not access.can_invite(user, kommun):
        return []
    return rows.instances(_OPEN_INVITATIONS, [kommun.pk, timezone.now()], Invitation, "invited_by", User)


def invitation_get_for_user(*, user: User, kommun: Kommun, pk: int) -> Invitation:
    """An invitation of this kommun that the user may manage; 404 otherwise (also for another kommun's)."""
    invitation = Invitation.objects.filter(pk=pk, kommun=kommun).first()
    if invitation is None or not access.can_invite(user, kommun, invitation.role):
        raise Http404
    return invitation


def consortium_kommuner(*, user: User) -> list[Kommun]:
    """Every kommun with its latest population, for the consortium's start page (two queries)."""
    if access.consortium_role(user) is None:
        raise Http404
    latest = KommunPopulation.objects.order_by("-year")
    kommuner = list(
        Kommun.objects.members()
        .prefetch_related(Prefetch("populations", queryset=latest, to_attr="population_rows"))
        .order_by(ordered("name"))
    )
    for kommun in kommuner:
        kommun.latest_population = kommun.population_rows[0] if kommun.population_rows else None
    return kommuner
