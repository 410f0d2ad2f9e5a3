"""The export zip, written as a stream: each entry is hashed while it is written, nothing big is held in memory.

Tables become JSON (an array of objects) and CSV (one header row), compressed, through zipfile's own writer.
Files are stored as they are (attachments and packages are mostly compressed already, so deflating them would
cost time for nothing), and written here rather than by zipfile: reader threads (the package builder's
`read_ahead`) read each file whole, with its SHA-256 and its CRC-32 (ISA-L's, ~20x zlib's, which zipfile would
use), while this thread writes the previous one, its local header once, with the CRC already known. The bytes
are those zipfile writes for the same member (tests/kommun_data checks it); a file too big to read whole is
streamed. The manifest (manifest.json, and SHA256SUMS that `sha256sum -c` reads) is written last.
"""

import csv
import hashlib
import io
import json
import os
import tempfile
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from isal.isal_zlib import crc32

from onboarding.packaging.services.readahead import read_ahead

CHUNK = 4 * 1024 * 1024
# A file up to this size is read whole by a reader thread; at most READ_AHEAD of them wait in memory.
WHOLE_FILE = 16 * 1024 * 1024
READ_AHEAD = 4
# Tables are deflated at zlib's fastest level: as small within a few per cent, at a fraction of the default's time.
TABLE_LEVEL = 1


class _Hashing(io.RawIOBase):
    """A write-only stream into a zip entry that counts and hashes the bytes going through.

    Big chunks are hashed on a helper thread while this one computes the zip's CRC and writes (hashlib,
    zlib and file writes release the GIL): on two cores the SHA-256 then costs almost no extra time.
    At most PENDING chunks (16 MiB) wait to be hashed.
    """

    PENDING = 4

    def __init__(self, target, hasher: ThreadPoolExecutor):
        self.target, self.sha, self.size, self.hasher, self.pending = target, hashlib.sha256(), 0, hasher, deque()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) >= CHUNK // 4:
            self.pending.append(self.hasher.submit(self.sha.update, bytes(data)))
            if len(self.pending) > self.PENDING:
                self.pending.popleft().result()
        else:
            self._drain()
            self.sha.update(data)
        self.target.write(data)
        self.size += len(data)
        return len(data)

    def _drain(self) -> None:
        while self.pending:
            self.pending.popleft().result()

    def hexdigest(self) -> str:
        self._drain()
        return self.sha.hexdigest()


