"""Benchmarks of onboarding (make bench): the kommun's system list, a 2,000-row import, the portfolio index.

Figures: system_list_ms_p50, system_list_queries, import_2000_s, portfolio_index_read_ms,
portfolio_loop_ms and portfolio_ratio_loop_vs_index (goal >= 20), portfolio_copy_ms (PostgreSQL's own
output of the same rows: `COPY (the index query) TO STDOUT`) and portfolio_index_ratio_vs_copy (the index
read / that floor, goal <= 2.5), all measured in the same run.
"""

import io
import random
import statistics
import time
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from openpyxl import Workbook

from onboarding.inventory.columns import ALL_COLUMNS
from onboarding.models import System
from onboarding.portfolio.models import PortfolioEntry, mb_from_gb
from onboarding.portfolio.selectors import portfolio_rows
from onboarding.scale import seed_systems
from onboarding.services.imports import import_inventory
from tenants.models import Kommun
from tests.benchmarks.scale import SCALE_KOMMUNER, SCALE_SYSTEMS

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=False)]

LIST_SYSTEMS = 2000
COPY_RATIO_GOAL = 2.5
IMPORT_ROWS = 2000


def test_system_list_with_2000_systems(lund, kontakt_lund, client_for, bench_record):
    seed_systems([lund], LIST_SYSTEMS, rng=random.Random(1))
    client = client_for(kontakt_lund, lund)
    client.get("/system/")  # warm up (templates, caches)
    timings = []
    for _ in range(9):
        start = time.perf_counter()
        response = client.get("/system/?sort=-avveckling")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/system/?sort=-avveckling")
    bench_record("system_list_ms_p50", round(statistics.median(timings), 1))
    bench_record("system_list_queries", len(queries.captured_queries))


def _import_file(rows: int) -> bytes:
    rng = random.Random(7)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "System"
    headings = [c.heading for c in ALL_COLUMNS]
    sheet.append(headings)
    products = [("Public 360°", "Tieto Evry"), ("Treserva", "CGI"), ("ByggR", "Sokigo"), ("Heroma", "CGI")]
    for index in range(rows):
        product, vendor = products[index % len(products)]
        values = {
            "Systemnamn": f"System {index:04d}",
            "Produkt": product,
            "Leverantör": vendor,
            "Arkivbildare (nämnd)": "Kommunstyrelsen",
            "Personuppgifter": rng.choice(["ja", "nej", "okänt"]),
            "Konfidentialitet (K)": rng.randint(0, 4),
            "Exportmöjlighet": "XML",
            "Informationstyp": "Ärenden",
            "Bevarande": "bevaras",
            "Från år": 2001,
            "Volym (GB)": rng.randint(1, 500),
        }
        sheet.append([values.get(h) for h in headings])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_import_2000_rows(bjuv, bench_record):
    data = _import_file(IMPORT_ROWS)
    with tenant_context(bjuv):
        start = time.perf_counter()
        result = import_inventory(data, "inventering.xlsx", actor=None)
        elapsed = time.perf_counter() - start
        assert result.saved and result.summary["new"] == IMPORT_ROWS
        assert System.objects.count() == IMPORT_ROWS
    bench_record("import_2000_s", round(elapsed, 2))


def test_portfolio_index_vs_loop_over_schemas(scale_world, bench_record):
    """The facts a cross-kommun page needs, for every system: from the index vs a loop over the schemas.

    Both sides produce the same rows (system, product, status, K/R/T, personal data, decommission,
    export, total and preserved volume); the loop must aggregate information types in each schema.
    The index side is the platform's read path for all rows, `portfolio_rows` (one query, plain tuples).
    """
    kommuner = sorted(Kommun.objects.members(), key=lambda k: k.name)
    assert len(kommuner) >= SCALE_KOMMUNER
    facts = ["name", "product_id", "status", "confidentiality", "integrity", "availability", "personal_data",
             "sensitive_personal_data", "decommission_date", "export_capability"]  # fmt: skip
    index_columns = ("kommun_id", "system_id", *facts, "total_mb", "preserved_mb", "proposal_rank")

    def read_index():
        # The whole index, as a cross-kommun computation reads it: one query, no join.
        return portfolio_rows(columns=index_columns)

    def copy_floor():
        # PostgreSQL's own output of the same query's rows (text COPY into memory): no per-value conversion.
        sql, params = PortfolioEntry.objects.order_by().values_list(*index_columns).query.sql_with_params()
        out = io.StringIO()
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY ({cursor.mogrify(sql, params).decode()}) TO STDOUT", out)
        return out.getvalue().count("\n")

    def loop_schemas():
        rows = []
        for kommun in kommuner:
            with tenant_context(kommun):
                rows.extend(
                    System.objects.annotate(
                        total_gb=Sum("information_types__volume_gb"),
                        preserved_gb=Sum(
                            "information_types__volume_gb", filter=Q(information_types__retention="bevaras")
                        ),
                    ).values_list("id", *facts, "total_gb", "preserved_gb", "proposal_rank")
                )
        return rows

    index_rows, loop_rows = read_index(), loop_schemas()
    # The same facts on both sides (untimed): system, product, status, K/R/T, personal data, decommission,
    # export, and the volumes (the index keeps whole MB, the kommun's tables GB with two decimals).
    assert Counter((*r[2:12], r[12], r[13]) for r in index_rows) == Counter(
        (*r[1:11], mb_from_gb(r[11]), mb_from_gb(r[12])) for r in loop_rows
    )
    index_times, loop_times, copy_times = [], [], []
    counts = (len(index_rows), len(loop_rows))
    assert copy_floor() == counts[0]
    for _ in range(5):
        # Free the previous round's rows before the clock starts: time the reads, not the clean-up.
        index_rows = loop_rows = None
        start = time.perf_counter()
        index_rows = read_index()
        index_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        loop_rows = loop_schemas()
        loop_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        copied = copy_floor()
        copy_times.append((time.perf_counter() - start) * 1000)
        assert (len(index_rows), len(loop_rows), copied) == (*counts, counts[0])
    assert counts[0] == counts[1] >= SCALE_KOMMUNER * SCALE_SYSTEMS
    index_ms, loop_ms = statistics.median(index_times), statistics.median(loop_times)
    bench_record("portfolio_index_read_ms", round(index_ms, 1))
    bench_record("portfolio_loop_ms", round(loop_ms, 1))
    bench_record("portfolio_ratio_loop_vs_index", round(loop_ms / index_ms, 1))
    copy_ms = statistics.median(copy_times)
    bench_record("portfolio_copy_ms", round(copy_ms, 1))
    bench_record("portfolio_index_ratio_vs_copy", round(index_ms / copy_ms, 2))
    verdict = "PASS" if index_ms / copy_ms <= COPY_RATIO_GOAL else "FAIL"
    print(
        f"\nportfolio index read {index_ms:.1f} ms vs COPY {copy_ms:.1f} ms: {index_ms / copy_ms:.2f} "
        f"(goal <= {COPY_RATIO_GOAL}): {verdict}"
    )
