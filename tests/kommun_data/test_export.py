"""The export of a kommun's data: every record as JSON and CSV, its files, a manifest whose sums are right."""

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
import zlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from isal import isal_zlib

from onboarding.kommun_data.services import archive
from onboarding.kommun_data.services.archive import ExportArchive
from onboarding.kommun_data.services.export import kommun_export_write
from tests.celery_worker import BASE_DIR, worker_database_url

from .conftest import read_json


def test_the_export_holds_lunds_records_and_files_and_nothing_of_bjuv(lund, lund_data, bjuv_data, tmp_path):
    result = kommun_export_write(kommun=lund, path=tmp_path / "lund.zip")
    with zipfile.ZipFile(result.path) as zf:
        systems = read_json(zf, "data/kommun/onboarding.system.json")
        assert [s["name"] for s in systems] == [lund_data.system_name]
        rows = list(csv.DictReader(io.StringIO(zf.read("data/kommun/onboarding.system.csv").decode())))
        assert [r["name"] for r in rows] == [lund_data.system_name]
        assert read_json(zf, "data/kommun/onboarding.informationtype.json"), "the system's information types"
        assert zf.read(f"filer/{lund_data.attachment_name}") == lund_data.attachment_bytes
        assert zf.read("rapporter/kommun/lund-2026.pdf").startswith(b"%PDF-1.7 rapport Lund")
        assert "rapporter/kommun/bjuv-2026.pdf" not in zf.namelist()
        audit = read_json(zf, "data/gemensamt/tenants.auditevent.json")
        assert audit and {event["kommun_id"] for event in audit} == {lund.pk}
        report = read_json(zf, f"leveranser/{lund_data.delivery_uuid}/valideringsrapport.json")
        assert report, "the delivery's validation report"
        everything = b"".join(zf.read(name) for name in zf.namelist())
        assert bjuv_data.system_name.encode() not in everything
        assert bjuv_data.attachment_bytes not in everything


def test_the_manifest_sums_match_every_file_and_sha256sums_agrees(lund, lund_data, tmp_path):
    result = kommun_export_write(kommun=lund, path=tmp_path / "lund.zip")
    with zipfile.ZipFile(result.path) as zf:
        manifest = read_json(zf, "manifest.json")
        listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
        assert zf.testzip() is None, "every entry's CRC-32 is right"
        names = set(zf.namelist()) - {"manifest.json", "SHA256SUMS"}
        assert set(listed) == names
        for name in names:
            assert hashlib.sha256(zf.read(name)).hexdigest() == listed[name], name
        zf.extractall(tmp_path / "out")
    check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=tmp_path / "out", capture_output=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert result.manifest_sha256 == hashlib.sha256((tmp_path / "out" / "manifest.json").read_bytes()).hexdigest()


def test_packages_are_listed_with_their_sums_and_included_only_when_asked(lund, lund_data, tmp_path):
    without = kommun_export_write(kommun=lund, path=tmp_path / "utan.zip")
    with zipfile.ZipFile(without.path) as zf:
        [package] = read_json(zf, "manifest.json")["packages"]
        assert (package["sha256"], package["included"]) == (lund_data.package_sha256, False)
        assert not [n for n in zf.namelist() if n.startswith("paket/")]
    with_packages = kommun_export_write(kommun=lund, path=tmp_path / "med.zip", with_packages=True)
    with zipfile.ZipFile(with_packages.path) as zf:
        [package] = read_json(zf, "manifest.json")["packages"]
        assert package["included"] is True
        assert hashlib.sha256(zf.read(f"paket/{lund_data.package_name}")).hexdigest() == lund_data.package_sha256


def test_a_failed_export_leaves_no_file(lund, lund_data, tmp_path, monkeypatch):
    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(archive.ExportArchive, "_store", broken)  # writing a file's entry
    with pytest.raises(OSError):
        kommun_export_write(kommun=lund, path=tmp_path / "lund.zip")
    assert list(tmp_path.glob("lund.zip*")) == []


def test_the_command_writes_the_zip_and_refuses_an_unknown_kommun(lund, lund_data, tmp_path, capsys):
    call_command("kommun_export", "lund", str(tmp_path / "lund.zip"), "--with-packages")
    assert "Exporterade Lund" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "lund.zip") as zf:
        assert read_json(zf, "manifest.json")["with_packages"] is True
    with pytest.raises(CommandError, match="Ingen kommun med underdomänen atlantis"):
        call_command("kommun_export", "atlantis", str(tmp_path / "x.zip"))


