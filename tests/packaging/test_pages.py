"""Skapa paket on a connection: upload the export, choose its information types, check the metadata, get
the package (built by Celery with progress), download it, and hand it on as the test delivery in one click."""

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.packaging import messages as msg
from onboarding.packaging.models import PackageBuild
from onboarding.validation import validate_package
from tests.deliveries.conftest import new_connection

from .exports import zip_with

pytestmark = pytest.mark.django_db


def _post(client, conn, path, types=("Ärenden",), **fields):
    data = {
        "files": SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/zip"),
        "information_types": list(types),
        "label": "Procapita 2005–2024",
        "objid": "lund-paket-1",
        "archival_creator": "Socialnämnden",
        "content_category": "Mixed",
        "period_from": 2005,
        "period_to": 2024,
        **fields,
    }
    return client.post(f"/anslutningar/{conn.pk}/paket/ny/", data)


def _build(lund, pk) -> PackageBuild:
    with tenant_context(lund):
        return PackageBuild.objects.get(pk=pk)


def test_the_connection_page_offers_skapa_paket_when_the_agreement_is_approved(
    lund, kontakt_lund, client_for, ready_connection
):
    page = client_for(kontakt_lund, lund).get(f"/anslutningar/{ready_connection.pk}/").content.decode()
    assert f'href="/anslutningar/{ready_connection.pk}/paket/ny/"' in page and "Skapa paket" in page


def test_the_form_is_prefilled_from_the_agreement(lund, kontakt_lund, client_for, ready_connection):
    page = client_for(kontakt_lund, lund).get(f"/anslutningar/{ready_connection.pk}/paket/ny/").content.decode()
    for text in (
        "Ärenden",
        "diarium",
        "Arvid Arkivarie",
        f"LÖ-lund-{ready_connection.pk}-v1",
        'value="2005"',
        lund.name,
    ):
        assert text in page, text
    assert f'value="lund-{ready_connection.pk}-' in page


def test_a_package_is_built_downloaded_and_delivered_for_test(
    lund, kontakt_lund, client_for, ready_connection, export_zip, django_capture_on_commit_callbacks, tmp_path
):
    client = client_for(kontakt_lund, lund)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, ready_connection, export_zip, types=("Ärenden", "diarium"))
    assert response.status_code == 302
    build = _build(lund, int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert build.state == PackageBuild.State.DONE and build.file_count == 6
    assert not list((tmp_path / "media").rglob("export*"))  # the export is removed once built
    page = client.get(response["Location"]).content.decode()
    assert "Ladda ned lund-paket-1.zip" in page and "6 filer" in page

    download = client.get(f"/paket/{build.pk}/ladda-ned/")
    package = tmp_path / "nedladdat.zip"
    package.write_bytes(b"".join(download.streaming_content))
    report = validate_package(package)
    assert report.summary()["errors"] == 0 and report.summary()["warnings"] == 0, report.to_text()
    with zipfile.ZipFile(package) as zf:
        assert "lund-paket-1/representations/rep1/data/Ärenden och beslut/båtplats ändring.txt" in zf.namelist()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/paket/{build.pk}/testleverans/")
    with tenant_context(lund):
        delivery = Delivery.objects.get(connection=ready_connection)
    assert response["Location"] == f"/leveranser/{delivery.pk}/"
    assert delivery.kind == Delivery.Kind.TEST and delivery.original_name == "lund-paket-1.zip"
    assert delivery.state == Delivery.State.VALID and delivery.errors == 0
    assert _build(lund, build.pk).delivery_id == delivery.pk
    # The download still works after the hand-over (the delivery has its own name for the same file).
    assert client.get(f"/paket/{build.pk}/ladda-ned/").status_code == 200
    again = client.post(f"/paket/{build.pk}/testleverans/", follow=True).content.decode()
    assert str(msg.MSG_ALREADY_DELIVERED) in again


def test_a_bad_export_is_refused_with_its_reasons(
    lund, kontakt_lund, client_for, ready_connection, tmp_path, django_capture_on_commit_callbacks
):
    export = zip_with(tmp_path / "trasig.zip", {"ok.txt": b"ok", "../../etc/passwd": b"x", "vad?.txt": b"y"})
    client = client_for(kontakt_lund, lund)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, ready_connection, export)
    build = _build(lund, int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert build.state == PackageBuild.State.REFUSED and not build.package_path
    page = client.get(response["Location"]).content.decode()
    assert "../../etc/passwd: sökvägen pekar ut ur exporten" in page
    assert "vad?.txt" in page


def test_an_agreement_not_yet_approved_builds_nothing(lund, kontakt_lund, client_for):
    from onboarding.deliveries import services
    from tests.deliveries.conftest import AGREEMENT_DATA

    conn = new_connection(lund, phase=Phase.AGREEMENT)
    with tenant_context(lund):
        services.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=None)
    client = client_for(kontakt_lund, lund)
    assert "Skapa paket" not in client.get(f"/anslutningar/{conn.pk}/").content.decode()
    page = client.get(f"/anslutningar/{conn.pk}/paket/ny/").content.decode()
    assert "godkänd av både kommunen och e-arkivet innan ett paket kan byggas" in page


def test_unknown_information_types_and_a_bad_identifier_are_refused(
    lund, kontakt_lund, client_for, ready_connection, export_zip
):
    client = client_for(kontakt_lund, lund)
    response = _post(client, ready_connection, export_zip, types=("Något annat",))
    assert response.status_code == 422
    response = _post(client, ready_connection, export_zip, objid="Mitt paket/1")
    assert response.status_code == 422 and "Paketets identifierare får bara" in response.content.decode()
    with tenant_context(lund):
        assert not PackageBuild.objects.exists()


def test_the_other_kommun_gets_404(
    lund, kontakt_lund, client_for, ready_connection, export_zip, cross_kommun, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_for(kontakt_lund, lund), ready_connection, export_zip)
    pk = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    urls = [f"/paket/{pk}/", f"/paket/{pk}/ladda-ned/", f"/paket/{pk}/testleverans/"]
    cross_kommun.assert_found(lund, f"/paket/{pk}/", f"/paket/{pk}/ladda-ned/")
    cross_kommun.assert_found(lund, f"/anslutningar/{ready_connection.pk}/paket/ny/", users=["kontakt_lund"])
    cross_kommun.assert_hidden(lund, *urls, f"/anslutningar/{ready_connection.pk}/paket/ny/")
