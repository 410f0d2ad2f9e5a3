"""File formats: every file identified against PRONOM (fido's signatures) and tested against the accepted formats.

Identification (:mod:`.format_worker`) reads each file's first and last 128 kB once and
matches the signatures compiled once per process.  A package of many files is identified
in worker processes (one per core, signatures loaded once in each); a small one in this
process, with the signatures kept for the next package.

The accepted-formats policy (:class:`FormatPolicy`) says per PUID ``accept``, ``warning``
(accepted with a remark) or ``error`` (refused); a format it does not name gets its
``default``.  The default policy is data (``data/format_policy.json``, its source in the
file); the förvaltning's edits and a submission agreement's narrowing or widening are laid
over it by the caller (``onboarding.formatpolicy``).

Findings (requirement ids):

=================== ========== =====================================================
FORMAT-POLICY       per policy a file's format is not accepted (path, PUID, the rule)
FORMAT-UNIDENTIFIED per policy no PRONOM signature matches the file (warning by default)
FORMAT-MIMETYPE     warning    the METS MIMETYPE disagrees with the identified format
FORMAT-PDFA         warning    a PDF claims PDF/A but its XMP lacks the PDF/A identification
=================== ========== =====================================================
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .messages import gettext_noop
from .report import ERROR, INFO, WARNING, ValidationReport

REQ_POLICY = "FORMAT-POLICY"
REQ_UNIDENTIFIED = "FORMAT-UNIDENTIFIED"
REQ_MIMETYPE = "FORMAT-MIMETYPE"
REQ_PDFA = "FORMAT-PDFA"

ACCEPT = "accept"
SOURCE_DEFAULT = gettext_noop("standardlistan")
SOURCE_FORVALTNING = gettext_noop("förvaltningens lista")
SOURCE_AGREEMENT = gettext_noop("leveransöverenskommelsen")
DECISIONS = (ACCEPT, WARNING, ERROR)
POLICY_FILE = Path(__file__).with_name("data") / "format_policy.json"
WORKER_SCRIPT = Path(__file__).with_name("format_worker.py")
# Fewer files than this are identified in this process (a worker's start and signature load cost ~1 s).
PROCESS_MIN_FILES = 400
PDFA_PUIDS = frozenset(
    ["fmt/95", "fmt/354", "fmt/476", "fmt/477", "fmt/478", "fmt/479", "fmt/480", "fmt/481", "fmt/1910", "fmt/1911"]
)
# Media types that name the same thing (the METS may use either).
_MIME_ALIASES = {"text/xml": "application/xml", "application/x-pdf": "application/pdf"}


@dataclass(frozen=True)
class Rule:
    """What the policy says about one PUID, and why (shown in the finding)."""

    puid: str
    name: str
    decision: str
    note: str = ""
    by_extension: bool = False  # formats PRONOM has no signature for (plain text, CSV): the extension is enough
    source: str = SOURCE_DEFAULT  # where the rule comes from, in the words of the finding


@dataclass
class FormatPolicy:
    """Accepted formats: a rule per PUID; `default` for every other format; `unidentified` for no match."""

    rules: dict[str, Rule] = field(default_factory=dict)
    default: str = ERROR
    unidentified: str = WARNING
    source: str = ""

    def decide(self, puid: str) -> Rule | None:
        """The rule for a PUID (None: the policy's default applies)."""
        return self.rules.get(puid)

    def with_rules(self, rules: Iterable[Rule]) -> FormatPolicy:
        """A copy with `rules` laid over this policy's own (the later wins)."""
        merged = dict(self.rules)
        merged.update({r.puid: r for r in rules})
        return FormatPolicy(merged, self.default, self.unidentified, self.source)

    def as_list(self) -> list[dict]:
        """The rules as plain dicts, sorted by PUID (for pages and the report)."""
        return [asdict(r) for r in sorted(self.rules.values(), key=lambda r: _puid_key(r.puid))]


def _puid_key(puid: str) -> tuple:
    prefix, _, number = puid.partition("/")
    return (prefix, int(number) if number.isdigit() else 0, puid)


def load_default_policy(path: Path = POLICY_FILE) -> FormatPolicy:
    """The project's default list of accepted formats (data/format_policy.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = {}
    for item in data["formats"]:
        decision = item.get("decision", ACCEPT)
        if decision not in DECISIONS:
            raise ValueError(f"{path}: {item['puid']}: decision {decision!r} is not one of {DECISIONS}")
        rules[item["puid"]] = Rule(
            item["puid"], item["name"], decision, item.get("note", ""), bool(item.get("by_extension")), SOURCE_DEFAULT
        )
    return FormatPolicy(rules, data.get("default", ERROR), data.get("unidentified", WARNING), data.get("source", ""))


@dataclass(frozen=True)
class Identification:
    """The format of one file: PUID ("" when nothing matched), name, version, media types, how it was found."""

    puid: str
    name: str
    version: str
    mimes: tuple[str, ...]
    method: str  # signature | container | extension | none
    pdfa_claim: bool = False

    @classmethod
    def from_line(cls, line: list | None) -> Identification:
        if not line:
            return cls("", "", "", (), "none")
        puid, name, version, mimes, method, claim = line
        return cls(puid, name, version, tuple(mimes), method, bool(claim))


_MATCHER = None
_MATCHER_LOCK = threading.Lock()


def _matcher():
    """This process's compiled signatures (loaded once, kept for the next package)."""
    global _MATCHER  # noqa: PLW0603 - one compiled signature set per process, on purpose
    with _MATCHER_LOCK:
        if _MATCHER is None:
            from .format_worker import Matcher

            _MATCHER = Matcher()
        return _MATCHER


def _identify_here(path: str) -> list | None:
    from .format_worker import read_head_tail

    try:
        size, head, tail = read_head_tail(path)
    except OSError:
        return None
    return _matcher().identify(path, size, head, tail)


def identify_files(
    root: Path, rels: list[str], workers: int | None = None, progress: Callable[[int], None] | None = None
) -> dict[str, Identification]:
    """Identify every file (`rels` relative to `root`); `progress(done)` is called as files are done."""
    workers = workers or os.cpu_count() or 1
    if len(rels) < PROCESS_MIN_FILES or workers < 2:
        found = {}
        for done, rel in enumerate(rels, 1):
            found[rel] = Identification.from_line(_identify_here(os.path.join(root, rel)))
            if progress and done % 50 == 0:
                progress(done)
        return found
    return _identify_in_workers(root, rels, workers, progress)


def _identify_in_workers(root: Path, rels: list[str], workers: int, progress) -> dict[str, Identification]:
    shares = [rels[i::workers] for i in range(workers)]
    results: list[list] = [[] for _ in shares]
    threads = []
    for number, share in enumerate(shares):
        thread = threading.Thread(target=_run_worker, args=(root, share, results[number]), daemon=True)
        threads.append(thread)
        thread.start()
    while alive := [t for t in threads if t.is_alive()]:
        alive[0].join(0.5)
        if progress:
            progress(sum(len(r) for r in results))
    found = {}
    for share, lines in zip(shares, results, strict=True):
        for position, rel in enumerate(share):
            # A worker that died leaves the rest of its files to this process.
            line = lines[position] if position < len(lines) else _identify_here(os.path.join(root, rel))
            found[rel] = Identification.from_line(line)
    return found


def _run_worker(root: Path, share: list[str], out: list) -> None:
    """One identification process: paths in on stdin, one JSON line per file out (appended to `out`)."""
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", str(WORKER_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
    except OSError:
        return
    payload = b"".join(os.fsencode(os.path.join(root, rel)) + b"\0" for rel in share)
    writer = threading.Thread(target=_write_all, args=(proc, payload), daemon=True)
    writer.start()
    try:
        for raw in proc.stdout:
            out.append(json.loads(raw))
    except ValueError:
        pass  # a broken line: the rest is identified here
    finally:
        writer.join()
        proc.stdout.close()
        proc.wait()


def _write_all(proc: subprocess.Popen, payload: bytes) -> None:
    try:
        proc.stdin.write(payload)
        proc.stdin.close()
    except OSError:
        pass


def _mime_base(value: str | None) -> str:
    base = (value or "").split(";", 1)[0].strip().lower()
    return _MIME_ALIASES.get(base, base)


def check_formats(
    found: dict[str, Identification],
    sizes: dict[str, int],
    policy: FormatPolicy,
    report: ValidationReport,
    declared_mimetypes: dict[str, str] | None = None,
) -> None:
    """Report the formats against the policy, the METS MIMETYPEs and PDF/A claims; fill the format table."""
    declared_mimetypes = declared_mimetypes or {}
    table: dict[str, dict] = {}
    for rel in sorted(found):
        ident = found[rel]
        rule = policy.decide(ident.puid) if ident.puid else None
        by_content = ident.method in ("signature", "container")
        identified = by_content or (ident.method == "extension" and rule is not None and rule.by_extension)
        key = ident.puid if identified else ""
        row = table.setdefault(
            key,
            {
                "puid": key,
                "name": ident.name if identified else "",
                "version": ident.version if identified else "",
                "files": 0,
                "bytes": 0,
            },
        )
        row["files"] += 1
        row["bytes"] += sizes.get(rel, 0)
        if not identified:
            _unidentified(report, policy, rel, ident)
            continue
        row["decision"] = rule.decision if rule else policy.default
        _check_policy(report, policy, rel, ident, rule)
        declared = declared_mimetypes.get(rel)
        if by_content and declared and ident.mimes:
            if _mime_base(declared) not in {_mime_base(m) for m in ident.mimes}:
                report.add(
                    REQ_MIMETYPE,
                    WARNING,
                    "FORMAT_MIMETYPE",
                    rel,
                    declared=declared[:100],
                    actual=", ".join(ident.mimes),
                    name=ident.name,
                    puid=ident.puid,
                )
        if ident.pdfa_claim and ident.puid not in PDFA_PUIDS:
            report.add(REQ_PDFA, WARNING, "FORMAT_PDFA_CLAIM", rel, name=_label(ident), puid=ident.puid)
    rows = sorted(table.values(), key=lambda r: (-r["files"], r["puid"]))
    report.stats["formats"] = rows
    report.stats["format_policy"] = policy.source


def _label(ident: Identification) -> str:
    return f"{ident.name} {ident.version}".strip()


def _unidentified(report: ValidationReport, policy: FormatPolicy, rel: str, ident: Identification) -> None:
    if policy.unidentified == ACCEPT:
        return
    if ident.puid:
        report.add(
            REQ_UNIDENTIFIED, policy.unidentified, "FORMAT_BY_EXTENSION_ONLY", rel, name=_label(ident), puid=ident.puid
        )
    else:
        report.add(REQ_UNIDENTIFIED, policy.unidentified, "FORMAT_UNIDENTIFIED", rel)


def _check_policy(report: ValidationReport, policy: FormatPolicy, rel: str, ident, rule: Rule | None) -> None:
    decision = rule.decision if rule else policy.default
    if decision == ACCEPT:
        return
    if rule is None:
        report.add(REQ_POLICY, decision, "FORMAT_NOT_IN_POLICY", rel, name=_label(ident), puid=ident.puid)
    else:
        note = f" {rule.note}" if rule.note else ""
        key = "FORMAT_RULE_ERROR" if decision == ERROR else "FORMAT_RULE_WARNING"
        report.add(REQ_POLICY, decision, key, rel, name=_label(ident), puid=ident.puid, source=rule.source, note=note)


def run_format_checks(
    root: Path,
    sizes: dict[str, int],
    policy: FormatPolicy,
    report: ValidationReport,
    declared_mimetypes: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> dict[str, Identification]:
    """Identify every file of an unpacked package and report what the policy and the METS say about it."""
    rels = sorted(rel for rel in sizes)
    found = identify_files(root, rels, workers=workers, progress=progress)
    check_formats(found, sizes, policy, report, declared_mimetypes)
    report.stats["formats_identified"] = len(found)
    return found


__all__ = [
    "ACCEPT",
    "ERROR",
    "INFO",
    "WARNING",
    "FormatPolicy",
    "Identification",
    "Rule",
    "check_formats",
    "identify_files",
    "load_default_policy",
    "run_format_checks",
]
