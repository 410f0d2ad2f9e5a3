"""File integrity: href resolution, sizes, checksums, missing and undescribed files.

Every reference found in a METS document (``FLocat``, ``mdRef``, ``mptr``) is resolved
against the package's file index.  References are collected first and checked in one
batch: each (file, algorithm) pair is hashed exactly once, streamed with
:func:`hashlib.file_digest`, in a small thread pool (hashlib releases the GIL, so
hashing runs in parallel with reading).  Sizes come from the directory scan.

Hashing is the bulk of the work, so it starts before the METS documents are parsed
(:class:`SpeculativeHasher`): the package's files are hashed in the background with the
algorithm the root METS names first, while the main thread parses and checks the METS.
References with that algorithm then only collect the results.  Big packages are hashed
in worker processes (:mod:`.hashing`: threads would wait for the GIL the METS work holds),
small ones in threads.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
import threading
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .hashing import ProcessHashPool, use_processes
from .report import ERROR, INFO, WARNING, ValidationReport

REQ_MISSING = "FILE-MISSING"
REQ_SIZE = "FILE-SIZE"
REQ_CHECKSUM = "FILE-CHECKSUM"
REQ_CHECKSUMTYPE = "FILE-CHECKSUMTYPE"
REQ_CASE = "FILE-CASE"
REQ_HREF = "FILE-HREF"
REQ_UNDESCRIBED = "FILE-UNDESCRIBED"
REQ_EOL = "FILE-EOL"

_EOL_MAX_BYTES = 64 * 1024 * 1024

_HASHLIB_NAMES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
_ZLIB_NAMES = {"CRC32": zlib.crc32, "ADLER-32": zlib.adler32}
METS_CHECKSUM_TYPES = frozenset(
    ["Adler-32", "CRC32", "HAVAL", "MD5", "MNP", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "TIGER", "WHIRLPOOL"]
)


class PackageIndex:
    """All regular files of the package, with sizes and a case-insensitive lookup."""

    def __init__(self, root: Path, files: dict[str, int], dirs: set[str], name: str | None = None):
        self.root = root
        # The package's own name (its root folder), when known; None for an archive without one.
        self.name = name
        self.files = files
        self.dirs = dirs
        self._lower: dict[str, str] = {}
        for rel in files:
            self._lower.setdefault(rel.lower(), rel)
        self._lower_dirs = {d.lower() for d in dirs}
        self.described: set[str] = set()
        self._under: dict[str, list[str]] = {}
        self._lowered: list[tuple[str, str]] | None = None

    def files_under(self, prefix: str) -> list[str]:
        """The non-empty files whose path starts with ``prefix`` (letter case ignored), sorted.

        Remembered per prefix: the checks ask for the same few folders (metadata/descriptive,
        documentation/, ...) of a package with tens of thousands of files.
        """
        key = prefix.lower()
        found = self._under.get(key)
        if found is None:
            if self._lowered is None:
                self._lowered = [(rel.lower(), rel) for rel, size in self.files.items() if size]
            found = sorted(rel for low, rel in self._lowered if low.startswith(key))
            self._under[key] = found
        return found

    def has_dir_ci(self, rel: str) -> bool:
        """True when a folder ``rel`` exists (case-insensitive)."""
        return rel.strip("/").lower() in self._lower_dirs

    def resolve(self, base_dir: str, href: str) -> tuple[str, str | None]:
        """Resolve an href relative to ``base_dir``.

        Returns (status, relative path) with status one of ``ok``, ``case`` (found
        with another letter case), ``missing``, ``outside`` (leaves the package) or
        ``external`` (another URL scheme).
        """
        if ":" not in href and "%" not in href and "\\" not in href and "#" not in href and not href.startswith("/"):
            joined = posixpath.normpath(base_dir + href) if ("./" in href or "//" in href) else base_dir + href
            if joined in self.files:
                return "ok", joined
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
    location_fn: Callable[[], str] | None = None
    # For fileSec files: the profile's own requirements (CSIP69 SIZE, CSIP71 CHECKSUM) and the
    # METS document, summarised once per document beside the per-file FILE-SIZE/FILE-CHECKSUM.
    profile_reqs: tuple[str, str] | None = None
    document: str = ""
    mimetype: str | None = None  # the fileSec's MIMETYPE (compared with the identified format)

    def where(self) -> str:
        """The location text (computed lazily for the many fileSec references)."""
        return self.location or (self.location_fn() if self.location_fn else "")


_BUFFER_BYTES = 1024 * 1024
_local = threading.local()


def _buffer() -> tuple[bytearray, memoryview]:
    """One read buffer per hashing thread, reused for every file (no allocation per file)."""
    buf = getattr(_local, "buf", None)
    if buf is None:
        data = bytearray(_BUFFER_BYTES)
        buf = _local.buf = (data, memoryview(data))
    return buf


def _digest(path: Path | str, checksum_type: str) -> str:
    """Hash a file streamed through a reused buffer: os.readv and hash updates both release the GIL.

    Cheaper than ``hashlib.file_digest`` on many small files, which allocates a fresh
    256 KiB buffer (and a buffered file object) for every file.
    """
    key = checksum_type.upper()
    name = _HASHLIB_NAMES.get(key)
    buf, view = _buffer()
    fd = os.open(path, os.O_RDONLY)
    try:
        if name:
            h = hashlib.new(name)
            while n := os.readv(fd, [buf]):
                h.update(view[:n])
            return h.hexdigest()
        func = _ZLIB_NAMES[key]
        value = func(b"")
        while n := os.readv(fd, [buf]):
            value = func(view[:n], value)
        return f"{value & 0xFFFFFFFF:08x}"
    finally:
        os.close(fd)


def _digest_or_none(root: Path, job: tuple[str, str]) -> str | None:
    try:
        return _digest(os.path.join(root, job[0]), job[1])
    except OSError:
        return None


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _hash_batch(root: Path, batch: list[tuple[str, str]]) -> list[tuple[tuple[str, str], str | None]]:
    out = []
    for job in batch:
        try:
            out.append((job, _digest(os.path.join(root, job[0]), job[1])))
        except OSError:
            out.append((job, None))
    return out


def _batches(jobs: list[tuple[str, str]], workers: int) -> list[list[tuple[str, str]]]:
    # Batches keep the per-file overhead low; several per worker keep the workers evenly busy.
    size = max(1, min(256, len(jobs) // (workers * 4) or 1))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def default_workers() -> int:
    return min(8, max(2, (os.cpu_count() or 2)))


_CHECKSUMTYPE_RE = re.compile(rb'CHECKSUMTYPE\s*=\s*["\']([A-Za-z0-9-]{2,12})["\']')


def guess_checksum_type(mets_path: Path) -> str | None:
    """The first computable CHECKSUMTYPE in the head of a METS file (a guess; the parse decides)."""
    try:
        with open(mets_path, "rb") as fh:
            head = fh.read(256 * 1024)
    except OSError:
        return None
    for match in _CHECKSUMTYPE_RE.finditer(head):
        name = match.group(1).decode("ascii").upper()
        if supported_checksum(name):
            return name
    return None


class SpeculativeHasher:
    """Hash every file of the package in background threads while the METS is parsed.

    Results are only used for references that ask for the same algorithm; anything else
    is hashed later as usual.  :meth:`close` must be called before the package folder
    goes away (it cancels what has not started).
    """

    def __init__(self, index: PackageIndex, checksum_type: str, workers: int | None = None):
        self.checksum_type = checksum_type.upper()
        self.workers = workers or default_workers()
        jobs = [(rel, self.checksum_type) for rel in index.files]
        self.jobs = set(jobs)
        self._pool: ThreadPoolExecutor | ProcessHashPool
        if jobs and use_processes(sum(index.files.values()), len(jobs)):
            # Big packages: worker processes, so the METS work in this process does not starve them of the GIL.
            self._pool = ProcessHashPool(index.root, jobs, min(self.workers, _cpus()), _digest_or_none)
            self.futures: list[Future] = self._pool.futures
        else:
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="ipval-hash")
            self.futures = [self._pool.submit(_hash_batch, index.root, b) for b in _batches(jobs, self.workers)]

    def close(self) -> None:
        if isinstance(self._pool, ProcessHashPool):
            self._pool.close()
        else:
            self._pool.shutdown(wait=True, cancel_futures=True)


@functools.lru_cache(maxsize=64)
def supported_checksum(checksum_type: str | None) -> bool:
    """True when we can compute this METS CHECKSUMTYPE (cached: asked twice for every file)."""
    key = (checksum_type or "").upper()
    return key in _HASHLIB_NAMES or key in _ZLIB_NAMES


def _line_ending_variant_matches(path: Path, ref: Reference) -> bool:
    """True when the file only differs from the declared checksum/size by its line endings.

    Text files converted between CRLF and LF in transit (git, FTP ASCII mode) keep their
    content; we recognise that exact case so it can be reported as such.
    """
    try:
        if path.stat().st_size > _EOL_MAX_BYTES:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if b"\x00" in data or b"\n" not in data:
        return False
    variant = data.replace(b"\r\n", b"\n") if b"\r\n" in data else data.replace(b"\n", b"\r\n")
    if ref.size is not None and ref.size.strip().isdigit() and int(ref.size) != len(variant):
        return False
    name = _HASHLIB_NAMES.get(ref.checksum_type.upper())
    if name:
        digest = hashlib.new(name, variant).hexdigest()
    else:
        digest = f"{_ZLIB_NAMES[ref.checksum_type.upper()](variant) & 0xFFFFFFFF:08x}"
    return digest == ref.checksum.strip().lower()


def verify_references(
    refs: list[Reference],
    index: PackageIndex,
    report: ValidationReport,
    progress: Callable[[float], None] | None = None,
    workers: int | None = None,
    strict_line_endings: bool = False,
    hasher: SpeculativeHasher | None = None,
) -> None:
    """Check declared sizes and checksums of ``refs`` (each file/algorithm hashed once).

    With a ``hasher`` that already hashes the package's files, its results are used for
    the references with its algorithm; only the rest is hashed here.
    """
    jobs: dict[tuple[str, str], None] = {}
    for ref in refs:
        if ref.checksum and ref.checksum_type:
            if supported_checksum(ref.checksum_type):
                jobs[(ref.rel, ref.checksum_type.upper())] = None
            elif ref.checksum_type in METS_CHECKSUM_TYPES:
                report.add(REQ_CHECKSUMTYPE, INFO, "FILE_CHECKSUM_UNSUPPORTED", ref.where(), algo=ref.checksum_type)
    total = sum(index.files.get(rel, 0) for rel, _ in jobs) or 1
    done = 0
    results: dict[tuple[str, str], str | None] = {}
    workers = workers or default_workers()
    wanted = set(jobs)
    futures: list[Future] = []
    if hasher is not None:
        futures.extend(hasher.futures)
        remaining = [job for job in jobs if job not in hasher.jobs]
    else:
        remaining = list(jobs)
    pool = ThreadPoolExecutor(max_workers=workers) if remaining else None
    try:
        if pool is not None:
            futures.extend(pool.submit(_hash_batch, index.root, batch) for batch in _batches(remaining, workers))
        for future in futures:
            for job, value in future.result():
                if job in wanted:
                    results[job] = value
                    done += index.files.get(job[0], 0)
            if progress:
                progress(done / total)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    broken: Counter = Counter()
    for ref in refs:
        _report_reference(ref, index, report, results, strict_line_endings, broken)
    for (req, document, key), count in sorted(broken.items()):
        report.add(req, ERROR, key, f"{document}: /mets/fileSec", count=count)


def _report_reference(
    ref: Reference,
    index: PackageIndex,
    report: ValidationReport,
    results: dict,
    strict_line_endings: bool,
    broken: Counter,
) -> None:
    actual_size = index.files.get(ref.rel)
    size_bad = (
        ref.size is not None and ref.size.strip().isdigit() and actual_size is not None and int(ref.size) != actual_size
    )
    checked = bool(ref.checksum and ref.checksum_type and supported_checksum(ref.checksum_type))
    digest = results.get((ref.rel, ref.checksum_type.upper())) if checked else None
    if checked and digest is None:
        report.add(REQ_MISSING, ERROR, "FILE_UNREADABLE", ref.where(), path=ref.rel)
        return
    checksum_bad = checked and digest.lower() != ref.checksum.strip().lower()
    if (
        (size_bad or checksum_bad)
        and checked
        and not strict_line_endings
        and _line_ending_variant_matches(index.root / ref.rel, ref)
    ):
        report.add(REQ_EOL, WARNING, "FILE_LINE_ENDINGS", ref.where(), path=ref.rel)
        return
    if ref.profile_reqs is not None:
        if size_bad:
            broken[(ref.profile_reqs[0], ref.document, "FILES_SIZE_MISMATCH")] += 1
        if checksum_bad:
            broken[(ref.profile_reqs[1], ref.document, "FILES_CHECKSUM_MISMATCH")] += 1
    if size_bad:
        report.add(
            ref.size_req,
            ERROR,
            "FILE_SIZE_MISMATCH",
            ref.where(),
            path=ref.rel,
            declared=ref.size.strip(),
            actual=actual_size,
        )
    if checksum_bad:
        report.add(ref.checksum_req, ERROR, "FILE_CHECKSUM_MISMATCH", ref.where(), path=ref.rel, algo=ref.checksum_type)


def report_undescribed(index: PackageIndex, report: ValidationReport) -> None:
    """Warn about files in the package that no METS document describes."""
    for rel in sorted(set(index.files) - index.described):
        report.add(REQ_UNDESCRIBED, WARNING, "FILE_UNDESCRIBED", rel, path=rel)
