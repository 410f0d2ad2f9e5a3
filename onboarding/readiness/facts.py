"""What the platform itself knows about a kommun's readiness, for many kommuner at once in a fixed number of
queries (never one per kommun): one aggregate over the public index tables, plus one UNION ALL over the
kommuner's delivery tables for the test deliveries (the index in public does not keep deliveries).

The index tables are totalled in PostgreSQL by one hand-written statement, not by the ORM: the kommun start page
reads it on every request, and composing three annotated querysets cost more Python than the page's SQL."""

from datetime import date

from django.db import connection
from django_tenants.utils import get_public_schema_name

from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.deliveries_index.phases import Phase, parse_quarter
from onboarding.inventory.choices import SystemStatus
from onboarding.portfolio.models import PortfolioEntry
from tenants.models import Kommun, Membership, Role

from .models import KommunPlan, PlatformCheck

# A connection in one of these phases has an approved submission agreement (the move to test delivery requires it).
AFTER_AGREEMENT = [Phase.TEST_DELIVERY, Phase.INSPECTION, Phase.PRODUCTION, Phase.ARCHIVED]
CONNECTED_PHASES = [Phase.PRODUCTION, Phase.ARCHIVED]
# Not an action of the checklist: the kommun has had its first connection (a production delivery or one archived).
CONNECTED = "ansluten"
PASSED_VALIDATION = [
    Delivery.State.VALID,
    Delivery.State.ACCEPTED,
    Delivery.State.HANDOVER_FAILED,
    Delivery.State.HANDED_OVER,
    Delivery.State.ARCHIVED,
]

# Per kommun: its portfolio (systems, drafts, submitted but not fully classified, ranked in a proposal), whether it
# has an arkivarie, and its connections (past the approved agreement, in production or archived, and the earliest
# planned quarter of one not cancelled; quarters compared without their dash, so '2026-Q4' and '2026Q1' sort as
# quarters do), the first connection the kommun itself has planned, and {test_delivery}: whether the kommun whose
# schema is current has a valid test delivery (FALSE for other kommuner, read by _valid_test_delivery). Kommuner
# without a row in a table get NULLs there.
_INDEX_FACTS = f"""
SELECT k.id, p.n, p.drafts, p.unclassified, p.ranked,
       EXISTS (SELECT 1 FROM {Membership._meta.db_table} m WHERE m.kommun_id = k.id AND m.role = %(arkivarie)s),
       c.agreed, c.connected, c.first,
       (SELECT first_connection FROM {KommunPlan._meta.db_table} kp WHERE kp.kommun_id = k.id),
       {{test_delivery}}
FROM unnest(%(ids)s::bigint[]) AS k(id)
LEFT JOIN (
    SELECT kommun_id, COUNT(*) AS n,
           COUNT(*) FILTER (WHERE status = %(draft)s) AS drafts,
           COUNT(*) FILTER (WHERE status <> %(draft)s
                            AND (confidentiality IS NULL OR integrity IS NULL OR availability IS NULL)) AS unclassified,
           COUNT(*) FILTER (WHERE proposal_rank IS NOT NULL) AS ranked
    FROM {PortfolioEntry._meta.db_table} WHERE kommun_id = ANY(%(ids)s) GROUP BY kommun_id
) p ON p.kommun_id = k.id
LEFT JOIN (
    SELECT kommun_id,
           COUNT(*) FILTER (WHERE phase = ANY(%(agreed)s)) AS agreed,
           COUNT(*) FILTER (WHERE phase = ANY(%(connected)s)) AS connected,
           MIN(REPLACE(UPPER(planned_quarter), '-', '')) FILTER (WHERE planned_quarter <> '' AND phase <> %(cancelled)s)
               AS first
    FROM {ConnectionEntry._meta.db_table} WHERE kommun_id = ANY(%(ids)s) GROUP BY kommun_id
) c ON c.kommun_id = k.id
"""


