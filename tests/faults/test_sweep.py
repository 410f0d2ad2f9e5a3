"""Beat's sweep: it waits before it sends again, sends only what waits too long, and gives up after its tries."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from jobs.models import Job
from jobs.services import jobs_due, jobs_sweep
from onboarding.deliveries.models import Delivery
from reports.models import IssuedReport, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db
RENDER = "reports.tasks.render_report_task"


@pytest.fixture
def delays(settings):
    settings.JOBS_SEND_DELAY_SECONDS, settings.JOBS_RESEND_AFTER_SECONDS = 30, 900
    settings.JOBS_STALE_AFTER_SECONDS, settings.JOBS_MAX_SENDS = 120, 3


def job(object_id: int, *, age: float, **fields) -> Job:
    row = Job.objects.create(schema_name="public", task=RENDER, object_id=object_id, **fields)
    Job.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(seconds=age))
    return Job.objects.get(pk=row.pk)


def test_the_sweep_sends_only_what_waited_past_its_delay(delays):
    now = timezone.now()
    just_saved = job(1, age=5)
    unsent = job(2, age=60)
    sent_lately = job(3, age=600, sent_at=now - timedelta(seconds=60))
    sent_long_ago = job(4, age=2000, sent_at=now - timedelta(seconds=1000))
    beating = job(5, age=600, state=Job.State.RUNNING, heartbeat_at=now - timedelta(seconds=10))
    silent = job(6, age=600, state=Job.State.RUNNING, heartbeat_at=now - timedelta(seconds=300))
    done = job(7, age=600, state=Job.State.DONE)
    due = {row.pk for row in jobs_due()}
    assert due == {unsent.pk, sent_long_ago.pk, silent.pk}
    assert not due & {just_saved.pk, sent_lately.pk, beating.pk, done.pk}


def test_after_its_tries_the_sweep_gives_up_and_the_report_says_it_failed(consortium, delays):
    report = IssuedReport.objects.create(kind=ReportKind.CONSORTIUM)
    job(report.pk, age=60, sends=3)
    assert jobs_sweep() == 0
    assert Job.objects.get(object_id=report.pk).state == Job.State.GAVE_UP
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED  # the page stops waiting


def test_a_validation_the_sweep_gave_up_on_says_so_on_its_page(lund, kontakt_lund, delays, client_for, tmp_path):
    from tests.deliveries.conftest import new_connection

    conn = new_connection(lund, phase="testleverans")
    with tenant_context(lund):
        delivery = Delivery.objects.create(
            connection=conn, kind=Delivery.Kind.TEST, original_name="p.zip", size=1, file="p.zip"
        )
    row = Job.objects.create(
        schema_name="lund", task="onboarding.deliveries.tasks.validate_delivery", object_id=delivery.pk, sends=3
    )
    Job.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(seconds=60))
    jobs_sweep()
    html = client_for(kontakt_lund, lund).get(f"/leveranser/{delivery.pk}/").content.decode()
    assert "Valideringen kunde inte startas" in html
