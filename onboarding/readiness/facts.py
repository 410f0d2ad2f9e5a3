"""What the platform itself knows about a kommun's readiness, for many kommuner at once in a fixed number of
queries (never one per kommun): the public index tables, plus one UNION ALL over the kommuner's delivery tables
for the test deliveries (the index in public does not keep deliveries)."""

from datetime import date

from django.db import connection
from django.db.models import Count, F, Min, Q, Value
from django.db.models.functions import Replace, Upper

from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import Phase, parse_quarter
from onboarding.inventory.choices import SystemStatus
from onboarding.portfolio.models import PortfolioEntry
from tenants.models import Kommun, Membership, Role

from .models import PlatformCheck

# A connection in one of these phases has an approved submission agreement (the move to test delivery requires it).
AFTER_AGREEMENT = [Phase.TEST_DELIVERY, Phase.INSPECTION, Phase.PRODUCTION, Phase.ARCHIVED]
# Not an action of the checklist: the kommun has had its first connection (a production delivery or one archived).
CONNECTED = "ansluten"
PASSED_VALIDATION = [
    Delivery.State.VALID,
    Delivery.State.ACCEPTED,
    Delivery.State.HANDOVER_FAILED,
    Delivery.State.HANDED_OVER,
    Delivery.State.ARCHIVED,
]


def _with_arkivarie(ids: list[int]) -> set[int]:
    rows = Membership.objects.filter(kommun_id__in=ids, role=Role.ARKIVARIE).values_list("kommun_id", flat=True)
    return set(rows.distinct())


def _portfolio(ids: list[int]) -> dict[int, set[str]]:
    submitted = ~Q(status=SystemStatus.DRAFT)
    unclassified = Q(confidentiality__isnull=True) | Q(integrity__isnull=True) | Q(availability__isnull=True)
    rows = (
        PortfolioEntry.objects.filter(kommun_id__in=ids)
        .values("kommun_id")
        .annotate(
            n=Count("id"),
            drafts=Count("id", filter=~submitted),
            unclassified=Count("id", filter=submitted & unclassified),
            ranked=Count("id", filter=Q(proposal_rank__isnull=False)),
        )
        .order_by()
    )
    found: dict[int, set[str]] = {}
    for row in rows:
        facts = found.setdefault(row["kommun_id"], set())
        if row["n"] and not row["drafts"]:
            facts.add(PlatformCheck.INVENTORY_SUBMITTED)
        if row["n"] > row["drafts"] and not row["unclassified"]:
            facts.add(PlatformCheck.CLASSIFIED)
        if row["ranked"]:
            facts.add(PlatformCheck.PROPOSAL_MADE)
    return found


def _valid_test_delivery(ids: list[int]) -> set[int]:
    """The kommuner with a test delivery that passed validation: one query over their schemas (only those whose
    delivery table exists, found by a first query, so a kommun being provisioned does not break the page)."""
    if not ids:
        return set()
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k.id, k.schema_name FROM {Kommun._meta.db_table} k "
            "JOIN pg_namespace n ON n.nspname = k.schema_name "
            "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = %s "
            "WHERE k.id = ANY(%s) ORDER BY k.id",
            [table, ids],
        )
        present = cursor.fetchall()
        if not present:
            return set()
        quote = connection.ops.quote_name
        states = ", ".join(["%s"] * len(PASSED_VALIDATION))
        parts = [
            f"(SELECT {int(kommun_id)}::bigint FROM {quote(schema)}.{quote(table)} "
            f"WHERE kind = %s AND state IN ({states}) LIMIT 1)"
            for kommun_id, schema in present
        ]
        params = [value for _ in present for value in [Delivery.Kind.TEST, *PASSED_VALIDATION]]
        cursor.execute(" UNION ALL ".join(parts), params)
        return {row[0] for row in cursor.fetchall()}


def _connections(ids: list[int]) -> dict[int, tuple[bool, bool, date | None]]:
    """{kommun_id: (has a connection past its approved agreement, has one in production or archived, the first day
    of the earliest quarter the plan gives one of its connections)}: one query. Quarters are compared without their
    dash, so '2026-Q4' and '2026Q1' sort as quarters do."""
    quarter = Replace(Upper(F("planned_quarter")), Value("-"), Value(""))
    planned = ~Q(planned_quarter="") & ~Q(phase=Phase.CANCELLED)
    rows = (
        ConnectionEntry.objects.filter(kommun_id__in=ids)
        .values("kommun_id")
        .annotate(
            agreed=Count("id", filter=Q(phase__in=AFTER_AGREEMENT)),
            connected=Count("id", filter=Q(phase__in=[Phase.PRODUCTION, Phase.ARCHIVED])),
            first=Min(quarter, filter=planned),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        parsed = parse_quarter(row["first"] or "")
        first = date(parsed[0], 3 * parsed[1] - 2, 1) if parsed else None
        result[row["kommun_id"]] = (bool(row["agreed"]), bool(row["connected"]), first)
    return result


def platform_facts(kommuner: list[Kommun]) -> tuple[dict[int, set[str]], dict[int, date]]:
    """({kommun_id: the PlatformCheck values that hold, and CONNECTED once the kommun is connected},
    {kommun_id: the plan's first quarter's first day}): five queries whatever the number of kommuner."""
    ids = [k.pk for k in kommuner]
    facts = {kommun_id: set() for kommun_id in ids}
    for kommun_id, found in _portfolio(ids).items():
        facts[kommun_id] |= found
    for kommun_id in _with_arkivarie(ids):
        facts[kommun_id].add(PlatformCheck.ARKIVARIE_APPOINTED)
    planned = {}
    for kommun_id, (agreed, connected, first) in _connections(ids).items():
        if agreed:
            facts[kommun_id].add(PlatformCheck.AGREEMENT_APPROVED)
        if connected:
            facts[kommun_id].add(CONNECTED)
        if first is not None:
            planned[kommun_id] = first
    for kommun_id in _valid_test_delivery(ids):
        facts[kommun_id].add(PlatformCheck.TEST_DELIVERY_VALID)
    return facts, planned