# The current schema's own delivery table (search_path): only for the kommun whose site this is.
_OWN_TEST_DELIVERY = (
    f"EXISTS (SELECT 1 FROM {Delivery._meta.db_table} WHERE kind = %(test)s AND state = ANY(%(passed)s))"
)


def _index_facts(ids: list[int], *, own_schema: bool) -> tuple[dict[int, set[str]], dict[int, date]]:
    """The facts the public index tables give, and the first connections' dates: one query. With `own_schema` (the
    one kommun is the current schema's) also its valid test delivery."""
    params = {
        "test": Delivery.Kind.TEST,
        "passed": [str(state) for state in PASSED_VALIDATION],
        "ids": ids,
        "arkivarie": Role.ARKIVARIE,
        "draft": SystemStatus.DRAFT,
        "agreed": [str(p) for p in AFTER_AGREEMENT],
        "connected": [str(p) for p in CONNECTED_PHASES],
        "cancelled": Phase.CANCELLED,
    }
    with connection.cursor() as cursor:
        cursor.execute(_INDEX_FACTS.format(test_delivery=_OWN_TEST_DELIVERY if own_schema else "FALSE"), params)
        rows = cursor.fetchall()
    facts, planned = {}, {}
    for kommun_id, n, drafts, unclassified, ranked, arkivarie, agreed, connected, first, own_plan, tested in rows:
        found = facts[kommun_id] = set()
        if tested:
            found.add(PlatformCheck.TEST_DELIVERY_VALID)
        if n and not drafts:
            found.add(PlatformCheck.INVENTORY_SUBMITTED)
        if n and n > drafts and not unclassified:
            found.add(PlatformCheck.CLASSIFIED)
        if ranked:
            found.add(PlatformCheck.PROPOSAL_MADE)
        if arkivarie:
            found.add(PlatformCheck.ARKIVARIE_APPOINTED)
        if agreed:
            found.add(PlatformCheck.AGREEMENT_APPROVED)
        if connected:
            found.add(CONNECTED)
        parsed = parse_quarter(first or "")
        if own_plan is not None:
            planned[kommun_id] = own_plan
        elif parsed:
            planned[kommun_id] = date(parsed[0], 3 * parsed[1] - 2, 1)
    return facts, planned


def _with_delivery_table(kommuner: list[Kommun], cursor) -> list[tuple[int, str]]:
    """(id, schema) of the kommuner whose delivery table exists: a kommun being provisioned does not break the
    page."""
    cursor.execute(
        f"SELECT k.id, k.schema_name FROM {Kommun._meta.db_table} k "
        "JOIN pg_namespace n ON n.nspname = k.schema_name "
        "JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = %s "
        "WHERE k.id = ANY(%s) ORDER BY k.id",
        [Delivery._meta.db_table, [k.pk for k in kommuner]],
    )
    return cursor.fetchall()


def _valid_test_delivery(kommuner: list[Kommun]) -> set[int]:
    """The kommuner with a test delivery that passed validation: one query over their schemas (only those whose
    delivery table exists, found by a first query)."""
    if not kommuner:
        return set()
    table = Delivery._meta.db_table
    with connection.cursor() as cursor:
        present = _with_delivery_table(kommuner, cursor)
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


def platform_facts(kommuner: list[Kommun]) -> tuple[dict[int, set[str]], dict[int, date]]:
    """({kommun_id: the PlatformCheck values that hold, and CONNECTED once the kommun is connected},
    {kommun_id: its first connection's date: the one the kommun planned (KommunPlan), else the first day of the
    plan's first quarter for one of its connections}): three queries whatever the number of kommuner, one on a
    kommun's own site (the kommun is the current schema's)."""
    if not kommuner:
        return {}, {}
    own_schema = len(kommuner) == 1 and kommuner[0].schema_name == connection.schema_name != get_public_schema_name()
    facts, planned = _index_facts([k.pk for k in kommuner], own_schema=own_schema)
    if not own_schema:
        for kommun_id in _valid_test_delivery(kommuner):
            facts[kommun_id].add(PlatformCheck.TEST_DELIVERY_VALID)
    return facts, planned
