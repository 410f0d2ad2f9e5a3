"""Beat's configuration: periodic work reaches every kommun, and beat keeps its state in a known file."""

from pathlib import Path

from celery.utils.imports import symbol_by_name
from django.conf import settings
from tenant_schemas_celery.scheduler import TenantAwarePersistentScheduler

from config.celery import app


def test_beat_uses_the_tenant_aware_scheduler_with_an_absolute_schedule_file():
    # With Celery's default scheduler a beat task runs in public only and per-kommun work never happens.
    assert issubclass(symbol_by_name(app.conf.beat_scheduler), TenantAwarePersistentScheduler)
    # A relative file would depend on the folder beat was started from, and its state would be lost.
    assert Path(app.conf.beat_schedule_filename).is_absolute()


def test_every_periodic_entry_names_a_task_the_worker_knows():
    app.loader.import_default_modules()
    unknown = {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] not in app.tasks
    }
    assert not unknown, f"beat entries naming unknown tasks: {unknown}"
