"""Benchmark of building a package from an export (run by ``make bench`` only).

Figures recorded with ``bench_record``:

* ``package_build_20k_s``: seconds to build an FGS 2.0 package (in this process, with
  ``build_package``) from an export folder of 20 000 files (~1 GB);
* ``package_build_hash_floor_20k_s``: reading and hashing the same files (SHA-256), nothing else;
* ``package_build_ratio_vs_hash_floor``: the two divided (goal <= 2);
* ``package_build_20k_peak_mb``: peak resident memory of one build run as a program of its own
  (Django and the builder imported; VmHWM), goal <= 300.

Each timing is the best of ``ROUNDS`` runs, floor and build taking turns, so the page cache is warm
for both and a busy machine disturbs the figures less.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from onboarding.packaging.services.export import ExportLimits
from onboarding.packaging.services.writer import build_package
from onboarding.validation import validate_package
from tests.packaging.exports import META

from .test_bench_validate import N_FILES, _data_files

pytestmark = pytest.mark.bench

PROJECT = Path(__file__).resolve().parents[2]
ROUNDS = 3
LIMITS = ExportLimits(max_bytes=50 * 1024**3)

BUILD_REPORTING_PEAK = """
import sys, django
django.setup()
from onboarding.packaging.services.export import ExportLimits
from onboarding.packaging.services.writer import build_package
from tests.packaging.exports import META
build_package(sys.argv[1], sys.argv[2], META, ExportLimits(max_bytes=50 * 1024**3))
with open("/proc/self/status") as fh:
    sys.stderr.write("\\n" + next(line for line in fh if line.startswith("VmHWM:")))
"""


@pytest.fixture(scope="module")
def export_20k(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench-export") / "export"
    for rel, content in _data_files():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def _hash_floor(root: Path) -> float:
    paths = [p for p in sorted(root.rglob("*")) if p.is_file()]
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as fh:
            hashlib.file_digest(fh, "sha256")
    return time.perf_counter() - started


def _build(root: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    build_package(root, out, META, LIMITS)
    return time.perf_counter() - started


def _peak_mb(root: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(PROJECT)}
    proc = subprocess.run(
        [sys.executable, "-c", BUILD_REPORTING_PEAK, str(root), str(out)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = proc.stderr.strip().splitlines()[-1]
    return int(line.split()[1]) / 1024


def test_package_build_20k_files(export_20k, bench_record, tmp_path):
    out = tmp_path / "paket.zip"
    floors, builds = [], []
    for _ in range(ROUNDS):
        floors.append(_hash_floor(export_20k))
        builds.append(_build(export_20k, out))
    report = validate_package(out)
    assert report.summary()["errors"] == 0, report.to_text()[:2000]
    assert report.summary()["files"] >= N_FILES
    peak = _peak_mb(export_20k, out)
    floor, build = min(floors), min(builds)
    ratio = build / floor
    print(
        f"\npackage build: {build:.2f} s, hash floor {floor:.2f} s, ratio {ratio:.2f} (goal <= 2), peak {peak:.0f} MB"
    )
    print(f"PACKAGE BUILD RATIO {'PASS' if ratio <= 2 else 'FAIL'}; PEAK {'PASS' if peak <= 300 else 'FAIL'}")
    bench_record("package_build_20k_s", round(build, 3))
    bench_record("package_build_hash_floor_20k_s", round(floor, 3))
    bench_record("package_build_ratio_vs_hash_floor", round(ratio, 3))
    bench_record("package_build_20k_peak_mb", round(peak, 1))
