"""A real Celery worker process for the tests that need one (tests/celery, the browser tests).

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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

import pytest
from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.conf import settings
from django.db import connection
from django.test import override_settings
from kombu import pools as kombu_pools

from config.celery import app

REDIS_URL = os.environ.get("REDIS_URL", "")
BASE_DIR = Path(settings.BASE_DIR)
CELERY_BIN = Path(sys.executable).with_name("celery")
RESULT_TIMEOUT = 60  # the first result also waits for the worker to start (~3 s)


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


def make_broker(folder: Path) -> Broker:
    """Redis when REDIS_URL is set, else the filesystem transport under `folder` (created here)."""
    if REDIS_URL:
        return Broker(REDIS_URL, REDIS_URL)
    (folder / "results").mkdir(parents=True, exist_ok=True)
    broker = Broker("filesystem://", f"file://{folder / 'results'}", str(folder))
    for key in ("data_folder_in", "control_folder", "processed_folder"):  # the producer may send first
        Path(broker.transport_options()[key]).mkdir(parents=True, exist_ok=True)
    return broker


def worker_database_url() -> str:
    """The URL of the database this test session runs on (the test database, not the dev one)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")  # the embedded server's HOST is a socket folder
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


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
            self.check()
            try:
                return async_result.get(timeout=0.5)
            except CeleryTimeoutError:
                if time.monotonic() > deadline:
                    pytest.fail(f"no result within {timeout} s; worker output:\n{self.output()}")

    def check(self) -> None:
        if self.process.poll() is not None:
            pytest.fail(f"the celery worker exited ({self.process.returncode}):\n{self.output()}")


@contextmanager
def running_worker(queue: str, broker: Broker, *extra_args: str, env: dict | None = None):
    """Start `celery worker` on `broker`, consuming `queue` only, against the test database (`env`: more
    variables for the worker, e.g. the fault tests' hook folder)."""
    extra_env, env = (
        env or {},
        {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",  # no idle connection may keep the test database from being dropped
            "CELERY_BROKER_URL": broker.broker_url,
            "CELERY_RESULT_BACKEND": broker.backend_url,
            "PLATFORM_ALLOW_INSECURE_KEY": "1",
            "PYTHONPATH": str(BASE_DIR),
        },
    )
    if broker.var_dir:
        # The queue's folders only: media, cache (progress) and the rest stay the test process's own.
        env["CELERY_DATA_DIR"] = str(Path(broker.var_dir) / "celery")
    for name in ("DATABASE_TEST_NAME", "CELERY_TASK_ALWAYS_EAGER", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    env.update(extra_env)
    command = [
        str(CELERY_BIN), "--quiet", "-A", "config", "worker", "--pool", "solo", "--concurrency", "1",
        "-Q", queue, "-n", f"{queue}@%h", *extra_args, "--loglevel", "WARNING",
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


# A worker that takes only some tasks: the app's configuration routes them to a queue of their own for the
# test and is restored afterwards.
_KEYS = ("task_always_eager", "broker_url", "result_backend", "task_routes", "broker_transport_options")


@contextmanager
def queue_for(tmp_path, *task_names: str, broker: Broker | None = None):
    """Send `task_names` to a queue of their own (Redis, or the filesystem transport without REDIS_URL) and
    yield (broker, queue) for `running_worker`; the app's configuration is restored afterwards. The live
    server and the worker share one media folder of this test's (MEDIA_ROOT in the worker's environment)."""
    media = tmp_path / "media"
    with (
        override_settings(MEDIA_ROOT=media),
        _environ(MEDIA_ROOT=str(media)),
        _routed(tmp_path, task_names, broker) as routed,
    ):
        yield routed


@contextmanager
def _environ(**values: str):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def _routed(tmp_path, task_names, broker: Broker | None = None):
    broker = broker or make_broker(tmp_path / "celery-var")
    queue = f"e2e-{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf[key] for key in _KEYS}
    app.conf.update(
        task_always_eager=False,
        broker_url=broker.broker_url,
        result_backend=broker.backend_url,
        broker_transport_options=broker.transport_options(),
        task_routes={name: {"queue": queue} for name in task_names},
    )
    _reconnect()
    try:
        yield broker, queue
    finally:
        app.conf.update(saved)
        _reconnect()


@contextmanager
def worker_for(tmp_path, *task_names: str):
    """A real worker taking `task_names` (the live server's requests, or the test, send them), started now."""
    with queue_for(tmp_path, *task_names) as (broker, queue), running_worker(queue, broker) as worker:
        yield worker


def _reconnect() -> None:
    """Drop the app's broker connections and routes, so the next message goes by the configuration now
    (an earlier test of the session may have connected to the default broker already)."""
    app.amqp.flush_routes()
    kombu_pools.reset()  # closes kombu's pooled connections and forgets them: new ones are made on demand
    app._pool = None
    app.amqp._producer_pool = None
    # The result backend too: one made before (a test that sent a task first, eagerly) is not this one.
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
