"""tenants/migration_executors.py: `--executor=multiprocessing` migrates the first kommun in the parent process, then
hands every other kommun to the pool it forks after that; a failure in the first stops the deploy there."""

import pytest
from django.core.management.base import CommandError
from django_tenants.management.commands import migrate_schemas
from django_tenants.migration_executors import StandardExecutor, SubprocessExecutor

from tenants import migration_executors
from tenants.migration_executors import ParentFirstMultiprocessingExecutor, get_executor

KOMMUNER = ["bjuv", "lund", "malmo", "ystad"]


class _Pool:
    """A pool that runs its map in this process and keeps what it was given."""

    def __init__(self, done):
        self.done = done

    def __enter__(self):
        self.done.append("fork")
        return self

    def __exit__(self, *exc):
        return False

    def map(self, function, iterable, chunksize):
        for item in iterable:
            function(item)


@pytest.fixture
def migrated(monkeypatch):
    """(process, schema, idx, count) of every schema migrated, with "fork" where the pool was made."""
    done = []

    def run_migrations(args, options, codename, schema_name, idx=None, count=None, **kwargs):
        done.append(("child" if "fork" in done else "parent", schema_name, idx, count))

    monkeypatch.setattr(migration_executors, "run_migrations", run_migrations)
    monkeypatch.setattr("django_tenants.migration_executors.multiproc.run_migrations", run_migrations)
    monkeypatch.setattr(migration_executors, "get_pool", lambda: _Pool(done))
    return done


def test_migrate_schemas_picks_the_parent_first_executor_for_multiprocessing_only():
    assert migrate_schemas.GET_EXECUTOR_FUNCTION is get_executor
    assert get_executor("multiprocessing") is ParentFirstMultiprocessingExecutor
    assert get_executor("standard") is StandardExecutor
    assert get_executor("subprocess") is SubprocessExecutor


def test_the_parent_migrates_the_first_kommun_before_the_pool_forks(migrated):
    ParentFirstMultiprocessingExecutor([], {}).run_migrations(tenants=iter(KOMMUNER))

    assert migrated == [
        ("parent", "bjuv", 0, 4),
        "fork",
        ("child", "lund", 1, 4),
        ("child", "malmo", 2, 4),
        ("child", "ystad", 3, 4),
    ]


def test_a_single_kommun_is_migrated_without_a_pool(migrated):
    ParentFirstMultiprocessingExecutor([], {}).run_migrations(tenants=["bjuv"])

    assert migrated == [("parent", "bjuv", 0, 1)]


def test_a_failure_in_the_first_kommun_stops_the_deploy_before_the_pool(migrated, monkeypatch):
    def failing(args, options, codename, schema_name, **kwargs):
        migrated.append(schema_name)
        raise RuntimeError("column already exists")

    monkeypatch.setattr(migration_executors, "run_migrations", failing)

    with pytest.raises(CommandError, match=r"first kommun's schema \(bjuv\) failed.*3 left as they were"):
        ParentFirstMultiprocessingExecutor([], {}).run_migrations(tenants=KOMMUNER)
    assert migrated == ["bjuv"]
