"""Filling a database for benchmarks: many kommuner, each with many realistic systems (used by seed_scale).

Systems are bulk-inserted (no audit events: this is synthetic load, not anyone's work), and their
portfolio index rows are written in the same transaction, as the services would.
"""

import random
from datetime import date

from django.db import connection, transaction
from django.db.models import Count
from django_tenants.utils import tenant_context

from tenants.demo import subdomain_for
from tenants.models import Kommun
from tenants.reference import swedish_kommuner
from tenants.services import kommun_create

from .catalogue import AREAS, pick_product
from .completeness import completeness
from .demo import system_facts
from .models import InformationType, System
from .portfolio.models import PortfolioEntry, Product
from .portfolio.normalize import product_key
from .services.portfolio_index import index_values

UNITS = [
    "centralt",
    "förvaltningen",
    "enhet 2",
    "projekt",
    "gamla",
    "arkivkopia",
    "test",
    "region",
    "extern",
    "bolaget",
    "nämnden",
    "fältet",
]
STATUSES = ["utkast", "inskickad", "komplettering", "klar"]
LONG_TAIL_SHARE = 0.3


def ensure_kommuner(count: int, *, rng: random.Random, log=None) -> list[Kommun]:
    """The first `count` of Sweden's 290 kommuner (by SCB code), created when missing."""
    wanted = sorted(swedish_kommuner().items())[:count]
    existing = {k.kommunkod: k for k in Kommun.objects.members()}
    taken = set(Kommun.all_objects.values_list("subdomain", flat=True))
    kommuner = []
    for index, (code, name) in enumerate(wanted):
        kommun = existing.get(code)
        if kommun is None:
            subdomain = subdomain_for(name)
            if subdomain in taken:
                subdomain = f"{subdomain}-{code}"
            kommun = kommun_create(
                kommunkod=code, name=name, subdomain=subdomain, population={2024: rng.randint(2500, 990000)}, actor=None
            )
            taken.add(subdomain)
            if log and index % 25 == 0:
                log(f"  {index + 1}/{count} kommuner ({name})")
        kommuner.append(kommun)
    return kommuner


def _products(rng: random.Random, per_kommun: int, count: int) -> list[list[tuple[str, str, str]]]:
    """Per kommun, a list of (system name, product, vendor): popular products from the catalogue, plus a long tail."""
    plans = []
    for _ in range(count):
        rows = []
        names = set()
        for index in range(per_kommun):
            area = AREAS[index % len(AREAS)]
            name = area.system_name if index < len(AREAS) else f"{area.system_name} ({rng.choice(UNITS)} {index})"
            if index >= len(AREAS) and rng.random() < LONG_TAIL_SHARE:
                number = rng.randint(1, 2000)
                product, vendor = f"{area.system_name.split()[0]} {number}", f"Leverantör {number % 300}"
            else:
                product, vendor = pick_product(rng, area)
            if name in names:
                continue
            names.add(name)
            rows.append((name, product, vendor, area))
        plans.append(rows)
    return plans


def ensure_products(pairs: set[tuple[str, str]]) -> dict[str, int]:
    keys = {product_key(name, vendor): (name, vendor) for name, vendor in pairs}
    Product.objects.bulk_create(
        [Product(name=n, vendor=v, key=k) for k, (n, v) in keys.items()], ignore_conflicts=True, batch_size=1000
    )
    return dict(Product.objects.filter(key__in=keys).values_list("key", "id"))


def seed_systems(kommuner: list[Kommun], per_kommun: int, *, rng: random.Random, log=None) -> int:
    """Give each kommun `per_kommun` systems (a kommun that already has that many is left alone)."""
    plans = _products(rng, per_kommun, len(kommuner))
    product_ids = ensure_products({(p, v) for rows in plans for _n, p, v, _a in rows})
    have = _counts(kommuner)
    created = 0
    today = date.today()
    for index, (kommun, rows) in enumerate(zip(kommuner, plans, strict=True)):
        if have.get(kommun.pk, 0) >= per_kommun:
            continue
        with tenant_context(kommun), transaction.atomic():
            existing = {(n.casefold(), p) for n, p in System.objects.values_list("name", "product_id")}
            systems, infos = [], []
            for name, product, vendor, area in rows:
                product_id = product_ids[product_key(product, vendor)]
                if (name.casefold(), product_id) in existing:
                    continue
                data, info_rows = system_facts(rng, area, kommun, today)
                data.update(name=name, product_id=product_id, status=rng.choice(STATUSES))
                systems.append(System(**data))
                infos.append(info_rows)
            System.objects.bulk_create(systems, batch_size=500)
            info_objects = [
                InformationType(system=s, **row) for s, rows_ in zip(systems, infos, strict=True) for row in rows_
            ]
            InformationType.objects.bulk_create(info_objects, batch_size=1000)
            by_system: dict[int, list] = {}
            for info in info_objects:
                by_system.setdefault(info.system_id, []).append(info)
            entries = []
            for system in systems:
                its = by_system.get(system.pk, [])
                values = index_values(system, its, completeness(system, its).done)
                entries.append(PortfolioEntry(kommun=kommun, system_id=system.pk, **values))
            PortfolioEntry.objects.bulk_create(entries, batch_size=1000)
            created += len(systems)
        if log and index % 25 == 0:
            log(f"  {index + 1}/{len(kommuner)} kommuner har system")
    return created


def _counts(kommuner) -> dict[int, int]:
    rows = PortfolioEntry.objects.filter(kommun__in=kommuner).values("kommun_id").annotate(n=Count("id"))
    return {row["kommun_id"]: row["n"] for row in rows}


def settle(kommuner: list[Kommun]) -> None:
    """VACUUM (ANALYZE) the tables a bulk load filled: the index and each kommun's systems.

    What autovacuum does to a production database soon after a load: statistics for the planner,
    and pages marked all-visible, so a scan need not check every row's visibility. (This machine's
    PostgreSQL runs with autovacuum off, so without it the benchmarks would read unsettled tables.)
    VACUUM cannot run inside a transaction; there (a test's transaction) nothing is committed to
    settle yet, so it does nothing.
    """
    if connection.in_atomic_block:
        return
    tables = [PortfolioEntry._meta.db_table, System._meta.db_table, InformationType._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM (ANALYZE) "public"."{tables[0]}"')
        for kommun in kommuner:
            for table in tables[1:]:
                cursor.execute(f'VACUUM (ANALYZE) "{kommun.schema_name}"."{table}"')
