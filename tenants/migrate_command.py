"""The `migrate` that django-tenants runs in each schema (TENANT_BASE_MIGRATE_COMMAND), with the project states
rendered once per run instead of once per schema.

Where a deploy's time went (profile of `migrate_schemas` over 20 of the 290 kommuner): Django's `migrate`
renders the whole project state (every model of every app) before it looks at what to do, renders the models a
migration touches again while it applies it, and, after it, renders the whole state once more for the
post_migrate signal; django-tenants runs `migrate` once per schema, so at 290 kommuner the same ~60 models were
rendered three times over for each of them, most of the time per schema. Every kommun's schema has the same
migrations applied (they are migrated together), so what a state is depends only on which migrations it holds:
the states are kept for the rest of the run (each process of the multiprocessing executor keeps its own) and
each schema gets clones of them, as Django's executor itself clones a state before it changes it.

- `_create_project_state(with_applied_migrations=True)`: rendered once per set of applied migrations.
- Applying a migration forwards: the first schema runs Django's own `Migration.apply`, and the state before and
  after each operation is kept; every later schema with the same applied set replays the operations'
  `database_forwards` (the SQL, in that schema) between the kept states, without computing them again.
  The state after the last migration is rendered whole (what `migrate` does before post_migrate), once.
- `MigrationRecorder.has_table` asks for its one table by name, where Django lists every table of the schema
  (config/database's introspection: ~10 ms at 290 kommuner, asked several times in each schema).
- Anything else (`--fake`, `--fake-initial`, backwards, SQL collection) is Django's own code, unchanged.
"""

from django.core.management.commands import migrate
from django.db.migrations.recorder import MigrationRecorder
from django.db.transaction import atomic

KEEP = 4  # applied sets whose states are kept (a new kommun's schema starts from another set than a deploy's)

_RENDERED: dict[frozenset, object] = {}
# applied set at the start -> {migrations applied since, in order: [(state before, state after) of each operation]}
# Kept per starting set, with every migration of its plan: a bound on migrations instead would, once a plan held
# more migrations than the bound, drop each one's states just before the next schema needed them (provisioning
# ran 5 tenant migrations through 4 places and rendered every new kommun's states afresh: ~3.5 s of CPU each).
_APPLIED: dict[frozenset, dict[tuple, list[tuple[object, object]]]] = {}


def _keep(cache: dict, key, value) -> None:
    if len(cache) >= KEEP:
        del cache[next(iter(cache))]  # the oldest
    cache[key] = value


def _rendered(state):
    """`state` with every model rendered and nothing delayed, as `migrate` makes it before post_migrate."""
    state.clear_delayed_apps_cache()
    state.apps  # noqa: B018 - render now, once
    state.is_delayed = False
    return state


class StateCachingExecutor(migrate.MigrationExecutor):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._state_key = None  # what the state being migrated holds, while that is known

    def _create_project_state(self, with_applied_migrations=False):
        if not with_applied_migrations:
            return super()._create_project_state(with_applied_migrations)
        key = frozenset(self.loader.applied_migrations)
        state = _RENDERED.get(key)
        if state is None:
            state = _rendered(super()._create_project_state(with_applied_migrations=True))
            _keep(_RENDERED, key, state)
        return state.clone()

    def migrate(self, targets, plan=None, state=None, fake=False, fake_initial=False):
        # `migrate` hands over a clone of _create_project_state(with_applied_migrations=True): its key is the
        # applied set. Any other start (no state given, fake runs) is not replayed.
        known = state is not None and not fake and not fake_initial
        self._state_key = (frozenset(self.loader.applied_migrations),) if known else None
        try:
            return super().migrate(targets, plan=plan, state=state, fake=fake, fake_initial=fake_initial)
        finally:
            self._state_key = None

    def apply_migration(self, state, migration, fake=False, fake_initial=False):
        if self._state_key is None or fake or fake_initial:
            self._state_key = None
            return super().apply_migration(state, migration, fake=fake, fake_initial=fake_initial)
        key = (*self._state_key, (migration.app_label, migration.name))
        plans = _APPLIED.get(key[0])
        if plans is None:
            plans = {}
            _keep(_APPLIED, key[0], plans)
        kept = plans.get(key[1:])
        # The instance's own apply (the loader makes a new Migration object for each schema) records or replays.
        migration.apply = _Recording(migration, plans, key[1:]) if kept is None else _Replay(migration, kept)
        self._state_key = key
        return super().apply_migration(state, migration, fake=fake, fake_initial=fake_initial)


