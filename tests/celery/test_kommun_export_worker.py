"""With a real Celery worker (a separate process, sharing this test's media folder): the export ordered on the
page is written by the worker, and the same task delivered twice writes it once."""

import time
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.test import TestCase

from onboarding.kommun_data.models import KommunExport
from onboarding.kommun_data.services.jobs import kommun_export_request
from onboarding.kommun_data.tasks import kommun_export_task
from tests.celery_worker import worker_for
from tests.kommun_data.conftest import fill_kommun

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]

TASK = "onboarding.kommun_data.tasks.kommun_export_task"


def test_the_worker_writes_the_export_once(lund, kontakt_lund, arkivarie_lund, tmp_path, settings, monkeypatch):
    exports = tmp_path / "exports"
    monkeypatch.setenv("KOMMUN_EXPORT_DIR", str(exports))  # the worker's environment is this process's
    settings.KOMMUN_EXPORT_DIR = exports
    settings.REPORTS_ROOT = tmp_path / "media" / "reports"  # the worker's default under the shared MEDIA_ROOT
    with worker_for(tmp_path, TASK) as worker:
        data = fill_kommun(lund, kontakt_lund, tmp_path, "Lund", TestCase.captureOnCommitCallbacks)
        with TestCase.captureOnCommitCallbacks(execute=True):
            export = kommun_export_request(kommun=lund, with_packages=False, actor=arkivarie_lund)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            export.refresh_from_db()
            if not export.is_running:
                break
            worker.check()
            time.sleep(0.1)
        assert export.state == KommunExport.State.DONE, worker.output()
        written = Path(export.path).stat().st_mtime_ns
        assert kommun_export_task.delay(export.pk).get(timeout=60) is None  # the job row: done already
    assert Path(export.path).stat().st_mtime_ns == written, "a second delivery of the task wrote nothing"
    assert sorted(p.name for p in (exports / "lund").iterdir()) == [f"{export.uuid}.zip"]
    with zipfile.ZipFile(export.path) as zf:
        assert zf.read(f"filer/{data.attachment_name}") == data.attachment_bytes
