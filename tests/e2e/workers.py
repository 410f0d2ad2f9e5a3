"""A real Celery worker for a browser test: the live server's requests send the named tasks to it."""

import os
import uuid
from contextlib import contextmanager

from django.test import override_settings
from kombu import pools as kombu_pools

from config.celery import app
from tests.celery_worker import make_broker, running_worker

_KEYS = ("task_always_eager", "broker_url", "result_backend", "task_routes", "broker_transport_options")


@contextmanager
def queue_for(tmp_path, *task_names: str):
    """Send `task_names` to a queue of their own (Redis, or the filesystem transport without REDIS_URL) and
    yield (broker, queue) for `running_worker`; the app's configuration is restored afterwards. The live
    server and the worker share one media folder of this test's (MEDIA_ROOT in the worker's environment)."""
    media = tmp_path / "media"
    with override_settings(MEDIA_ROOT=media), _environ(MEDIA_ROOT=str(media)), _routed(tmp_path, task_names) as routed:
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
def _routed(tmp_path, task_names):
    broker = make_broker(tmp_path / "celery-var")
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
    """A real worker taking `task_names`, started now."""
    with queue_for(tmp_path, *task_names) as (broker, queue), running_worker(queue, broker) as worker:
        yield worker


def _reconnect() -> None:
    """Drop the app's broker connections and routes, so the next message goes by the configuration now
    (an earlier test of the session may have connected to the default broker already)."""
    app.amqp.flush_routes()
    kombu_pools.reset()  # closes kombu's pooled connections and forgets them: new ones are made on demand
    app._pool = None
    app.amqp._producer_pool = None
