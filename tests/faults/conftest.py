"""The fault tests: real worker processes that a test kills at a named point, then a new worker and the sweep.

A worker started with JOBS_FAULT_HOOK_DIR stops at the job's checkpoint (jobs/faults.py) and writes
`<point>.reached`; the test SIGKILLs it there, so the kill always lands in the middle of the job. The next
worker runs beat's sweep (sent to it as the periodic task), which sends again the job whose heart stopped.
"""

import os
import signal
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from jobs.tasks import sweep_jobs
from tests.celery_worker import Broker, Worker, queue_for, running_worker

SWEEP = "jobs.tasks.sweep_jobs"
DEADLINE = 180  # seconds; a real run takes a few, the machine is shared
# Fast heartbeats: a killed worker's job is stale after a second (production: 15 s and 120 s).
JOB_ENV = {"JOBS_HEARTBEAT_SECONDS": "0.2", "JOBS_STALE_AFTER_SECONDS": "1", "JOBS_SEND_DELAY_SECONDS": "0"}


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def folders(settings, tmp_path) -> dict[str, Path]:
    """Every folder the jobs write to, the same in this process (settings) and in the workers (environment)."""
    paths = {
        "MEDIA_ROOT": tmp_path / "media",  # as queue_for gives the worker
        "REPORTS_ROOT": tmp_path / "reports",
        "ARCHIVE_INGEST_DIR": tmp_path / "archive",
        "INGEST_DIR": tmp_path / "ingest",
        "VALIDATION_WORK_DIR": tmp_path / "unpack",
    }
    for name, path in paths.items():
        setattr(settings, name, path)
    for name, value in JOB_ENV.items():
        setattr(settings, name, float(value))
    return paths


@dataclass
class FaultRun:
    broker: Broker
    queue: str
    hooks: Path
    env: dict

    @contextmanager
    def worker(self, *, stopping: bool = False):
        """A worker; `stopping`: it waits at the checkpoints (to be killed there)."""
        env = {**self.env, **({"JOBS_FAULT_HOOK_DIR": str(self.hooks)} if stopping else {})}
        with running_worker(self.queue, self.broker, env=env) as worker:
            yield worker

    def wait_at(self, point: str, worker: Worker) -> None:
        reached = self.hooks / f"{point}.reached"
        deadline = time.monotonic() + DEADLINE
        while not reached.exists():
            worker.check()
            if time.monotonic() > deadline:
                pytest.fail(f"the worker never reached {point}:\n{worker.output()}")
            time.sleep(0.05)

    def kill_at(self, point: str, worker: Worker) -> None:
        """SIGKILL the worker while it waits at `point`, in the middle of the job."""
        self.wait_at(point, worker)
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.wait(timeout=30)

    def release(self, point: str) -> None:
        (self.hooks / f"{point}.go").touch()

    def sweep_until(self, done, worker: Worker) -> int:
        """Run beat's sweep on `worker` (as beat sends it) until `done()`; returns how many sweeps it took."""
        deadline, sweeps = time.monotonic() + DEADLINE, 0
        while not done():
            if time.monotonic() > deadline:
                pytest.fail(f"not done after {sweeps} sweeps:\n{worker.output()}")
            connection.set_schema_to_public()  # beat sends it from public
            worker.result(sweep_jobs.apply_async())
            sweeps += 1
            time.sleep(0.2)
        return sweeps


@pytest.fixture
def fault_run(tmp_path, folders):
    """fault_run(*task_names): those tasks and the sweep go to a queue of this test's; workers from .worker()."""

    @contextmanager
    def make(*task_names: str):
        hooks = tmp_path / "hooks"
        hooks.mkdir(exist_ok=True)
        env = {**JOB_ENV, **{name: str(path) for name, path in folders.items()}}
        with queue_for(tmp_path, *task_names, SWEEP) as (broker, queue):
            # What the worker's sweep sends again goes to this queue too.
            yield FaultRun(broker, queue, hooks, {**env, "CELERY_TASK_DEFAULT_QUEUE": queue})

    return make
