"""A delivery with malicious code is refused, quarantined and never handed over; formats follow the policy."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from onboarding.agreement_formats.models import AgreementFormatRule
from onboarding.deliveries import services
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.formatpolicy.models import FormatRule
from onboarding.validation.sample import build_sip
from tenants.models import AuditEvent
from tests.clamd import EICAR_SIGNATURE
from tests.validation import content_files

from .conftest import approved_agreement, new_connection, upload, zip_folder

pytestmark = pytest.mark.django_db
DATA = "representations/rep1/data/"


@pytest.fixture
def quarantine(settings, tmp_path):
    settings.QUARANTINE_DIR = tmp_path / "karantan"
    return settings.QUARANTINE_DIR


def _zip(tmp_path, name: str, files: dict[str, bytes]):
    return zip_folder(build_sip(tmp_path / f"build-{name}", name, list(files.items())), tmp_path / f"{name}.zip")


def _deliver(kommun, actor, conn, package, capture) -> Delivery:
    with tenant_context(kommun), capture(execute=True):
        delivery = services.delivery_upload(connection=conn, uploaded_file=upload(package), actor=actor)
    with tenant_context(kommun):
        delivery.refresh_from_db()
    return delivery


def test_infected_production_delivery_is_stopped_quarantined_and_never_handed_over(
    lund,
    kontakt_lund,
    forvaltare,
    tmp_path,
    settings,
    quarantine,
    clamd_daemon,
    client_for,
    django_capture_on_commit_callbacks,
):
    settings.CLAMD_SOCKET = clamd_daemon.socket
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    package = _zip(tmp_path, "sip-smitta", {"protokoll.txt": b"Protokoll.\n", "bilaga.com": content_files.eicar()})
    delivery = _deliver(lund, kontakt_lund, conn, package, django_capture_on_commit_callbacks)

    assert delivery.state == Delivery.State.INFECTED
    assert not delivery.file  # nothing left in the kommun's storage to serve or hand over
    quarantined = list(quarantine.rglob("*.zip"))
    assert [str(p) for p in quarantined] == [delivery.quarantine_path]
    assert quarantined[0].read_bytes() == package.read_bytes()
    assert not list((settings.MEDIA_ROOT).rglob("*.zip"))
    assert AuditEvent.objects.filter(action="deliveries.delivery.quarantine", object_id=str(delivery.pk)).exists()

    for user in (forvaltare, kontakt_lund):  # the förvaltning and the kommun both see what and why
        html = client_for(user, lund).get(f"/leveranser/{delivery.pk}/").content.decode()
        assert "Skadlig kod hittad" in html and "Leveransen har stoppats" in html
        assert DATA + "bilaga.com" in html and EICAR_SIGNATURE in html

    with tenant_context(lund):
        with pytest.raises(ValidationError):
            services.delivery_accept(delivery=delivery, actor=forvaltare)
        with pytest.raises(ValidationError):
            services.delivery_hand_over(delivery_id=delivery.pk)
        assert Delivery.objects.get(pk=delivery.pk).state == Delivery.State.INFECTED
    assert not list(settings.ARCHIVE_INGEST_DIR.rglob("*")) if settings.ARCHIVE_INGEST_DIR.exists() else True


def test_clean_delivery_is_scanned_and_shows_its_formats(
    lund, kontakt_lund, tmp_path, settings, quarantine, clamd_daemon, client_for, django_capture_on_commit_callbacks
):
    settings.CLAMD_SOCKET = clamd_daemon.socket
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    package = _zip(tmp_path, "sip-ren", {"protokoll.txt": b"Protokoll.\n", "bild.png": content_files.png()})
    delivery = _deliver(lund, kontakt_lund, conn, package, django_capture_on_commit_callbacks)
    assert delivery.state == Delivery.State.VALID and delivery.file
    assert delivery.report["summary"]["virus_scan"]["scanned"] == delivery.file_count
    html = client_for(kontakt_lund, lund).get(f"/leveranser/{delivery.pk}/").content.decode()
    assert "filer skannade utan fynd" in html
    assert "fmt/11" in html and "Portable Network Graphics" in html and "x-fmt/111" in html
    assert not list(quarantine.rglob("*"))


def test_without_clamd_the_delivery_report_warns_that_scanning_is_not_configured(
    lund, kontakt_lund, sip_zip, settings, client_for, django_capture_on_commit_callbacks
):
    settings.CLAMD_SOCKET = ""
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    delivery = _deliver(lund, kontakt_lund, conn, sip_zip, django_capture_on_commit_callbacks)
    assert delivery.state == Delivery.State.VALID
    ids = {f["requirement_id"]: f["severity"] for f in delivery.report["findings"]}
    assert ids["VIRUS-NOTCONFIGURED"] == "warning"
    html = client_for(kontakt_lund, lund).get(f"/leveranser/{delivery.pk}/").content.decode()
    assert "Virusskanning är inte konfigurerad" in html and "filer skannade" not in html


def test_the_agreement_narrows_and_the_forvaltning_widens_the_accepted_formats(
    lund, kontakt_lund, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.CLAMD_SOCKET = ""
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    agreement = approved_agreement(lund, conn)
    FormatRule.objects.create(puid="fmt/412", name="Word (OOXML)", decision="warning", note="Under en övergång.")
    with tenant_context(lund):
        AgreementFormatRule.objects.create(agreement=agreement, puid="fmt/11", name="PNG", decision="error")
    files = {"bild.png": content_files.png(), "brev.docx": content_files.docx()}
    delivery = _deliver(
        lund, kontakt_lund, conn, _zip(tmp_path, "sip-format", files), django_capture_on_commit_callbacks
    )
    policy = {f["location"]: f for f in delivery.report["findings"] if f["requirement_id"] == "FORMAT-POLICY"}
    assert policy[DATA + "bild.png"]["severity"] == "error"
    assert "leveransöverenskommelsen" in policy[DATA + "bild.png"]["message"]
    assert policy[DATA + "brev.docx"]["severity"] == "warning"
    assert "förvaltningens lista" in policy[DATA + "brev.docx"]["message"]
    assert delivery.state == Delivery.State.INVALID


def test_progress_is_told_in_files_done(
    lund, kontakt_lund, sip_zip, settings, clamd_daemon, django_capture_on_commit_callbacks
):
    settings.CLAMD_SOCKET = clamd_daemon.socket
    seen = []
    from onboarding.deliveries.services import deliveries as delivery_services

    original = delivery_services.delivery_set_progress

    def record(*, delivery_id, fraction, label):
        seen.append(label)
        original(delivery_id=delivery_id, fraction=fraction, label=label)

    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    delivery_services.delivery_set_progress = record
    try:
        _deliver(lund, kontakt_lund, conn, sip_zip, django_capture_on_commit_callbacks)
    finally:
        delivery_services.delivery_set_progress = original
    assert any(label.startswith("Identifierar filformat:") and label.endswith("filer") for label in seen)
    assert any(label.startswith("Skannar efter skadlig kod:") for label in seen)
