"""File integrity: href resolution, sizes, checksums, missing and undescribed files.

Every reference found in a METS document (``FLocat``, ``mdRef``, ``mptr``) is resolved
against the package's file index.  References are collected first and checked in one
batch: each (file, algorithm) pair is hashed exactly once, streamed with
:func:`hashlib.file_digest`, in a small thread pool (hashlib releases the GIL, so
hashing runs in parallel with reading).  Sizes come from the directory scan.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .report import ERROR, INFO, WARNING, ValidationReport

REQ_MISSING = "FILE-MISSING"
REQ_SIZE = "FILE-SIZE"
REQ_CHECKSUM = "FILE-CHECKSUM"
REQ_CHECKSUMTYPE = "FILE-CHECKSUMTYPE"
REQ_CASE = "FILE-CASE"
REQ_HREF = "FILE-HREF"
REQ_UNDESCRIBED = "FILE-UNDESCRIBED"

_HASHLIB_NAMES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
_ZLIB_NAMES = {"CRC32": zlib.crc32, "ADLER-32": zlib.adler32}
METS_CHECKSUM_TYPES = frozenset(
    ["Adler-32", "CRC32", "HAVAL", "MD5", "MNP", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "TIGER", "WHIRLPOOL"]
)


class PackageIndex:
    """All regular files of the package, with sizes and a case-insensitive lookup."""

    def __init__(self, root: Path, files: dict[str, int], dirs: set[str]):
        self.root = root
        self.files = files
        self.dirs = dirs
        self._lower: dict[str, str] = {}
        for rel in files:
            self._lower.setdefault(rel.lower(), rel)
        self._lower_dirs = {d.lower() for d in dirs}
        self.described: set[str] = set()

    def has_dir_ci(self, rel: str) -> bool:
        """True when a folder ``rel`` exists (case-insensitive)."""
        return rel.strip("/").lower() in self._lower_dirs

    def resolve(self, base_dir: str, href: str) -> tuple[str, str | None]:
        """Resolve an href relative to ``base_dir``.

        Returns (status, relative path) with status one of ``ok``, ``case`` (found
        with another letter case), ``missing``, ``outside`` (leaves the package) or
        ``external`` (another URL scheme).
        """
        parts = urlsplit(href)
        if parts.scheme and len(parts.scheme) > 1 and parts.scheme.lower() != "file":
            return "external", None
        if parts.scheme.lower() == "file" and parts.netloc not in ("", "localhost"):
            return "external", None
        path = unquote(parts.path if parts.scheme else href.split("#", 1)[0])
        if path.startswith("/") or (len(path) > 1 and path[1] == ":") or "\\" in path:
            return "outside", None
        joined = posixpath.normpath(posixpath.join(base_dir, path)) if path else base_dir
        if joined in (".", "") or joined.startswith("../") or joined == "..":
            return "outside", None
        if joined in self.files:
            return "ok", joined
        alt = self._lower.get(joined.lower())
        if alt is not None:
            return "case", alt
        return "missing", None

    def mark_described(self, rel: str) -> None:
        """Record that a file is referenced from a METS document."""
        self.described.add(rel)


@dataclass
class Reference:
    """A file reference with the declared size/checksum to verify."""

    rel: str
    size: str | None
    checksum: str | None
    checksum_type: str | None
    location: str
    size_req: str = REQ_SIZE
    checksum_req: str = REQ_CHECKSUM


def _digest(path: Path, checksum_type: str) -> str:
    name = _HASHLIB_NAMES.get(checksum_type.upper())
    with open(path, "rb") as fh:
        if name:
            return hashlib.file_digest(fh, name).hexdigest()
        func = _ZLIB_NAMES[checksum_type.upper()]
        value = func(b"")
        while chunk := fh.read(1024 * 1024):
            value = func(chunk, value)
        return f"{value & 0xFFFFFFFF:08x}"


def supported_checksum(checksum_type: str | None) -> bool:
    """True when we can compute this METS CHECKSUMTYPE."""
    key = (checksum_type or "").upper()
    return key in _HASHLIB_NAMES or key in _ZLIB_NAMES


def verify_references(
    refs: list[Reference],
    index: PackageIndex,
    report: ValidationReport,
    progress: Callable[[float], None] | None = None,
    workers: int | None = None,
) -> None:
    """Check declared sizes and checksums of ``refs`` (each file/algorithm hashed once)."""
    jobs: dict[tuple[str, str], None] = {}
    for ref in refs:
        if ref.size is not None and ref.size.strip().isdigit():
            actual = index.files.get(ref.rel)
            if actual is not None and int(ref.size) != actual:
                report.add(ref.size_req, ERROR, "FILE_SIZE_MISMATCH", ref.location, path=ref.rel,
                           declared=ref.size.strip(), actual=actual)
        if ref.checksum and ref.checksum_type:
            if supported_checksum(ref.checksum_type):
                jobs[(ref.rel, ref.checksum_type.upper())] = None
            elif ref.checksum_type in METS_CHECKSUM_TYPES:
                report.add(REQ_CHECKSUMTYPE, INFO, "FILE_CHECKSUM_UNSUPPORTED", ref.location, algo=ref.checksum_type)
    total = sum(index.files.get(rel, 0) for rel, _ in jobs) or 1
    done = 0
    results: dict[tuple[str, str], str | None] = {}
    workers = workers or min(8, max(2, (os.cpu_count() or 2)))

    def run(job: tuple[str, str]) -> tuple[tuple[str, str], str | None]:
        try:
            return job, _digest(index.root / job[0], job[1])
        except OSError:
            return job, None

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for job, value in pool.map(run, jobs, chunksize=16):
            results[job] = value
            done += index.files.get(job[0], 0)
            if progress:
                progress(done / total)
    for ref in refs:
        if not (ref.checksum and ref.checksum_type and supported_checksum(ref.checksum_type)):
            continue
        actual = results.get((ref.rel, ref.checksum_type.upper()))
        if actual is None:
            report.add(REQ_MISSING, ERROR, "FILE_UNREADABLE", ref.location, path=ref.rel)
        elif actual.lower() != ref.checksum.strip().lower():
            report.add(ref.checksum_req, ERROR, "FILE_CHECKSUM_MISMATCH", ref.location, path=ref.rel,
                       algo=ref.checksum_type)


def report_undescribed(index: PackageIndex, report: ValidationReport) -> None:
    """Warn about files in the package that no METS document describes."""
    for rel in sorted(set(index.files) - index.described):
        report.add(REQ_UNDESCRIBED, WARNING, "FILE_UNDESCRIBED", rel, path=rel)
