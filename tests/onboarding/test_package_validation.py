"""Core and hostile-package tests for onboarding.validation (no database needed)."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onboarding.validation import MESSAGES, Limits, validate_package
from onboarding.validation.messages import msg
from onboarding.validation.sample import build_sip

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sip(tmp_path) -> Path:
    """A valid SIP folder."""
    return build_sip(tmp_path / "src")


@pytest.fixture(autouse=True)
def _private_tempdir(tmp_path, monkeypatch):
    """Unpack into a folder we can inspect, to prove temporary files are cleaned up."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    yield
    assert list(scratch.iterdir()) == [], "validator left temporary files behind"


def zip_folder(folder: Path, target: Path, prefix: str | None = None) -> Path:
    """Zip ``folder`` with its name as the single root folder (or ``prefix``)."""
    prefix = folder.name if prefix is None else prefix
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}".lstrip("/"))
    return target


def ids(report, severity=None) -> set[str]:
    return report.requirement_ids(severity)


def messages_of(report) -> str:
    return "\n".join(f.message for f in report.findings)


# --- valid packages ----------------------------------------------------------------


def test_valid_folder_has_no_errors(sip):
    report = validate_package(sip)
    assert report.exit_code == 0, report.to_text()
    assert not ids(report, "error")


@pytest.mark.parametrize("kind", ["zip", "tar", "tar.gz"])
def test_valid_archives_have_no_errors(sip, tmp_path, kind):
    target = tmp_path / f"paket.{kind}"
    if kind == "zip":
        zip_folder(sip, target)
    else:
        with tarfile.open(target, "w:gz" if kind == "tar.gz" else "w") as tf:
            tf.add(sip, arcname=sip.name)
    report = validate_package(target)
    assert report.exit_code == 0, report.to_text()


def test_archive_without_single_root_folder(sip, tmp_path):
    report = validate_package(zip_folder(sip, tmp_path / "flat.zip", prefix=""))
    assert "CSIPSTR1" in ids(report, "error")


def test_progress_is_monotonic_and_swedish(sip):
    calls = []
    validate_package(sip, progress=lambda f, label: calls.append((f, label)))
    fractions = [f for f, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert all(isinstance(label, str) and label for _, label in calls)
    assert any("kontrollsummor" in label for _, label in calls)


# --- integrity ---------------------------------------------------------------------


def test_wrong_checksum_is_an_error(sip):
    data = sip / "representations/rep1/data/dokument.txt"
    data.write_bytes(data.read_bytes().replace(b"kommunstyrelsen", b"kommunfullmakt."))
    report = validate_package(sip)
    assert "FILE-CHECKSUM" in ids(report, "error")
    assert report.exit_code == 1
    assert "dokument.txt" in messages_of(report)


def test_wrong_size_missing_and_undescribed_files(sip):
    (sip / "documentation/beskrivning.txt").write_text("Längre leveransbeskrivning.\n", encoding="utf-8")
    (sip / "schemas/exempel.xsd").unlink()
    (sip / "representations/rep1/data/extra.txt").write_text("odokumenterad\n", encoding="utf-8")
    report = validate_package(sip)
    assert {"FILE-SIZE", "FILE-CHECKSUM", "FILE-MISSING"} <= ids(report, "error")
    assert "FILE-UNDESCRIBED" in ids(report, "warning")


def test_metadata_checksum_uses_csip_requirement(sip):
    (sip / "metadata/preservation/premis.xml").write_bytes(b"<premis/>\n")
    report = validate_package(sip)
    assert {"CSIP41", "CSIP43"} <= ids(report, "error")


def test_line_ending_conversion_is_recognised(sip):
    data = sip / "representations/rep1/data/dokument.txt"
    data.write_bytes(data.read_bytes().replace(b"\n", b"\r\n"))
    report = validate_package(sip)
    assert "FILE-EOL" in ids(report, "warning")
    assert "FILE-CHECKSUM" not in ids(report)
    strict = validate_package(sip, strict_line_endings=True)
    assert "FILE-CHECKSUM" in ids(strict, "error")


# --- CSIP / SIP requirements -------------------------------------------------------


def _edit_mets(sip: Path, old: str, new: str) -> None:
    mets = sip / "METS.xml"
    text = mets.read_text(encoding="utf-8")
    assert old in text
    mets.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "req"),
    [
        (' OBJID="sip-exempel"', "", "CSIP1"),
        ('TYPE="Mixed"', 'TYPE="Blandat"', "CSIP2"),
        ('csip:OAISPACKAGETYPE="SIP">', 'csip:OAISPACKAGETYPE="AIP">', "SIP4"),
        ('PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"', 'PROFILE="x"', "SIP2"),
        ('<note csip:NOTETYPE="SOFTWARE VERSION">', "<note>", "CSIP16"),
        ('STATUS="CURRENT">', 'STATUS="current">', "CSIP20"),
        ('USE="Documentation"', 'USE="Dokumentation"', "CSIP64"),
        ('<div ID="div-doc" LABEL="Documentation"><fptr FILEID="grp-doc"/></div>', "", "CSIP96"),
        ('<div ID="div-metadata" LABEL="Metadata" DMDID="dmd-ead" ADMID="digiprov-premis"/>', "", "CSIP88"),
        ('LABEL="CSIP"', 'LABEL="Annan"', "CSIP80"),
        ('LASTMODDATE="2024-05-01T12:00:00"', 'LASTMODDATE="2999-01-01T00:00:00"', "CSIP8"),
    ],
)
def test_requirement_violations_are_reported(sip, old, new, req):
    _edit_mets(sip, old, new)
    report = validate_package(sip)
    assert req in ids(report, "error"), report.to_text()


