"""Benchmark: a deploy's `migrate_schemas` over 290 kommuner, multiprocessing next to standard (make bench).

The deploy: a new migration of a tenant table (`onboarding.System`) with one AddField and one AddIndex.
It is written into a copy of onboarding's migrations in a temporary folder, never into the app:
`tests/benchmarks/deploy_settings.py` points MIGRATION_MODULES at the copy. Each executor runs
`manage.py migrate_schemas --tenant --executor=<it>` as a deploy does (its own process, Django's start
included) on the same 290 x 50 world; between the runs the column, its index and the migration's record
are removed again from every schema, so both migrate the same thing.

Figures: `migrate_290_s` (multiprocessing, as the README's deploy does), `migrate_290_standard_s`,
`migrate_290_ratio_mp_vs_standard` (goal <= 0.6, and migrate_290_s <= 60), `migrate_290_cpu_s` and
`migrate_290_standard_cpu_s` (CPU seconds of the command and its processes: on a machine shared with
other work, wall time is CPU time stretched by the contention), `migrate_290_kommuner` and
`migrate_290_processes` (TENANT_MULTIPROCESSING_MAX_PROCESSES of the run, default: the cores).
"""

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from tenants.models import Kommun
from tests.benchmarks.rawdb import autocommit_cursor
from tests.celery_worker import worker_database_url

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=False)]

BASE_DIR = Path(settings.BASE_DIR)
PACKAGE = "bench_deploy_onboarding_migrations"
MIGRATION = "9999_bench_deploy_note"
COLUMN, INDEX = "bench_deploy_note", "bench_deploy_note_idx"
RATIO_GOAL, SECONDS_GOAL = 0.6, 60
TIMEOUT = 1800

MIGRATION_SOURCE = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("onboarding", "{leaf}")]
    operations = [
        migrations.AddField("system", "{column}", models.CharField(max_length=40, blank=True, default="")),
        migrations.AddIndex("system", models.Index(fields=["{column}"], name="{index}")),
    ]
"""


def _migrations_copy(folder: Path) -> Path:
    """onboarding's migrations as they are, plus the deploy's new one after the latest."""
    package = folder / PACKAGE
    shutil.copytree(BASE_DIR / "onboarding" / "migrations", package, ignore=shutil.ignore_patterns("__pycache__"))
    (leaf,) = [name for app, name in MigrationLoader(None).graph.leaf_nodes("onboarding")]
    source = MIGRATION_SOURCE.format(leaf=leaf, column=COLUMN, index=INDEX)
    (package / f"{MIGRATION}.py").write_text(source, encoding="utf-8")
    return folder


def _migrate(executor: str, folder: Path, processes: int) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, of the command and its pool's processes)."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_TEST_NAME"},
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.deploy_settings",
        "BENCH_DEPLOY_MIGRATIONS": PACKAGE,
        "TENANT_MULTIPROCESSING_MAX_PROCESSES": str(processes),
        "PYTHONPATH": os.pathsep.join([str(folder), str(BASE_DIR)]),
    }
    command = [sys.executable, "manage.py", "migrate_schemas", "--tenant", f"--executor={executor}", "-v", "0"]
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, f"migrate_schemas --executor={executor} failed:\n{done.stdout}\n{done.stderr}"
    return seconds, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _applied(schemas: list[str]) -> int:
    """In how many schemas the deploy is complete: the column, its index and the migration's record."""
    with autocommit_cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM pg_indexes i
                 JOIN information_schema.columns c ON c.table_schema = i.schemaname AND c.table_name = i.tablename
                WHERE i.indexname = %s AND c.column_name = %s AND i.schemaname = ANY(%s)""",
            [INDEX, COLUMN, schemas],
        )
        indexed = cursor.fetchone()[0]
        recorded = 0
        for schema in schemas:
            cursor.execute(f'SELECT count(*) FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
                           ["onboarding", MIGRATION])  # fmt: skip
            recorded += cursor.fetchone()[0]
    return min(indexed, recorded)


def _undo(schemas: list[str]) -> None:
    # Committed at once (not in the test's transaction, whose locks would stop migrate_schemas).
    with autocommit_cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'ALTER TABLE "{schema}".onboarding_system DROP COLUMN IF EXISTS {COLUMN}')
            cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
                           ["onboarding", MIGRATION])  # fmt: skip


@pytest.fixture(scope="module")
def kommun_schemas(scale_world):
    return [k.schema_name for k in Kommun.objects.exclude(schema_name="public")]


def test_migrate_290_kommuner(kommun_schemas, tmp_path, bench_record):
    folder = _migrations_copy(tmp_path)
    processes = int(os.environ.get("TENANT_MULTIPROCESSING_MAX_PROCESSES", os.cpu_count() or 2))
    seconds, cpu = {}, {}
    try:
        for executor in ("standard", "multiprocessing"):
            _undo(kommun_schemas)
            seconds[executor], cpu[executor] = _migrate(executor, folder, processes)
            assert _applied(kommun_schemas) == len(kommun_schemas), f"{executor} left kommuner unmigrated"
    finally:
        _undo(kommun_schemas)
    ratio = seconds["multiprocessing"] / seconds["standard"]
    bench_record("migrate_290_s", seconds["multiprocessing"])
    bench_record("migrate_290_standard_s", seconds["standard"])
    bench_record("migrate_290_ratio_mp_vs_standard", round(ratio, 3))
    bench_record("migrate_290_cpu_s", round(cpu["multiprocessing"], 1))
    bench_record("migrate_290_standard_cpu_s", round(cpu["standard"], 1))
    bench_record("migrate_290_kommuner", len(kommun_schemas))
    bench_record("migrate_290_processes", processes)
    verdict = "PASS" if ratio <= RATIO_GOAL and seconds["multiprocessing"] <= SECONDS_GOAL else "FAIL"
    print(
        f"\nmigrate_schemas over {len(kommun_schemas)} kommuner (AddField + AddIndex): multiprocessing "
        f"({processes} processes) {seconds['multiprocessing']:.1f} s, standard {seconds['standard']:.1f} s, "
        f"ratio {ratio:.2f} (goal <= {RATIO_GOAL} and <= {SECONDS_GOAL} s): {verdict}; CPU seconds "
        f"{cpu['multiprocessing']:.1f} and {cpu['standard']:.1f} (on a shared machine, wall time is CPU time "
        f"times the contention)"
    )
