"""Ingest pick-up: the package is linked into storage, fsynced, committed, and only then removed from the
ingest folder. A failure at any step leaves it where it was, with no delivery row and nothing in storage.

Each failure is caused where it happens (the link, the fsync, the row, the commit, the removal); the
next poll then picks the package up once.
"""

import errno
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DatabaseError, connections
from django.test import TestCase
from django_tenants.utils import tenant_context

from jobs.models import Job
from onboarding.deliveries.models import Delivery
from onboarding.deliveries.services import ingest
from onboarding.deliveries_index.phases import Phase
from onboarding.validation.sample import build_sip
from tenants import stored_files
from tests.deliveries.conftest import new_connection, zip_folder

from .conftest import files_under


class Boom(Exception):
    """A failure inside the pick-up's transaction, after the package was stored."""


@pytest.fixture
def package(lund, folders, tmp_path) -> Path:
    conn = new_connection(lund, phase=Phase.PRODUCTION)
    target = folders["INGEST_DIR"] / "lund" / str(conn.pk) / "export.zip"
    target.parent.mkdir(parents=True)
    zip_folder(build_sip(tmp_path / "build", "sip-lund"), target)
    target.with_name("export.zip.ready").touch()
    return target


def pick_up(lund) -> list[Delivery]:
    with tenant_context(lund), TestCase.captureOnCommitCallbacks(execute=True):
        return ingest.ingest_pickup()


def deliveries(lund) -> int:
    with tenant_context(lund):
        return Delivery.objects.count()


def assert_left_where_it_was(lund, package, original: bytes, folders) -> None:
    assert package.read_bytes() == original and package.with_name("export.zip.ready").exists()
    assert deliveries(lund) == 0 and not Job.objects.exists()
    assert files_under(folders["MEDIA_ROOT"]) == []  # nothing half-stored


def assert_picked_up_once(lund, package, original: bytes) -> None:
    assert len(pick_up(lund)) == 1
    assert pick_up(lund) == []  # the next poll finds nothing
    with tenant_context(lund):
        delivery = Delivery.objects.get()
        assert Path(delivery.file.path).read_bytes() == original
    assert not package.exists() and not package.with_name("export.zip.ready").exists()


@pytest.mark.django_db
def test_a_package_is_stored_and_removed_from_the_ingest_folder_after_the_commit(lund, package):
    original = package.read_bytes()
    assert_picked_up_once(lund, package, original)


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["link", "copy", "fsync", "row", "last step before the commit"])
def test_a_failure_at_any_step_leaves_the_package_and_no_delivery(lund, package, folders, monkeypatch, step):
    original = package.read_bytes()
    with monkeypatch.context() as patch:
        if step == "link":
            patch.setattr(stored_files.os, "link", _raises(OSError(errno.EIO, "I/O error")))
        elif step == "copy":  # another file system: no link, and the copy fails half-way
            patch.setattr(stored_files.os, "link", _raises(OSError(errno.EXDEV, "cross-device link")))
            patch.setattr(stored_files.shutil, "copyfileobj", _writes_half_then_fails)
        elif step == "fsync":
            patch.setattr(stored_files.os, "fsync", _raises(OSError(errno.EIO, "I/O error")))
        elif step == "row":
            patch.setattr(Delivery, "save", _raises(DatabaseError("the row could not be saved")))
        else:
            patch.setattr("onboarding.deliveries.services._common.job_enqueue", _raises(Boom()))
        with pytest.raises((Boom, DatabaseError)) if step in ("row", "last step before the commit") else _nothing():
            assert pick_up(lund) == []
        assert_left_where_it_was(lund, package, original, folders)
    assert_picked_up_once(lund, package, original)  # the next poll, with the fault gone


@pytest.mark.django_db
def test_a_source_that_cannot_be_removed_after_the_commit_is_not_picked_up_twice(lund, package, monkeypatch):
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):
        if self == package:
            raise PermissionError(errno.EACCES, "read-only ingest folder")
        return real_unlink(self, missing_ok=missing_ok)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "unlink", unlink)
        assert len(pick_up(lund)) == 1
        assert package.exists()  # stored and committed, the source still there
    package.with_name("export.zip.ready").touch()  # even marked ready again
    assert pick_up(lund) == [] and deliveries(lund) == 1  # not a second delivery...
    assert not package.exists()  # ...and the leftover name is removed


@pytest.mark.django_db(transaction=True, available_apps=[app.name for app in apps.get_app_configs()])
def test_a_commit_that_fails_leaves_the_package_and_no_delivery(lund, package, folders, monkeypatch):
    original = package.read_bytes()
    wrapper = type(connections["default"])
    real_commit = wrapper.commit

    def commit(self):
        if Delivery.objects.exists():  # the pick-up's commit (the row is there, inside the transaction)
            raise DatabaseError("server closed the connection unexpectedly")
        return real_commit(self)

    with monkeypatch.context() as patch:
        patch.setattr(wrapper, "commit", commit)
        with tenant_context(lund), pytest.raises(DatabaseError):
            ingest.ingest_pickup()
    assert_left_where_it_was(lund, package, original, folders)
    with tenant_context(lund):
        assert len(ingest.ingest_pickup()) == 1
    assert not package.exists() and deliveries(lund) == 1


def _raises(exc):
    def fail(*args, **kwargs):
        raise exc

    return fail


def _writes_half_then_fails(src, dst, length=0):
    dst.write(src.read(os.fstat(src.fileno()).st_size // 2))
    raise OSError(errno.ENOSPC, "No space left on device")


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
