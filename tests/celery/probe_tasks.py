"""A task for the real-worker test: it reports which schema it ran in and what it read there.

Only the worker started by tests/celery/test_worker_schemas.py imports this module (-I).
"""

from celery import shared_task
from django.db import connection

PROBE_TASK = "tests.celery.probe_tasks.read_probe"
PROBE_TABLE = "celery_probe"


@shared_task(name=PROBE_TASK)
def read_probe() -> dict:
    """Read the probe table through the connection's search path, as any ORM query would."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {PROBE_TABLE}")
        (value,) = cursor.fetchone()
    return {
        "schema": connection.schema_name,
        "kommun": getattr(connection.tenant, "name", None),
        "value": value,
    }
