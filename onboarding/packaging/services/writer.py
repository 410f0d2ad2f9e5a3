"""Writing an FGS Paketstruktur 2.0 package (E-ARK CSIP 2.1.0 + SIP 2.1.0) as a ZIP, straight from an export.

Layout (one representation):

    <OBJID>/METS.xml                                   package METS: header, agents, dmdSec, amdSec, fileSec, structMap
    <OBJID>/metadata/descriptive/ead.xml               EAD3: the records creator, period, information types
    <OBJID>/metadata/preservation/premis.xml           PREMIS: the package, its creation event, the agents
    <OBJID>/documentation/leveransbeskrivning.txt      what the package holds, in Swedish, for people
    <OBJID>/schemas/*.xsd                              every schema the XML files use
    <OBJID>/representations/rep1/METS.xml              representation METS: every data file with size and SHA-256
    <OBJID>/representations/rep1/metadata/descriptive/ead.xml
    <OBJID>/representations/rep1/metadata/preservation/premis.xml   PREMIS objects with each file's fixity
    <OBJID>/representations/rep1/data/...              the export's files and folders (empty ones too)

Each export file is read once: every chunk goes to SHA-256 and into the ZIP in the same pass, so
nothing is held in memory and nothing is read twice. A folder's small files are read and checked (SHA-256, CRC-32)
ahead in two threads, and written to the ZIP 8 MB at a time by another (readahead.py), so reading,
hashing and writing overlap on two cores. The METS and PREMIS documents are written as
streams (lxml's xmlfile) into the ZIP through a writer that counts and hashes them, which gives
the size and checksum the package METS records for the representation METS. The package is
written beside its destination under a temporary name and renamed when complete: a failure (a
refused name in a TAR, a file that changed, a full disk) leaves nothing behind.

Data files are stored uncompressed: exports are mostly compressed formats already, the validator
refuses members compressed beyond 200:1 (a sparse or zero-filled file would be), and storing keeps
the build close to the speed of reading and hashing.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
import zipfile
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from onboarding.packaging import messages as msg

from .export import ExportLimits, ExportRefused, Member, open_export
from .package_parts import (
    CHUNK,
    FLUSH_BYTES,
    REP,
    SMALL_FILE,
    BuildResult,
    DataFile,
    HashingWriter,
    PackageMetadata,
    Progress,
    ProgressCallback,
    crc32,
    mimetype_for,
    schema_files,
    timestamp,
    zip_time_of,
)
from .package_xml import PackageXml
from .readahead import BackgroundWrites, read_ahead


class PackageWriter(PackageXml):
    """Writes one package into an open ZIP; `copy` each member, then `finish` writes the metadata."""

    def __init__(self, zf: zipfile.ZipFile, meta: PackageMetadata):
        self.zf = zf
        self.meta = meta
        self.created = (meta.created or datetime.now(UTC)).astimezone(UTC)
        self.stamp = self.created.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.root = meta.objid
        self.files: list[DataFile] = []
        self.content_bytes = 0
        self.buffer = bytearray(CHUNK)
        # Small members' headers and contents not yet written: written together, FLUSH_BYTES at a time
        # (one write per member cost more than copying the bytes).
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.writes = BackgroundWrites(zf.fp)
        # True while writes handed to the thread may not all be written: the thread then owns the file's
        # position, and asking for it (tell) or moving it (seek) here would race with the thread's writes.
        self.writing_behind = False

    # -- data ---------------------------------------------------------------------------------
    def copy(self, member: Member, on_chunk: Callable[[int], None] | None = None) -> None:
        """Copy one export file into representations/rep1/data/, hashing it on the way."""
        self.flush()
        info = zipfile.ZipInfo(
            f"{self.root}/representations/{REP}/data/{member.rel}", zip_time_of(member.mtime, self.created)
        )
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16
        info.file_size = member.size
        sha = hashlib.sha256()
        view = memoryview(self.buffer)
        copied = 0
        with member.opener() as src, self.zf.open(info, "w", force_zip64=member.size > 2**31) as dst:
            readinto = getattr(src, "readinto", None)
            while True:
                if readinto is not None:
                    n = readinto(view)
                    if not n:
                        break
                    chunk = view[:n]
                else:
                    data = src.read(CHUNK)
                    if not data:
                        break
                    chunk, n = data, len(data)
                sha.update(chunk)
                dst.write(chunk)
                copied += n
                if on_chunk is not None and n == CHUNK:
                    on_chunk(copied)  # a big file reports its progress while it is copied
                if copied > member.size:
                    break
        if copied != member.size:
            raise ExportRefused([str(msg.MSG_CHANGED) % {"name": member.rel}])
        self._record(member, sha.hexdigest())

    def store(self, member: Member, data: bytes, sha256: str, crc: int) -> None:
        """Store one small file read whole and checked by `read_small`: its CRC-32 is known before its local
        header is written, so the header is written once, with the content (zipfile's writer writes it,
        then seeks back to write it again, per member), and many members go to the disk in one write."""
        if len(data) != member.size:
            raise ExportRefused([str(msg.MSG_CHANGED) % {"name": member.rel}])
        zf = self.zf
        info = zipfile.ZipInfo(f"{self.root}/representations/{REP}/data/{member.rel}", self._zip_time(member))
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16
        info.file_size = info.compress_size = len(data)
        info.CRC = crc
        # What ZipFile._open_to_write and _ZipWriteFile.close do for a member; the central directory
        # (with ZIP64 offsets when needed) is written by ZipFile.close from filelist as for any member.
        # zf.start_dir runs ahead of the file by what is pending; `flush` writes it before zipfile writes.
        if zf._writing:
            raise ValueError("another member of the package is being written")
        if not self.pending and not self.writing_behind and zf.fp.tell() != zf.start_dir:
            zf.fp.seek(zf.start_dir)
        info.header_offset = zf.start_dir
        zf._writecheck(info)
        zf._didModify = True
        header = info.FileHeader(False)
        self.pending += (header, data)
        self.pending_bytes += len(header) + len(data)
        zf.start_dir += len(header) + len(data)
        zf.filelist.append(info)
        zf.NameToInfo[info.filename] = info
        self._record(member, sha256)
        if self.pending_bytes >= FLUSH_BYTES:
            self.writes.write(self.pending)  # joined and written in a thread while the next ones are read
            self.writing_behind = True
            self.pending = []
            self.pending_bytes = 0

    def flush(self) -> None:
        """Write the pending small members and wait for the writes; after it the file ends where the ZIP's
        next member starts, and zipfile may write again."""
        if self.pending:
            self.writes.write(self.pending)
            self.pending = []
            self.pending_bytes = 0
        self.writes.wait()
        self.writing_behind = False

    def _zip_time(self, member: Member) -> tuple:
        return zip_time_of(member.mtime, self.created)

    def _record(self, member: Member, sha256: str) -> None:
        suffix = os.path.splitext(member.rel)[1].lower()
        self.files.append(
            DataFile(member.rel, member.size, sha256, mimetype_for(suffix), timestamp(member.mtime, self.stamp))
        )
        self.content_bytes += member.size

    def empty_dir(self, rel: str) -> None:
        self.flush()
        info = zipfile.ZipInfo(f"{self.root}/representations/{REP}/data/{rel}/", zip_time_of(None, self.created))
        info.external_attr = (0o40755 << 16) | 0x10
        self.zf.writestr(info, b"")

    # -- metadata -------------------------------------------------------------------------------
    def _open(self, rel: str, compress: bool = True) -> tuple[zipfile.ZipInfo, object]:
        self.flush()
        info = zipfile.ZipInfo(f"{self.root}/{rel}", zip_time_of(None, self.created))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16
        return info, self.zf.open(info, "w", force_zip64=True)

    def _write_bytes(self, rel: str, data: bytes, mimetype: str) -> DataFile:
        info, raw = self._open(rel)
        with raw:
            raw.write(data)
        return DataFile(rel, len(data), hashlib.sha256(data).hexdigest(), mimetype, self.stamp)

    def _write_stream(self, rel: str, produce: Callable[[HashingWriter], None]) -> DataFile:
        # Stored: the METS and PREMIS of 20,000 files are ~25 MB, and deflating them costs more than it saves.
        info, raw = self._open(rel, compress=False)
        with raw:
            writer = HashingWriter(raw)
            produce(writer)
        return DataFile(rel, writer.size, writer.sha.hexdigest(), "text/xml", self.stamp)

    def finish(self, empty_dirs: list[str]) -> None:
        """Write the metadata, documentation, schemas and both METS documents."""
        rep = f"representations/{REP}/"
        rep_ead = self._write_bytes(rep + "metadata/descriptive/ead.xml", self._ead(representation=True), "text/xml")
        rep_premis = self._write_stream(rep + "metadata/preservation/premis.xml", self._rep_premis)
        rep_mets = self._write_stream(rep + "METS.xml", lambda w: self._rep_mets(w, rep_ead, rep_premis))
        rep_mets.mimetype = "text/xml"
        ead = self._write_bytes("metadata/descriptive/ead.xml", self._ead(representation=False), "text/xml")
        premis = self._write_bytes("metadata/preservation/premis.xml", self._package_premis(), "text/xml")
        doc = self._write_bytes(
            "documentation/leveransbeskrivning.txt", self._description(empty_dirs).encode("utf-8"), "text/plain"
        )
        schemas = [self._write_bytes(f"schemas/{name}", data, "text/xml") for name, data in schema_files()]
        self._write_stream("METS.xml", lambda w: self._package_mets(w, ead, premis, doc, schemas, rep_mets))


def read_small(member: Member) -> tuple[bytes, str, int] | None:
    """A small file's content (at most one byte more than its declared size, to see that it grew), its
    SHA-256 and its CRC-32; None for a file over SMALL_FILE, which is streamed in chunks instead."""
    if member.size > SMALL_FILE:
        return None
    want = member.size + 1
    with member.opener() as src:
        data = src.read(want)
        while 0 < len(data) < want:
            more = src.read(want - len(data))
            if not more:
                break
            data += more
    return data, hashlib.sha256(data).hexdigest(), crc32(data)


def _copy_members(writer: PackageWriter, export, done: Callable[[int], None]) -> None:
    """Every file of the export into the package. A folder's files are read ahead in a thread; a ZIP's
    or TAR's members are read in turn, from the one archive file."""
    if export.kind == "dir":
        items = read_ahead(export.members(), read_small)
    else:
        items = ((member, read_small(member)) for member in export.members())
    with closing(items):  # on a failure, the read-ahead thread stops before the package is removed
        for member, small in items:
            if small is None:
                writer.copy(member, done)  # a big file: streamed in chunks, hashed on the way
            else:
                writer.store(member, *small)
            done(0)