def test_the_command_line_exits_1_for_an_unknown_kommun(db, tmp_path):
    env = {**os.environ, "DATABASE_URL": worker_database_url(), "DATABASE_CONN_MAX_AGE": "0"}
    done = subprocess.run(
        [sys.executable, "manage.py", "kommun_export", "atlantis", str(tmp_path / "x.zip")],
        capture_output=True, text=True, env=env, cwd=BASE_DIR,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Ingen kommun med underdomänen atlantis" in done.stderr


def test_the_fast_crc32_is_zlibs_and_zipfile_keeps_its_own():
    data = os.urandom(3 * 1024 * 1024 + 7)
    assert zipfile.crc32 is zlib.crc32, "the export changes nothing in zipfile for the rest of the process"
    assert isal_zlib.crc32(data) == zlib.crc32(data)
    assert isal_zlib.crc32(data[:1000], isal_zlib.crc32(b"x")) == zlib.crc32(data[:1000], zlib.crc32(b"x"))


def test_the_export_writes_the_bytes_zipfile_writes_for_the_same_members(tmp_path, monkeypatch):
    """Files read ahead (and one streamed, too big to read whole) and tables: byte for byte zipfile's own zip."""
    monkeypatch.setattr(archive, "WHOLE_FILE", 2 * 1024 * 1024)
    monkeypatch.setattr(archive.time, "localtime", lambda: (2026, 12, 2, 16, 30, 0, 2, 336, 0))
    files = {"liten.txt": b"en rad\n" * 10, "tom.bin": b"", "mellan.pdf": os.urandom(1024 * 1024 + 3),
             "stor.zip": os.urandom(5 * 1024 * 1024 + 11), "å ä ö.txt": "tecken: åäö\n".encode()}  # fmt: skip
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with ExportArchive(tmp_path / "export.zip", {"kommun": "Lund"}) as written:
        written.add_table("data/kommun/t", ["id", "namn"], [(1, "Ett"), (2, "Två")], lambda: None)
        entries = written.add_files((f"filer/{name}", tmp_path / name, {"table": "x"}) for name in files)
        written.add_file("rapporter/r.pdf", tmp_path / "liten.txt")
    assert [e["sha256"] for e in entries] == [hashlib.sha256(d).hexdigest() for d in files.values()]
    with zipfile.ZipFile(tmp_path / "export.zip") as ours:
        assert ours.testzip() is None
        members = [(info, ours.read(info)) for info in ours.infolist()]
    with zipfile.ZipFile(tmp_path / "zipfile.zip", "w", allowZip64=True) as reference:
        for info, data in members:
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type, copy.external_attr = info.compress_type, info.external_attr
            if info.compress_type == zipfile.ZIP_DEFLATED:  # the tables, at the export's level
                copy._compresslevel = archive.TABLE_LEVEL
            with reference.open(copy, "w", force_zip64=True) as handle:
                handle.write(data)
    assert (tmp_path / "export.zip").read_bytes() == (tmp_path / "zipfile.zip").read_bytes()


def test_a_tables_csv_has_its_json_columns_as_json_and_empty_cells_for_nulls(tmp_path):
    rows = [(1, "Ett", {"a": ["å", 1]}, None), (2, None, [1, 2], 3.5)]
    with ExportArchive(tmp_path / "export.zip", {"kommun": "Lund"}) as written:
        written.add_table("data/kommun/t", ["id", "namn", "data", "tal"], rows, lambda: None, json_columns=[2])
    with zipfile.ZipFile(tmp_path / "export.zip") as zf:
        text = zf.read("data/kommun/t.csv").decode()
        records = json.loads(zf.read("data/kommun/t.json"))
    assert list(csv.reader(io.StringIO(text))) == [
        ["id", "namn", "data", "tal"], ["1", "Ett", '{"a": ["å", 1]}', ""], ["2", "", "[1, 2]", "3.5"]
    ]  # fmt: skip
    assert records == [{"id": 1, "namn": "Ett", "data": {"a": ["å", 1]}, "tal": None},
                       {"id": 2, "namn": None, "data": [1, 2], "tal": 3.5}]  # fmt: skip
