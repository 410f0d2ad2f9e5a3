"""A kommun that has left is read-only for its background work too: a job saved before it left (validation,
hand-over, import, package build, report) is refused when its task arrives, saying why in Swedish, and writes
nothing; beat's sweep refuses such jobs instead of sending them again; the export still runs (it only reads)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connection
from django.test import TestCase
from django.utils import timezone
from django_tenants.utils import tenant_context

from jobs.messages import MSG_JOB_KOMMUN_LEFT
from jobs.models import Job
from jobs.services import jobs_sweep
from onboarding.deliveries import services as delivery_services
from onboarding.deliveries.models import Delivery
from onboarding.deliveries.tasks import hand_over_delivery, ingest_pickup, validate_delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.kommun_data.models import KommunExport
from onboarding.kommun_data.services.departure import kommun_leave
from onboarding.kommun_data.services.jobs import kommun_export_request
from onboarding.kommun_data.tasks import kommun_export_task
from onboarding.models import ImportJob, System
from onboarding.packaging.models import PackageBuild
from onboarding.packaging.services.builds import package_build_request
from onboarding.packaging.services.metadata import default_metadata
from onboarding.packaging.tasks import build_package_task
from onboarding.services.imports import import_job_create, import_job_start
from onboarding.tasks import import_commit
from onboarding.validation.sample import build_sip
from reports.models import IssuedReport, ReportKind, ReportStatus
from reports.services import report_request
from reports.tasks import render_report_task
from tests.deliveries.conftest import approved_agreement, new_connection, zip_folder
from tests.onboarding.fixtures_onboarding import row, xlsx

from .conftest import files_under

pytestmark = pytest.mark.django_db


def _saved_not_sent():
    return TestCase.captureOnCommitCallbacks(execute=False)  # the job row is saved; its task is not sent


def _schema_counts(schema: str) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1", [schema])
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def lund_work(lund, kontakt_lund, arkivarie_lund, forvaltare, folders, tmp_path):
    """Lund's jobs of every kind, saved while Lund was a member and not yet run; then Lund leaves."""
    sip = zip_folder(build_sip(tmp_path / "build", "sip-lund"), tmp_path / "sip-lund.zip")
    test_conn, prod_conn = new_connection(lund, phase=Phase.TEST_DELIVERY), new_connection(lund, phase=Phase.PRODUCTION)
    agreement = approved_agreement(lund, test_conn)
    with tenant_context(lund):
        with _saved_not_sent():
            upload = SimpleUploadedFile(sip.name, sip.read_bytes(), content_type="application/zip")
            pending = delivery_services.delivery_upload(connection=test_conn, uploaded_file=upload, actor=kontakt_lund)
        with TestCase.captureOnCommitCallbacks(execute=True):  # validated now: accepted below
            upload = SimpleUploadedFile(sip.name, sip.read_bytes(), content_type="application/zip")
            accepted = delivery_services.delivery_upload(connection=prod_conn, uploaded_file=upload, actor=kontakt_lund)
        with _saved_not_sent():
            delivery_services.delivery_accept(delivery=Delivery.objects.get(pk=accepted.pk), actor=forvaltare)
        with TestCase.captureOnCommitCallbacks(execute=True):  # checked now: its import is started below
            imported = import_job_create(
                upload=SimpleUploadedFile("system.xlsx", xlsx([row(Systemnamn=f"Importerat {i}") for i in range(5)])),
                actor=kontakt_lund,
            )
        with _saved_not_sent():
            import_job_start(job=imported, actor=kontakt_lund)
        files = TemporaryUploadedFile("dump.bak", "application/octet-stream", 5, None)
        files.write(b"12345")
        files.seek(0)
        with _saved_not_sent():
            meta = default_metadata(kommun=lund, connection=test_conn, agreement=agreement)
            build = package_build_request(connection=test_conn, files=[files], information_types=meta.information_types,
                                          metadata=meta, actor=kontakt_lund)  # fmt: skip
            report = report_request(kind=ReportKind.KOMMUN, kommun=lund, actor=kontakt_lund)
            export = kommun_export_request(kommun=lund, with_packages=False, actor=arkivarie_lund)
    connection.set_schema_to_public()
    with _saved_not_sent():
        kommun_leave(kommun=lund, delete_on=timezone.localdate() + timedelta(days=30), reason="Egen lösning.",
                     actor=forvaltare)  # fmt: skip
    return {
        validate_delivery: pending.pk,
        hand_over_delivery: accepted.pk,
        import_commit: imported.pk,
        build_package_task: build.pk,
        render_report_task: report.pk,
        "export": export.pk,
    }


