"""Safe opening of an information package (ZIP, TAR or directory).

Archives are unpacked into a private temporary directory.  Every member is checked
*before* anything is written: no absolute paths, no ``..`` components, no drive
letters or backslashes, no symbolic/hard links or device files, and limits on the
number of files, the total uncompressed size and the compression ratio (zip bombs).
While copying we count the bytes actually produced, so an archive that lies about
its sizes is stopped too.  Directories given as input are walked without following
links; a link anywhere in the package refuses the package.

Problems are raised as :class:`PackageError` (with the requirement id, message key
and whether the package is *unreadable* -> exit code 2, or *refused* -> exit code 1).
"""

from __future__ import annotations

import os
import shutil
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .messages import failure_detail

# Decimal units, as everywhere on the platform (tenants/sizes.py); the validator itself imports no Django.
MB = 10**6
GB = 10**9

REQ_UNREADABLE = "PKG-UNREADABLE"
REQ_UNSAFE = "PKG-UNSAFE"
REQ_LIMIT = "PKG-LIMIT"

_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Resource limits for unpacking; the defaults suit municipal deliveries."""

    max_total_bytes: int = 50 * GB
    max_files: int = 250_000
    max_ratio: float = 200.0
    ratio_min_bytes: int = 10 * MB
    max_path_length: int = 1024
    max_mets_bytes: int = 2 * GB
    # Where an archive is unpacked (None: the system's temporary folder). The platform gives each delivery
    # a folder of its own, so a validation after a killed worker removes what the killed one left.
    unpack_dir: str | None = None


class PackageError(Exception):
    """The package cannot be validated (unreadable, unsafe or too large)."""

    def __init__(self, requirement_id: str, key: str, unreadable: bool = False, location: str = "", **fmt):
        super().__init__(key)
        self.requirement_id = requirement_id
        self.key = key
        self.unreadable = unreadable
        self.location = location
        self.fmt = fmt


@dataclass
class OpenedPackage:
    """An opened package: the folder holding the content and how it was found."""

    root: Path
    from_archive: bool
    archive_single_root: bool
    files: dict[str, int]
    dirs: set[str]


def _check_member_name(name: str, limits: Limits) -> PurePosixPath:
    """Validate an archive member name and return it as a relative posix path."""
    if not name or "\x00" in name or len(name) > limits.max_path_length:
        raise PackageError(REQ_UNSAFE, "UNSAFE_NAME", location=name[:200])
    if "\\" in name:
        raise PackageError(REQ_UNSAFE, "UNSAFE_BACKSLASH", location=name[:200])
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise PackageError(REQ_UNSAFE, "UNSAFE_ABSOLUTE", location=name[:200])
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise PackageError(REQ_UNSAFE, "UNSAFE_TRAVERSAL", location=name[:200])
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


def _copy_limited(src, dest: Path, budget: list[int], limits: Limits, name: str) -> int:
    """Copy ``src`` to a new file ``dest`` without exceeding the byte budget."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    written = 0
    fd = os.open(dest, flags, 0o600)
    with os.fdopen(fd, "wb") as out:
        while True:
            chunk = src.read(_COPY_CHUNK)
            if not chunk:
                break
            written += len(chunk)
            budget[0] += len(chunk)
            if budget[0] > limits.max_total_bytes:
                raise PackageError(REQ_LIMIT, "LIMIT_TOTAL_SIZE", location=name, limit=limits.max_total_bytes)
            out.write(chunk)
    return written


def _target(base: Path, rel: PurePosixPath) -> Path:
    target = base.joinpath(*rel.parts)
    # Defence in depth: resolve the parent and make sure it is still inside base.
    if not str(target.parent.resolve()).startswith(str(base.resolve())):
        raise PackageError(REQ_UNSAFE, "UNSAFE_TRAVERSAL", location=str(rel))
    return target


def _extract_zip(path: Path, dest: Path, limits: Limits) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise PackageError(REQ_UNREADABLE, "UNREADABLE_ARCHIVE", unreadable=True, detail=failure_detail(exc)) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_files:
            raise PackageError(REQ_LIMIT, "LIMIT_FILE_COUNT", limit=limits.max_files)
        declared = 0
        plan = []
        for info in infos:
            rel = _check_member_name(info.filename, limits)
            mode = info.external_attr >> 16
            if mode and (stat.S_ISLNK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode)):
                raise PackageError(REQ_UNSAFE, "UNSAFE_LINK", location=info.filename[:200])
            if info.flag_bits & 0x1:
                raise PackageError(REQ_UNREADABLE, "UNREADABLE_ENCRYPTED", unreadable=True, location=info.filename)
            declared += info.file_size
            if declared > limits.max_total_bytes:
                raise PackageError(REQ_LIMIT, "LIMIT_TOTAL_SIZE", limit=limits.max_total_bytes)
            if info.file_size > limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise PackageError(REQ_LIMIT, "LIMIT_RATIO", location=info.filename[:200], limit=limits.max_ratio)
            plan.append((info, rel))
        budget = [0]
        for info, rel in plan:
            if str(rel) == ".":
                continue
            target = _target(dest, rel)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src:
                    written = _copy_limited(src, target, budget, limits, info.filename)
            except FileExistsError as exc:
                raise PackageError(REQ_UNSAFE, "UNSAFE_DUPLICATE", location=info.filename[:200]) from exc
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                if isinstance(exc, PackageError):
                    raise
                raise PackageError(
                    REQ_UNREADABLE, "UNREADABLE_ARCHIVE", unreadable=True, detail=failure_detail(exc)
                ) from exc
            if written > limits.ratio_min_bytes and written > limits.max_ratio * max(info.compress_size, 1):
                raise PackageError(REQ_LIMIT, "LIMIT_RATIO", location=info.filename[:200], limit=limits.max_ratio)


