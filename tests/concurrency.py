"""Two real database connections at once: a worker thread (its own connection) and the test's.

Used by the transactional tests that prove a lock: one transaction holds it, the other must wait
(seen in pg_stat_activity, not guessed with a sleep) and then see what the first committed.
"""

import threading
import time

from django.db import connection, connections


class Worker(threading.Thread):
    """Runs `fn` in a thread with its own connection; keeps its result or the exception it raised."""

    def __init__(self, fn):
        super().__init__(daemon=True)
        self.fn = fn
        self.result = None
        self.error: BaseException | None = None

    def run(self):
        try:
            self.result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test, which asserts on it
            self.error = exc
        finally:
            connections.close_all()

    def outcome(self, timeout: float = 30):
        self.join(timeout)
        assert not self.is_alive(), "the worker did not finish"
        return self.result, self.error


def waiting_for_a_lock(worker: Worker, timeout: float = 10) -> bool:
    """True once another backend of this database waits for a lock; False if `worker` ends first (no wait)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        if not worker.is_alive():
            return False
        time.sleep(0.02)
    raise AssertionError("the worker neither waited for a lock nor finished")
