"""What a kommun sees when something fails on the server: a Swedish sentence, never the exception's text
(an OSError names server paths). The failures here are real ones, not raised by the test."""

import tempfile
import zipfile

import pytest
from django_tenants.utils import tenant_context

from onboarding.deliveries import services
from onboarding.deliveries.messages import MSG_HANDOVER_WRITE_FAILED
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.validation import validate_package
from onboarding.validation.messages import MESSAGES

from .conftest import new_connection, upload

pytestmark = pytest.mark.django_db

SERVER_TRACES = ("Errno", "/tmp", tempfile.gettempdir(), "Error:", "Traceback")


def assert_no_server_trace(text: str, where: str) -> None:
    for trace in SERVER_TRACES:
        assert trace not in text, f"{where} shows {trace!r}: {text[:500]}"


def file_then_folder_zip(path):
    """A zip with a file `pkg/a` and then `pkg/a/b`: unpacking it fails in the OS (a file where a folder must be)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pkg/a", b"x")
        zf.writestr("pkg/a/b", b"y")
    return path


def test_a_package_the_os_cannot_unpack_is_reported_without_server_paths(tmp_path):
    report = validate_package(file_then_folder_zip(tmp_path / "konstig.zip"))
    assert report.has_errors
    messages = [f.message for f in report.findings]
    assert messages, "the failure must be reported"
    for message in messages:
        assert_no_server_trace(message, "the validation report")
    internal = MESSAGES["INTERNAL_ERROR"].split("(")[0]
    assert any(m.startswith(internal) or "kunde inte" in m or "skadad" in m for m in messages), messages


def test_the_delivery_page_shows_the_failure_in_swedish(
    lund, kontakt_lund, client_for, tmp_path, django_capture_on_commit_callbacks
):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    package = file_then_folder_zip(tmp_path / "konstig.zip")
    with tenant_context(lund), django_capture_on_commit_callbacks(execute=True):
        delivery = services.delivery_upload(connection=conn, uploaded_file=upload(package), actor=kontakt_lund)
    page = client_for(kontakt_lund, lund).get(f"/leveranser/{delivery.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "Valideringsrapport" in html
    assert_no_server_trace(html, "the delivery page")
    report = client_for(kontakt_lund, lund).get(f"/leveranser/{delivery.pk}/rapport.json")
    assert report.status_code == 200
    assert_no_server_trace(report.content.decode(), "the JSON report")


def test_a_failed_hand_over_shows_a_swedish_reason_not_the_os_error(
    lund, kontakt_lund, forvaltare, sip_zip, settings, tmp_path, client_for, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "inte-en-mapp"
    blocker.write_text("a file where the archive's ingest area should be")
    settings.ARCHIVE_INGEST_DIR = blocker  # mkdir under it fails: NotADirectoryError naming the path
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    with tenant_context(lund), django_capture_on_commit_callbacks(execute=True):
        delivery = services.delivery_upload(connection=conn, uploaded_file=upload(sip_zip), actor=kontakt_lund)
    with tenant_context(lund), django_capture_on_commit_callbacks(execute=True):
        services.delivery_accept(delivery=delivery, actor=forvaltare)
    with tenant_context(lund):
        delivery.refresh_from_db()
    assert delivery.state == Delivery.State.HANDOVER_FAILED
    for user in (kontakt_lund, forvaltare):
        html = client_for(user, lund).get(f"/leveranser/{delivery.pk}/").content.decode()
        assert str(MSG_HANDOVER_WRITE_FAILED) in html
        assert str(blocker) not in html and "Errno" not in html and "NotADirectoryError" not in html
