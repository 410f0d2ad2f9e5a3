"""Cross-kommun reads: the förvaltning's connection board and the volume that has reached the archive.

Each is a bounded number of queries on public tables, whatever the number of kommuner.
"""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from tenants import access
from tenants.models import Kommun, User
from tenants.swedish import ordered

from .models import ArchiveBackend, ArchiveToken, ConnectionEntry, HandOver
from .phases import BOARD_ORDER, Phase, is_late


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


# The förvaltning's board shows this many connections a page; the counts and the downloads cover them all.
BOARD_PAGE_SIZE = 100
_PHASE_RANK = {phase: rank for rank, phase in enumerate(BOARD_ORDER)}


def _in_board_order(rows, *, late_only: bool) -> list[tuple[tuple, bool]]:
    """(row, late) for rows of (id, phase, planned_quarter, ...) in kommun/system order: phase by phase in
    lifecycle order (a stable sort keeps kommun/system order within a phase), late ones only if asked."""
    today = date.today()
    late: dict[tuple[str, str], bool] = {}  # by (phase, quarter): a few dozen pairs among thousands of rows
    marked = []
    for row in rows:
        key = (row[1], row[2])
        if key not in late:
            late[key] = is_late(row[1], row[2], today)
        marked.append((row, late[key]))
    if late_only:
        marked = [item for item in marked if item[1]]
    marked.sort(key=lambda item: _PHASE_RANK.get(item[0][1], len(_PHASE_RANK)))
    return marked


@dataclass
class BoardPage:
    """One page of the board: every phase with its count (of all filtered rows) and this page's rows."""

    columns: list[dict]
    page: Page
    total: int


def board_page(*, user: User, filters: BoardFilters, page_number) -> BoardPage:
    """The board's page `page_number` (a bad or too large number gives the nearest page): two queries, one of
    three small columns for the counts and the order, one for the page's rows, whatever the number of kommuner."""
    keys = connection_entries(user=user, filters=filters).values_list("id", "phase", "planned_quarter")
    in_order = _in_board_order(keys, late_only=filters.late_only)
    page = Paginator(in_order, BOARD_PAGE_SIZE).get_page(page_number)
    on_page = ConnectionEntry.objects.select_related("kommun", "product").in_bulk([row[0] for row, _late in page])
    columns = {
        phase: {"phase": phase, "label": Phase(phase).label, "total": 0, "late": 0, "rows": [], "first_page": None}
        for phase in BOARD_ORDER
    }
    for index, (row, late) in enumerate(in_order):
        column = columns[row[1]]
        column["total"] += 1
        column["late"] += late
        if column["first_page"] is None:
            column["first_page"] = index // BOARD_PAGE_SIZE + 1
    for row, _late in page:
        columns[row[1]]["rows"].append(on_page[row[0]])
    return BoardPage(list(columns.values()), page, len(in_order))


def board_export_rows(*, user: User, filters: BoardFilters) -> list[tuple]:
    """Every filtered connection, in the board's order, for the download (one query, no model instances):
    (phase, kommun, system, product, vendor, planned quarter, late, archived files, archived bytes)."""
    fields = ("id", "phase", "planned_quarter", "kommun__name", "system_name", "product__name", "product__vendor")
    rows = connection_entries(user=user, filters=filters).values_list(*fields, "archived_files", "archived_bytes")
    return [
        (r[1], r[3], r[4], r[5], r[6], r[2], late, r[7], r[8])
        for r, late in _in_board_order(rows, late_only=filters.late_only)
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
