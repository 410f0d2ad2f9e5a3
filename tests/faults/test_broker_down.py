"""Redis stopped: every page answers, an upload is saved and waits, and once Redis is back the sweep starts it.

The test's own redis-server (an ephemeral port) is the broker and the cache, as one Redis is in production;
it is not running while the person works, then it starts, a worker starts, and beat's sweep (run by that
worker) sends the validation that was saved: it completes without anyone acting.
"""

import socket
import threading

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from jobs.messages import MSG_WORK_STARTS_SOON
from jobs.models import Job
from jobs.services import send_or_report
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.validation.sample import build_sip
from reports.models import IssuedReport
from reports.tasks import render_report_task
from tenants.models import Invitation
from tests.celery_worker import Broker, queue_for, running_worker
from tests.deliveries.conftest import new_connection, zip_folder

from .conftest import JOB_ENV, SWEEP, FaultRun
from .servers import PrivateRedis

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]

VALIDATE = "onboarding.deliveries.tasks.validate_delivery"
RENDER = "reports.tasks.render_report_task"


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path / "redis")
    yield server
    server.stop()


@pytest.fixture
def cache_on(settings):
    def point_at(url: str) -> None:
        settings.CACHES = {
            "default": {
                **django_settings.CACHES["default"],
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
            }
        }

    return point_at


def test_redis_down_pages_answer_and_a_saved_upload_is_validated_when_it_is_back(
    lund, kontakt_lund, forvaltare, consortium, client_for, redis, cache_on, tmp_path, folders
):
    cache_on(redis.url(2))
    broker = Broker(redis.url(0), redis.url(1))
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    sip = zip_folder(build_sip(tmp_path / "build", "sip-lund"), tmp_path / "sip-lund.zip")
    with queue_for(tmp_path, VALIDATE, RENDER, SWEEP, broker=broker) as (_, queue):
        kommun, site = client_for(kontakt_lund, lund), client_for(forvaltare, consortium)
        for url in ("/", "/anslutningar/", f"/anslutningar/{conn.pk}/", "/system/", "/system/import/", "/rapporter/"):
            assert kommun.get(url).status_code == 200, url
        for url in ("/", "/anslutningar/", "/rapporter/"):
            assert site.get(url).status_code == 200, url

        file = SimpleUploadedFile(sip.name, sip.read_bytes(), content_type="application/zip")
        page = kommun.post(f"/anslutningar/{conn.pk}/leveranser/", {"file": file}, follow=True)
        assert page.status_code == 200
        html = page.content.decode()
        assert str(MSG_WORK_STARTS_SOON) in html  # what the person did is saved, and the work starts shortly
        assert "väntar på att starta" in html
        with tenant_context(lund):
            delivery = Delivery.objects.get()
        assert delivery.state == Delivery.State.RECEIVED
        job = Job.objects.get(task=VALIDATE, object_id=delivery.pk)
        assert job.state == Job.State.PENDING and job.sent_at is None and job.send_error

        ordered = site.post("/rapporter/", {"kind": "consortium"}, follow=True)
        assert ordered.status_code == 200 and str(MSG_WORK_STARTS_SOON) in ordered.content.decode()
        assert IssuedReport.objects.count() == 1

        # An invitation's link exists only when it is made (the row keeps its hash): its e-mail is sent from the
        # request itself when no worker can be reached, and the person sees the invitation, not an error page.
        mail.outbox.clear()
        invited = client_for(forvaltare, lund).post(
            "/inbjudningar/", {"email": "ny.lund@test.example", "role": "kontakt"}
        )
        assert invited.status_code in (200, 302), invited.content.decode()[:500]
        assert Invitation.objects.get(kommun=lund, email="ny.lund@test.example").state == Invitation.State.OPEN
        assert [m.to for m in mail.outbox] == [["ny.lund@test.example"]]
        assert "/inbjudan/" in mail.outbox[0].body

        redis.start()
        env = {**JOB_ENV, **{name: str(path) for name, path in folders.items()}, "CELERY_TASK_DEFAULT_QUEUE": queue}
        env["CACHE_URL"] = redis.url(2)
        run = FaultRun(broker, queue, tmp_path, env)
        with running_worker(queue, broker, env=env) as worker:
            run.sweep_until(lambda: _state(lund, delivery) != Delivery.State.RECEIVED and _busy(lund, delivery), worker)
            run.sweep_until(lambda: IssuedReport.objects.get().is_finished, worker)
        html = kommun.get(f"/leveranser/{delivery.pk}/").content.decode()
    assert _state(lund, delivery) == Delivery.State.VALID
    assert "Validerad utan fel" in html and "väntar på att starta" not in html
    assert IssuedReport.objects.get().is_done


def _state(lund, delivery) -> str:
    with tenant_context(lund):
        return Delivery.objects.get(pk=delivery.pk).state


def _busy(lund, delivery) -> bool:
    return _state(lund, delivery) not in (Delivery.State.RECEIVED, Delivery.State.VALIDATING)


class _Refusing:
    """A TCP port that accepts and at once closes every connection, counting them: a Redis that does not answer."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port, self.accepted = self.sock.getsockname()[1], 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def test_a_result_backend_that_does_not_answer_is_asked_as_briefly_as_the_broker(tmp_path):
    """With CELERY_RESULT_BACKEND set and Redis down, a send gives up after a try and a retry, as the broker's
    does (jobs.services.PUBLISH_RETRY); Celery's own policy tried 20 times a second apart, so every page that
    started background work waited 19 s."""
    refusing = _Refusing()
    try:
        with queue_for(tmp_path, RENDER, broker=Broker(refusing.url(0), refusing.url(1))):
            assert send_or_report(render_report_task, 0, tell=False) is False
    finally:
        refusing.sock.close()
    assert 1 <= refusing.accepted <= 6, refusing.accepted  # broker and backend, each a try and a retry
