"""With a real Celery worker: a package is built in the kommun's schema, and its progress is seen on the way.

The export is one 1 GB sparse file, so the build takes long enough to be watched; the worker is a
separate process with the same media folder (MEDIA_ROOT in its environment).
"""

import time

import pytest
from django.apps import apps
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import TestCase
from django_tenants.utils import tenant_context

from onboarding.deliveries_index.phases import Phase
from onboarding.packaging.models import PackageBuild
from onboarding.packaging.services.builds import package_build_request
from onboarding.packaging.services.metadata import default_metadata
from tests.celery_worker import worker_for
from tests.deliveries.conftest import approved_agreement, new_connection

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]

SIZE = 1024**3
TASK = "onboarding.packaging.tasks.build_package_task"


@pytest.fixture
def package_worker(django_db_setup, tmp_path):
    """A real worker on its own queue, sharing this test's media folder."""
    with worker_for(tmp_path, TASK) as worker:
        yield worker


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
