"""A kommun whose data was deleted keeps its row (the record of its departure) but has no schema: everything that
goes through every kommun (django-tenants' commands, beat's scheduler, the periodic tasks) leaves it out and still
does its work for the others."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from tenant_schemas_celery.scheduler import TenantAwarePersistentScheduler

from jobs.tasks import sweep_jobs
from onboarding.deliveries.tasks import ingest_pickup_all
from onboarding.kommun_data.models import KommunDeparture
from onboarding.kommun_data.services.departure import kommun_data_delete
from onboarding.news.tasks import notify_due_items, weekly_digests
from reports.models import IssuedReport, ReportKind
from reports.tasks import scheduled_consortium_reports, scheduled_kommun_reports
from tenants.models import Kommun
from tenants.services import kommun_create

from .conftest import leave_hoor


def _schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone()[0] == 1


def _state_of(schemas: list[str]) -> dict:
    """Every table's row count and the applied migrations of each schema."""
    state = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, tablename FROM pg_tables WHERE schemaname = ANY(%s)", [schemas])
        for schema, table in sorted(cursor.fetchall()):
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            state[f"{schema}.{table}"] = cursor.fetchone()[0]
        for schema in schemas:
            cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY 1, 2')
            state[f"{schema} migrations"] = cursor.fetchall()
    return state


@pytest.fixture
def deleted_hoor(hoor, forvaltare, consortium, client_for, django_capture_on_commit_callbacks):
    kommun, _person, _data = hoor
    leave_hoor(client_for(forvaltare, consortium), timezone.localdate(), on_commit=django_capture_on_commit_callbacks)
    departure = KommunDeparture.objects.get(kommun=kommun)
    with django_capture_on_commit_callbacks(execute=True):
        kommun_data_delete(departure=departure, confirm="hoor", actor=forvaltare)
    assert not _schema_exists("hoor")
    return kommun


def test_a_deleted_kommun_keeps_its_row_but_no_tenant_iteration_reaches_it(deleted_hoor, lund, bjuv):
    assert Kommun.all_objects.filter(pk=deleted_hoor.pk, schema_name="hoor").exists(), "the row stays, for the record"
    assert not Kommun.objects.filter(pk=deleted_hoor.pk).exists()
    # beat's scheduler sends an entry without "tenant_schemas" to every tenant of this queryset
    schemas = set(TenantAwarePersistentScheduler.get_queryset().values_list("schema_name", flat=True))
    assert {"lund", "bjuv"} <= schemas and "hoor" not in schemas


def test_migrate_schemas_after_a_deletion_migrates_the_others_and_skips_it(deleted_hoor, lund, bjuv, capsys):
    before = _state_of(["lund", "bjuv"])
    call_command("migrate_schemas", "--tenant", "--noinput", verbosity=1)
    output = capsys.readouterr().out
    assert "standard:lund]" in output and "standard:bjuv]" in output and "hoor" not in output
    assert not _schema_exists("hoor"), "nothing recreates the deleted kommun's schema"
    assert _state_of(["lund", "bjuv"]) == before
    # django-tenants' other loops over every tenant: a command run in each schema, missing schemas created
    call_command("all_tenants_command", "check")
    call_command("create_missing_schemas")
    assert not _schema_exists("hoor")
    connection.set_schema_to_public()
    call_command("portfolio_reindex")
    assert _state_of(["lund", "bjuv"]) == before


def test_every_periodic_task_runs_for_the_others_after_a_deletion(deleted_hoor, lund, bjuv):
    connection.set_schema_to_public()
    assert sweep_jobs.apply().get() >= 0
    assert ingest_pickup_all.apply().get() >= 2
    assert notify_due_items.apply().get() >= 0
    assert weekly_digests.apply().get() >= 2
    assert scheduled_consortium_reports.apply().get() is not None
    fanned_out = scheduled_kommun_reports.apply().get()
    assert fanned_out >= 2
    monthly = IssuedReport.objects.filter(kind=ReportKind.KOMMUN, scheduled=True)
    assert {"lund", "bjuv"} <= set(monthly.values_list("kommun__subdomain", flat=True))
    assert not monthly.filter(kommun=deleted_hoor).exists()
    assert not _schema_exists("hoor")


def test_a_new_kommun_cannot_take_the_deleted_ones_kommunkod_or_subdomain(deleted_hoor):
    """Both stay taken by the kept row: a new kommun with them is refused with the form's message, not a 500."""
    with pytest.raises(ValidationError) as refused:
        kommun_create(kommunkod="1267", name="Höör", subdomain="hoor", actor=None)
    assert set(refused.value.error_dict) == {"kommunkod", "subdomain"}
    assert not _schema_exists("hoor")