def test_representation_mets_is_checked(sip):
    rep_mets = sip / "representations/rep1/METS.xml"
    text = (sip / "METS.xml").read_text(encoding="utf-8").replace(' csip:CONTENTINFORMATIONTYPE="MIXED"', "", 1)
    rep_mets.write_text(text, encoding="utf-8")
    report = validate_package(sip)
    assert any(
        f.requirement_id == "CSIP4" and f.severity == "error" and "representations/rep1/METS.xml" in f.location
        for f in report.findings
    ), report.to_text()


def test_missing_mets_is_csipstr4(sip):
    (sip / "METS.xml").rename(sip / "mets_old.xml")
    report = validate_package(sip)
    assert "CSIPSTR4" in ids(report, "error")


# --- hostile packages --------------------------------------------------------------


def _zip_with(tmp_path: Path, entries: dict[str, bytes], name="paket.zip") -> Path:
    target = tmp_path / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in entries.items():
            zf.writestr(member, data)
    return target


def test_zip_slip_is_refused(tmp_path):
    victim = tmp_path / "evil.txt"
    report = validate_package(_zip_with(tmp_path, {"pkg/METS.xml": b"<mets/>", "pkg/../../evil.txt": b"x"}))
    assert "PKG-UNSAFE" in ids(report, "error")
    assert msg("UNSAFE_TRAVERSAL") in messages_of(report)
    assert not victim.exists()


def test_absolute_path_is_refused(tmp_path):
    report = validate_package(_zip_with(tmp_path, {"/tmp/ipval-absolute-evil.txt": b"x"}))
    assert "PKG-UNSAFE" in ids(report, "error")
    assert msg("UNSAFE_ABSOLUTE") in messages_of(report)
    assert not Path("/tmp/ipval-absolute-evil.txt").exists()


def test_zip_symlink_is_refused(tmp_path):
    target = tmp_path / "link.zip"
    with zipfile.ZipFile(target, "w") as zf:
        info = zipfile.ZipInfo("pkg/METS.xml")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    report = validate_package(target)
    assert "PKG-UNSAFE" in ids(report, "error")
    assert "root:" not in report.to_json()


@pytest.mark.parametrize("link", ["sym", "hard"])
def test_tar_links_are_refused(tmp_path, link):
    target = tmp_path / "link.tar"
    with tarfile.open(target, "w") as tf:
        info = tarfile.TarInfo("pkg/METS.xml")
        info.type = tarfile.SYMTYPE if link == "sym" else tarfile.LNKTYPE
        info.linkname = "/etc/passwd"
        tf.addfile(info)
    report = validate_package(target)
    assert "PKG-UNSAFE" in ids(report, "error")
    assert msg("UNSAFE_LINK") in messages_of(report)


def test_symlink_in_folder_is_refused(sip):
    os.symlink("/etc/passwd", sip / "documentation/passwd")
    report = validate_package(sip)
    assert "PKG-UNSAFE" in ids(report, "error")
    assert "root:" not in report.to_json()


def test_zip_bomb_is_refused(tmp_path):
    bomb = _zip_with(tmp_path, {"pkg/METS.xml": b"<mets/>", "pkg/zeros.bin": b"\0" * (12 * 1024 * 1024)})
    assert bomb.stat().st_size < 100_000
    report = validate_package(bomb)
    assert "PKG-LIMIT" in ids(report, "error")
    assert msg("LIMIT_RATIO", limit=200.0) in messages_of(report)


