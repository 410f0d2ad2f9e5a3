"""With a real Celery worker: a task runs in the schema of the kommun it was sent from.

The broker is Redis when REDIS_URL is set (as in production), else the embedded default, Celery's
filesystem transport (tests/celery_worker.py). The worker is a separate process, so everything it
must see is committed (transactional_db).
"""

import uuid

import pytest
from django.apps import apps
from django.db import connection
from django_tenants.utils import tenant_context
from tenant_schemas_celery.app import CeleryApp

from tenants.tasks import fan_out_per_kommun
from tests.celery.probe_tasks import PROBE_TABLE, PROBE_TASK
from tests.celery_worker import make_broker, running_worker

pytestmark = [
    pytest.mark.celery_worker,
    # Kommun tables point at public ones; only with available_apps does the flush after the test cascade.
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]


@pytest.fixture
def probe_tables(lund, bjuv):
    """A small table with a different value in Lund's, Bjuv's and the public schema."""
    schemas = {lund.schema_name: "lunds data", bjuv.schema_name: "bjuvs data", "public": "public data"}
    with connection.cursor() as cursor:
        for schema, value in schemas.items():
            cursor.execute(f'CREATE TABLE "{schema}".{PROBE_TABLE} (value text NOT NULL)')
            cursor.execute(f'INSERT INTO "{schema}".{PROBE_TABLE} (value) VALUES (%s)', [value])
    yield schemas
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'DROP TABLE IF EXISTS "{schema}".{PROBE_TABLE}')


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    return make_broker(tmp_path_factory.mktemp("celery-var"))


@pytest.fixture(scope="module")
def worker(django_db_setup, broker):
    """A real worker process consuming a queue of its own (other test runs may share the Redis).

    Started once for the module (~3 s), after the test database exists (its URL names it); it
    reads the database only when a task arrives.
    """
    with running_worker(f"probe-{uuid.uuid4().hex[:12]}", broker, "-I", "tests.celery.probe_tasks") as worker:
        yield worker


@pytest.fixture
def ready_worker(worker, probe_tables):
    return worker


@pytest.fixture
def probe_app(broker):
    """A producer of its own: the project's Celery app is left as configured (eager in tests)."""
    # Not the current app: shared tasks sent later in the session (transactional tests) must find the project's.
    app = CeleryApp("probe", broker=broker.broker_url, backend=broker.backend_url, set_as_current=False)
    app.conf.broker_transport_options = broker.transport_options()
    yield app
    app.close()


def test_task_runs_in_the_schema_of_the_kommun_it_was_sent_from(ready_worker, probe_app, lund, bjuv):
    queue = ready_worker.queue
    with tenant_context(lund):
        from_lund = probe_app.send_task(PROBE_TASK, queue=queue)
    with tenant_context(bjuv):
        from_bjuv = probe_app.send_task(PROBE_TASK, queue=queue)
    from_public = probe_app.send_task(PROBE_TASK, queue=queue)

    assert ready_worker.result(from_lund) == {"schema": "lund", "kommun": "Lund", "value": "lunds data"}
    assert ready_worker.result(from_bjuv) == {"schema": "bjuv", "kommun": "Bjuv", "value": "bjuvs data"}
    # Sent outside any tenant_context (beat, a management command): it runs in public.
    assert ready_worker.result(from_public) == {"schema": "public", "kommun": None, "value": "public data"}


def test_fan_out_sends_one_task_per_kommun_each_in_its_schema(ready_worker, probe_app, lund, bjuv):
    task = probe_app.signature(PROBE_TASK, queue=ready_worker.queue)
    results = fan_out_per_kommun(task, kommuner=[lund, bjuv])

    assert [ready_worker.result(result) for result in results] == [
        {"schema": "lund", "kommun": "Lund", "value": "lunds data"},
        {"schema": "bjuv", "kommun": "Bjuv", "value": "bjuvs data"},
    ]
