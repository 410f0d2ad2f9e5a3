"""Reads of the catalogue and the portfolio index."""

import difflib
import gc
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connection

from .models import PortfolioEntry, Product
from .normalize import normalize_name

SIMILARITY = 0.8


def _similar(a: str, b: str) -> float:
    """1.0 for equal names; high when one name's words are all in the other ("procapita" in "procapita voo")."""
    if a == b:
        return 1.0
    tokens_a, tokens_b = set(a.split()), set(b.split())
    if tokens_a and tokens_b and (tokens_a <= tokens_b or tokens_b <= tokens_a):
        return 0.9
    compact_a, compact_b = a.replace(" ", ""), b.replace(" ", "")
    if compact_a == compact_b:
        return 0.95
    return difflib.SequenceMatcher(None, compact_a, compact_b).ratio()


def product_similar(name: str, *, limit: int = 5) -> list[Product]:
    """Existing products whose name is close to `name`, closest first (the catalogue is small: hundreds)."""
    wanted = normalize_name(name)
    if not wanted:
        return []
    scored = []
    for product in Product.objects.only("id", "name", "vendor"):
        score = _similar(wanted, normalize_name(product.name))
        if score >= SIMILARITY:
            scored.append((-score, product.name, product))
    scored.sort(key=lambda row: row[:2])
    return [row[2] for row in scored[:limit]]


def product_suggest(query: str, *, limit: int = 10) -> list[Product]:
    """Suggestions while typing: names containing the text first, then near matches."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    found = list(Product.objects.filter(name__icontains=query).order_by("name", "vendor")[:limit])
    for product in product_similar(query, limit=limit):
        if len(found) >= limit:
            break
        if product not in found:
            found.append(product)
    return found


# The facts of a system that cross-kommun work (prioritisation, the plan, reports) reads for every row.
PORTFOLIO_FACTS = (
    "kommun_id",
    "system_id",
    "name",
    "product_id",
    "status",
    "confidentiality",
    "integrity",
    "availability",
    "personal_data",
    "sensitive_personal_data",
    "decommission_date",
    "export_capability",
    "total_mb",
    "preserved_mb",
    "proposal_rank",
    "first_choice",
)


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while a big result is turned into tuples.

    Fetching 14,500 rows allocates 14,500 tuples, which triggers dozens of collections that
    walk the young objects (and now and then the whole heap); tuples of numbers, strings,
    dates and decimals cannot form reference cycles, so the collector has nothing to find.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def portfolio_rows(*, columns: tuple[str, ...] = PORTFOLIO_FACTS, kommun_ids: list[int] | None = None) -> list[tuple]:
    """Every kommun's systems as plain tuples of `columns` (in that order): one query on the public index.

    Volumes come as whole MB (total_mb, preserved_mb; see models.gb_from_mb and preserved_share).

    The read path for "all rows of the index" (14,500 rows at 290 kommuner x 50 systems), for
    callers that compute over every system (prioritisation, the plan): no model instances, no
    join, no ORDER BY the caller did not ask for, only the columns asked for, and all rows
    taken from the cursor at once instead of the ORM's chunks of 100, volumes as integers.
    Measured at 290 x 50, what is left is about 70 ns per value, half of it PostgreSQL writing
    and sending the value, half psycopg2 converting it (tests/benchmarks/test_bench_onboarding.py).
    Callers that only need counts or sums per kommun or product should aggregate in SQL instead.

    The index only holds rows of member kommuner (`index_upsert` refuses the consortium schema),
    so no join on the kommun table is needed to leave the consortium out.
    """
    unknown = set(columns) - set(PORTFOLIO_FACTS)
    if unknown:
        raise ValueError(f"Not a portfolio fact: {', '.join(sorted(unknown))}")
    qs = PortfolioEntry.objects.order_by()
    if kommun_ids is not None:
        qs = qs.filter(kommun_id__in=kommun_ids)
    try:
        sql, params = qs.values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # kommun_ids=[]: nothing can match, and no query is needed to know it
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        with _gc_paused():
            return cursor.fetchall()
