"""Virus scanning: every file of an unpacked package streamed to a ClamAV daemon (clamd) over its socket.

The ``clamd`` client sends a file with clamd's INSTREAM command in small chunks read from
the open file, so a file is never held in memory whole.  A few files are scanned at once
(clamd scans connections in its own threads).  Where no clamd is configured (``CLAMD_SOCKET``
unset, as under ``make run`` on a laptop) the report says so as a warning of its own, and
nothing is reported as scanned.

Findings (requirement ids):

===================== ======== ===================================================
VIRUS-1               error    a file holds malicious code (path, signature name)
VIRUS-NOTCONFIGURED   warning  no virus scanner configured: nothing was scanned
VIRUS-UNAVAILABLE     error    the configured clamd could not be reached
VIRUS-UNSCANNED       error    a file could not be scanned (e.g. above clamd's StreamMaxLength)
===================== ======== ===================================================
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .messages import gettext_noop
from .report import ERROR, WARNING, ValidationReport

REQ_VIRUS = "VIRUS-1"
REQ_NOT_CONFIGURED = "VIRUS-NOTCONFIGURED"
REQ_UNAVAILABLE = "VIRUS-UNAVAILABLE"
REQ_UNSCANNED = "VIRUS-UNSCANNED"
SOCKET_ENV = "CLAMD_SOCKET"
# Files streamed to clamd at once: clamd scans each connection in a thread of its own.
PARALLEL_SCANS = 4
log = logging.getLogger("onboarding.validation")


class ScannerUnavailable(Exception):
    """The configured clamd cannot be reached (or answers nonsense)."""


@dataclass(frozen=True)
class Infection:
    """A file and the signature clamd found in it."""

    path: str
    signature: str


class ClamdScanner:
    """A clamd reached over its unix socket (Debian: /run/clamav/clamd.ctl)."""

    def __init__(self, socket_path: str, timeout: float = 120.0):
        self.socket_path = socket_path
        self.timeout = timeout

    def _client(self):
        import clamd

        return clamd.ClamdUnixSocket(path=self.socket_path, timeout=self.timeout)

    def version(self) -> str:
        """clamd's version line (engine and signature database), e.g. "ClamAV 1.4.6/27000/..."; checks it answers."""
        import clamd

        try:
            return self._client().version().strip()
        except (clamd.ConnectionError, OSError) as exc:
            raise ScannerUnavailable(str(exc)) from exc

    def scan_file(self, path: str | os.PathLike) -> str | None:
        """The signature found in the file, or None when it is clean (streamed: INSTREAM in chunks)."""
        import clamd

        try:
            with open(path, "rb") as fh:
                result = self._client().instream(fh)
        except clamd.BufferTooLongError as exc:
            raise ValueError("filen är större än virusskannerns gräns (StreamMaxLength)") from exc
        except (clamd.ConnectionError, BrokenPipeError, ConnectionResetError, TimeoutError) as exc:
            raise ScannerUnavailable(str(exc)) from exc
        status, reason = (result or {}).get("stream", (None, None))
        if status == "FOUND":
            return reason or "okänd signatur"
        if status == "OK":
            return None
        raise ValueError(f"virusskannern svarade {status or 'inget'}: {reason or ''}".strip())


def scanner_from_env() -> ClamdScanner | None:
    """The scanner named by CLAMD_SOCKET (None when it is not set: scanning is then not configured)."""
    socket_path = os.environ.get(SOCKET_ENV, "").strip()
    return ClamdScanner(socket_path) if socket_path else None


def scan_package(
    root: Path,
    rels: list[str],
    scanner: ClamdScanner | None,
    report: ValidationReport,
    progress: Callable[[int], None] | None = None,
) -> list[Infection]:
    """Scan every file of an unpacked package; report infections (VIRUS-1) and what was not scanned."""
    if scanner is None:
        report.add(REQ_NOT_CONFIGURED, WARNING, "VIRUS_NOT_CONFIGURED", "")
        report.stats["virus_scan"] = {"configured": False, "scanned": 0, "infected": []}
        return []
    try:
        engine = scanner.version()
    except ScannerUnavailable as exc:
        report.add(REQ_UNAVAILABLE, ERROR, "VIRUS_UNAVAILABLE", "", detail=_short(exc))
        report.stats["virus_scan"] = {"configured": True, "scanned": 0, "infected": []}
        return []

    def scan(rel: str) -> tuple[str, str | None, str | None]:
        try:
            return rel, scanner.scan_file(root / rel), None
        except ScannerUnavailable:
            raise
        except (ValueError, OSError) as exc:
            return rel, None, _short(exc)

    infections: list[Infection] = []
    scanned = 0
    try:
        with ThreadPoolExecutor(PARALLEL_SCANS, thread_name_prefix="clamd") as pool:
            for done, (rel, signature, problem) in enumerate(pool.map(scan, rels), 1):
                if problem:
                    report.add(REQ_UNSCANNED, ERROR, "VIRUS_UNSCANNED", rel, detail=problem)
                else:
                    scanned += 1
                if signature:
                    infections.append(Infection(rel, signature))
                    report.add(REQ_VIRUS, ERROR, "VIRUS_FOUND", rel, signature=signature)
                if progress and done % 50 == 0:
                    progress(done)
    except ScannerUnavailable as exc:
        report.add(REQ_UNAVAILABLE, ERROR, "VIRUS_UNAVAILABLE", "", detail=_short(exc))
    report.stats["virus_scan"] = {
        "configured": True,
        "engine": engine,
        "scanned": scanned,
        "infected": [{"path": i.path, "signature": i.signature} for i in infections],
    }
    return infections


def _short(exc: BaseException) -> str:
    """A Swedish reason for a finding; clamd's and the system's own texts (server paths) go to the log."""
    if isinstance(exc, ScannerUnavailable):
        log.warning("virus scanning: clamd unavailable: %s", exc)
        return gettext_noop("ingen kontakt med clamd")
    if isinstance(exc, ValueError):
        return str(exc)[:200]
    log.warning("virus scanning: %s: %s", type(exc).__name__, exc)
    return gettext_noop("filen kunde inte läsas")
