"""A kommun's schema made by the platform's faster path is the schema django-tenants' default path makes."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.checks.registry import registry
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.models import TenantMixin

from tenants import migrate_command
from tenants.migrate_command import StateCachingExecutor
from tenants.models import Kommun

CATALOG = {
    "columns": """SELECT table_name, column_name, data_type, is_nullable, column_default
                    FROM information_schema.columns WHERE table_schema = %s""",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s",
    "constraints": """SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid)
                        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
                        JOIN pg_namespace ns ON ns.oid = rel.relnamespace WHERE ns.nspname = %s""",
    "migrations": "SELECT app, name FROM {schema}.django_migrations",
}


def _catalog(schema: str) -> dict[str, set]:
    found = {}
    with connection.cursor() as cursor:
        for what, sql in CATALOG.items():
            cursor.execute(sql.format(schema=schema), [schema] if "%s" in sql else [])
            # The schema's own name is in every default and definition that names a sequence or table.
            found[what] = {tuple(str(v).replace(schema, "<schema>") for v in row) for row in cursor.fetchall()}
    return found


@pytest.mark.django_db
def test_new_schema_equals_django_tenants_default_path(lund):
    Kommun(schema_name="prov_platform").create_schema(verbosity=0)
    TenantMixin.create_schema(Kommun(schema_name="prov_default"), verbosity=0)
    connection.set_schema_to_public()

    platform, default = _catalog("prov_platform"), _catalog("prov_default")

    assert default["columns"] and default["indexes"] and default["constraints"]
    for what in CATALOG:
        assert platform[what] == default[what], what
    # Every migration is recorded, the shared apps' too: a later deploy sees nothing left to do.
    assert ("auth", "0001_initial") in platform["migrations"]
    assert ("onboarding", "0001_initial") in platform["migrations"]
    connection.set_schema("prov_platform")
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    connection.set_schema_to_public()


@pytest.mark.django_db
def test_migrate_reuses_the_rendered_state_without_sharing_changes(lund):
    """tenants/migrate_command.py: a schema's migrate gets Django's own project state, as a clone of its own."""
    connection.set_schema(lund.schema_name)
    try:
        plain = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True)
        first = StateCachingExecutor(connection)._create_project_state(with_applied_migrations=True)
        assert first == plain
        first.remove_model("onboarding", "system")  # what a migration does to its state
        second = StateCachingExecutor(connection)._create_project_state(with_applied_migrations=True)
        assert second == plain and second is not first
        assert second.apps.get_model("onboarding", "System")._meta.db_table == "onboarding_system"
    finally:
        connection.set_schema_to_public()


@pytest.mark.django_db
def test_every_later_new_schema_replays_what_the_first_recorded(lund):
    """A new kommun's tenant migrations are worked out once per run: later schemas replay all of them.

    (The kept states were once bounded by count, below the number of tenant migrations: each new schema then
    dropped what the next one needed, and every kommun's provisioning rendered the states afresh.)
    """

    def recorded():
        applied = migrate_command._APPLIED
        return {(start, key): states for start, plans in applied.items() for key, states in plans.items()}

    Kommun(schema_name="prov_first").create_schema(verbosity=0)
    kept = recorded()
    for schema_name in ("prov_second", "prov_third"):
        Kommun(schema_name=schema_name).create_schema(verbosity=0)
        now = recorded()
        assert now.keys() == kept.keys()
        assert all(now[key] is states for key, states in kept.items()), "a later schema recorded states again"
    connection.set_schema_to_public()
    loader = MigrationExecutor(connection).loader
    tenant_apps = {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}
    tenant_migrations = {key for key in loader.graph.nodes if key[0] in tenant_apps}
    replayed = {key[-1] for start, key in kept}
    assert tenant_migrations <= replayed
    third = _catalog("prov_third")
    assert third == _catalog("prov_first") and third["columns"]


@pytest.mark.django_db
def test_a_deploy_runs_the_system_checks_once_not_once_a_kommun(lund, bjuv):
    """migrate_schemas runs Django's system checks when it starts; each kommun's migrate does not run them again
    (at 290 kommuner they were ~55 % of a schema's Python time)."""
    runs = []

    def counted(app_configs, **kwargs):
        runs.append(kwargs.get("databases"))
        return []

    registry.register(counted)
    try:
        call_command("migrate_schemas", "--tenant", executor="standard", skip_checks=False, verbosity=0)
    finally:
        registry.registered_checks.discard(counted)
        connection.set_schema_to_public()
    assert len(runs) == 1, runs
