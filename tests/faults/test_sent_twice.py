"""Every long job has its job row as idempotency key: a task delivered twice does its work once.

The first delivery runs the job (in-process, as the ordinary tests run tasks); the second is the same
message again, as a broker redelivers it or the sweep sends it once more. And with real workers: a second
delivery that arrives while the first still works (its heart beating) does nothing either.
"""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import TestCase
from django_tenants.utils import tenant_context

from jobs.models import Job
from onboarding.deliveries import services as delivery_services
from onboarding.deliveries.models import Delivery
from onboarding.deliveries.tasks import hand_over_delivery, validate_delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.models import ImportJob, System
from onboarding.packaging.models import PackageBuild
from onboarding.packaging.services.builds import package_build_request
from onboarding.packaging.services.metadata import default_metadata
from onboarding.packaging.tasks import build_package_task
from onboarding.services.imports import import_job_create, import_job_start
from onboarding.tasks import import_commit
from onboarding.validation.sample import build_sip
from reports.models import ReportKind
from reports.services import report_request
from reports.tasks import render_report_task
from tenants.models import AuditEvent
from tests.celery_worker import running_worker
from tests.deliveries.conftest import approved_agreement, new_connection, zip_folder
from tests.onboarding.fixtures_onboarding import row, xlsx

from .conftest import files_under


@pytest.fixture
def sip_zip(tmp_path):
    return zip_folder(build_sip(tmp_path / "build", "sip-lund"), tmp_path / "sip-lund.zip")


def audits(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def uploaded(lund, conn, sip_zip, actor) -> Delivery:
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        file = SimpleUploadedFile(sip_zip.name, sip_zip.read_bytes(), content_type="application/zip")
        return delivery_services.delivery_upload(connection=conn, uploaded_file=file, actor=actor)


@pytest.mark.django_db
def test_validation_sent_twice_validates_once(lund, kontakt_lund, sip_zip, folders):
    delivery = uploaded(lund, new_connection(lund, phase=Phase.TEST_DELIVERY), sip_zip, kontakt_lund)
    with tenant_context(lund):
        validate_delivery.apply(args=[delivery.pk])
        delivery.refresh_from_db()
    assert delivery.state == Delivery.State.VALID
    assert audits("deliveries.delivery.validate") == 1
    assert Job.objects.get(task=validate_delivery.name, object_id=delivery.pk).runs == 1


@pytest.mark.django_db
def test_report_render_sent_twice_issues_one_file(consortium, forvaltare, folders):
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = report_request(kind=ReportKind.CONSORTIUM, actor=forvaltare)
    render_report_task.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.is_done and audits("reports.report.issue") == 1
    assert files_under(folders["REPORTS_ROOT"]) == [folders["REPORTS_ROOT"] / report.file_path]


@pytest.mark.django_db
def test_import_sent_twice_imports_one_set(lund, kontakt_lund, folders):
    data = xlsx([row(Systemnamn=f"System {i}") for i in range(30)])
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        job = import_job_create(upload=SimpleUploadedFile("system.xlsx", data), actor=kontakt_lund)
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        import_job_start(job=job, actor=kontakt_lund)
    with tenant_context(lund):
        import_commit.apply(args=[job.pk])
        assert ImportJob.objects.get(pk=job.pk).state == ImportJob.State.DONE
        assert System.objects.count() == 30
    assert audits("onboarding.import") == 1


@pytest.mark.django_db
def test_hand_over_sent_twice_makes_one_copy(lund, kontakt_lund, forvaltare, sip_zip, folders):
    delivery = uploaded(lund, new_connection(lund, phase=Phase.PRODUCTION), sip_zip, kontakt_lund)
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        delivery_services.delivery_accept(delivery=delivery, actor=forvaltare)
    with tenant_context(lund):
        hand_over_delivery.apply(args=[delivery.pk])
    assert [p.name for p in files_under(folders["ARCHIVE_INGEST_DIR"])] == [f"{delivery.uuid}.zip"]
    assert audits("deliveries.delivery.hand_over") == 1
    assert Job.objects.get(task=hand_over_delivery.name, object_id=delivery.pk).runs == 1


@pytest.mark.django_db
def test_package_build_sent_twice_builds_once(lund, kontakt_lund, folders, tmp_path):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    agreement = approved_agreement(lund, conn)
    upload = TemporaryUploadedFile("dump.bak", "application/octet-stream", 5, None)
    upload.write(b"12345")
    upload.seek(0)
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        meta = default_metadata(kommun=lund, connection=conn, agreement=agreement)
        build = package_build_request(
            connection=conn, files=[upload], information_types=meta.information_types, metadata=meta, actor=kontakt_lund
        )
    with tenant_context(lund):
        assert build_package_task.apply(args=[build.pk]).result is None  # the second delivery: nothing to do
        assert PackageBuild.objects.get(pk=build.pk).state == PackageBuild.State.DONE
    assert audits("packaging.build.finish") == 1


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()])
def test_a_second_delivery_while_the_first_still_works_does_nothing(lund, kontakt_lund, fault_run, sip_zip):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    with fault_run(validate_delivery.name) as run:
        with run.worker(stopping=True) as first, running_worker(f"{run.queue}-2", run.broker, env=run.env) as second:
            delivery = uploaded(lund, conn, sip_zip, kontakt_lund)
            run.wait_at("validation", first)  # the first worker holds the job, and beats
            with tenant_context(lund):
                duplicate = validate_delivery.apply_async(args=[delivery.pk], queue=second.queue)
            assert second.result(duplicate) is None  # the second worker leaves it to the first
            run.release("validation")
            with tenant_context(lund):
                first.result(validate_delivery.apply_async(args=[delivery.pk]))  # and once more, after
                delivery.refresh_from_db()
    assert delivery.state == Delivery.State.VALID
    assert audits("deliveries.delivery.validate") == 1
    assert Job.objects.get(task=validate_delivery.name, object_id=delivery.pk).runs == 1
