"""A real worker is SIGKILLed in the middle of each long job; a new worker finishes it, exactly once.

Each job stops at its checkpoint (jobs/faults.py) in the first worker, which is killed there. The job's row
stops beating, beat's sweep (run by the second worker) sends the job again, and the second worker does it
from the start. Each test looks at what a person would find: one report, one file, one set of systems,
one copy in the archive's ingest area, and no half-written file anywhere.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import TestCase
from django.utils import timezone
from django_tenants.utils import tenant_context

from jobs.models import Job
from onboarding.deliveries import services as delivery_services
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.models import ImportJob, System
from onboarding.packaging.models import PackageBuild
from onboarding.packaging.services.builds import package_build_request
from onboarding.packaging.services.metadata import default_metadata
from onboarding.services.imports import import_job_create, import_job_start
from onboarding.validation import validate_package
from onboarding.validation.sample import build_sip
from reports.models import IssuedReport, ReportKind, ReportStatus
from reports.services import report_request
from tenants.models import AuditEvent
from tests.deliveries.conftest import approved_agreement, new_connection, zip_folder
from tests.onboarding.fixtures_onboarding import row, xlsx

from .conftest import files_under

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()]),
]

VALIDATE = "onboarding.deliveries.tasks.validate_delivery"
HAND_OVER = "onboarding.deliveries.tasks.hand_over_delivery"
RENDER = "reports.tasks.render_report_task"
CHECK, COMMIT = "onboarding.tasks.import_check", "onboarding.tasks.import_commit"
BUILD = "onboarding.packaging.tasks.build_package_task"


@pytest.fixture
def sip_zip(tmp_path) -> Path:
    return zip_folder(build_sip(tmp_path / "build", "sip-lund"), tmp_path / "sip-lund.zip")


def audits(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def job_of(task: str, object_id: int, schema: str) -> Job:
    return Job.objects.get(task=task, object_id=object_id, schema_name=schema)


def delivery_state(lund, pk) -> str:
    with tenant_context(lund):
        return Delivery.objects.get(pk=pk).state


def test_validation_killed_mid_way_is_finished_once_by_the_next_worker(lund, kontakt_lund, fault_run, sip_zip, folders):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    with fault_run(VALIDATE) as run:
        with run.worker(stopping=True) as first:
            with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
                file = SimpleUploadedFile(sip_zip.name, sip_zip.read_bytes(), content_type="application/zip")
                delivery = delivery_services.delivery_upload(connection=conn, uploaded_file=file, actor=kontakt_lund)
            run.kill_at("validation", first)
        assert delivery_state(lund, delivery.pk) == Delivery.State.VALIDATING  # killed in the middle...
        assert files_under(folders["VALIDATION_WORK_DIR"])  # ...with the package half unpacked
        with run.worker() as second:
            run.sweep_until(lambda: delivery_state(lund, delivery.pk) != Delivery.State.VALIDATING, second)
    with tenant_context(lund):
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.VALID, delivery.report
        assert delivery.report["package"] == sip_zip.name and delivery.validated_at
        assert audits("deliveries.delivery.validate") == 1  # one validation report
    assert job_of(VALIDATE, delivery.pk, "lund").runs == 2  # the killed run and the one that finished
    assert files_under(folders["VALIDATION_WORK_DIR"]) == []  # nothing the killed worker unpacked is left


def test_report_render_killed_while_writing_leaves_one_issued_file(consortium, forvaltare, fault_run, folders):
    root = folders["REPORTS_ROOT"]
    with fault_run(RENDER) as run:
        with run.worker(stopping=True) as first:
            with TestCase.captureOnCommitCallbacks(execute=True):
                report = report_request(kind=ReportKind.CONSORTIUM, actor=forvaltare)
            run.kill_at("report", first)
        half = files_under(root / "tmp")
        assert len(half) == 1 and half[0].suffix == ".part"  # killed with half a PDF written
        assert IssuedReport.objects.get(pk=report.pk).status == ReportStatus.RUNNING
        with run.worker() as second:
            run.sweep_until(lambda: IssuedReport.objects.get(pk=report.pk).is_finished, second)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    issued = files_under(root)
    assert issued == [root / report.file_path]  # one file, the issued one: no .part left anywhere
    assert issued[0].read_bytes().startswith(b"%PDF") and issued[0].stat().st_size == report.size
    assert audits("reports.report.issue") == 1
    assert job_of(RENDER, report.pk, "public").runs == 2


ROWS = 2000


def test_import_of_2000_rows_killed_half_way_imports_one_set_of_systems(lund, kontakt_lund, fault_run):
    data = xlsx([row(Systemnamn=f"System {i:04d}") for i in range(ROWS)])
    with fault_run(CHECK, COMMIT) as run:
        with run.worker(stopping=True) as first:
            with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
                job = import_job_create(upload=SimpleUploadedFile("system.xlsx", data), actor=kontakt_lund)
            run.sweep_until(lambda: _import_state(lund, job) != ImportJob.State.CHECKING, first)
            assert _import_state(lund, job) == ImportJob.State.PREVIEW
            with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
                import_job_start(job=job, actor=kontakt_lund)
            run.kill_at("import", first)
        with tenant_context(lund):
            assert System.objects.count() == 0  # half-way, inside the import's transaction: nothing is saved
        with run.worker() as second:
            run.sweep_until(lambda: _import_state(lund, job) != ImportJob.State.IMPORTING, second)
    with tenant_context(lund):
        assert _import_state(lund, job) == ImportJob.State.DONE
        names = list(System.objects.values_list("name", flat=True))
        assert len(names) == ROWS and len(set(names)) == ROWS  # one set: none missing, none twice
        assert audits("onboarding.import") == 1
    assert job_of(COMMIT, job.pk, "lund").runs == 2


def _import_state(lund, job) -> str:
    with tenant_context(lund):
        return ImportJob.objects.get(pk=job.pk).state


def test_hand_over_killed_while_copying_leaves_one_whole_copy_in_the_archive(
    lund, kontakt_lund, forvaltare, fault_run, sip_zip, folders
):
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):  # validated in this process
        file = SimpleUploadedFile(sip_zip.name, sip_zip.read_bytes(), content_type="application/zip")
        delivery = delivery_services.delivery_upload(connection=conn, uploaded_file=file, actor=kontakt_lund)
    assert delivery_state(lund, delivery.pk) == Delivery.State.VALID
    area = folders["ARCHIVE_INGEST_DIR"] / "lund"
    with fault_run(HAND_OVER) as run:
        run.env["HANDOVER_CHUNK_BYTES"] = "4096"  # the copy takes several reads: the kill lands between two
        with run.worker(stopping=True) as first:
            with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
                delivery_services.delivery_accept(delivery=delivery, actor=forvaltare)
            run.kill_at("handover", first)
        part = files_under(area)
        assert len(part) == 1 and part[0].name.endswith(".part") and part[0].name.startswith(".")
        assert part[0].stat().st_size < sip_zip.stat().st_size  # half a copy, under a name the archive ignores
        with run.worker() as second:
            run.sweep_until(lambda: delivery_state(lund, delivery.pk) != Delivery.State.ACCEPTED, second)
    with tenant_context(lund):
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.HANDED_OVER and delivery.handed_over_at <= timezone.now()
        assert audits("deliveries.delivery.hand_over") == 1
    copies = files_under(area)
    assert [p.name for p in copies] == [f"{delivery.uuid}.zip"]  # one copy, whole; the half one is gone
    assert copies[0].read_bytes() == sip_zip.read_bytes()
    assert job_of(HAND_OVER, delivery.pk, "lund").runs == 2


def test_package_build_killed_while_writing_leaves_one_whole_package(lund, kontakt_lund, fault_run, folders):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    agreement = approved_agreement(lund, conn)
    upload = TemporaryUploadedFile("registerdump.csv", "text/csv", 0, None)
    upload.write(("id;namn\n" + "".join(f"{i};Ärende {i}\n" for i in range(20_000))).encode())
    upload.seek(0)
    with fault_run(BUILD) as run:
        with run.worker(stopping=True) as first:
            with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
                meta = default_metadata(kommun=lund, connection=conn, agreement=agreement)
                build = package_build_request(connection=conn, files=[upload], metadata=meta, actor=kontakt_lund,
                                              information_types=meta.information_types)  # fmt: skip
            run.kill_at("package_build", first)
        half = [p for p in files_under(folders["MEDIA_ROOT"]) if p.name.endswith(".part")]
        assert len(half) == 1 and half[0].name.startswith(".")  # killed with the data written, no metadata yet
        with run.worker() as second:
            run.sweep_until(lambda: _build_state(lund, build) != PackageBuild.State.RUNNING, second)
    with tenant_context(lund):
        build.refresh_from_db()
    assert build.state == PackageBuild.State.DONE
    written = [p for p in files_under(folders["MEDIA_ROOT"]) if "packaging" in p.parts]
    assert written == [Path(build.package_path)]  # one package, whole; the half one and the export are gone
    assert validate_package(written[0]).summary()["errors"] == 0
    assert audits("packaging.build.finish") == 1
    assert job_of(BUILD, build.pk, "lund").runs == 2


def _build_state(lund, build) -> str:
    with tenant_context(lund):
        return PackageBuild.objects.get(pk=build.pk).state
