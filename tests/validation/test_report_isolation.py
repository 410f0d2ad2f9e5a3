"""One package's findings never appear in the next package's report (one worker validates many
kommuners' deliveries in a row)."""

from __future__ import annotations

from onboarding.validation import validate_package

from .builder import build_package
from .mutations import setattrs


def _package(tmp_path, name, *changes):
    package = build_package(tmp_path / name)
    for change in changes:
        change(package)
    return package.write()


def test_schema_errors_of_an_earlier_package_stay_in_its_report(tmp_path):
    first = _package(tmp_path, "a", setattrs("//m:metsHdr", csip_OAISPACKAGETYPE="PAKET-FRAN-LUND"))
    second = _package(tmp_path, "b", setattrs("//m:mdRef", CHECKSUMTYPE="SHA-999"))
    valid = _package(tmp_path, "c")
    first_report = validate_package(first)
    second_report = validate_package(second)
    valid_report = validate_package(valid)
    assert any("PAKET-FRAN-LUND" in f.message for f in first_report.findings)
    assert not any("PAKET-FRAN-LUND" in f.message for f in second_report.findings), second_report.to_text()
    assert any("SHA-999" in f.message for f in second_report.findings)
    assert valid_report.findings == [], valid_report.to_text()


def test_a_broken_earlier_package_does_not_break_the_next(tmp_path):
    broken = build_package(tmp_path / "a").write()
    (broken / "METS.xml").write_bytes((broken / "METS.xml").read_bytes().replace(b"</metsHdr>", b"</metsHdrX>"))
    assert "METS-XML" in validate_package(broken).requirement_ids("error")
    schema_error = _package(tmp_path, "b", setattrs("//m:mdRef", CHECKSUMTYPE="SHA-999"))
    report = validate_package(schema_error)
    assert "METS-XML" not in report.requirement_ids(), report.to_text()
    assert "METS-XSD" in report.requirement_ids("error")
