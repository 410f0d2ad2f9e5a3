"""The benchmark harness: `bench_record(key, value)` collects figures; the session writes them to
bench-results.json (merged with the figures of earlier runs of other benchmarks) and prints them.

Run by `make bench` only (tests/benchmarks is outside `make test`). A benchmark records; it does
not fail on a slow figure (timings flake), it prints PASS/FAIL against its goal instead.
"""

import json
import os
import platform as std_platform
import sys
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection

from tests.benchmarks.scale import build_scale_world

RESULTS_FILE = Path(__file__).resolve().parents[2] / "bench-results.json"
_RESULTS = pytest.StashKey[dict]()
_PG_VERSION = pytest.StashKey[str]()

if not hasattr(std_platform, "node"):  # the project's platform/ folder must never shadow the stdlib module
    raise ImportError(f"`platform` resolved to {getattr(std_platform, '__file__', std_platform)}, not the stdlib")


@pytest.fixture(scope="module")
def scale_world(django_db_setup, django_db_blocker):
    """seed_scale's world (tests/benchmarks/scale.py), committed and kept for the session."""
    with django_db_blocker.unblock():
        yield build_scale_world()
        connection.set_schema_to_public()


def pytest_configure(config):
    config.stash[_RESULTS] = {}


@pytest.fixture
def bench_record(request, django_db_blocker):
    """bench_record("key", value): keep a figure of this run (a number, or a short string)."""
    results = request.config.stash[_RESULTS]
    if _PG_VERSION not in request.config.stash:
        request.config.stash[_PG_VERSION] = _postgres_version(django_db_blocker)

    def record(key: str, value) -> None:
        if isinstance(value, float):
            value = round(value, 6)
        results[key] = value

    return record


def _postgres_version(django_db_blocker) -> str:
    """The server's version: asked once, while the (test) database still exists."""
    was_connected = connection.connection is not None
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]
    except Exception as exc:  # a benchmark without a database still records its figures
        return f"unknown ({exc.__class__.__name__})"
    finally:
        if not was_connected:
            connection.close()


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    except (ValueError, OSError, AttributeError):
        return None


def _processor() -> str:
    # platform.processor() is empty on most Linux systems; /proc/cpuinfo names the model.
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return std_platform.processor() or std_platform.machine()


def machine(pg_version: str | None) -> dict:
    return {
        "node": std_platform.node(),
        "processor": _processor(),
        "cpu_count": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "python": sys.version.split()[0],
        "postgresql": pg_version or "not measured",
        "os": std_platform.platform(),
    }


def pytest_sessionfinish(session):
    results = session.config.stash.get(_RESULTS, {})
    if not results:
        return
    try:
        merged = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        merged = {}
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    merged.update(results)
    # Each figure keeps the date it was measured: one run may refresh only some of them.
    merged["measured_at"] = {**merged.get("measured_at", {}), **dict.fromkeys(results, now)}
    merged["machine"] = machine(session.config.stash.get(_PG_VERSION, None))
    merged["date"] = now
    RESULTS_FILE.write_text(json.dumps(merged, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter, config):
    results = config.stash.get(_RESULTS, {})
    if not results:
        return
    terminalreporter.section("benchmarks")
    width = max(len(key) for key in results)
    for key, value in results.items():
        shown = f"{value:.4g}" if isinstance(value, float) else str(value)
        terminalreporter.write_line(f"{key:<{width}}  {shown}")
    terminalreporter.write_line(f"(written to {RESULTS_FILE}, merged with earlier figures)")
