"""Uploads whose transaction rolls back leave no file behind: attachments, inventory imports, delivery packages.

Each test lets the upload's service store its file, then makes the transaction fail after that (a failure
inside the service, or the enclosing transaction rolling back) and looks at the disk.
"""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from onboarding.deliveries import services as delivery_services
from onboarding.deliveries.models import Delivery
from onboarding.deliveries_index.phases import Phase
from onboarding.models import Attachment, ImportJob
from onboarding.services.attachments import attachment_add
from onboarding.services.imports import import_job_create
from onboarding.validation.sample import build_sip
from tenants import messages, stored_files
from tests.deliveries.conftest import new_connection, zip_folder
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = pytest.mark.django_db


class Boom(Exception):
    """The failure after the file was stored."""


def forget_media_root() -> None:
    """django-tenants' storage caches MEDIA_ROOT (its setting_changed handler passes the wrong argument)."""
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INGEST_DIR = tmp_path / "ingest"
    forget_media_root()
    yield settings.MEDIA_ROOT
    forget_media_root()


@pytest.fixture
def sip_zip(tmp_path) -> Path:
    return zip_folder(build_sip(tmp_path / "build", "sip-lund"), tmp_path / "sip-lund.zip")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def pdf(name="beskrivning.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 en systembeskrivning", content_type="application/pdf")


def test_attachment_refused_after_it_was_stored_leaves_no_file(lund, kontakt_lund, media):
    system = make_system(lund)
    with tenant_context(lund), pytest.raises(ValidationError):
        attachment_add(system=system, upload=pdf(), kind="inget-sådant-slag", actor=kontakt_lund)
    assert files_under(media) == []


def test_attachment_in_a_transaction_that_rolls_back_leaves_no_file(lund, kontakt_lund, media):
    system = make_system(lund)
    with tenant_context(lund), pytest.raises(Boom), transaction.atomic():
        attachment_add(system=system, upload=pdf(), kind="beskrivning", actor=kontakt_lund)
        assert len(files_under(media)) == 1  # stored...
        raise Boom
    assert files_under(media) == []  # ...and gone with the transaction
    with tenant_context(lund):
        assert not Attachment.objects.exists()


def test_attachment_that_commits_keeps_its_file_when_a_later_savepoint_rolls_back(lund, kontakt_lund, media):
    system = make_system(lund)
    with tenant_context(lund):
        kept = attachment_add(system=system, upload=pdf("kvar.pdf"), kind="beskrivning", actor=kontakt_lund)
        with pytest.raises(Boom), transaction.atomic():
            attachment_add(system=system, upload=pdf("bort.pdf"), kind="beskrivning", actor=kontakt_lund)
            raise Boom
        assert files_under(media) == [Path(kept.file.path)]


def test_import_upload_in_a_transaction_that_rolls_back_leaves_no_file(lund, kontakt_lund, media):
    upload = SimpleUploadedFile("system.csv", b"Systemnamn;Produkt\r\nDiariet;W3D3\r\n")
    with tenant_context(lund), pytest.raises(Boom), transaction.atomic():
        import_job_create(upload=upload, actor=kontakt_lund)
        assert len(files_under(media)) == 1
        raise Boom
    assert files_under(media) == []
    with tenant_context(lund):
        assert not ImportJob.objects.exists()


def test_delivery_upload_in_a_transaction_that_rolls_back_leaves_no_package(lund, kontakt_lund, media, sip_zip):
    conn = new_connection(lund, phase=Phase.TEST_DELIVERY)
    upload = SimpleUploadedFile(sip_zip.name, sip_zip.read_bytes(), content_type="application/zip")
    with tenant_context(lund), pytest.raises(Boom), transaction.atomic():
        delivery_services.delivery_upload(connection=conn, uploaded_file=upload, actor=kontakt_lund)
        assert len(files_under(media)) == 1
        raise Boom
    assert files_under(media) == []
    with tenant_context(lund):
        assert not Delivery.objects.exists()


def test_package_from_the_ingest_folder_stays_there_when_the_transaction_rolls_back(lund, settings, media, sip_zip):
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    package = settings.INGEST_DIR / "lund" / str(conn.pk) / "export.zip"
    package.parent.mkdir(parents=True)
    package.write_bytes(sip_zip.read_bytes())
    with tenant_context(lund), pytest.raises(Boom), transaction.atomic():
        delivery_services.delivery_from_path(connection=conn, path=package, actor=None)
        assert package.exists() and len(files_under(media)) == 1  # linked into the kommun's storage...
        raise Boom
    assert package.read_bytes() == sip_zip.read_bytes()  # ...the source untouched, for the next poll
    assert files_under(media) == []


def test_rollback_hooks_follow_savepoints_like_on_commit(db):
    ran = []
    with transaction.atomic():
        stored_files.on_rollback(lambda: ran.append("outer"))
        with pytest.raises(Boom), transaction.atomic():
            stored_files.on_rollback(lambda: ran.append("inner"))
            raise Boom
        assert ran == ["inner"]
        with transaction.atomic():
            stored_files.on_rollback(lambda: ran.append("released savepoint"))
        assert ran == ["inner"]  # a released savepoint hands its hooks to the enclosing transaction
        transaction.set_rollback(True)
    assert ran == ["inner", "released savepoint", "outer"]  # reversed: undone in the reverse order of doing
    assert connection.run_on_rollback == []


def test_a_storage_that_fails_gives_a_swedish_message_without_the_path(
    lund, kontakt_lund, client_for, settings, tmp_path
):
    blocker = tmp_path / "en-fil"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"  # storing under it fails: NotADirectoryError naming the path
    forget_media_root()
    system = make_system(lund)
    response = client_for(kontakt_lund, lund).post(
        f"/system/{system.pk}/bilagor/", {"kind": "beskrivning", "file": pdf()}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert str(messages.MSG_FILE_NOT_STORED) in html
    assert str(blocker) not in html and "Errno" not in html
    response = client_for(kontakt_lund, lund).post(
        "/system/import/", {"file": SimpleUploadedFile("system.csv", b"Systemnamn;Produkt\r\n")}
    )
    assert response.status_code == 422 and str(messages.MSG_FILE_NOT_STORED) in response.content.decode()
