"""Hashing a large package's files in worker processes, next to the METS checks.

Threads hash in parallel with each other (hashlib and reads release the GIL), but every
file needs the GIL a handful of times (open, read, update, close), and while the main
thread parses and checks a 20,000-file METS in Python it holds the GIL: measured on two
cores, the hashing threads then mostly wait, and checking a 1 GB package cost 1.3-1.7 x
reading and hashing it once.  Worker processes do not share the GIL, so the METS work
runs truly alongside the hashing.

A worker is a bare interpreter (``python -I -S``: no site, no project imports, ~10 ms to
start) running :data:`_WORKER`: it reads NUL-separated ``ALGO<TAB>path`` records from
stdin and writes one hex digest (or ``-`` when the file cannot be read) per line.  The
paths come from our own scan of the package (never from the METS).  If a worker cannot
be started or dies, the rest of its files are hashed in this process, so the outcome
never depends on the workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

# Fewer bytes/files than this: threads in this process (starting processes would cost more than it saves).
PROCESS_MIN_BYTES = 64 * 1024 * 1024
PROCESS_MIN_FILES = 4_000
# "auto" (by size), "always" or "never": lets an operator (or a test run) force either way.
MODE_ENV = "IPVAL_HASH_PROCESSES"

_WORKER = r"""
import hashlib, os, sys, zlib
names = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}
sums = {"CRC32": zlib.crc32, "ADLER-32": zlib.adler32}
buf = bytearray(1 << 20)
view = memoryview(buf)
out = open(1, "wb", buffering=1 << 16, closefd=False)  # digests in ~1,000-line writes
for record in sys.stdin.buffer.read().split(b"\0"):
    if not record:
        continue
    algo, _, path = record.partition(b"\t")
    algo = algo.decode("ascii")
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            if algo in names:
                h = hashlib.new(names[algo])
                while n := os.readv(fd, [buf]):
                    h.update(view[:n])
                line = h.hexdigest()
            else:
                func = sums[algo]
                value = func(b"")
                while n := os.readv(fd, [buf]):
                    value = func(view[:n], value)
                line = "%08x" % (value & 0xFFFFFFFF)
        finally:
            os.close(fd)
    except OSError:
        line = "-"
    out.write(line.encode("ascii") + b"\n")
out.flush()
"""

Job = tuple[str, str]  # (relative path, upper-case checksum type)


def use_processes(total_bytes: int, file_count: int) -> bool:
    """True when a package is big enough for worker processes (and they are allowed here)."""
    mode = os.environ.get(MODE_ENV, "auto").strip().lower()
    if mode == "never" or not sys.executable:
        return False
    if mode == "always":
        return True
    return total_bytes >= PROCESS_MIN_BYTES or file_count >= PROCESS_MIN_FILES


class ProcessHashPool:
    """Hash ``jobs`` in ``workers`` processes; ``futures`` resolve batch by batch to [(job, digest | None)].

    The futures of the workers are interleaved, so waiting on them in order follows the
    progress of all workers.  :meth:`close` stops whatever is still running.
    """

    def __init__(self, root: Path, jobs: list[Job], workers: int, fallback, batch_size: int = 256):
        self.root = root
        self._fallback = fallback  # fallback(root, job) -> digest | None, used when a worker is gone
        self._closed = False
        self._procs: list[subprocess.Popen] = []
        self._threads: list[threading.Thread] = []
        workers = max(1, min(workers, len(jobs)))
        # Round-robin shares: each worker gets a similar mix of big and small files.
        shares = [jobs[i::workers] for i in range(workers)]
        per_worker: list[list[tuple[list[Job], Future]]] = []
        for share in shares:
            batches = [(share[i : i + batch_size], Future()) for i in range(0, len(share), batch_size)]
            per_worker.append(batches)
        self.futures: list[Future] = []
        for position in range(max(len(b) for b in per_worker)):
            self.futures.extend(b[position][1] for b in per_worker if position < len(b))
        for batches in per_worker:
            proc = self._start()
            thread = threading.Thread(target=self._feed, args=(proc, batches), name="ipval-hash-io", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _start(self) -> subprocess.Popen | None:
        try:
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _WORKER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError:
            return None
        self._procs.append(proc)
        return proc

    def _feed(self, proc: subprocess.Popen | None, batches: list[tuple[list[Job], Future]]) -> None:
        """Send the worker its files, then collect its digests batch by batch (runs in an I/O thread).

        Few, large reads: this thread needs the GIL for each, and the main thread holds it
        while it parses the METS.
        """
        alive = proc is not None
        if alive:
            root = os.fspath(self.root)
            payload = "".join(f"{algo}\t{root}/{rel}\0" for batch, _f in batches for rel, algo in batch)
            try:
                proc.stdin.write(payload.encode("utf-8", "surrogateescape"))
                proc.stdin.close()
            except OSError:  # the worker is gone: hash here instead
                alive = False
        lines: list[bytes] = []
        used = 0
        rest = b""
        for batch, future in batches:
            while alive and len(lines) - used < len(batch):
                chunk = proc.stdout.read1(1 << 20)
                if not chunk:
                    alive = False
                    break
                *complete, rest = (rest + chunk).split(b"\n")
                lines.extend(complete)
            out = []
            for job in batch:
                if used < len(lines):
                    digest = lines[used].decode("ascii")
                    used += 1
                    out.append((job, None if digest == "-" else digest))
                else:  # the worker stopped early (killed, or closed by us)
                    out.append((job, None if self._closed else self._fallback(self.root, job)))
            future.set_result(out)

    def close(self) -> None:
        """Stop the workers (when still running) and wait for the I/O threads."""
        self._closed = True
        for proc in self._procs:
            if proc.poll() is None:
                proc.kill()
        for thread in self._threads:
            thread.join()
        for proc in self._procs:
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None and not stream.closed:
                    stream.close()