def test_each_job_of_a_departed_kommun_is_refused_and_writes_nothing(lund, lund_work, folders):
    before = _schema_counts("lund")
    reports_before = files_under(folders["REPORTS_ROOT"])
    with tenant_context(lund):
        for task in (validate_delivery, hand_over_delivery, import_commit, build_package_task, render_report_task):
            assert task.apply(args=[lund_work[task]]).get() is None, task.name
            job = Job.objects.get(schema_name="lund", task=task.name, object_id=lund_work[task])
            assert (job.state, job.reason) == (Job.State.REFUSED, str(MSG_JOB_KOMMUN_LEFT)), task.name
            assert job.runs == 0, task.name
        assert Delivery.objects.get(pk=lund_work[validate_delivery]).state == Delivery.State.RECEIVED
        assert Delivery.objects.get(pk=lund_work[hand_over_delivery]).state == Delivery.State.ACCEPTED
        assert ImportJob.objects.get(pk=lund_work[import_commit]).state == ImportJob.State.IMPORTING
        assert not System.objects.filter(name__startswith="Importerat ").exists()
        assert PackageBuild.objects.get(pk=lund_work[build_package_task]).state == PackageBuild.State.QUEUED
        assert ingest_pickup.apply().get() == 0
    connection.set_schema_to_public()
    assert _schema_counts("lund") == before, "not one row of Lund's schema changed"
    assert files_under(folders["ARCHIVE_INGEST_DIR"]) == [], "nothing was handed over to the archive"
    report = IssuedReport.objects.get(pk=lund_work[render_report_task])
    assert report.status != ReportStatus.DONE and files_under(folders["REPORTS_ROOT"]) == reports_before
    # The export only reads Lund's schema: it still runs, after Lund left, from Lund's schema.
    with tenant_context(lund):
        assert kommun_export_task.apply(args=[lund_work["export"]]).get() == KommunExport.State.DONE
    assert Job.objects.get(task=kommun_export_task.name, object_id=lund_work["export"]).state == Job.State.DONE


def test_the_sweep_refuses_a_departed_kommuns_jobs_and_still_sends_the_others(lund, bjuv, lund_work, folders, settings):
    settings.JOBS_SEND_DELAY_SECONDS, settings.JOBS_MAX_SENDS = 30, 3
    long_ago = timezone.now() - timedelta(hours=2)
    lund_jobs = Job.objects.filter(schema_name="lund", state=Job.State.PENDING).exclude(task=kommun_export_task.name)
    assert lund_jobs.count() == 5
    lund_jobs = Job.objects.filter(pk__in=list(lund_jobs.values_list("pk", flat=True)))
    lund_jobs.update(created_at=long_ago, sent_at=long_ago)
    # One has had its last try: refused all the same, so no give-up hook writes into Lund's schema.
    Job.objects.filter(schema_name="lund", task=validate_delivery.name).update(sends=3)
    with tenant_context(lund):
        label_before = Delivery.objects.get(pk=lund_work[validate_delivery]).progress_label
    others = Job.objects.create(schema_name="bjuv", task=validate_delivery.name, object_id=987654)
    Job.objects.filter(pk=others.pk).update(created_at=long_ago)
    before = _schema_counts("lund")
    assert jobs_sweep() == 1  # Bjuv's job; Lund's export job (public, done or not) is not due
    refused = dict(lund_jobs.values_list("task", "state"))
    assert set(refused.values()) == {Job.State.REFUSED}, refused
    assert not lund_jobs.exclude(reason=str(MSG_JOB_KOMMUN_LEFT)).exists()
    assert Job.objects.get(pk=others.pk).state == Job.State.DONE, "Bjuv's job was sent and ran"
    assert _schema_counts("lund") == before
    with tenant_context(lund):
        assert Delivery.objects.get(pk=lund_work[validate_delivery]).progress_label == label_before
    assert jobs_sweep() == 0, "a refused job is never sent again"


def test_the_pages_of_refused_work_say_why_and_stop_waiting(lund, bjuv, lund_work, forvaltare, client_for):
    """The kommun's own rows still say "mottagen" and "i kö" (refusing writes nothing to its schema): the page reads
    the refusal from the job row, says it in the reader's language and stops polling."""
    with tenant_context(lund):
        for task in (validate_delivery, build_package_task):
            task.apply(args=[lund_work[task]]).get()
    connection.set_schema_to_public()
    site = client_for(forvaltare, lund)  # the förvaltning still reads a departed kommun's site
    pages = (f"/leveranser/{lund_work[validate_delivery]}/", f"/paket/{lund_work[build_package_task]}/")
    for url in pages:
        page = site.get(url).content.decode()
        assert str(MSG_JOB_KOMMUN_LEFT) in page, url
        assert "väntar på att starta" not in page and 'hx-trigger="every 2s"' not in page, url
    site.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = site.get(pages[0]).content.decode()
    assert "The work was not done: the kommun has left the consortium" in english
    assert "Arbetet gjordes inte" not in english
