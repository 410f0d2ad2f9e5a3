"""The benchmarks' world: seed_scale's 290 kommuner x 50 systems (its code path), committed and settled."""

import os
import random

from django.db import connection

from onboarding.scale import ensure_kommuner, seed_systems, settle
from tenants.models import Kommun

# BENCH_KOMMUNER / BENCH_SYSTEMS build a smaller world while iterating; report figures at 290 x 50 only.
SCALE_KOMMUNER = int(os.environ.get("BENCH_KOMMUNER", "290"))
SCALE_SYSTEMS = int(os.environ.get("BENCH_SYSTEMS", "50"))


def build_scale_world() -> list[Kommun]:
    """The kommuner (created when missing) with their systems, settled by VACUUM ANALYZE as seed_scale does."""
    connection.set_schema_to_public()
    rng = random.Random(290)
    kommuner = ensure_kommuner(SCALE_KOMMUNER, rng=rng)
    seed_systems(kommuner, SCALE_SYSTEMS, rng=rng)
    settle(kommuner)
    return kommuner
