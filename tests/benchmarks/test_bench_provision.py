"""Benchmark: provisioning a kommun, against bare django-tenants in the same run (`make bench`).

Figures recorded with `bench_record`:

* `provision_s_median`: median seconds of `tenants.services.kommun_create` (validation, schema,
  tenant migrations, domain, population, audit) over 50 real kommuner created in a row;
* `provision_bare_s_median`: median seconds of django-tenants alone creating a schema and running
  the migrations its default way (`TenantMixin.create_schema` with Django's own `migrate`, not the platform's
  `Kommun.create_schema`, which records the shared apps' no-op migrations first, tenants/provisioning.py, nor
  its migrate that reuses the rendered state, tenants/migrate_command.py), for as many fresh schemas;
* `provision_ratio_vs_bare`: the two divided. Goal: <= 1.2 (the platform adds at most 20 %); below 1
  since the platform's schema creation skips the no-op migrations that django-tenants' default runs.

Platform and bare runs alternate, so the catalogue growing with every schema (and any drift of the
machine) weighs on both alike.
"""

import statistics
import time

import pytest
from django.apps import apps
from django.db import connection
from django.test import override_settings
from django_tenants.models import TenantMixin

from tenants.demo import subdomain_for
from tenants.models import Kommun
from tenants.reference import swedish_kommuner
from tenants.services import kommun_create

pytestmark = [
    pytest.mark.bench,
    # Every creation is committed, as in production (and one transaction could not hold 100 schemas' locks).
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]

N_KOMMUNER = 50
DJANGO_MIGRATE = "django.core.management.commands.migrate.Command"
RATIO_GOAL = 1.2


def _fresh_kommuner(count: int) -> list[tuple[str, str, str]]:
    """(kommunkod, name, subdomain) of real kommuner that are not in the database yet."""
    taken_codes = set(Kommun.objects.exclude(kommunkod=None).values_list("kommunkod", flat=True))
    taken_subdomains = set(Kommun.objects.values_list("subdomain", flat=True))
    chosen = []
    for code, name in sorted(swedish_kommuner().items()):
        subdomain = subdomain_for(name)
        if code in taken_codes or subdomain in taken_subdomains:
            continue
        taken_subdomains.add(subdomain)
        chosen.append((code, name, subdomain))
        if len(chosen) == count:
            return chosen
    raise AssertionError(f"only {len(chosen)} unused kommuner, {count} needed")


def _provision(code: str, name: str, subdomain: str) -> float:
    started = time.perf_counter()
    kommun_create(kommunkod=code, name=name, subdomain=subdomain, population={2024: 10_000 + int(code)}, actor=None)
    return time.perf_counter() - started


def _bare(schema_name: str) -> float:
    started = time.perf_counter()
    with override_settings(TENANT_BASE_MIGRATE_COMMAND=DJANGO_MIGRATE):  # django-tenants' default, all of it
        TenantMixin.create_schema(Kommun(schema_name=schema_name), check_if_exists=False, verbosity=0)
    return time.perf_counter() - started


def test_bench_provision_50_kommuner(bench_record):
    # One extra pair warms up the migration loader and the imports; it is not counted.
    kommuner = _fresh_kommuner(N_KOMMUNER + 1)
    created_schemas: list[str] = []
    platform_s: list[float] = []
    bare_s: list[float] = []
    try:
        for index, (code, name, subdomain) in enumerate(kommuner):
            bare_schema = f"bare_{code}"
            runs = [("platform", subdomain.replace("-", "_")), ("bare", bare_schema)]
            if index % 2:
                runs.reverse()  # alternate which one goes first
            for kind, schema in runs:
                created_schemas.append(schema)
                seconds = _provision(code, name, subdomain) if kind == "platform" else _bare(schema)
                if index > 0:
                    (platform_s if kind == "platform" else bare_s).append(seconds)
        assert Kommun.objects.filter(kommunkod__in=[code for code, _, _ in kommuner]).count() == N_KOMMUNER + 1
    finally:
        # The rows go with the flush after this transactional test (the audit trail refuses DELETE).
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            for schema in created_schemas:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    median, bare_median = statistics.median(platform_s), statistics.median(bare_s)
    ratio = median / bare_median
    bench_record("provision_n", N_KOMMUNER)
    bench_record("provision_s_median", median)
    bench_record("provision_bare_s_median", bare_median)
    bench_record("provision_ratio_vs_bare", ratio)
    verdict = "PASS" if ratio <= RATIO_GOAL else "FAIL"
    print(
        f"\nprovisioning {N_KOMMUNER} kommuner: median {median:.3f} s (min {min(platform_s):.3f}, "
        f"max {max(platform_s):.3f}); bare django-tenants {bare_median:.3f} s; "
        f"ratio {ratio:.3f} (goal <= {RATIO_GOAL}): {verdict}"
    )