def test_size_and_count_limits(sip, tmp_path):
    archive = zip_folder(sip, tmp_path / "paket.zip")
    assert "PKG-LIMIT" in ids(validate_package(archive, limits=Limits(max_total_bytes=100)), "error")
    assert "PKG-LIMIT" in ids(validate_package(archive, limits=Limits(max_files=3)), "error")


@pytest.mark.parametrize("content", [b"", b"this is not an archive at all", b"PK\x03\x04broken"])
def test_unreadable_packages_exit_2(tmp_path, content):
    target = tmp_path / "paket.zip"
    target.write_bytes(content)
    report = validate_package(target)
    assert report.exit_code == 2
    assert "PKG-UNREADABLE" in ids(report, "error")


def test_missing_package_exits_2(tmp_path):
    assert validate_package(tmp_path / "finns-inte.zip").exit_code == 2


def test_mets_that_is_not_xml(sip):
    (sip / "METS.xml").write_bytes(b"%PDF-1.7 definitely not XML")
    report = validate_package(sip)
    assert report.exit_code == 1
    assert "METS-XML" in ids(report, "error")
    assert "METS-filen är inte välformad XML" in messages_of(report)


def test_xxe_is_refused_and_not_resolved(sip):
    (sip / "METS.xml").write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE mets [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<mets xmlns="http://www.loc.gov/METS/" OBJID="&xxe;"/>'
    )
    report = validate_package(sip)
    assert "METS-XML" in ids(report, "error")
    assert msg("XML_DOCTYPE") in messages_of(report)
    assert "root:" not in report.to_json()


def test_billion_laughs_is_refused_quickly(sip):
    lol = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    (sip / "METS.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE mets [{"".join(lol)}]><mets xmlns="http://www.loc.gov/METS/">&lol9;</mets>',
        encoding="utf-8",
    )
    report = validate_package(sip)
    assert "METS-XML" in ids(report, "error")
    assert report.stats["seconds"] < 5


def test_external_href_is_not_fetched(sip):
    _edit_mets(sip, 'xlink:href="documentation/beskrivning.txt"', 'xlink:href="http://127.0.0.1:9/x.txt"')
    report = validate_package(sip)
    assert "FILE-HREF" in ids(report, "error")


def test_href_outside_package(sip):
    _edit_mets(sip, 'xlink:href="documentation/beskrivning.txt"', 'xlink:href="../../etc/passwd"')
    report = validate_package(sip)
    assert "FILE-HREF" in ids(report, "error")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_mets_never_crashes(sip, data):
    (sip / "METS.xml").write_bytes(data)
    report = validate_package(sip)
    assert "VALIDATOR-INTERNAL" not in ids(report)
    assert report.exit_code in (1, 2)


# --- output, CLI and management command -------------------------------------------


def test_all_message_keys_exist():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (PROJECT / "onboarding/validation").glob("*.py"))
    used = set(
        re.findall(
            r'(?:ERROR|WARNING|INFO|error|warning|info|add)\([^"]*"[A-Z0-9-]+",\s*(?:[A-Z]+,\s*)?"([A-Z_0-9]+)"', source
        )
    )
    assert used, "pattern found no message keys"
    assert used <= set(MESSAGES), used - set(MESSAGES)


def test_cli_json_contract(sip):
    data = sip / "representations/rep1/data/dokument.txt"
    data.write_bytes(b"changed\n")
    proc = subprocess.run(
        [sys.executable, "-m", "onboarding.validation", str(sip), "--format", "json"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["summary"]["exit_code"] == 1
    for finding in doc["findings"]:
        assert set(finding) == {"requirement_id", "severity", "message", "location"}
        assert finding["severity"] in ("error", "warning", "info")
    assert any(f["requirement_id"] == "FILE-CHECKSUM" for f in doc["findings"])


def test_cli_text_and_unreadable(tmp_path):
    empty = tmp_path / "tom.zip"
    empty.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "onboarding.validation", str(empty)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert msg("UNREADABLE_EMPTY") in proc.stdout


def test_management_command(sip):
    from django.core.management import call_command

    out = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("package_validate", str(sip), "--format", "json", stdout=out)
    assert exc.value.code == 0
    assert json.loads(out.getvalue())["summary"]["valid"] is True
