"""E-ARK information package validator (FGS Paketstruktur 2.0 = E-ARK CSIP 2.1.0 + SIP 2.1.0).

Pure Python (no Django).  :func:`validate_package` opens a ZIP/TAR/directory safely
(:mod:`.unpack`), checks the folder layout (:mod:`.structure`), parses the package METS
and every representation METS safely and streaming, with XSD validation against the
schemas bundled in the ``eark-validator`` wheel (:mod:`.mets`, :mod:`.resources`), runs
the CSIP and SIP requirement checks (:mod:`.csip_header`, :mod:`.csip_metadata`,
:mod:`.csip_files`, :mod:`.csip_structmap`, :mod:`.sip`, and :mod:`.csip_package` for what
spans the package's METS files) and finally verifies sizes and checksums of every referenced
file, hashing each file once (:mod:`.integrity`).  :mod:`.requirements` holds the table of
every requirement of the CSIP/SIP 2.1.0 profiles and the check that reports it.

A finding carries the profile's requirement id.  Our own ids below add detail: a fileSec
file whose size or checksum is wrong is a FILE-SIZE/FILE-CHECKSUM finding per file plus one
CSIP69/CSIP71 finding per METS file, and a reference to no file of the package is a
FILE-MISSING/FILE-HREF finding beside the reference's requirement (CSIP79, CSIP24, ...).

Our own requirement ids (besides CSIPn, CSIPSTRn and SIPn):

=================  ========  ===================================================
PKG-UNREADABLE     error     package missing, empty, not ZIP/TAR, corrupt (exit 2)
PKG-UNSAFE         error     path traversal, absolute path, link or device file
PKG-LIMIT          error     too many files, too large, suspicious compression
METS-XML           error     METS not well-formed XML, DOCTYPE/entities, too large
METS-XSD           error     METS not valid against the METS/xlink/CSIP/SIP XSDs
FILE-MISSING       error     a file referenced from the fileSec does not exist
FILE-SIZE          error     SIZE differs from the file's size
FILE-CHECKSUM      error     CHECKSUM differs from the computed checksum
FILE-HREF          error     reference points outside the package or to a URL
FILE-CASE          warning   reference only matches a file with other letter case
FILE-EOL           warning   size/checksum only match after CRLF<->LF conversion
                             (text converted in transit; error with strict_line_endings)
FILE-CHECKSUMTYPE  info      checksum algorithm we cannot compute (e.g. HAVAL)
FILE-UNDESCRIBED   warning   file in the package that no METS document references
VALIDATOR-INTERNAL error     unexpected internal error (the package is not passed)
=================  ========  ===================================================

With ``content_checks`` (:mod:`.content_checks`) every file is also scanned for viruses
(VIRUS-*, :mod:`.scanning`) and identified against PRONOM and the accepted formats
(FORMAT-*, :mod:`.formats`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from .content_checks import ContentChecks, run_content_checks
from .context import CheckContext
from .csip_files import check_file_section
from .csip_header import check_header, check_root
from .csip_metadata import check_metadata
from .csip_package import check_package
from .csip_structmap import check_structmap
from .integrity import PackageIndex, SpeculativeHasher, guess_checksum_type, report_undescribed, verify_references
from .messages import MESSAGES, failure_detail
from .mets import MetsDocument, MetsParseError, parse_mets
from .report import ERROR, Finding, ValidationReport
from .sip import check_sip_files, check_sip_root
from .structure import METS_NAME, check_structure
from .unpack import Limits, PackageError, open_package

__all__ = ["MESSAGES", "ContentChecks", "Finding", "Limits", "ValidationReport", "validate_package"]

REQ_METS_XML = "METS-XML"
REQ_METS_XSD = "METS-XSD"
REQ_INTERNAL = "VALIDATOR-INTERNAL"

ProgressCallback = Callable[[float, str], None]


class _Progress:
    def __init__(self, callback: ProgressCallback | None):
        self.callback = callback
        self.last = -1.0

    def __call__(self, fraction: float, label: str, force: bool = False) -> None:
        if self.callback is None:
            return
        fraction = min(1.0, max(0.0, fraction))
        if force or fraction - self.last >= 0.01 or fraction >= 1.0:
            self.last = fraction
            try:
                self.callback(fraction, label)
            except Exception:  # noqa: BLE001 - a broken progress sink must not stop validation
                self.callback = None


def _parse(
    index: PackageIndex, rel: str, base_dir: str, report: ValidationReport, limits: Limits, representation: bool
) -> MetsDocument | None:
    size = index.files.get(rel, 0)
    if size > limits.max_mets_bytes:
        report.add(REQ_METS_XML, ERROR, "XML_TOO_LARGE", rel, limit=limits.max_mets_bytes)
        return None
    if size == 0:
        report.add(REQ_METS_XML, ERROR, "XML_EMPTY", rel)
        return None
    try:
        doc = parse_mets(index.root / rel, rel, base_dir)
    except MetsParseError as exc:
        where = f"{rel}: rad {exc.line}" if exc.line else rel
        report.add(REQ_METS_XML, ERROR, exc.key, where, detail=exc.detail)
        return None
    doc.is_representation = representation
    index.mark_described(rel)
    for line, message in doc.xsd_errors:
        report.add(REQ_METS_XSD, ERROR, "XSD_ERROR", f"{rel}: rad {line}", detail=message)
    return doc


def _check_document(ctx: CheckContext, sip: bool) -> None:
    check_root(ctx)
    check_header(ctx)
    check_metadata(ctx)
    check_file_section(ctx)
    check_structmap(ctx)
    if sip:
        if not ctx.doc.is_representation:
            check_sip_root(ctx)
        check_sip_files(ctx)


def _root_mets_name(index: PackageIndex) -> str | None:
    if METS_NAME in index.files:
        return METS_NAME
    for rel in index.files:
        if "/" not in rel and rel.lower() == METS_NAME.lower():
            return rel
    return None


def validate_package(
    path: str | os.PathLike,
    progress: ProgressCallback | None = None,
    limits: Limits | None = None,
    profile: str = "sip",
    workers: int | None = None,
    strict_line_endings: bool = False,
    content_checks: ContentChecks | None = None,
) -> ValidationReport:
    """Validate an information package and return the report; never raises for a bad package.

    ``progress`` is called as ``progress(fraction, label)`` with 0 <= fraction <= 1 and a
    short Swedish label.  ``profile`` is ``"sip"`` (CSIP + SIP, the default) or ``"csip"``.
    ``strict_line_endings`` makes a file that only differs by CRLF/LF line endings a
    size/checksum error instead of a FILE-EOL warning.  ``content_checks`` adds the virus scan
    and the format identification of every file (None: neither runs).
    """
    limits = limits or Limits()
    report = ValidationReport(package=str(path))
    prog = _Progress(progress)
    started = time.monotonic()
    try:
        prog(0.0, "Öppnar paketet", force=True)
        with open_package(path, limits) as pkg:
            prog(0.1, "Kontrollerar mappstrukturen", force=True)
            named = not pkg.from_archive or pkg.archive_single_root
            index = PackageIndex(pkg.root, pkg.files, pkg.dirs, pkg.root.name if named else None)
            reps = check_structure(index, report, pkg.from_archive, pkg.archive_single_root)
            root_name = _root_mets_name(index)
            # Hashing is most of the work: start it now, in threads, while the METS is parsed and checked.
            algo = guess_checksum_type(index.root / root_name) if root_name else None
            hasher = SpeculativeHasher(index, algo, workers) if algo else None
            try:
                prog(0.15, "Läser METS-filerna", force=True)
                contexts: list[CheckContext] = []
                root_doc = _parse(index, root_name, "", report, limits, False) if root_name else None
                if root_doc is not None:
                    contexts.append(CheckContext(report, index, root_doc))
                for rep in reps:
                    rel = f"{rep}/{METS_NAME}"
                    if rel in index.files:
                        doc = _parse(index, rel, rep + "/", report, limits, True)
                        if doc is not None:
                            contexts.append(CheckContext(report, index, doc))
                prog(0.25, "Kontrollerar kraven i CSIP och SIP", force=True)
                for ctx in contexts:
                    _check_document(ctx, profile == "sip")
                check_package(contexts)
                prog(0.3, "Kontrollerar storlek och kontrollsummor", force=True)
                refs = [ref for ctx in contexts for ref in ctx.refs]
                hashed_until = 0.98 if content_checks is None else 0.5
                verify_references(
                    refs,
                    index,
                    report,
                    progress=lambda f: prog(0.3 + (hashed_until - 0.3) * f, "Kontrollerar storlek och kontrollsummor"),
                    workers=workers,
                    strict_line_endings=strict_line_endings,
                    hasher=hasher if contexts else None,
                )
            finally:
                if hasher is not None:
                    hasher.close()  # before the unpacked folder is removed
            if root_doc is not None:
                report_undescribed(index, report)
            if content_checks is not None:
                mimetypes = {ref.rel: ref.mimetype for ref in refs if ref.mimetype} if contexts else {}
                run_content_checks(content_checks, index, report, mimetypes, prog, 0.5, 0.98)
            report.stats.update(files=len(index.files), bytes=sum(index.files.values()))
    except PackageError as exc:
        report.unreadable = exc.unreadable
        report.add(exc.requirement_id, ERROR, exc.key, exc.location, **exc.fmt)
    except Exception as exc:  # noqa: BLE001 - the contract is: never crash on a bad package
        report.add(REQ_INTERNAL, ERROR, "INTERNAL_ERROR", "", detail=failure_detail(exc))
    report.finish()
    report.stats["seconds"] = round(time.monotonic() - started, 3)
    prog(1.0, "Klar", force=True)
    return report


def validate_to_exit_code(path: str | os.PathLike) -> int:
    """Convenience: validate and return only the exit code (0/1/2)."""
    return validate_package(Path(path)).exit_code
