"""Benchmark: the production stack under load (make bench). Loopback only, bounded, stops by itself.

gunicorn and a Celery worker are started from platform/Procfile.production's own command lines
(platform/gunicorn.conf.py: GUNICORN_WORKERS, default 2 x cores + 1, one thread each), on Redis (REDIS_URL)
and PostgreSQL, on seed_scale's 290 x 50 world with logged-in sessions of every role in 60 kommuner
(tests/benchmarks/load_world.py). locust (as a library, tests/benchmarks/load_run.py, its own process) runs
a working day's mix at 8 and at 32 concurrent users, and the floor, a minimal Django view (/healthz)
on the same gunicorn, at the same concurrency in the same run, each phase LOAD_SECONDS (default 20).

Figures:
* `load_p95_ratio_vs_floor`: per user count and page, the page's p95 / the floor's p95 at that count.
  Goal: <= 4 for a kommun page, <= 8 for a cross-kommun page.
* `load_errors`: requests that failed (status not the page's, timeout, refused). Goal: 0.
* `load_rps`, `load_pages` (per count and page: requests, failures, rps, p50/p95/p99 ms), `load_floor_p95_ms`.
* `load_db_connections_max` / `load_db_connections_after`: connections the stack held on the database
  (sampled each second during the mix at 32 users / when it ended), with `load_conn_max_age` and
  `load_gunicorn_workers`, the settings measured.
* `pg_conn_rss_mb`: the private memory (RssAnon) of one database connection after it touched all 290
  kommun schemas (every table of each), `pg_conn_rss_mb_fresh` before; `pg_conn_rss_mb_gunicorn_max`, the
  largest of gunicorn's connections after the load.
"""

import http.client
import json
import os
import random
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tenants.models import Kommun
from tests.benchmarks import load_world
from tests.benchmarks.rawdb import autocommit_cursor
from tests.celery_worker import queue_for, worker_database_url

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=False)]

BASE_DIR = Path(settings.BASE_DIR)
SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))
USER_COUNTS = (8, 32)
CONN_MAX_AGE = os.environ.get("LOAD_CONN_MAX_AGE", "60")  # the settings' default
GOALS = {"kommun": 4, "cross": 8}
START_TIMEOUT = 90


def _procfile(name: str) -> list[str]:
    """The command of `name` in platform/Procfile.production, with this interpreter's bin folder."""
    for line in (BASE_DIR / "platform" / "Procfile.production").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}:"):
            argv = shlex.split(line.split(":", 1)[1])
            return [str(Path(sys.executable).with_name(Path(argv[0]).name)), *argv[1:]]
    raise AssertionError(f"no {name} in platform/Procfile.production")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """gunicorn + the Celery worker as Procfile.production starts them, against the test database."""

    def __init__(self, broker, media: Path):
        self.port = _free_port()
        self.logs = {name: tempfile.TemporaryFile(mode="w+") for name in ("web", "worker")}
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "DATABASE_TEST_NAME")},
            "DATABASE_URL": worker_database_url(),
            "DATABASE_CONN_MAX_AGE": CONN_MAX_AGE,
            "CELERY_BROKER_URL": broker.broker_url,
            "CELERY_RESULT_BACKEND": broker.backend_url,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "PLATFORM_PORT": str(self.port),
            "PLATFORM_ALLOW_INSECURE_KEY": "1",  # plain http on loopback (no TLS-ending proxy here)
            "MEDIA_ROOT": str(media),
            "PYTHONPATH": str(BASE_DIR),
        }
        if broker.var_dir:
            self.env["CELERY_DATA_DIR"] = str(Path(broker.var_dir) / "celery")
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str) -> None:
        self.processes[name] = subprocess.Popen(
            _procfile(name), cwd=BASE_DIR, env=self.env, stdout=self.logs[name], stderr=subprocess.STDOUT
        )

    def check(self, name: str = "worker") -> None:
        process = self.processes[name]
        if process.poll() is not None:
            self.logs[name].seek(0)
            pytest.fail(f"{name} exited ({process.returncode}):\n{self.logs[name].read()[-4000:]}")

    def wait_for_web(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            self.check("web")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz", headers={"Host": settings.PLATFORM_DOMAIN})
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"gunicorn did not answer /healthz within {START_TIMEOUT} s")

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _workers() -> int:
    return int(os.environ.get("GUNICORN_WORKERS", os.cpu_count() * 2 + 1))


