"""The `migrate` that django-tenants runs in each schema (TENANT_BASE_MIGRATE_COMMAND), with the project state
rendered once per set of applied migrations instead of once per schema.

Where a deploy's time went (profile of `migrate_schemas` on one kommun's schema): Django's `migrate` renders
the whole project state (every model of every app) before it looks at what to do, and django-tenants runs
`migrate` once per schema, so at 290 kommuner the same ~50 models were rendered 290 times; that was most of
the time per schema, with or without anything to migrate. Every kommun's schema has the same migrations
applied (they are migrated together), so the rendered state is kept, per set of applied migrations, for the
rest of the run (each process of the multiprocessing executor keeps its own), and each schema gets a clone
of it, as Django's executor itself clones a rendered state before changing it.
"""

from django.core.management.commands import migrate

_RENDERED: dict[frozenset, object] = {}
KEEP = 4  # states of different applied sets kept (a new kommun's schema starts from another set than a deploy's)


class StateCachingExecutor(migrate.MigrationExecutor):
    def _create_project_state(self, with_applied_migrations=False):
        if not with_applied_migrations:
            return super()._create_project_state(with_applied_migrations)
        key = frozenset(self.loader.applied_migrations)
        state = _RENDERED.get(key)
        if state is None:
            state = super()._create_project_state(with_applied_migrations=True)
            state.apps  # noqa: B018 - render now, once
            if len(_RENDERED) >= KEEP:
                del _RENDERED[next(iter(_RENDERED))]  # the oldest
            _RENDERED[key] = state
        return state.clone()


class Command(migrate.Command):
    def handle(self, *args, **options):
        # migrate.Command makes its executor from the module's name; point that name at ours for this call.
        original = migrate.MigrationExecutor
        migrate.MigrationExecutor = StateCachingExecutor
        try:
            return super().handle(*args, **options)
        finally:
            migrate.MigrationExecutor = original
