"""Fixtures for a kommun's data out and back: a Lund with a system, an attachment, a delivered package and
audit events, beside a Bjuv with its own (which must never show up in Lund's export)."""

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tenants.utils import tenant_context

from onboarding.deliveries.services.deliveries import delivery_upload
from onboarding.deliveries_index.phases import Phase
from onboarding.services.attachments import attachment_add
from onboarding.validation.sample import build_sip
from reports.models import IssuedReport
from tenants.models import Role, User
from tenants.services import kommun_create, membership_set_role
from tests.deliveries.conftest import new_connection, zip_folder
from tests.onboarding.fixtures_onboarding import make_system


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORTS_ROOT = tmp_path / "media" / "reports"
    settings.INGEST_DIR = tmp_path / "ingest"
    settings.ARCHIVE_INGEST_DIR = tmp_path / "archive"
    settings.KOMMUN_EXPORT_DIR = tmp_path / "exports"


@dataclass
class KommunWorld:
    system_name: str
    attachment_bytes: bytes
    attachment_name: str  # the storage name
    package_sha256: str
    package_name: str
    delivery_uuid: str


def fill_kommun(kommun, user, tmp_path: Path, label: str, on_commit) -> KommunWorld:
    """A system with an attachment, and a connection with a delivered (and validated) package, all by services."""
    system = make_system(kommun, name=f"Ärendesystem {label}")
    content = f"Systembeskrivning för {label}\n".encode() * 50
    with tenant_context(kommun):
        attachment = attachment_add(
            system=system, upload=SimpleUploadedFile("beskrivning.txt", content), kind="beskrivning", actor=user
        )
    conn = new_connection(kommun, system=system, phase=Phase.TEST_DELIVERY)
    package = zip_folder(build_sip(tmp_path / f"sip-{label}", f"sip-{label}"), tmp_path / f"sip-{label}.zip")
    with tenant_context(kommun):
        upload = SimpleUploadedFile(package.name, package.read_bytes(), content_type="application/zip")
        with on_commit(execute=True):  # the validation is sent on commit: it runs (eagerly) here
            delivery = delivery_upload(connection=conn, uploaded_file=upload, actor=user)
        delivery.refresh_from_db()
    report_bytes = f"%PDF-1.7 rapport {label}\n".encode() * 20
    report_path = Path(settings.REPORTS_ROOT) / "kommun" / f"{kommun.subdomain}-2026.pdf"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_bytes(report_bytes)
    IssuedReport.objects.create(
        kind="kommun", kommun=kommun, requested_by=user, status="done", progress=100, size=len(report_bytes),
        sha256=hashlib.sha256(report_bytes).hexdigest(), file_path=f"kommun/{kommun.subdomain}-2026.pdf",
    )  # fmt: skip
    return KommunWorld(
        system_name=system.name,
        attachment_bytes=content,
        attachment_name=attachment.file.name,
        package_sha256=hashlib.sha256(package.read_bytes()).hexdigest(),
        package_name=delivery.file.name,
        delivery_uuid=str(delivery.uuid),
    )


@pytest.fixture
def lund_data(lund, kontakt_lund, tmp_path, django_capture_on_commit_callbacks) -> KommunWorld:
    return fill_kommun(lund, kontakt_lund, tmp_path, "Lund", django_capture_on_commit_callbacks)


@pytest.fixture
def bjuv_data(bjuv, kontakt_bjuv, tmp_path, django_capture_on_commit_callbacks) -> KommunWorld:
    return fill_kommun(bjuv, kontakt_bjuv, tmp_path, "Bjuv", django_capture_on_commit_callbacks)


def read_json(zf: zipfile.ZipFile, name: str):
    return json.loads(zf.read(name))


@pytest.fixture
def hoor(db, tmp_path, django_capture_on_commit_callbacks):
    """A third kommun, Höör, with its own data and arkivarie: the one that leaves."""
    kommun = kommun_create(kommunkod="1267", name="Höör", subdomain="hoor", actor=None)
    person = User.objects.create_user("arkivarie.hoor@test.example", "test-password-1234", full_name="Hanna Höör")
    TOTP.activate(person, generate_totp_secret())  # every role needs a second factor (issue 15)
    membership_set_role(user=person, kommun=kommun, role=Role.ARKIVARIE, actor=None)
    data = fill_kommun(kommun, person, tmp_path, "Höör", django_capture_on_commit_callbacks)
    connection.set_schema_to_public()
    return kommun, person, data


def leave_hoor(client, delete_on, reason="Kommunen går över till en egen e-arkivlösning.", on_commit=None):
    """The förvaltning registers Höör's departure (with `on_commit`, the kept export runs eagerly)."""
    data = {"delete_on": delete_on.isoformat(), "reason": reason}
    if on_commit is None:
        return client.post("/kommuner/hoor/uttrade/", data)
    with on_commit(execute=True):
        return client.post("/kommuner/hoor/uttrade/", data)
