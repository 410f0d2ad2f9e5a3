"""Reading an export folder's small files ahead of the writer, in threads of their own.

READERS threads open, read and check (SHA-256 and the ZIP's CRC-32) the small files while the writer
writes the previous ones: reading, hashing and writing release the GIL, so on two cores the build
costs little more than reading and hashing alone. Each file is still read once and the writer gets
them in the export's order. A thread reads BATCH files per task: one task per file cost more in
handing files and the GIL between threads than the reading (measured at 20,000 files of 50 kB). At
most QUEUED files (each at most SMALL_FILE bytes) wait in memory.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

from .export import Member

QUEUED = 64
BATCH = 16
# Two readers, one per core.
READERS = 2

Read = tuple[bytes, str, int]
Item = tuple[Member, Read | None]


def read_ahead(
    members: Iterable[Member], read: Callable[[Member], Read | None], *, queued: int = QUEUED, batch_size: int = BATCH
) -> Iterator[Item]:
    """(member, read(member)) for each member, in order; `read` runs in READERS threads ahead of the
    caller. An error in a thread is raised here, at its member's batch; leaving the loop early stops
    the threads. About `queued` reads wait in memory, `batch_size` per task (a caller reading bigger
    files than the package builder's small ones keeps fewer)."""

    def read_batch(batch: list[Member]) -> list[Read | None]:
        return [read(member) for member in batch]

    pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="package-read-ahead")
    window: deque = deque()
    members = iter(members)
    try:
        while batch := list(islice(members, batch_size)):
            window.append((batch, pool.submit(read_batch, batch)))
            if len(window) * batch_size >= queued:
                done, future = window.popleft()
                yield from zip(done, future.result(), strict=True)
        while window:
            done, future = window.popleft()
            yield from zip(done, future.result(), strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class BackgroundWrites:
    """Writes lists of byte strings to a file in a thread of its own, in order, at most QUEUED_WRITES waiting
    (the thread joins each list: a join of megabytes releases the GIL, so it costs the caller nothing).

    `wait` returns when everything handed over is written (and raises what the thread met, e.g. a full
    disk): call it before anything else writes to the file or asks where it ends.
    """

    QUEUED_WRITES = 2

    def __init__(self, fp):
        self.fp = fp
        self.queue: queue.Queue = queue.Queue(maxsize=self.QUEUED_WRITES)
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def write(self, data: list[bytes]) -> None:
        self._raise()
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="package-writes", daemon=True)
            self.thread.start()
        self.queue.put(data)

    def wait(self) -> None:
        if self.thread is not None:
            self.queue.join()
        self._raise()

    def close(self) -> None:
        """Stop the thread (after what is queued); safe to call more than once, and after a failure."""
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None

    def _run(self) -> None:
        while True:
            data = self.queue.get()
            try:
                if data is None:
                    return
                if self.error is None:
                    self.fp.write(b"".join(data))
            except BaseException as exc:  # raised in the writer's thread by wait or write
                self.error = exc
            finally:
                self.queue.task_done()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error
