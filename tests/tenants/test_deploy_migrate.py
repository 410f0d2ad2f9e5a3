"""A deploy's migration over several kommuner (tenants/migrate_command.py): the first schema applies it with
Django's own code, the next ones replay its SQL between the states the first one kept. Every schema must end
with the same columns and indexes as the first, and the migration recorded in each, with either executor (the
multiprocessing one migrates the first kommun in its parent process and the others in the pool it forks after,
tenants/migration_executors.py)."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from tenants.models import Kommun
from tests.benchmarks.test_bench_deploy import (
    BASE_DIR,
    COLUMN,
    INDEX,
    PACKAGE,
    _applied,
    _migrations_copy,
    _undo,
)
from tests.celery_worker import worker_database_url

# Transactional: the kommuner must be committed for the migrate_schemas process to find them (an earlier
# transactional test's flush empties tenants_kommun and leaves the schemas, so the fixtures' rows would
# otherwise be in this test's transaction only, and the command would migrate no kommun at all).
pytestmark = pytest.mark.django_db(transaction=True)

TABLE_SQL = {
    "columns": """SELECT column_name, data_type, is_nullable, column_default, character_maximum_length
                    FROM information_schema.columns WHERE table_schema = %s AND table_name = 'onboarding_system'""",
    "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = 'onboarding_system'",
}


def _generic(value, schema: str):
    """An index definition names its schema; with the name taken out, two kommuners' tables compare equal."""
    return value.replace(f"{schema}.", "<schema>.") if isinstance(value, str) else value


def _table(schema: str) -> dict[str, set]:
    with connection.cursor() as cursor:
        found = {}
        for what, sql in TABLE_SQL.items():
            cursor.execute(sql, [schema])
            found[what] = {tuple(_generic(v, schema) for v in row) for row in cursor.fetchall()}
    return found


def _migrate_schemas(folder, executor: str) -> subprocess.CompletedProcess:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_TEST_NAME"},
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.deploy_settings",
        "BENCH_DEPLOY_MIGRATIONS": PACKAGE,
        "TENANT_MULTIPROCESSING_MAX_PROCESSES": "2",
        "PYTHONPATH": os.pathsep.join([str(folder), str(BASE_DIR)]),
    }
    command = [sys.executable, "manage.py", "migrate_schemas", "--tenant", f"--executor={executor}", "-v", "0"]
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("executor", ["standard", "multiprocessing"])
def test_every_kommun_gets_the_deploy_the_first_one_got(executor, lund, bjuv, tmp_path, django_db_blocker):
    schemas = sorted(k.schema_name for k in Kommun.objects.exclude(schema_name="public"))
    assert len(schemas) >= 2  # with multiprocessing: the parent's kommun and the pool's
    folder = _migrations_copy(tmp_path)
    with django_db_blocker.unblock():
        _undo(schemas)
        try:
            done = _migrate_schemas(folder, executor)
            assert done.returncode == 0, done.stdout + done.stderr
            assert _applied(schemas) == len(schemas), done.stdout + done.stderr
            first, *others = [_table(schema) for schema in schemas]
            assert (COLUMN, "character varying", "NO", None, 40) in first["columns"]
            assert any(name == INDEX for name, _definition in first["indexes"])
            for schema, table in zip(schemas[1:], others, strict=True):
                assert table == first, schema
        finally:
            _undo(schemas)
    assert all(COLUMN not in str(_table(schema)["columns"]) for schema in schemas)


def test_a_failure_in_the_first_kommun_stops_a_multiprocessing_deploy(lund, bjuv, tmp_path, django_db_blocker):
    first, *others = Kommun.objects.exclude(schema_name="public").values_list("schema_name", flat=True)
    folder = _migrations_copy(tmp_path)
    with django_db_blocker.unblock():
        _undo([first, *others])
        try:
            with connection.cursor() as cursor:  # the migration's AddField fails there: the column exists
                cursor.execute(f'ALTER TABLE "{first}".onboarding_system ADD COLUMN {COLUMN} integer')
            done = _migrate_schemas(folder, "multiprocessing")
            assert done.returncode != 0
            assert f"CommandError: migrate_schemas stopped: the first kommun's schema ({first}) failed" in done.stderr
            assert _applied([first, *others]) == 0, done.stderr
        finally:
            _undo([first, *others])