def _rss_anon_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
            if line.startswith("RssAnon:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None  # the server runs elsewhere
    return None


def _stack_backends(cursor, own_pids: set[int]) -> list[int]:
    cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = %s",
                   ["client backend"])  # fmt: skip
    return [pid for (pid,) in cursor.fetchall() if pid not in own_pids]


@contextmanager
def _connection_sampler(own_pids: set[int]):
    """Counts the database connections the stack holds, once a second, while the block runs."""
    counts: list[int] = []
    stop = threading.Event()

    def sample():
        with autocommit_cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pids = own_pids | {cursor.fetchone()[0]}
            while not stop.wait(1.0):
                counts.append(len(_stack_backends(cursor, pids)))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield counts
    finally:
        stop.set()
        thread.join(timeout=10)


def _touch_all_schemas(kommuner: list[Kommun]) -> dict:
    """One fresh connection reads every table of every kommun schema: its private memory before and after."""
    with autocommit_cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        fresh = _rss_anon_mb(pid)
        for kommun in kommuner:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [kommun.schema_name])
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT * FROM "{kommun.schema_name}"."{table}" LIMIT 1')
                cursor.fetchall()
        cursor.execute("SELECT sum(total_bytes) FROM pg_backend_memory_contexts")
        contexts_mb = round(int(cursor.fetchone()[0]) / 1024**2, 1)
        return {"pg_conn_rss_mb_fresh": fresh, "pg_conn_rss_mb": _rss_anon_mb(pid), "pg_conn_context_mb": contexts_mb}


def _plan(world, stack, workdir: Path) -> dict:
    phases = [{"name": "warm-up", "mix": "mix", "users": 4, "seconds": 5}]
    for users in USER_COUNTS:
        phases += [{"name": f"floor-{users}", "mix": "floor", "users": users, "seconds": SECONDS},
                   {"name": f"mix-{users}", "mix": "mix", "users": users, "seconds": SECONDS}]  # fmt: skip
    return {
        "base_url": f"http://127.0.0.1:{stack.port}",
        "consortium_host": settings.PLATFORM_DOMAIN,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "sessions": world.sessions,
        "system_list_filters": [
            "/system/?status=utkast",
            "/system/?q=arkiv&sort=-avveckling",
            "/system/?k=3",
            "/system/?avveckling=on&sort=namn",
            "/system/",
        ],  # fmt: skip
        "portfolio_pages": [
            "/planering/portfolj/",
            "/planering/portfolj/?status=klar&sort=avveckling",
            "/planering/portfolj/?q=public",
            "/planering/portfolj/?klassning=3&sida=3",
        ],  # fmt: skip
        "plan_id": world.plan_id,
        "report_id": world.report_id,
        "api_token": world.api_token,
        "handovers": world.handovers,
        "phases": phases,
    }


