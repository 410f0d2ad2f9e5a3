"""Cross-kommun reads: the förvaltning's connection board and the volume that has reached the archive.

Each is a bounded number of queries on public tables, whatever the number of kommuner.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from tenants import access
from tenants.models import Kommun, User
from tenants.swedish import ordered

from .models import ArchiveBackend, ArchiveToken, ConnectionEntry, HandOver
from .phases import BOARD_ORDER, Phase


@dataclass
class BoardFilters:
    kommun_id: int | None = None
    product_id: int | None = None
    late_only: bool = False


def connection_entries(*, user: User, filters: BoardFilters) -> QuerySet[ConnectionEntry]:
    """Every kommun's connections for the förvaltning and ledning (one query)."""
    access.require_consortium_reader(user)
    qs = ConnectionEntry.objects.select_related("kommun", "product").order_by(
        ordered("kommun__name"), ordered("system_name")
    )
    if filters.kommun_id:
        qs = qs.filter(kommun_id=filters.kommun_id)
    if filters.product_id:
        qs = qs.filter(product_id=filters.product_id)
    return qs


def board_columns(entries, *, late_only: bool = False) -> list[dict]:
    """Group rows by phase in lifecycle order; every phase is shown, also when empty."""
    by_phase: dict[str, list] = {phase: [] for phase in BOARD_ORDER}
    for entry in entries:
        if late_only and not entry.is_late:
            continue
        by_phase.setdefault(entry.phase, []).append(entry)
    return [
        {"phase": phase, "label": Phase(phase).label, "rows": rows, "late": sum(1 for r in rows if r.is_late)}
        for phase, rows in by_phase.items()
    ]


def volume_total(volume: list[dict]) -> dict:
    """The sum of archived_volume_by_kommun's rows."""
    return {"files": sum(v["files"] or 0 for v in volume), "bytes": sum(v["bytes"] or 0 for v in volume)}


def archived_volume_by_kommun(*, user: User) -> list[dict]:
    """Delivered volume that the archive has confirmed, per kommun: files, bytes, systems (one query)."""
    access.require_consortium_reader(user)
    return list(
        HandOver.objects.filter(state=HandOver.State.ARCHIVED)
        .values("kommun_id", "kommun__name")
        .annotate(
            files=Sum("files"), bytes=Sum("bytes"), deliveries=Count("id"), systems=Count("system_id", distinct=True)
        )
        .order_by(ordered("kommun__name"))
    )


def archived_volume_by_system(*, kommun: Kommun) -> list[dict]:
    """Volume confirmed by the archive per system of one kommun (one query)."""
    return list(
        HandOver.objects.filter(kommun=kommun, state=HandOver.State.ARCHIVED)
        .values("system_id", "system_name")
        .annotate(files=Sum("files"), bytes=Sum("bytes"), deliveries=Count("id"))
        .order_by("system_name")
    )


def archive_backends(*, user: User) -> list[ArchiveBackend]:
    """Every archive backend with its tokens, newest first (two queries); the förvaltning's only, else 404."""
    access.require_forvaltning(user)
    tokens = Prefetch("tokens", queryset=ArchiveToken.objects.order_by("-created_at", "-id"))
    return list(ArchiveBackend.objects.prefetch_related(tokens).order_by("name"))


def archive_backend_get(*, user: User, pk: int) -> ArchiveBackend:
    access.require_forvaltning(user)
    backend = ArchiveBackend.objects.filter(pk=pk).first()
    if backend is None:
        raise Http404
    return backend


def archive_token_get(*, user: User, pk: int) -> ArchiveToken:
    access.require_forvaltning(user)
    token = ArchiveToken.objects.select_related("backend").filter(pk=pk).first()
    if token is None:
        raise Http404
    return token
