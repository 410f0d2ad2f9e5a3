"""Reads that carry rules: what a person may see of kommuner, members and invitations."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from . import access
from .models import Invitation, Kommun, KommunPopulation, Membership, User
from .swedish import ordered


def kommun_members(*, kommun: Kommun, user: User) -> list[Membership]:
    access.require_read_kommun(user, kommun)
    return list(Membership.objects.filter(kommun=kommun).select_related("user").order_by("user__full_name"))


def kommun_open_invitations(*, kommun: Kommun, user: User) -> list[Invitation]:
    """Open invitations of the kommun; only those who may invite see them."""
    if not access.can_invite(user, kommun):
        return []
    now = timezone.now()
    return list(
        Invitation.objects.filter(kommun=kommun, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
        .select_related("invited_by")
        .order_by("-created_at")
    )


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
