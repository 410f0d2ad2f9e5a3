"""Reads that carry rules: a kommun's connections and deliveries, scoped to who may see them (404 otherwise)."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from onboarding.deliveries_index.phases import BOARD_ORDER, Phase
from onboarding.models import System
from tenants import access
from tenants.models import Kommun, User

from .models import Connection, Delivery, SubmissionAgreement

# The report JSON can be large: lists never load it.
LIST_DEFER = ("report",)


def connection_queryset(*, user: User, kommun: Kommun) -> QuerySet[Connection]:
    access.require_read_kommun(user, kommun)
    return Connection.objects.select_related("system", "system__product")


def connection_board(*, user: User, kommun: Kommun) -> list[dict]:
    """The kommun's connections grouped by phase, with counts of deliveries (one query)."""
    rows = connection_queryset(user=user, kommun=kommun).annotate(
        delivery_count=Count("deliveries"),
        archived_count=Count("deliveries", filter=Q(deliveries__state=Delivery.State.ARCHIVED)),
    )
    by_phase: dict[str, list] = {phase: [] for phase in BOARD_ORDER}
    for conn in rows.order_by("system__name"):
        by_phase[conn.phase].append(conn)
    return [
        {"phase": phase, "label": Phase(phase).label, "rows": conns, "late": sum(1 for c in conns if c.is_late)}
        for phase, conns in by_phase.items()
    ]


def connection_get(*, user: User, kommun: Kommun, pk: int) -> Connection:
    """One connection of this kommun that the user may read; 404 otherwise."""
    conn = (
        connection_queryset(user=user, kommun=kommun)
        .prefetch_related(
            "transitions",
            Prefetch("agreements", queryset=SubmissionAgreement.objects.order_by("-version")),
            Prefetch("deliveries", queryset=Delivery.objects.defer(*LIST_DEFER).order_by("-created_at", "-id")),
        )
        .filter(pk=pk)
        .first()
    )
    if conn is None:
        raise Http404
    return conn


def agreement_get(*, user: User, kommun: Kommun, connection_pk: int, version: int) -> SubmissionAgreement:
    access.require_read_kommun(user, kommun)
    agreement = (
        SubmissionAgreement.objects.select_related("connection__system", "connection__system__product")
        .filter(connection_id=connection_pk, version=version)
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def delivery_get(*, user: User, kommun: Kommun, pk: int, with_report: bool = False) -> Delivery:
    """One delivery of this kommun that the user may read; 404 otherwise."""
    access.require_read_kommun(user, kommun)
    qs = Delivery.objects.select_related("connection__system")
    if not with_report:
        qs = qs.defer(*LIST_DEFER)
    delivery = qs.filter(pk=pk).first()
    if delivery is None:
        raise Http404
    return delivery


def systems_without_connection(*, user: User, kommun: Kommun):
    """The kommun's systems that have no open connection yet (for "start a connection")."""
    access.require_read_kommun(user, kommun)
    busy = Connection.objects.exclude(phase=Phase.CANCELLED).values("system_id")
    return System.objects.exclude(pk__in=busy).order_by("name")
