"""Reading a kommun's export (a folder, a ZIP or a TAR) safely, one member at a time.

Every name is checked before anything of it is copied: no path that leaves the export, no link,
no device file, no name a package cannot hold (not UTF-8, control characters, the characters
Windows refuses, a trailing space or dot, a reserved device name, too long) and no two names that
differ only in letter case. Names are stored in Unicode NFC, so a name exported on a Mac (NFD)
and the same name typed on Windows are one name. A ZIP and a folder are checked whole before the
first byte is copied (their directories cost nothing to read); a TAR is read once, front to back,
so its members are checked as they come and a refusal lists every bad name it found.

Nothing here touches the database: the command line, the Celery task and the tests call it alike.
"""

from __future__ import annotations

import os
import re
import stat
import tarfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from onboarding.packaging import messages as msg

EXPORT_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
# Left by macOS and its zip tool; not part of any export.
JUNK_PREFIXES = ("__MACOSX/",)
JUNK_NAMES = frozenset({".DS_Store"})
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f\\:*?"<>|]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
# A refusal lists this many reasons, then says how many more there were.
MAX_REASONS = 20


class ExportRefused(Exception):
    """The export cannot become a package; `reasons` are Swedish sentences, one per problem."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class ExportLimits:
    """What one package may hold: the agreement's size limit, a file count, and a path length that
    leaves room for '<objid>/representations/rep1/data/' within the validator's 1024 characters."""

    max_bytes: int
    max_files: int = 250_000
    max_path: int = 900
    max_ratio: float = 200.0
    ratio_min_bytes: int = 10 * 1024**2


@dataclass
class Member:
    """One file of the export: its name in the package (NFC, '/'-separated), its size and time, and
    how to open it."""

    rel: str
    size: int
    mtime: float | None
    opener: Callable[[], BinaryIO] = field(repr=False)


@dataclass
class Reasons:
    """The problems found so far (a refusal shows the first MAX_REASONS)."""

    items: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, message, **params) -> None:
        self.count += 1
        if len(self.items) < MAX_REASONS:
            self.items.append(str(message) % params if params else str(message))

    def __bool__(self) -> bool:
        return self.count > 0

    def refuse(self) -> ExportRefused:
        items = list(self.items)
        if self.count > len(items):
            items.append(str(msg.MSG_MORE_REASONS) % {"count": self.count - len(items)})
        return ExportRefused(items)


