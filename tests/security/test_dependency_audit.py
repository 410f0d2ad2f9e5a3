"""The dependency audit (platform/audit.py, `make audit`, .ci/run): pip-audit itself is run against an
OSV-compatible service these tests start (the real one lies outside the project and is unreachable
here), so a fixable vulnerability fails it and an unreachable service is said, never passed."""

import importlib.util
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("platform_audit", ROOT / "platform" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def _locked(name: str) -> str:
    line = next(line for line in audit.LOCK.read_text().splitlines() if line.lower().startswith(f"{name}=="))
    return line.split("==", 1)[1].strip()


@pytest.fixture
def osv(monkeypatch):
    """An OSV query API on a free port: `vulns` maps a package name to the OSV entries it answers."""
    vulns: dict[str, list] = {}
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            name = query["package"]["name"]
            asked.append(f"{name}=={query['version']}")
            body = json.dumps({"vulns": vulns[name]} if name in vulns else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AUDIT_OSV_URL", f"http://127.0.0.1:{server.server_port}/v1/query")
    yield vulns, asked
    server.shutdown()


def _entry(name: str, vuln_id: str, fixed: str | None):
    events = [{"introduced": "0"}, *([{"fixed": fixed}] if fixed else [])]
    return {"id": vuln_id, "summary": "test", "affected": [{"package": {"name": name, "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": events}]}]}  # fmt: skip


def test_the_lock_pins_every_requirement_of_pyproject():
    assert audit.stale_lock() == []


def test_a_vulnerability_with_a_fix_fails_the_audit(osv):
    vulns, asked = osv
    vulns["django"] = [_entry("django", "PYSEC-TEST-1", "99.0")]
    vulns["lxml"] = [_entry("lxml", "PYSEC-TEST-2", None)]
    finding = audit.python_audit()
    assert f"django=={_locked('django')}" in asked and "eark-validator==1.1.3" in asked  # the lock and the no-deps pins
    assert finding.fixable == [f"django {_locked('django')}: PYSEC-TEST-1 (fixed in 99.0)"]
    assert finding.unfixed == [f"lxml {_locked('lxml')}: PYSEC-TEST-2 (no fix yet)"]
    out = io.StringIO()
    assert audit.verdict({"python": finding}, out=out) == audit.VULNERABLE
    assert "VULNERABLE, a fix is available: django" in out.getvalue()


def test_known_vulnerabilities_without_a_fix_are_told_but_pass(osv):
    vulns, _asked = osv
    vulns["lxml"] = [_entry("lxml", "PYSEC-TEST-2", None)]
    out = io.StringIO()
    assert audit.verdict({"python": audit.python_audit()}, out=out) == audit.OK
    assert "without a fix (not failing): lxml" in out.getvalue()


def test_an_unreachable_service_is_said_loudly_not_passed(monkeypatch):
    monkeypatch.setenv("AUDIT_OSV_URL", "http://127.0.0.1:9/v1/query")  # the discard port: nothing listens
    finding = audit.python_audit()
    assert finding.not_audited.startswith("pip-audit (osv) could not ask its service")
    out = io.StringIO()
    assert audit.verdict({"python": finding}, out=out) == audit.NOT_AUDITED
    assert "DEPENDENCY AUDIT NOT DONE" in out.getvalue()


def test_a_service_that_skips_every_package_audited_nothing():
    """pip-audit's PyPI service skips a package whose per-version page answers 404 and reports
    "No known vulnerabilities found": that is no audit."""
    report = {
        "dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI and could not be audited"}]
    }
    assert "1 packages were not audited" in audit.read_pip_audit(report).not_audited


def test_npm_audit_reports_are_read():
    blocked = {"message": "405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk",
               "statusCode": 405, "error": {"summary": "", "detail": ""}}  # fmt: skip
    assert "405 Method Not Allowed" in audit.read_npm_audit(blocked).not_audited
    report = {"vulnerabilities": {"axe-core": {"severity": "high", "range": "<4.9.1", "fixAvailable": True},
                                  "other": {"severity": "low", "range": "*", "fixAvailable": False}}}  # fmt: skip
    finding = audit.read_npm_audit(report)
    assert finding.fixable == ["axe-core (high, <4.9.1)"] and finding.unfixed == ["other (low, *)"]
