"""Benchmark of the consortium's start page with the state of the archive (make bench), after seed_scale's
290 kommuner x 50 systems, with connections in every phase and archived deliveries over the last year.

Figures: dashboard_ms_p50 (the start page as the förvaltning gets it), dashboard_queries, and
dashboard_ratio_vs_baseline against dashboard_baseline_ms_p50, a plain page of the same site in the same
run (goal <= 15).
"""

import random
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.deliveries_index.phases import BOARD_ORDER, Phase
from onboarding.portfolio.models import PortfolioEntry
from onboarding.scale import ensure_kommuner, seed_systems
from tests.benchmarks.pages import p50_ms

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=False)]

SCALE_KOMMUNER = 290
SCALE_SYSTEMS = 50
CONNECTIONS_PER_KOMMUN = 10
GOAL_RATIO = 15


@pytest.fixture(scope="module")
def archive_world(django_db_setup, django_db_blocker):
    """290 x 50 (seed_scale's code path, shared with the other benchmarks), plus ten connections a kommun in
    the index and an archived delivery for each archived one; those rows are removed afterwards, so the
    benchmarks that run later read the world they always did."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        rng = random.Random(290)
        kommuner = ensure_kommuner(SCALE_KOMMUNER, rng=rng)
        seed_systems(kommuner, SCALE_SYSTEMS, rng=rng)
        now = timezone.now()
        entries, handovers = [], []
        systems = PortfolioEntry.objects.filter(kommun__in=kommuner).values_list("kommun_id", "system_id", "name")
        by_kommun: dict[int, list] = {}
        for kommun_id, system_id, name in systems:
            by_kommun.setdefault(kommun_id, []).append((system_id, name))
        for kommun_id, rows in by_kommun.items():
            for n, (system_id, name) in enumerate(rows[:CONNECTIONS_PER_KOMMUN]):
                phase = BOARD_ORDER[rng.randrange(len(BOARD_ORDER))]
                size, files = rng.randrange(10**8, 5 * 10**10), rng.randrange(10, 50_000)
                entries.append(
                    ConnectionEntry(
                        kommun_id=kommun_id,
                        connection_id=900_000 + n,
                        system_id=system_id,
                        system_name=name,
                        phase=phase,
                        archived_bytes=size,
                        archived_files=files,
                    )
                )
                if phase == Phase.ARCHIVED:
                    when = now - timedelta(days=rng.randrange(365))
                    handovers.append(
                        HandOver(
                            uuid=uuid.uuid4(),
                            kommun_id=kommun_id,
                            delivery_id=900_000 + n,
                            connection_id=900_000 + n,
                            system_id=system_id,
                            system_name=name,
                            files=files,
                            bytes=size,
                            state=HandOver.State.ARCHIVED,
                            handed_over_at=when,
                            confirmed_at=when,
                        )
                    )
        ConnectionEntry.objects.bulk_create(entries)
        HandOver.objects.bulk_create(handovers)
        yield kommuner
        connection.set_schema_to_public()
        HandOver.objects.filter(pk__in=[h.pk for h in handovers]).delete()
        ConnectionEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()


def test_dashboard_at_scale(archive_world, forvaltare, consortium, client_for, bench_record):
    client = client_for(forvaltare, consortium)
    baseline = p50_ms(client, "/tillganglighet/")
    page = p50_ms(client, "/")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/").content.decode()
    assert "Läget i e-arkivet" in body
    ratio = round(page / baseline, 1) if baseline else None
    bench_record("dashboard_baseline_ms_p50", baseline)
    bench_record("dashboard_ms_p50", page)
    bench_record("dashboard_queries", len(queries.captured_queries))
    bench_record("dashboard_ratio_vs_baseline", ratio)
    verdict = "PASS" if ratio is not None and ratio <= GOAL_RATIO else "FAIL"
    print(f"dashboard_ratio_vs_baseline {ratio} ({page} ms vs {baseline} ms): {verdict} (goal <= {GOAL_RATIO})")
