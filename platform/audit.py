"""Dependency audit: known vulnerabilities in the locked Python requirements (pip-audit) and in
axe-core's npm tree (npm audit).

    python platform/audit.py            # what `make audit` and .ci/run run

Exit codes:
  0  audited, no known vulnerability with a fix available
  1  a known vulnerability with a fix available (or requirements.lock is older than pyproject.toml)
  3  NOT AUDITED: no vulnerability service could be asked (offline, blocked, or it answered for none
     of the packages). Said loudly: a silent pass would look like a clean audit.

Vulnerabilities without a fix are printed and do not fail. The service: pip-audit's PyPI service, then
OSV; AUDIT_OSV_URL names an OSV-compatible API to use instead (a mirror).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
NODEPS = ROOT / "platform" / "requirements-nodeps.txt"
PYPROJECT = ROOT / "pyproject.toml"

OK, VULNERABLE, NOT_AUDITED = 0, 1, 3


@dataclass
class Finding:
    """What one audit found: vulnerabilities with and without a fix, and why it could not audit."""

    fixable: list[str] = field(default_factory=list)
    unfixed: list[str] = field(default_factory=list)
    not_audited: str = ""


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;@]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def stale_lock() -> list[str]:
    """The requirements of pyproject.toml (with the dev extra) that requirements.lock does not pin."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    wanted = [*project["dependencies"], *project.get("optional-dependencies", {}).get("dev", [])]
    pinned = {_name(line) for line in LOCK.read_text().splitlines() if "==" in line and not line.startswith("#")}
    return sorted({_name(r) for r in wanted} - pinned)


def read_pip_audit(report: dict) -> Finding:
    """pip-audit's JSON report. A dependency it skipped was not audited (its PyPI service skips every
    package when the per-version endpoint answers 404: that is no clean bill of health)."""
    finding = Finding()
    skipped = []
    for dependency in report.get("dependencies", []):
        if "skip_reason" in dependency:
            skipped.append(f"{dependency['name']}: {dependency['skip_reason']}")
            continue
        for vuln in dependency.get("vulns", []):
            line = f"{dependency['name']} {dependency['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                finding.fixable.append(f"{line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                finding.unfixed.append(f"{line} (no fix yet)")
    if skipped:
        finding.not_audited = f"{len(skipped)} packages were not audited, e.g. {skipped[0]}"
    return finding


def pip_audit(service: str, osv_url: str | None = None) -> Finding:
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text(LOCK.read_text() + "\n" + (NODEPS.read_text() if NODEPS.exists() else ""))
        out = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "-r", str(requirements), "--no-deps", "--disable-pip"]
        command += ["-s", service, "-f", "json", "-o", str(out), "--progress-spinner", "off"]
        if osv_url:
            command += ["--osv-url", osv_url]
        run = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if not out.exists() or not out.read_text().strip():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            return Finding(not_audited=f"pip-audit ({service}) could not ask its service: {last[:300]}")
        return read_pip_audit(json.loads(out.read_text()))


def read_npm_audit(report: dict) -> Finding:
    """npm audit's JSON report (npm 7+): `vulnerabilities` by package, `fixAvailable` false or a fix."""
    if "error" in report or "vulnerabilities" not in report:
        return Finding(not_audited=f"npm audit could not ask the registry: {report.get('message', 'no report')[:300]}")
    finding = Finding()
    for name, vuln in sorted(report["vulnerabilities"].items()):
        line = f"{name} ({vuln.get('severity', '?')}, {vuln.get('range', '?')})"
        (finding.fixable if vuln.get("fixAvailable") else finding.unfixed).append(line)
    return finding


def npm_audit() -> Finding:
    run = subprocess.run(
        ["npm", "audit", "--json", "--package-lock-only"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    try:
        return read_npm_audit(json.loads(run.stdout or "{}"))
    except json.JSONDecodeError:
        return Finding(not_audited=f"npm audit gave no report: {run.stderr.strip()[-300:]}")


def python_audit() -> Finding:
    """The first service that audits every package decides; none: not audited, with each one's reason."""
    osv_url = os.environ.get("AUDIT_OSV_URL")
    services = [("osv", osv_url)] if osv_url else [("pypi", None), ("osv", None)]
    reasons = []
    for service, url in services:
        finding = pip_audit(service, url)
        if not finding.not_audited:
            return finding
        reasons.append(finding.not_audited)
    return Finding(not_audited="; ".join(reasons))


def verdict(findings: dict[str, Finding], out=sys.stdout) -> int:
    code = OK
    for what, finding in findings.items():
        for line in finding.fixable:
            print(f"{what}: VULNERABLE, a fix is available: {line}", file=out)
            code = VULNERABLE
        for line in finding.unfixed:
            print(f"{what}: known vulnerability without a fix (not failing): {line}", file=out)
    missing = [f"{what}: {finding.not_audited}" for what, finding in findings.items() if finding.not_audited]
    if missing:
        bar = "!" * 78
        print(f"\n{bar}\n!! DEPENDENCY AUDIT NOT DONE: no vulnerability service answered.", file=out)
        for line in missing:
            print(f"!! {line}", file=out)
        print("!! Nothing above says these packages are free of known vulnerabilities.", file=out)
        print(f"{bar}\n", file=out)
        if code == OK:
            code = NOT_AUDITED
    elif code == OK:
        print("dependency audit: no known vulnerability with a fix available", file=out)
    return code


def main() -> int:
    stale = stale_lock()
    if stale:
        print(f"requirements.lock does not pin {', '.join(stale)} from pyproject.toml: run `make lock`")
        return VULNERABLE
    return verdict({"python (requirements.lock)": python_audit(), "npm (package-lock.json)": npm_audit()})


if __name__ == "__main__":
    sys.exit(main())
