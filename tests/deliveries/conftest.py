"""Fixtures for connections and deliveries: a system and its connection in Lund, packages, folders, a token."""

import itertools
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from onboarding.deliveries import services
from onboarding.deliveries.models import Connection
from onboarding.deliveries_index.phases import Phase
from onboarding.validation.sample import build_sip
from tests.onboarding.fixtures_onboarding import make_system

_names = itertools.count(1)


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    """The ingest folders and the archive's ingest area of each test are its own temporary folders."""
    settings.INGEST_DIR = tmp_path / "ingest"
    settings.ARCHIVE_INGEST_DIR = tmp_path / "archive"
    settings.MEDIA_ROOT = tmp_path / "media"


def new_system(kommun, **overrides):
    return make_system(kommun, name=f"System {next(_names)}", **overrides)


def new_connection(kommun, *, phase: str = Phase.PLANNED, quarter: str = "", system=None) -> Connection:
    """A connection made by the service, then put straight into `phase` (the walk is tested elsewhere)."""
    system = system or new_system(kommun)
    with tenant_context(kommun):
        conn = services.connection_create(system=system, planned_quarter=quarter, actor=None)
        if phase != Phase.PLANNED:
            Connection.objects.filter(pk=conn.pk).update(phase=phase)
            conn.phase = phase
    return conn


def approved_agreement(kommun, conn):
    with tenant_context(kommun):
        agreement = services.agreement_create_version(connection=conn, data=AGREEMENT_DATA, actor=None)
        agreement.kommun_approved_on = agreement.archive_approved_on = "2026-01-02"
        agreement.save(update_fields=["kommun_approved_on", "archive_approved_on"])
    return agreement


AGREEMENT_DATA = {
    "manager_name": "Maja Förvaltare",
    "administrator_name": "Adam Admin",
    "archive_officer_name": "Arvid Arkivarie",
    "supplier_name": "Tieto Evry",
    "information_types": "Ärenden, diarium",
    "period_from": 2005,
    "period_to": 2024,
    "file_formats": "PDF/A, XML",
    "package_profile": "fgs-2.0",
    "frequency": "ar",
    "notes": "",
}


def zip_folder(folder: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return dest


@pytest.fixture
def sip_zip(tmp_path) -> Path:
    """A valid E-ARK SIP as a zip file."""
    folder = build_sip(tmp_path / "build", "sip-lund")
    return zip_folder(folder, tmp_path / "sip-lund.zip")


@pytest.fixture
def broken_sip_zip(tmp_path) -> Path:
    """A SIP whose METS lacks the package type (CSIP) and whose data file differs from its checksum."""
    folder = build_sip(tmp_path / "build-broken", "sip-trasig")
    mets = folder / "METS.xml"
    mets.write_text(mets.read_text().replace(' csip:OAISPACKAGETYPE="SIP"', ""))
    (folder / "representations/rep1/data/dokument.txt").write_text("Ändrad efteråt.\n")
    return zip_folder(folder, tmp_path / "sip-trasig.zip")


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/zip")


@pytest.fixture
def archive_token(db):
    from onboarding.deliveries_index.services import archive_backend_create

    _backend, token = archive_backend_create(name=f"Arkivbackend {next(_names)}", actor=None)
    return token