def shown(name: str) -> str:
    """A name as a person can read it, even when it is not valid text."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class Names:
    """Checks each name once and remembers them all, to find names that clash."""

    def __init__(self, limits: ExportLimits, reasons: Reasons):
        self.limits = limits
        self.reasons = reasons
        self.seen: dict[str, tuple[str, bool]] = {}
        self.dirs: set[str] = set()
        self.files = 0
        self.bytes = 0

    def check(self, name: str, is_dir: bool = False) -> str | None:
        """The name in the package, or None (with the reason recorded) when it cannot be stored."""
        raw = name
        if raw.startswith("/") or re.match(r"^[A-Za-z]:", raw):
            self.reasons.add(msg.MSG_PATH_ESCAPES, name=shown(raw))
            return None
        parts = [p for p in raw.split("/") if p not in ("", ".")]
        if ".." in parts:
            self.reasons.add(msg.MSG_PATH_ESCAPES, name=shown(raw))
            return None
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:
            self.reasons.add(msg.MSG_NAME_ENCODING, name=shown(raw))
            return None
        parts = [unicodedata.normalize("NFC", p) for p in parts]
        rel = "/".join(parts)
        if not all(self._part_ok(part, rel) for part in parts):
            return None
        if len(rel) > self.limits.max_path:
            self.reasons.add(msg.MSG_NAME_TOO_LONG, name=rel[:120] + "…", limit=self.limits.max_path)
            return None
        if not rel:
            return None
        for depth in range(1, len(parts)):
            if not self._remember("/".join(parts[:depth]), True):
                return None
        if not self._remember(rel, is_dir):
            return None
        return rel

    def check_child(self, parent: str, name: str, is_dir: bool = False) -> str | None:
        """`check` for an entry of a folder whose name `parent` (in the package's form) passed already:
        only the entry's own part is checked, which is what a folder scan of 20,000 files needs."""
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            self.reasons.add(msg.MSG_NAME_ENCODING, name=shown(parent + name))
            return None
        part = unicodedata.normalize("NFC", name)
        rel = parent + part
        if not self._part_ok(part, rel):
            return None
        if len(rel) > self.limits.max_path:
            self.reasons.add(msg.MSG_NAME_TOO_LONG, name=rel[:120] + "…", limit=self.limits.max_path)
            return None
        return rel if self._remember(rel, is_dir) else None

    def _part_ok(self, part: str, rel: str) -> bool:
        """One part of a name (a folder's or the file's own): characters, ending, device names, length."""
        if _BAD_CHARS.search(part):
            self.reasons.add(msg.MSG_NAME_CHARACTERS, name=shown(rel))
        elif part.endswith((" ", ".")):
            self.reasons.add(msg.MSG_NAME_ENDING, name=rel)
        elif _RESERVED.match(part):
            self.reasons.add(msg.MSG_NAME_RESERVED, name=rel)
        elif len(part.encode()) > 255:
            self.reasons.add(msg.MSG_NAME_TOO_LONG, name=rel[:120] + "…", limit=self.limits.max_path)
        else:
            return True
        return False

    def _remember(self, rel: str, is_dir: bool) -> bool:
        key = rel.casefold()
        other = self.seen.get(key)
        if other is None:
            self.seen[key] = (rel, is_dir)
            if is_dir:
                self.dirs.add(rel)
            return True
        if is_dir and other[1] and other[0] == rel:
            return True
        self.reasons.add(msg.MSG_NAME_CLASH, name=rel, other=other[0])
        return False

    def count(self, size: int) -> None:
        """Count a file against the limits (declared sizes first; the copy counts real bytes again)."""
        self.files += 1
        self.bytes += size
        if self.files == self.limits.max_files + 1:
            self.reasons.add(msg.MSG_TOO_MANY, limit=self.limits.max_files)

    def check_total(self) -> None:
        if self.bytes > self.limits.max_bytes:
            self.reasons.add(msg.MSG_TOO_BIG, size=_gb(self.bytes), limit=_gb(self.limits.max_bytes))

    def empty_dirs(self, files: list[str]) -> list[str]:
        """The folders that hold nothing (kept in the package as empty folders)."""
        parents = {f.rsplit("/", 1)[0] for f in files if "/" in f}
        full = set()
        for parent in parents:
            parts = parent.split("/")
            full.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return sorted(d for d in self.dirs if d not in full)


def _gb(nbytes: int) -> str:
    value = nbytes / 1024**3
    return f"{value:.1f}".replace(".", ",") if value < 10 else f"{value:.0f}"


def _junk(rel: str) -> bool:
    return rel.startswith(JUNK_PREFIXES) or rel.rsplit("/", 1)[-1] in JUNK_NAMES


@dataclass
class Export:
    """An opened export. `members()` yields the files to copy; `empty_dirs` is known after it ends."""

    kind: str
    total_bytes: int | None
    iterator: Callable[[], Iterator[Member]]
    names: Names
    position: Callable[[], float] = lambda: 0.0
    empty_dirs: list[str] = field(default_factory=list)

    def members(self) -> Iterator[Member]:
        yield from self.iterator()


def export_kind(path: Path) -> str:
    """'dir', 'zip' or 'tar' by what the file holds (not its name); ExportRefused otherwise."""
    if path.is_symlink():
        raise ExportRefused([str(msg.MSG_LINK) % {"name": path.name}])
    if path.is_dir():
        return "dir"
    if not path.is_file():
        raise ExportRefused([str(msg.MSG_EXPORT_UNREADABLE)])
    with open(path, "rb") as fh:
        head = fh.read(512)
    if not head:
        raise ExportRefused([str(msg.MSG_EXPORT_EMPTY)])
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")) or zipfile.is_zipfile(path):
        return "zip"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ")) or (len(head) >= 262 and head[257:262] == b"ustar"):
        return "tar"
    raise ExportRefused([str(msg.MSG_EXPORT_TYPE)])


@contextmanager
def open_export(path: str | os.PathLike, limits: ExportLimits) -> Iterator[Export]:
    """Open the export read-only; ExportRefused when it (or, for a folder or ZIP, any name in it) is unfit."""
    path = Path(path)
    kind = export_kind(path)
    reasons = Reasons()
    names = Names(limits, reasons)
    if kind == "dir":
        yield _open_dir(path, names, reasons)
    elif kind == "zip":
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ExportRefused([str(msg.MSG_EXPORT_UNREADABLE)]) from exc
        with zf:
            yield _open_zip(zf, names, reasons)
    else:
        with open(path, "rb") as raw:
            size = max(os.fstat(raw.fileno()).st_size, 1)
            try:
                tf = tarfile.open(fileobj=raw, mode="r:*")
            except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
                raise ExportRefused([str(msg.MSG_EXPORT_UNREADABLE)]) from exc
            with tf:
                yield _open_tar(tf, names, reasons, lambda: raw.tell() / size, size)


def _open_dir(root: Path, names: Names, reasons: Reasons) -> Export:
    found: list[tuple[str, os.stat_result, str]] = []
    stack = [(str(root), "")]  # (folder on disk, its name in the package + "/", already checked)
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                st = entry.stat(follow_symlinks=False)
                mode = st.st_mode
                if stat.S_ISLNK(mode):
                    reasons.add(msg.MSG_LINK, name=shown(prefix + entry.name))
                elif stat.S_ISDIR(mode):
                    rel = names.check_child(prefix, entry.name, is_dir=True)
                    if rel is not None:
                        stack.append((entry.path, rel + "/"))
                elif not stat.S_ISREG(mode):
                    reasons.add(msg.MSG_SPECIAL, name=shown(prefix + entry.name))
                elif st.st_nlink > 1:
                    reasons.add(msg.MSG_LINK, name=shown(prefix + entry.name))
                elif not _junk(prefix + entry.name):
                    rel = names.check_child(prefix, entry.name)
                    if rel is not None:
                        names.count(st.st_size)
                        found.append((rel, st, entry.path))
    names.check_total()
    if not found and not reasons:
        reasons.add(msg.MSG_EXPORT_EMPTY)
    if reasons:
        raise reasons.refuse()
    found.sort()

    def members() -> Iterator[Member]:
        for rel, st, full in found:
            yield Member(rel, st.st_size, st.st_mtime, lambda full=full: open(full, "rb", buffering=0))

    export = Export("dir", names.bytes, members, names)
    export.empty_dirs = names.empty_dirs([f[0] for f in found])
    return export


def _zip_mtime(info: zipfile.ZipInfo) -> float | None:
    try:
        return datetime(*info.date_time, tzinfo=UTC).timestamp()
    except ValueError:
        return None


def _open_zip(zf: zipfile.ZipFile, names: Names, reasons: Reasons) -> Export:
    found: list[tuple[str, zipfile.ZipInfo]] = []
    limits = names.limits
    for info in zf.infolist():
        mode = info.external_attr >> 16
        if mode and stat.S_ISLNK(mode):
            reasons.add(msg.MSG_LINK, name=shown(info.filename))
            continue
        if mode and (stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
            reasons.add(msg.MSG_SPECIAL, name=shown(info.filename))
            continue
        if info.is_dir():
            names.check(info.filename.rstrip("/"), is_dir=True)
            continue
        if _junk(info.filename):
            continue
        if info.flag_bits & 0x1:
            reasons.add(msg.MSG_ENCRYPTED, name=shown(info.filename))
            continue
        rel = names.check(info.filename)
        if rel is None:
            continue
        if info.file_size > limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            reasons.add(msg.MSG_EXPORT_UNREADABLE)
            continue
        names.count(info.file_size)
        found.append((rel, info))
    names.check_total()
    if not found and not reasons:
        reasons.add(msg.MSG_EXPORT_EMPTY)
    if reasons:
        raise reasons.refuse()
    found.sort(key=lambda f: f[1].header_offset)  # the archive's own order: one pass over the file

    def members() -> Iterator[Member]:
        for rel, info in found:
            yield Member(rel, info.file_size, _zip_mtime(info), lambda info=info: zf.open(info))

    export = Export("zip", names.bytes, members, names)
    export.empty_dirs = names.empty_dirs([f[0] for f in found])
    return export


def _open_tar(tf: tarfile.TarFile, names: Names, reasons: Reasons, position, archive_size: int) -> Export:
    export = Export("tar", None, lambda: iter(()), names, position=position)
    limits = names.limits

    def members() -> Iterator[Member]:
        files: list[str] = []
        try:
            for info in tf:
                if info.issym() or info.islnk():
                    reasons.add(msg.MSG_LINK, name=shown(info.name))
                    continue
                if info.isdir():
                    names.check(info.name, is_dir=True)
                    continue
                if not info.isfile():
                    reasons.add(msg.MSG_SPECIAL, name=shown(info.name))
                    continue
                if _junk(info.name):
                    continue
                rel = names.check(info.name)
                if rel is None:
                    continue
                names.count(info.size)
                if names.bytes > limits.max_bytes or (
                    names.bytes > limits.ratio_min_bytes and names.bytes > limits.max_ratio * archive_size
                ):
                    names.check_total()
                    raise reasons.refuse()
                if reasons:
                    continue  # keep reading names, so the refusal lists all of them; copy nothing more
                files.append(rel)
                yield Member(rel, info.size, float(info.mtime), lambda info=info: tf.extractfile(info))
        except (tarfile.TarError, EOFError, OSError) as exc:
            raise ExportRefused([str(msg.MSG_EXPORT_UNREADABLE)]) from exc
        if not files and not reasons:
            reasons.add(msg.MSG_EXPORT_EMPTY)
        if reasons:
            raise reasons.refuse()
        export.empty_dirs = names.empty_dirs(files)

    export.iterator = members
    return export