def _extract_tar(path: Path, dest: Path, limits: Limits) -> None:
    archive_size = max(path.stat().st_size, 1)
    try:
        tf = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise PackageError(REQ_UNREADABLE, "UNREADABLE_ARCHIVE", unreadable=True, detail=failure_detail(exc)) from exc
    budget = [0]
    count = 0
    try:
        with tf:
            for member in tf:
                count += 1
                if count > limits.max_files:
                    raise PackageError(REQ_LIMIT, "LIMIT_FILE_COUNT", limit=limits.max_files)
                rel = _check_member_name(member.name, limits)
                if member.issym() or member.islnk():
                    raise PackageError(REQ_UNSAFE, "UNSAFE_LINK", location=member.name[:200])
                if not (member.isfile() or member.isdir()):
                    raise PackageError(REQ_UNSAFE, "UNSAFE_SPECIAL", location=member.name[:200])
                if budget[0] + member.size > limits.max_total_bytes:
                    raise PackageError(REQ_LIMIT, "LIMIT_TOTAL_SIZE", limit=limits.max_total_bytes)
                if str(rel) == ".":
                    continue
                target = _target(dest, rel)
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                src = tf.extractfile(member)
                if src is None:
                    continue
                try:
                    _copy_limited(src, target, budget, limits, member.name)
                except FileExistsError as exc:
                    raise PackageError(REQ_UNSAFE, "UNSAFE_DUPLICATE", location=member.name[:200]) from exc
                if budget[0] > limits.ratio_min_bytes and budget[0] > limits.max_ratio * archive_size:
                    raise PackageError(REQ_LIMIT, "LIMIT_RATIO", location=member.name[:200], limit=limits.max_ratio)
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, PackageError):
            raise
        raise PackageError(REQ_UNREADABLE, "UNREADABLE_ARCHIVE", unreadable=True, detail=failure_detail(exc)) from exc


def scan_tree(root: Path, limits: Limits) -> tuple[dict[str, int], set[str]]:
    """Walk ``root`` without following links; return {relative file path: size} and the directory set."""
    files: dict[str, int] = {}
    dirs: set[str] = set()
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            raise PackageError(
                REQ_UNREADABLE, "UNREADABLE_ARCHIVE", unreadable=True, detail=failure_detail(exc)
            ) from exc
        for entry in entries:
            rel = f"{prefix}{entry.name}"
            if entry.is_symlink():
                raise PackageError(REQ_UNSAFE, "UNSAFE_LINK", location=rel)
            if entry.is_dir(follow_symlinks=False):
                dirs.add(rel)
                stack.append((Path(entry.path), rel + "/"))
            elif entry.is_file(follow_symlinks=False):
                files[rel] = entry.stat(follow_symlinks=False).st_size
                if len(files) > limits.max_files:
                    raise PackageError(REQ_LIMIT, "LIMIT_FILE_COUNT", limit=limits.max_files)
            else:
                raise PackageError(REQ_UNSAFE, "UNSAFE_SPECIAL", location=rel)
    return files, dirs


def _find_content_root(base: Path) -> tuple[Path, bool]:
    """Return the package root folder below ``base`` and whether it was a single root folder."""
    entries = [e for e in base.iterdir() if e.name not in ("__MACOSX", ".DS_Store")]
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0], True
    return base, False


def _archive_kind(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(512)
    if not head:
        raise PackageError(REQ_UNREADABLE, "UNREADABLE_EMPTY", unreadable=True)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ")) or (len(head) >= 262 and head[257:262] == b"ustar"):
        return "tar"
    if zipfile.is_zipfile(path):
        return "zip"
    raise PackageError(REQ_UNREADABLE, "UNREADABLE_FORMAT", unreadable=True)


@contextmanager
def open_package(path: str | os.PathLike, limits: Limits | None = None) -> Iterator[OpenedPackage]:
    """Open ``path`` (archive or directory) safely; temporary files are removed on exit."""
    limits = limits or Limits()
    src = Path(path)
    if src.is_symlink():
        raise PackageError(REQ_UNSAFE, "UNSAFE_LINK", location=str(src.name))
    if src.is_dir():
        files, dirs = scan_tree(src, limits)
        root = src
        if "METS.xml" not in files and not files and len(dirs) == 1:
            # A folder that only wraps the package folder (e.g. ".../package/METS.xml").
            root = src / next(iter(dirs))
            files, dirs = scan_tree(root, limits)
        elif "METS.xml" not in files:
            top_files = [f for f in files if "/" not in f]
            top_dirs = [d for d in dirs if "/" not in d]
            if not top_files and len(top_dirs) == 1:
                root = src / top_dirs[0]
                files, dirs = scan_tree(root, limits)
        yield OpenedPackage(root, False, True, files, dirs)
        return
    if not src.is_file():
        raise PackageError(REQ_UNREADABLE, "UNREADABLE_MISSING", unreadable=True, location=str(src))
    kind = _archive_kind(src)
    if limits.unpack_dir:
        Path(limits.unpack_dir).mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="ipval-", dir=limits.unpack_dir))
    try:
        (_extract_zip if kind == "zip" else _extract_tar)(src, tmp, limits)
        root, single = _find_content_root(tmp)
        files, dirs = scan_tree(root, limits)
        yield OpenedPackage(root, True, single, files, dirs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