def _run_locust(plan: dict, workdir: Path, on_mix_32) -> list[dict]:
    plan_path, out_path = workdir / "plan.json", workdir / "out.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    budget = sum(p["seconds"] for p in plan["phases"]) + 120
    command = [sys.executable, "-m", "tests.benchmarks.load_run", str(plan_path), str(out_path)]
    with on_mix_32():
        subprocess.run(command, cwd=BASE_DIR, check=True, timeout=budget)
    return json.loads(out_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def loaded(scale_world, django_db_blocker, tmp_path_factory):
    """The world, the stack and the load, run once; yields the figures."""
    workdir = tmp_path_factory.mktemp("load")
    with django_db_blocker.unblock(), queue_for(workdir) as (broker, _queue):
        connection.set_schema_to_public()
        kommuner, rng = scale_world, random.Random(20)
        stack = Stack(broker, Path(os.environ["MEDIA_ROOT"]))
        world = None
        try:
            stack.start("worker")
            world = load_world.build(kommuner, Kommun.objects.consortium(), stack.check, rng)
            stack.start("web")
            stack.wait_for_web()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                own = {cursor.fetchone()[0]}
            samples: list[int] = []

            @contextmanager
            def sampled():
                with _connection_sampler(own) as counts:
                    yield
                samples.extend(counts)

            phases = _run_locust(_plan(world, stack, workdir), workdir, sampled)
            with connection.cursor() as cursor:
                after = _stack_backends(cursor, own)
            figures = {
                "phases": phases,
                "connections_max": max(samples, default=0),
                "connections_after": len(after),
                "gunicorn_rss_max": max((_rss_anon_mb(pid) or 0 for pid in after), default=None),
                **_touch_all_schemas(kommuner),
            }
        finally:
            stack.stop()
            if world is not None:
                world.remove()
            connection.set_schema_to_public()
    yield figures


def _kind(page: str) -> str:
    return page.split()[0]


def test_load_production_stack(loaded, bench_record):
    by_phase = {p["phase"]: p for p in loaded["phases"]}
    ratios, pages, rps, floors, verdicts = {}, {}, {}, {}, []
    errors = 0
    for users in USER_COUNTS:
        floor, mix = by_phase[f"floor-{users}"], by_phase[f"mix-{users}"]
        floor_p95 = floor["pages"]["floor /healthz"]["p95_ms"]
        floors[str(users)] = floor_p95
        rps[str(users)] = {"mix": mix["rps"], "floor": floor["rps"]}
        pages[str(users)] = mix["pages"]
        ratios[str(users)] = {page: round(f["p95_ms"] / floor_p95, 1) for page, f in sorted(mix["pages"].items())}
        errors += floor["failures"] + mix["failures"]
        for page, ratio in ratios[str(users)].items():
            goal = GOALS[_kind(page)]
            verdicts.append(f"{users:>3} users  {page:<32} p95 {mix['pages'][page]['p95_ms']:>6} ms  "
                            f"x{ratio:<5} (goal <= {goal}) {'PASS' if ratio <= goal else 'FAIL'}")  # fmt: skip
        for message in floor["errors"] + mix["errors"]:
            verdicts.append(f"{users:>3} users  error: {message}")
    bench_record("load_p95_ratio_vs_floor", ratios)
    bench_record("load_errors", errors)
    bench_record("load_rps", rps)
    bench_record("load_floor_p95_ms", floors)
    bench_record("load_pages", pages)
    bench_record("load_seconds_per_phase", SECONDS)
    bench_record("load_conn_max_age", int(CONN_MAX_AGE))
    bench_record("load_gunicorn_workers", _workers())
    bench_record("load_db_connections_max", loaded["connections_max"])
    bench_record("load_db_connections_after", loaded["connections_after"])
    bench_record("pg_conn_rss_mb_gunicorn_max", loaded["gunicorn_rss_max"])
    for key in ("pg_conn_rss_mb", "pg_conn_rss_mb_fresh", "pg_conn_context_mb"):
        bench_record(key, loaded[key])
    print("\n" + "\n".join(verdicts))
    print(f"load_errors {errors} (goal 0): {'PASS' if errors == 0 else 'FAIL'}; rps {rps}; "
          f"connections max {loaded['connections_max']}, after {loaded['connections_after']}; "
          f"pg_conn_rss_mb {loaded['pg_conn_rss_mb']} (fresh {loaded['pg_conn_rss_mb_fresh']})")  # fmt: skip
    assert all(phase["requests"] for phase in loaded["phases"]), "a phase sent no request"
