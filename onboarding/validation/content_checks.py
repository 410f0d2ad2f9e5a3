"""The checks of a package's content that every archive makes before it accepts it: viruses and file formats.

Run by :func:`onboarding.validation.validate_package` on the unpacked package, after the
checksums: every file is streamed to clamd (:mod:`.scanning`) and identified against PRONOM
and the accepted-formats policy (:mod:`.formats`).  Progress is told in files done, so a
long validation never looks stuck.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .formats import FormatPolicy, load_default_policy, run_format_checks
from .integrity import PackageIndex
from .messages import FILES_LABEL
from .report import ValidationReport
from .scanning import ClamdScanner, scan_package, scanner_from_env


@dataclass
class ContentChecks:
    """Which content checks to run: `virus_scan` with `scanner` (None: not configured), `formats` with `policy`."""

    virus_scan: bool = True
    scanner: ClamdScanner | None = None
    formats: bool = True
    policy: FormatPolicy | None = None
    workers: int | None = None

    @classmethod
    def from_env(cls, virus_scan: bool = True, formats: bool = True) -> ContentChecks:
        """The command line's checks: clamd from CLAMD_SOCKET, the project's default format policy."""
        return cls(virus_scan, scanner_from_env() if virus_scan else None, formats, None)


def add_content_check_arguments(parser) -> None:
    """The command lines' switches for the content checks (both run unless switched off)."""
    parser.add_argument("--no-virus-scan", action="store_true", help="skanna inte filerna efter skadlig kod")
    parser.add_argument("--no-format-check", action="store_true", help="identifiera inte filformaten")


def content_checks_from_args(args) -> ContentChecks | None:
    """The checks the switches ask for (None when both are off: the structure and checksums only)."""
    if args.no_virus_scan and args.no_format_check:
        return None
    return ContentChecks.from_env(virus_scan=not args.no_virus_scan, formats=not args.no_format_check)


def _files_label(verb: str, done: int, total: int) -> str:
    def grouped(n: int) -> str:
        return f"{n:,}".replace(",", "\u00a0")

    return FILES_LABEL % {"verb": verb, "done": grouped(done), "total": grouped(total)}


def run_content_checks(
    checks: ContentChecks,
    index: PackageIndex,
    report: ValidationReport,
    declared_mimetypes: dict[str, str],
    progress: Callable[..., None],
    start: float,
    end: float,
) -> None:
    """Scan and identify every file of the unpacked package; progress moves from `start` to `end`.

    `progress(fraction, label, force)` is the validator's throttled progress: each step's start is told.
    """
    rels = sorted(index.files)
    steps = []
    if checks.virus_scan:
        steps.append(
            ("Skannar efter skadlig kod", lambda tick: scan_package(index.root, rels, checks.scanner, report, tick))
        )
    if checks.formats:
        policy = checks.policy or load_default_policy()
        steps.append(
            (
                "Identifierar filformat",
                lambda tick: run_format_checks(
                    index.root, dict(index.files), policy, report, declared_mimetypes, tick, checks.workers
                ),
            )
        )
    span = (end - start) / max(1, len(steps))
    for number, (verb, run) in enumerate(steps):
        base = start + number * span
        progress(base, _files_label(verb, 0, len(rels)), True)
        run(
            lambda done, base=base, verb=verb: progress(
                base + span * done / max(1, len(rels)), _files_label(verb, done, len(rels))
            )
        )
