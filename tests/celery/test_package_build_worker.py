"""With a real Celery worker: a package is built in the kommun's schema, and its progress is seen on the way.

The export is one 3 GB sparse file, so the build takes long enough to be watched; the worker is a
separate process with the same media folder (MEDIA_ROOT in its environment).
"""

import time
import uuid

import pytest
from django.apps import apps
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import TestCase
from django_tenants.utils import tenant_context
from kombu import pools as kombu_pools

from config.celery import app
from onboarding.deliveries_index.phases import Phase
from onboarding.packaging.models import PackageBuild
from onboarding.packaging.services.builds import package_build_request
from onboarding.packaging.services.metadata import default_metadata
from tests.celery_worker import make_broker, running_worker
from tests.deliveries.conftest import approved_agreement, new_connection

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]

SIZE = 3 * 1024**3
TASK = "onboarding.packaging.tasks.build_package_task"


def _reconnect() -> None:
    app.amqp.flush_routes()
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def package_worker(django_db_setup, tmp_path, settings, monkeypatch):
    """A real worker on its own queue, sharing this test's media folder."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    broker = make_broker(tmp_path / "celery-var")
    queue = f"package-{uuid.uuid4().hex[:12]}"
    keys = ("task_always_eager", "broker_url", "result_backend", "task_routes", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        broker_url=broker.broker_url,
        result_backend=broker.backend_url,
        broker_transport_options=broker.transport_options(),
        task_routes={TASK: {"queue": queue}},
    )
    _reconnect()
    try:
        with running_worker(queue, broker) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        _reconnect()


def _sparse_upload() -> TemporaryUploadedFile:
    upload = TemporaryUploadedFile("databasdump.bak", "application/octet-stream", SIZE, None)
    upload.file.truncate(SIZE)
    return upload


def test_the_worker_builds_the_package_and_reports_progress(lund, kontakt_lund, package_worker):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    agreement = approved_agreement(lund, conn)
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        meta = default_metadata(kommun=lund, connection=conn, agreement=agreement)
        build = package_build_request(
            connection=conn,
            files=[_sparse_upload()],
            information_types=meta.information_types,
            metadata=meta,
            actor=kontakt_lund,
        )
    seen = set()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        with tenant_context(lund):
            row = PackageBuild.objects.get(pk=build.pk)
        if row.state == PackageBuild.State.RUNNING and 0 < row.progress < 1:
            seen.add(row.progress_label)
        if not row.is_running:
            break
        package_worker.check()
        time.sleep(0.05)
    assert row.state == PackageBuild.State.DONE, (row.state, row.reasons, package_worker.output())
    assert row.content_bytes == SIZE and row.file_count == 1
    assert "Kopierar och beräknar kontrollsummor" in seen