class _Apply:
    """A Migration instance's `apply`: SQL collection is Django's own; a real apply is the subclass's `run`."""

    def __init__(self, migration, kept, key=None):
        self.migration, self.kept, self.key = migration, kept, key

    def __call__(self, project_state, schema_editor, collect_sql=False):
        if collect_sql:
            return type(self.migration).apply(self.migration, project_state, schema_editor, collect_sql)
        return self.run(project_state, schema_editor)


class _Recording(_Apply):
    """Django's Migration.apply, keeping the state before and after each operation (as clones) in `kept` (the
    starting set's plans) under `key` (the migrations applied since the start, this one last)."""

    def run(self, project_state, schema_editor):
        states = []
        for operation in self.migration.operations:
            old_state = project_state.clone()
            operation.state_forwards(self.migration.app_label, project_state)
            _forwards(self.migration, operation, schema_editor, old_state, project_state)
            states.append((old_state, project_state.clone()))
        if states:
            states[-1] = (states[-1][0], _rendered(states[-1][1]))
        self.kept[self.key] = states
        return project_state


class _Replay(_Apply):
    """The SQL of each operation between the states the first schema kept (`kept`); returns a clone of the last."""

    def run(self, project_state, schema_editor):
        for operation, (old_state, new_state) in zip(self.migration.operations, self.kept, strict=True):
            _forwards(self.migration, operation, schema_editor, old_state, new_state)
        return self.kept[-1][1].clone() if self.kept else project_state


def _forwards(migration, operation, schema_editor, old_state, new_state) -> None:
    """One operation's database_forwards, in a transaction where Django's Migration.apply would open one."""
    atomic_operation = operation.atomic or (migration.atomic and operation.atomic is not False)
    if not schema_editor.atomic_migration and atomic_operation:
        with atomic(schema_editor.connection.alias):
            operation.database_forwards(migration.app_label, schema_editor, old_state, new_state)
    else:
        operation.database_forwards(migration.app_label, schema_editor, old_state, new_state)


def _has_table(recorder) -> bool:
    """MigrationRecorder.has_table: whether the current schema has django_migrations (a table, as Django's
    `table_names()` counts them), by its name."""
    if recorder._has_table:
        return True
    connection = recorder.connection
    with connection.cursor() as cursor:
        # to_regclass finds the name through the catalog's index (a join on pg_namespace scans every table).
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = to_regclass(%s)"
            " AND relkind IN ('r', 'f', 'p') AND NOT relispartition)",
            [f"{connection.ops.quote_name(connection.schema_name)}.{recorder.Migration._meta.db_table}"],
        )
        recorder._has_table = cursor.fetchone()[0]
    return recorder._has_table


class Command(migrate.Command):
    # migrate_schemas ran the system checks once for the whole deploy; Django's migrate would run them again
    # in every kommun's schema (~55 % of a schema's Python time at 290 kommuner).
    requires_system_checks = []

    def handle(self, *args, **options):
        # migrate.Command makes its executor from the module's name; point that name at ours for this call,
        # and the recorders' table check at the one above.
        original, has_table = migrate.MigrationExecutor, MigrationRecorder.has_table
        migrate.MigrationExecutor, MigrationRecorder.has_table = StateCachingExecutor, _has_table
        try:
            return super().handle(*args, **options)
        finally:
            migrate.MigrationExecutor, MigrationRecorder.has_table = original, has_table
