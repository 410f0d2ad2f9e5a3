"""With a real Celery worker: a task runs in the schema of the kommun it was sent from.

The broker is Redis when REDIS_URL is set (as in production), else the embedded default, Celery's
filesystem transport in a folder of the test's own. The worker is a separate process (as in
production), so everything it must see is committed (transactional_db) and it reads the test
database through its own DATABASE_URL.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

import pytest
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.apps import apps
from django.conf import settings
from django.db import connection
from django_tenants.utils import tenant_context
from tenant_schemas_celery.app import CeleryApp

from tenants.tasks import fan_out_per_kommun
from tests.celery.probe_tasks import PROBE_TABLE, PROBE_TASK

REDIS_URL = os.environ.get("REDIS_URL", "")
BASE_DIR = Path(settings.BASE_DIR)
CELERY_BIN = Path(sys.executable).with_name("celery")
RESULT_TIMEOUT = 60  # the first result also waits for the worker to start (~3 s)

pytestmark = [
    pytest.mark.celery_worker,
    # Kommun tables point at public ones; only with available_apps does the flush after the test cascade.
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]


def worker_database_url() -> str:
    """The URL of the database this test session runs on (the test database, not the dev one)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")  # the embedded server's HOST is a socket folder
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


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


@dataclass
class Worker:
    """A running worker process and the queue it alone consumes."""

    queue: str
    process: subprocess.Popen
    log: IO[str]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def result(self, async_result, timeout: float = RESULT_TIMEOUT):
        """The task's result; fails at once (with the worker's output) if the worker has died."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"the celery worker exited ({self.process.returncode}):\n{self.output()}")
            try:
                return async_result.get(timeout=0.5)
            except CeleryTimeoutError:
                if time.monotonic() > deadline:
                    pytest.fail(f"no result within {timeout} s; worker output:\n{self.output()}")


@dataclass(frozen=True)
class Broker:
    """Where producer and worker meet: the URLs and the filesystem transport's folders (none for Redis)."""

    broker_url: str
    backend_url: str
    var_dir: str = ""

    def transport_options(self) -> dict:
        if not self.var_dir:
            return {}
        queue = str(Path(self.var_dir) / "celery" / "queue")  # as config/settings.py lays them out
        return {
            "data_folder_in": queue,
            "data_folder_out": queue,
            "control_folder": str(Path(self.var_dir) / "celery" / "control"),
            "processed_folder": str(Path(self.var_dir) / "celery" / "processed"),
            "store_processed": False,
            "polling_interval": 0.1,
        }


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    if REDIS_URL:
        return Broker(REDIS_URL, REDIS_URL)
    var_dir = tmp_path_factory.mktemp("celery-var")
    (var_dir / "results").mkdir()
    broker = Broker("filesystem://", f"file://{var_dir / 'results'}", str(var_dir))
    for key in ("data_folder_in", "control_folder", "processed_folder"):  # the producer may send first
        Path(broker.transport_options()[key]).mkdir(parents=True, exist_ok=True)
    return broker


@pytest.fixture(scope="module")
def worker(django_db_setup, broker):
    """A real worker process consuming a queue of its own (other test runs may share the Redis).

    Started once for the module (~3 s), after the test database exists (its URL names it); it
    reads the database only when a task arrives.
    """
    queue = f"probe-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",  # no idle connection may keep the test database from being dropped
        "CELERY_BROKER_URL": broker.broker_url,
        "CELERY_RESULT_BACKEND": broker.backend_url,
        "PLATFORM_ALLOW_INSECURE_KEY": "1",
        "PYTHONPATH": str(BASE_DIR),
    }
    if broker.var_dir:
        env["PLATFORM_VAR_DIR"] = broker.var_dir  # the settings put the filesystem queue under it
    for name in ("DATABASE_TEST_NAME", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    command = [
        str(CELERY_BIN), "--quiet", "-A", "config", "worker", "--pool", "solo", "--concurrency", "1",
        "-Q", queue, "-n", f"{queue}@%h", "-I", "tests.celery.probe_tasks", "--loglevel", "WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield Worker(queue=queue, process=process, log=log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


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