PART = ".part"


def remove_parts(out_path: str | os.PathLike) -> int:
    """Remove what builds of `out_path` that never ended left beside it (a worker killed while writing cannot
    remove its own part); returns how many. Only for a destination no other build writes to at the time."""
    out = Path(out_path)
    removed = 0
    for part in out.parent.glob(f".{out.name}.*{PART}"):
        part.unlink(missing_ok=True)
        removed += 1
    return removed


def build_package(
    export_path: str | os.PathLike,
    out_path: str | os.PathLike,
    meta: PackageMetadata,
    limits: ExportLimits,
    progress: ProgressCallback | None = None,
) -> BuildResult:
    """Build the package of `export_path` at `out_path` (a ZIP). ExportRefused when the export is unfit;
    then, as on any failure, nothing is left at `out_path` or beside it."""
    started = time.monotonic()
    out = Path(out_path)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex}{PART}")
    prog = Progress(progress)
    prog(0.0, msg.LABEL_READING, force=True)
    try:
        with open_export(export_path, limits) as export, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
            writer = PackageWriter(zf, meta)
            try:
                total = export.total_bytes

                def done(copied: int) -> None:
                    fraction = (writer.content_bytes + copied) / total if total else export.position()
                    prog(0.95 * fraction, msg.LABEL_COPYING)

                _copy_members(writer, export, done)
                for rel in export.empty_dirs:
                    writer.empty_dir(rel)
                prog(0.95, msg.LABEL_METADATA, force=True)
                writer.finish(export.empty_dirs)
            finally:
                writer.writes.close()  # before zipfile writes its directory, also after a failure
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    prog(1.0, msg.LABEL_DONE, force=True)
    return BuildResult(
        path=out,
        size=out.stat().st_size,
        files=len(writer.files),
        content_bytes=writer.content_bytes,
        empty_dirs=len(export.empty_dirs),
        seconds=round(time.monotonic() - started, 3),
    )