def _info(name: str, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info._compresslevel = TABLE_LEVEL if compress else None  # zipfile has no public per-member level before 3.13
    info.external_attr = 0o644 << 16
    return info


def _cell(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return "" if value is None else value


class ExportArchive:
    """`with ExportArchive(path) as archive:` then add tables and files; the manifest goes in on close."""

    def __init__(self, path: Path, manifest: dict, *, on_bytes: Callable[[int], None] | None = None):
        self.manifest = manifest
        self.hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-sha256")
        self.zip = zipfile.ZipFile(path, "w", allowZip64=True)
        self.entries: list[dict] = []
        self.on_bytes = on_bytes or (lambda n: None)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        try:
            if exc_type is None:
                self._manifest_entries()
            self.zip.close()
        finally:
            self.hasher.shutdown(wait=True)

    def _entry(self, name: str, *, compress: bool):
        return _Hashing(self.zip.open(_info(name, compress), "w", force_zip64=True), self.hasher)

    def _done(self, name: str, stream: _Hashing, **extra) -> dict:
        digest = stream.hexdigest()
        stream.target.close()
        entry = {"path": name, "sha256": digest, "bytes": stream.size, **extra}
        self.entries.append(entry)
        return entry

    def add_table(
        self,
        base: str,
        columns: list[str],
        rows: Iterable[tuple],
        on_row: Callable[[], None],
        *,
        json_columns: Iterable[int] = (),
    ) -> int:
        """base.json and base.csv of the same rows (read once: both are written side by side).

        `json_columns`: the positions of the columns whose values may be dicts or lists (JSON, array, hstore),
        written to the CSV as JSON; the other values go to the CSV as they are (csv writes None as "")."""
        converted = sorted(set(json_columns))
        json_stream = self._entry(f"{base}.json", compress=True)
        # Two zip entries cannot be open for writing at once: the CSV goes to a temporary file, copied after.
        spool = tempfile.TemporaryFile("w+b")
        csv_text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=False)
        writer = csv.writer(csv_text)
        writer.writerow(columns)
        count = 0
        json_stream.write(b"[")
        encode = DjangoJSONEncoder(ensure_ascii=False).encode  # what json.dumps does, without a new encoder per row
        for row in rows:
            record = dict(zip(columns, row, strict=True))
            json_stream.write((b",\n" if count else b"\n") + encode(record).encode())
            if converted:
                row = list(row)
                for index in converted:
                    row[index] = _cell(row[index])
            writer.writerow(row)
            count += 1
            on_row()
        json_stream.write(b"\n]\n")
        self._done(f"{base}.json", json_stream, rows=count)
        csv_text.flush()
        spool.seek(0)
        csv_stream = self._entry(f"{base}.csv", compress=True)
        while chunk := spool.read(CHUNK):
            csv_stream.write(chunk)
        self._done(f"{base}.csv", csv_stream, rows=count)
        csv_text.close()
        return count

    def add_json(self, name: str, data) -> dict:
        stream = self._entry(name, compress=True)
        stream.write(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode())
        return self._done(name, stream)

    def add_file(self, name: str, source: Path, **extra) -> dict:
        return self.add_files([(name, Path(source), extra)])[0]

    def add_files(self, files: Iterable[tuple[str, Path, dict]]) -> list[dict]:
        """Stored entries of (name, source, extra) in order, read and checked ahead in reader threads."""
        entries = []
        for (name, source, extra), read in read_ahead(files, _read_whole, queued=READ_AHEAD, batch_size=1):
            if read is None:
                entries.append(self._stream_file(name, source, extra))
            else:
                data, sha256, crc = read
                entries.append(self._store(name, data, sha256, crc, extra))
        return entries

    def _begin(self, name: str, size: int, crc: int) -> zipfile.ZipInfo:
        """The member's ZipInfo, placed where the next member starts, as ZipFile._open_to_write and
        _ZipWriteFile.close make it (force_zip64: a ZIP64 extra field in every local header)."""
        zf = self.zip
        if zf._writing:
            raise ValueError("another member of the export is being written")
        info = _info(name, compress=False)
        info.flag_bits = 0
        info.file_size = info.compress_size = size
        info.CRC = crc
        if zf.fp.tell() != zf.start_dir:
            zf.fp.seek(zf.start_dir)
        info.header_offset = zf.start_dir
        zf._writecheck(info)
        zf._didModify = True
        return info

    def _end(self, info: zipfile.ZipInfo, name: str, sha256: str, extra: dict) -> dict:
        zf = self.zip
        zf.start_dir = zf.fp.tell()
        zf.filelist.append(info)
        zf.NameToInfo[info.filename] = info
        entry = {"path": name, "sha256": sha256, "bytes": info.file_size, **extra}
        self.entries.append(entry)
        self.on_bytes(info.file_size)
        return entry

    def _store(self, name: str, data: bytes, sha256: str, crc: int, extra: dict) -> dict:
        info = self._begin(name, len(data), crc)
        self.zip.fp.write(info.FileHeader(True))
        self.zip.fp.write(data)
        return self._end(info, name, sha256, extra)

    def _stream_file(self, name: str, source: Path, extra: dict) -> dict:
        """A file too big to read whole: its header is written again once its CRC is known (as zipfile does)."""
        fp = self.zip.fp
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            info = self._begin(name, size, 0)
            fp.write(info.FileHeader(True))
            stream = _Hashing(fp, self.hasher)
            crc = 0
            while chunk := handle.read(CHUNK):
                crc = crc32(chunk, crc)
                stream.write(chunk)
        if stream.size != size:
            raise OSError(f"{source} changed while it was exported ({size} bytes, then {stream.size})")
        info.CRC = crc
        end = fp.tell()
        fp.seek(info.header_offset)
        fp.write(info.FileHeader(True))
        fp.seek(end)
        return self._end(info, name, stream.hexdigest(), extra)

    def _manifest_entries(self) -> None:
        sums = "".join(f"{e['sha256']}  {e['path']}\n" for e in self.entries)
        self.manifest["files"] = list(self.entries)
        self.manifest_sha256 = self.add_json("manifest.json", self.manifest)["sha256"]
        stream = self._entry("SHA256SUMS", compress=True)
        stream.write(sums.encode())
        stream.target.close()


def _read_whole(item: tuple[str, Path, dict]) -> tuple[bytes, str, int] | None:
    """In a reader thread: the file's bytes, SHA-256 and CRC-32; None for a file to stream instead."""
    _name, source, _extra = item
    with open(source, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > WHOLE_FILE:
            return None
        data = handle.read()
    if len(data) != size:
        raise OSError(f"{source} changed while it was exported ({size} bytes, then {len(data)})")
    return data, hashlib.sha256(data).hexdigest(), crc32(data)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
