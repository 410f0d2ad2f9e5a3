"""Reads that carry rules: a kommun's exports and departures, scoped to who may see them (404 otherwise)."""

from django.core.management.base import CommandError
from django.http import Http404

from tenants import access
from tenants.models import Kommun, Role, User
from tenants.swedish import ordered

from .models import KommunDeparture, KommunExport


def kommun_by_subdomain(subdomain: str) -> Kommun:
    """For the command lines: the kommun, or a CommandError (exit 1) naming the subdomain."""
    kommun = Kommun.objects.members().filter(subdomain=subdomain).first()
    if kommun is None:
        raise CommandError(f"Ingen kommun med underdomänen {subdomain}.")
    return kommun


def can_export(user: User, kommun: Kommun) -> bool:
    """The kommun's arkivarie and the förvaltning export a kommun's data; nobody else."""
    if kommun.is_consortium:
        return False
    return access.is_forvaltning(user) or access.kommun_role(user, kommun) == Role.ARKIVARIE


def require_export(user: User, kommun: Kommun) -> None:
    if not can_export(user, kommun):
        raise Http404


def exports_of(*, user: User, kommun: Kommun) -> list[KommunExport]:
    require_export(user, kommun)
    return list(KommunExport.objects.filter(kommun=kommun).select_related("kommun")[:20])


def export_get(*, user: User, kommun: Kommun, uuid) -> KommunExport:
    """One export of this kommun that the user may read; 404 for everything else (another kommun's too)."""
    require_export(user, kommun)
    export = KommunExport.objects.select_related("kommun").filter(kommun=kommun, uuid=uuid).first()
    if export is None:
        raise Http404
    return export


def departing_kommun_get(*, user: User, subdomain: str) -> Kommun:
    """The förvaltning's departure pages: a kommun by subdomain (the consortium site); 404 for everyone else."""
    access.require_forvaltning(user)
    kommun = Kommun.all_objects.members().filter(subdomain=subdomain).select_related("departure").first()
    if kommun is None:
        raise Http404
    return kommun


def departures_overview(*, user: User) -> list[Kommun]:
    access.require_forvaltning(user)
    return list(Kommun.all_objects.members().select_related("departure").order_by(ordered("name")))  # deleted ones too


def departure_of(kommun: Kommun) -> KommunDeparture | None:
    return KommunDeparture.objects.filter(kommun=kommun).select_related("export").first()
