"""The decided connection plan reaches the kommuner: real connections in each kommun's schema follow it.

Planning (public schema) decides; connections live in the kommun's schema and are written by the
deliveries services (which also keep the public connection index in step). These helpers switch schema
once per kommun concerned and call those services, inside the caller's transaction. They take plain
(kommun id, system id, plan quarter) data, so that the plan's app imports this one and not the reverse.
"""

from __future__ import annotations

from collections import defaultdict

from django_tenants.utils import tenant_context

from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import FINAL, Phase
from onboarding.models import System
from tenants.models import Kommun, User

from .models import Connection
from .services import connection_create, connection_set_planned_quarter

SystemKey = tuple[int, int]  # (kommun id, system id)


def connection_quarter(plan_quarter: str) -> str:
    """The plan writes '2027-Q1', a connection '2027Q1'."""
    return (plan_quarter or "").replace("-", "")


def connections_start(*, quarters: dict[SystemKey, str], actor: User | None) -> int:
    """Create the connection of each system (phase planerad, the plan's quarter) unless it has an open one.

    Systems that no longer exist in the kommun are skipped. Returns how many connections were made.
    Queries: a few per kommun concerned, plus the services' own writes per new connection.
    """
    by_kommun: dict[int, dict[int, str]] = defaultdict(dict)
    for (kommun_id, system_id), quarter in quarters.items():
        by_kommun[kommun_id][system_id] = quarter
    made = 0
    for kommun in Kommun.objects.filter(pk__in=by_kommun.keys()).order_by("name"):
        wanted = by_kommun[kommun.pk]
        with tenant_context(kommun):
            open_ones = set(
                Connection.objects.filter(system_id__in=wanted)
                .exclude(phase=Phase.CANCELLED)
                .values_list("system_id", flat=True)
            )
            for system in System.objects.filter(pk__in=wanted.keys() - open_ones).order_by("name"):
                connection_create(system=system, planned_quarter=connection_quarter(wanted[system.pk]), actor=actor)
                made += 1
    return made


def connections_follow_plan(*, quarters: dict[SystemKey, str]) -> int:
    """A newly decided plan: open connections of its systems take the quarter it gives them.

    Reads the public connection index to find what differs, so only kommuner with a change are visited.
    A system the plan no longer schedules keeps the quarter it had. Returns how many connections moved.
    """
    quarters = {key: connection_quarter(q) for key, q in quarters.items() if q}
    if not quarters:
        return 0
    changes: dict[int, dict[int, str]] = defaultdict(dict)
    entries = ConnectionEntry.objects.exclude(phase__in=[*FINAL]).filter(
        kommun_id__in={k for k, _s in quarters}, system_id__in={s for _k, s in quarters}
    )
    for kommun_id, connection_id, system_id, current in entries.values_list(
        "kommun_id", "connection_id", "system_id", "planned_quarter"
    ):
        wanted = quarters.get((kommun_id, system_id))
        if wanted and wanted != current:
            changes[kommun_id][connection_id] = wanted
    moved = 0
    for kommun in Kommun.objects.filter(pk__in=changes.keys()):
        with tenant_context(kommun):
            for conn in Connection.objects.filter(pk__in=changes[kommun.pk]).select_related("system"):
                # actor None: the platform carries out the decided plan (the decision itself is audited).
                connection_set_planned_quarter(connection=conn, planned_quarter=changes[kommun.pk][conn.pk], actor=None)
                moved += 1
    return moved
