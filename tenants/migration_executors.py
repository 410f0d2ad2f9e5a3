"""The executors `migrate_schemas` picks by `--executor` (GET_EXECUTOR_FUNCTION): django-tenants' own, except that
the multiprocessing one migrates the first kommun's schema in the parent process before its pool forks.

Why: tenants/migrate_command.py renders the pre-migration state once per process and records each operation's
states in the first schema it migrates; every later schema only replays the SQL. django-tenants' multiprocessing
executor forks its pool before any kommun is migrated, so each pool process rendered and recorded on its own, on the
same 2 cores as the PostgreSQL backends. Migrated in the parent, the first kommun leaves the rendered and recorded
states in the parent's memory, and every pool process, forked after it, inherits them and only replays.

The subclass is a grandchild of django-tenants' MigrationExecutor, so django-tenants' own lookup
(`MigrationExecutor.__subclasses__()`, one class per codename) finds the same classes as without it.
"""

import functools

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django_tenants.migration_executors import get_executor as django_tenants_executor
from django_tenants.migration_executors.base import run_migrations
from django_tenants.migration_executors.multiproc import MultiprocessingExecutor, get_pool, run_migrations_percent


def get_executor(codename=None):
    """django-tenants' executor of that codename, with ParentFirstMultiprocessingExecutor for multiprocessing."""
    executor = django_tenants_executor(codename)
    return ParentFirstMultiprocessingExecutor if executor is MultiprocessingExecutor else executor


class ParentFirstMultiprocessingExecutor(MultiprocessingExecutor):
    """django-tenants' multiprocessing executor, with the first kommun's schema migrated before the pool forks.

    If that schema fails, the deploy stops there (CommandError naming it), before any other kommun is touched: a
    migration that fails in one kommun would fail in all of them, as the standard executor shows by stopping too.
    """

    def run_migrations(self, tenants=None):
        tenants = list(tenants or [])
        if self.PUBLIC_SCHEMA_NAME in tenants:
            tenants.remove(self.PUBLIC_SCHEMA_NAME)
            run_migrations(self.args, self.options, self.codename, self.PUBLIC_SCHEMA_NAME)
        if not tenants:
            return
        first, count = tenants[0], len(tenants)
        try:
            run_migrations(self.args, self.options, self.codename, first, idx=0, count=count)
        except Exception as error:
            raise CommandError(
                f"migrate_schemas stopped: the first kommun's schema ({first}) failed to migrate, before any other "
                f"kommun was started ({count - 1} left as they were): {error!r}"
            ) from error
        if count == 1:
            return
        # As django-tenants' executor does: no connection may be shared with the forked processes.
        connection = connections[self.TENANT_DB_ALIAS]
        connection.close()
        connection.connection = None
        migrate = functools.partial(run_migrations_percent, self.args, self.options, self.codename, count)
        with get_pool() as pool:
            pool.map(migrate, enumerate(tenants[1:], start=1), getattr(settings, "TENANT_MULTIPROCESSING_CHUNKS", 2))
