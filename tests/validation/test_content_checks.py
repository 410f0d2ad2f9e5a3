"""Viruses and file formats: every file of a package scanned by a real clamd and identified against PRONOM."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from onboarding.validation import ContentChecks, validate_package
from onboarding.validation.format_worker import Matcher, read_head_tail
from onboarding.validation.formats import (
    ERROR,
    WARNING,
    Rule,
    identify_files,
    load_default_policy,
)
from onboarding.validation.messages import MESSAGES
from onboarding.validation.sample import build_sip
from onboarding.validation.scanning import ClamdScanner
from tests.clamd import CUSTOM_SIGNATURE, EICAR_SIGNATURE
from tests.validation import content_files

PROJECT = Path(__file__).resolve().parents[2]
DATA = "representations/rep1/data/"


def _sip(tmp_path, files: dict[str, bytes], name: str = "sip-innehall") -> Path:
    return build_sip(tmp_path, name, list(files.items()))


def _by_id(report, requirement_id: str) -> list:
    return [f for f in report.findings if f.requirement_id == requirement_id]


def test_infected_files_are_found_with_their_path_and_signature(tmp_path, clamd_daemon):
    sip = _sip(
        tmp_path,
        {
            "ren.txt": b"Protokoll.\n",
            "bilaga.com": content_files.eicar(),
            "egen.txt": content_files.with_custom_signature(),
        },
    )
    report = validate_package(
        sip, content_checks=ContentChecks(scanner=ClamdScanner(clamd_daemon.socket), formats=False)
    )
    virus = _by_id(report, "VIRUS-1")
    assert {(f.location, f.severity) for f in virus} == {(DATA + "bilaga.com", ERROR), (DATA + "egen.txt", ERROR)}
    assert any(EICAR_SIGNATURE in f.message for f in virus) and any(CUSTOM_SIGNATURE in f.message for f in virus)
    assert report.exit_code == 1
    scan = report.summary()["virus_scan"]
    assert scan["configured"] is True and scan["scanned"] == report.summary()["files"]
    assert {i["path"] for i in scan["infected"]} == {DATA + "bilaga.com", DATA + "egen.txt"}


def test_clean_package_is_scanned_without_findings(tmp_path, clamd_daemon):
    sip = _sip(tmp_path, {"ren.txt": b"Protokoll.\n"})
    report = validate_package(
        sip, content_checks=ContentChecks(scanner=ClamdScanner(clamd_daemon.socket), formats=False)
    )
    assert not [f for f in report.findings if f.requirement_id.startswith("VIRUS")]
    assert report.summary()["virus_scan"]["scanned"] == report.summary()["files"] > 5
    assert "ClamAV" in report.summary()["virus_scan"]["engine"]


def test_without_a_scanner_the_report_says_scanning_is_not_configured(tmp_path):
    sip = _sip(tmp_path, {"bilaga.com": content_files.eicar()})
    report = validate_package(sip, content_checks=ContentChecks(scanner=None, formats=False))
    [finding] = _by_id(report, "VIRUS-NOTCONFIGURED")
    assert finding.severity == WARNING and finding.message.startswith("Virusskanning är inte konfigurerad")
    assert report.summary()["virus_scan"] == {"configured": False, "scanned": 0, "infected": []}
    assert not _by_id(report, "VIRUS-1")


def test_a_scanner_that_cannot_be_reached_fails_the_package(tmp_path):
    sip = _sip(tmp_path, {"ren.txt": b"Protokoll.\n"})
    scanner = ClamdScanner(str(tmp_path / "ingen-clamd.sock"))
    report = validate_package(sip, content_checks=ContentChecks(scanner=scanner, formats=False))
    [finding] = _by_id(report, "VIRUS-UNAVAILABLE")
    assert finding.severity == ERROR and str(tmp_path) not in finding.message
    assert report.exit_code == 1 and report.summary()["virus_scan"]["scanned"] == 0


def test_a_large_file_is_streamed_to_clamd_and_found(tmp_path, clamd_daemon):
    big = tmp_path / "stor.bin"
    with open(big, "wb") as fh:
        for _ in range(64):
            fh.write(b"\0" * (1 << 20))
        fh.write(content_files.with_custom_signature())
    assert ClamdScanner(clamd_daemon.socket).scan_file(big).startswith(CUSTOM_SIGNATURE)


@pytest.fixture(scope="module")
def mixed_files() -> dict[str, bytes]:
    return {
        "protokoll.txt": "Protokoll från kommunstyrelsen.\n".encode(),
        "bild.png": content_files.png(),
        "arkiv.pdf": content_files.pdf("pdf/a-1b"),
        "vanlig.pdf": content_files.pdf(),
        "falsk-pdfa.pdf": content_files.pdf_claiming_pdfa_without_xmp_id(),
        "brev.docx": content_files.docx(),
        "okand": content_files.random_bytes(),
    }


@pytest.fixture
def mixed_report(tmp_path, mixed_files):
    sip = _sip(tmp_path, mixed_files)
    return validate_package(sip, content_checks=ContentChecks(scanner=None, policy=load_default_policy()))


def test_every_file_gets_a_puid_and_the_report_counts_formats(mixed_report, mixed_files):
    table = {row["puid"]: row for row in mixed_report.summary()["formats"]}
    assert table["fmt/354"]["name"].startswith("Acrobat PDF/A") and table["fmt/354"]["version"] == "1b"
    assert table["fmt/354"]["files"] == 1 and table["fmt/354"]["bytes"] == len(mixed_files["arkiv.pdf"])
    assert table["fmt/11"]["name"] == "Portable Network Graphics"
    assert table["fmt/412"]["name"] == "Microsoft Word for Windows"  # found inside the ZIP container
    assert table["fmt/101"]["files"] >= 3  # the METS and the metadata
    assert table["x-fmt/111"]["files"] == 2  # plain text: PRONOM has no signature, the extension is enough
    assert table[""]["files"] == 1  # the random bytes
    assert sum(row["files"] for row in table.values()) == mixed_report.summary()["files"]


def test_files_outside_the_policy_are_findings_with_path_puid_and_rule(mixed_report):
    policy = {(f.location, f.severity) for f in _by_id(mixed_report, "FORMAT-POLICY")}
    assert (DATA + "brev.docx", ERROR) in policy
    assert (DATA + "vanlig.pdf", ERROR) in policy
    assert not {loc for loc, _s in policy} & {DATA + "arkiv.pdf", DATA + "bild.png", DATA + "protokoll.txt"}
    docx = next(f for f in _by_id(mixed_report, "FORMAT-POLICY") if f.location == DATA + "brev.docx")
    assert "fmt/412" in docx.message and "godtagna" in docx.message
    assert mixed_report.exit_code == 1


def test_unidentified_mimetype_and_false_pdfa_claims_are_reported(mixed_report):
    [unknown] = _by_id(mixed_report, "FORMAT-UNIDENTIFIED")
    assert unknown.location == DATA + "okand" and unknown.severity == WARNING
    assert unknown.message == MESSAGES["FORMAT_UNIDENTIFIED"]
    # The sample METS declares every data file text/plain: wrong for the ones identified by their content.
    mime = {f.location for f in _by_id(mixed_report, "FORMAT-MIMETYPE")}
    assert mime == {DATA + n for n in ("bild.png", "arkiv.pdf", "vanlig.pdf", "falsk-pdfa.pdf", "brev.docx")}
    [pdfa] = _by_id(mixed_report, "FORMAT-PDFA")
    assert pdfa.location == DATA + "falsk-pdfa.pdf" and "PDF/A" in pdfa.message and "XMP" in pdfa.message


def test_a_policy_rule_gives_its_severity(tmp_path, mixed_files):
    sip = _sip(tmp_path, {"brev.docx": mixed_files["brev.docx"], "vanlig.pdf": mixed_files["vanlig.pdf"]})
    widened = load_default_policy().with_rules(
        [
            Rule("fmt/412", "Word", WARNING, "Tillfälligt.", source="leveransöverenskommelsen"),
            Rule("fmt/276", "PDF 1.7", "accept"),
        ]
    )
    report = validate_package(sip, content_checks=ContentChecks(scanner=None, policy=widened))
    [docx] = _by_id(report, "FORMAT-POLICY")
    assert docx.severity == WARNING and "leveransöverenskommelsen" in docx.message and "Tillfälligt." in docx.message
    assert report.exit_code == 0


def test_identification_answers_what_the_fido_command_answers(tmp_path, mixed_files):
    for name, data in mixed_files.items():
        (tmp_path / name).write_bytes(data)
    names = sorted(mixed_files)
    out = subprocess.run(
        [
            str(Path(sys.executable).with_name("fido")),
            "-q",
            "-matchprintf",
            "%(info.filename)s|%(info.puid)s\n",
            *names,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    first: dict[str, str] = {}
    for line in out.splitlines():
        if "|" in line:
            path, puid = line.rsplit("|", 1)
            first.setdefault(os.path.basename(path), puid)
    matcher = Matcher()
    for name in names:
        size, head, tail = read_head_tail(str(tmp_path / name))
        assert matcher.identify(str(tmp_path / name), size, head, tail)[0] == first.get(name, ""), name
    many = identify_files(tmp_path, names * 80, workers=2)  # above PROCESS_MIN_FILES: the worker processes
    assert {rel: i.puid for rel, i in many.items()} == {n: first.get(n, "") for n in names}


def test_the_command_line_reports_the_findings_as_json(tmp_path, mixed_files, clamd_daemon):
    sip = _sip(tmp_path, {"bilaga.com": content_files.eicar(), "brev.docx": mixed_files["brev.docx"]})
    env = dict(os.environ, CLAMD_SOCKET=clamd_daemon.socket)
    proc = subprocess.run(
        [sys.executable, "manage.py", "package_validate", str(sip), "--format", "json"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    ids = {(f["requirement_id"], f["location"]) for f in data["findings"]}
    assert ("VIRUS-1", DATA + "bilaga.com") in ids and ("FORMAT-POLICY", DATA + "brev.docx") in ids
    assert {"requirement_id", "severity", "message", "location"} == set(data["findings"][0])
    assert any(row["puid"] == "fmt/412" for row in data["summary"]["formats"])
    plain = subprocess.run(
        [sys.executable, "-m", "onboarding.validation", str(sip), "--no-virus-scan", "--no-format-check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert plain.returncode == 0 and "VIRUS" not in plain.stdout and "FORMAT" not in plain.stdout
