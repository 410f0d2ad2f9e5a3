"""Deliveries: upload in the browser, validation in the worker with its report, the ingest folder."""

import json

import pytest
from django_tenants.utils import tenant_context

from onboarding.deliveries import services
from onboarding.deliveries.messages import MSG_DELIVERY_TOO_BIG, MSG_DELIVERY_TYPE, MSG_DELIVERY_WRONG_PHASE
from onboarding.deliveries.models import Delivery
from onboarding.deliveries.tasks import ingest_pickup_all
from onboarding.deliveries_index.phases import Phase
from tenants.models import AuditEvent
from tenants.sizes import GB

from .conftest import new_connection, upload

pytestmark = pytest.mark.django_db


def test_uploaded_package_is_validated_and_the_report_is_shown(
    lund, kontakt_lund, sip_zip, client_for, django_capture_on_commit_callbacks
):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    client = client_for(kontakt_lund, lund)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/anslutningar/{conn.pk}/leveranser/", {"file": upload(sip_zip)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    with tenant_context(lund):
        delivery = Delivery.objects.get(connection=conn)
    assert delivery.state == Delivery.State.VALID
    assert (delivery.kind, delivery.source, delivery.original_name) == ("test", "uppladdning", "sip-lund.zip")
    assert delivery.file_count >= 5 and delivery.progress == 1.0
    assert "Validerad utan fel" in page.content.decode()
    assert AuditEvent.objects.filter(action="deliveries.delivery.validate", object_id=str(delivery.pk)).exists()


def test_report_lists_requirement_severity_location_and_is_downloadable(
    lund, arkivarie_lund, broken_sip_zip, client_for, django_capture_on_commit_callbacks
):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    client = client_for(arkivarie_lund, lund)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/anslutningar/{conn.pk}/leveranser/", {"file": upload(broken_sip_zip)})
    html = client.get(response["Location"]).content.decode()
    assert "Validerad med fel" in html
    assert "FILE-CHECKSUM" in html and "Fel (MUST)" in html
    assert "CSIP" in html and "METS.xml" in html
    report = client.get(response["Location"] + "rapport.json")
    assert report["Content-Disposition"].startswith("attachment")
    data = json.loads(report.content)
    assert data["package"] == "sip-trasig.zip"  # never the server's path
    assert data["summary"]["valid"] is False
    assert {"requirement_id", "severity", "message", "location"} <= set(data["findings"][0])
    assert {"FILE-CHECKSUM"} <= {f["requirement_id"] for f in data["findings"] if f["severity"] == "error"}


def test_status_fragment_shows_progress_while_validation_runs(lund, kontakt_lund, sip_zip, client_for):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    client = client_for(kontakt_lund, lund)
    response = client.post(f"/anslutningar/{conn.pk}/leveranser/", {"file": upload(sip_zip)})  # not committed: queued
    with tenant_context(lund):
        delivery = Delivery.objects.get(connection=conn)
        services.deliveries.delivery_set_progress(delivery_id=delivery.pk, fraction=0.42, label="Läser METS-filerna")
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert 'value="42"' in fragment and "42 %" in fragment and "Läser METS-filerna" in fragment


def test_upload_refused_in_a_phase_that_takes_no_delivery_and_for_other_files(lund, kontakt_lund, sip_zip, client_for):
    conn = new_connection(lund, phase=Phase.PREPARATION)
    with tenant_context(lund):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as exc:
            services.delivery_upload(connection=conn, uploaded_file=upload(sip_zip), actor=kontakt_lund)
    assert str(MSG_DELIVERY_WRONG_PHASE % {"kind": "testleverans", "phase": "Förberedelse"}) in exc.value.messages
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(kontakt_lund, lund).post(
        f"/anslutningar/{conn.pk}/leveranser/", {"file": SimpleUploadedFile("paket.exe", b"MZ")}
    )
    assert response.status_code == 422
    assert str(MSG_DELIVERY_TYPE) in response.content.decode()


def test_upload_declared_over_the_limit_is_refused_before_its_body_is_read(
    lund, kontakt_lund, sip_zip, client_for, settings, tmp_path
):
    settings.DELIVERY_MAX_BYTES = 2 * GB
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    client = client_for(kontakt_lund, lund)
    page = client.get(f"/anslutningar/{conn.pk}/").content.decode()
    assert "Högst 2 GB." in page and f'data-max-bytes="{2 * GB}"' in page  # the limit is said up front
    # The request says it carries 3 GB; the test client would fail the test if the view read the body.
    response = client.post(
        f"/anslutningar/{conn.pk}/leveranser/", {"file": upload(sip_zip)}, CONTENT_LENGTH=str(3 * GB)
    )
    assert response.status_code == 422
    assert services.deliveries.too_big_message() in response.content.decode()
    assert str(MSG_DELIVERY_TOO_BIG % {"limit": "2"}) in response.content.decode()
    with tenant_context(lund):
        assert not Delivery.objects.filter(connection=conn).exists()
    assert list(spool.iterdir()) == []  # nothing was written


def test_upload_over_the_limit_within_the_declared_margin_is_refused_by_the_service(
    lund, kontakt_lund, sip_zip, client_for, settings
):
    settings.DELIVERY_MAX_BYTES = 1000  # smaller than the package, within the multipart margin
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    response = client_for(kontakt_lund, lund).post(f"/anslutningar/{conn.pk}/leveranser/", {"file": upload(sip_zip)})
    assert response.status_code == 422
    assert "Filen är för stor." in response.content.decode()
    with tenant_context(lund):
        assert not Delivery.objects.filter(connection=conn).exists()


def test_upload_still_needs_the_csrf_token(lund, kontakt_lund, sip_zip):
    from django.test import Client

    from tests.isolation import host_of

    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    client = Client(enforce_csrf_checks=True, HTTP_HOST=host_of(lund))
    client.force_login(kontakt_lund)
    response = client.post(f"/anslutningar/{conn.pk}/leveranser/", {"file": upload(sip_zip)})
    assert response.status_code == 403
    with tenant_context(lund):
        assert not Delivery.objects.filter(connection=conn).exists()


def test_package_in_the_ingest_folder_is_picked_up_when_ready(
    lund, sip_zip, settings, django_capture_on_commit_callbacks
):
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    folder = settings.INGEST_DIR / "lund" / str(conn.pk)
    folder.mkdir(parents=True)
    package = folder / "export-2026.zip"
    package.write_bytes(sip_zip.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        ingest_pickup_all.delay()
    with tenant_context(lund):
        assert not Delivery.objects.filter(connection=conn).exists()  # no ".ready" marker yet: still being written
    (folder / "export-2026.zip.ready").touch()
    with django_capture_on_commit_callbacks(execute=True):
        ingest_pickup_all.delay()
        ingest_pickup_all.delay()  # a second poll finds nothing new
    with tenant_context(lund):
        deliveries = list(Delivery.objects.filter(connection=conn))
    assert len(deliveries) == 1
    delivery = deliveries[0]
    assert (delivery.kind, delivery.source, delivery.state) == ("produktion", "inleveransmapp", "giltig")
    assert not package.exists() and not (folder / "export-2026.zip.ready").exists()
