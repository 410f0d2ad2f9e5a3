"""Benchmark of the package validator (run by ``make bench`` only).

Figures recorded with ``bench_record``:

* ``validate_20k_s``: wall seconds for ``python -m onboarding.validation`` on a generated
  SIP with 20 000 data files (~1 GB), run as a subprocess;
* ``hash_floor_20k_s``: a plain loop reading and hashing the same files with
  ``hashlib.file_digest(f, "sha256")`` in this process, measured in the same run;
* ``validate_ratio_vs_hash_floor``: the two divided (goal <= 1.3);
* ``validate_20k_peak_mb``: peak RSS of the validating subprocess (goal <= 300);
* ``corpus_validate_s``: seconds to validate every package folder of the E-ARK corpus.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import pytest

from onboarding.validation import validate_package
from onboarding.validation.sample import build_sip

pytestmark = pytest.mark.bench

PROJECT = Path(__file__).resolve().parents[2]
CORPUS_TARBALL = PROJECT.parent / "shared" / "corpora" / "eark" / "eark-test-corpus-dev.tar.xz"
N_FILES = 20_000
FILE_BYTES = 52_000  # 20 000 x 52 kB ~ 1.04 GB


def _data_files():
    rng = random.Random(20_000)
    block = rng.randbytes(4 * 1024 * 1024)
    for number in range(N_FILES):
        start = rng.randrange(0, len(block) - FILE_BYTES)
        content = f"{number:08d}\n".encode() + block[start : start + FILE_BYTES - 9]
        yield f"mapp{number // 1000:02d}/fil{number:05d}.bin", content


@pytest.fixture(scope="module")
def big_sip(tmp_path_factory) -> Path:
    return build_sip(tmp_path_factory.mktemp("bench-sip"), "sip-20k", _data_files())


def _hash_floor(root: Path) -> float:
    paths = [p for p in sorted(root.rglob("*")) if p.is_file()]
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as fh:
            hashlib.file_digest(fh, "sha256")
    return time.perf_counter() - started


def test_validate_20k_files(big_sip, bench_record):
    _hash_floor(big_sip)  # warm the page cache so both runs read from memory
    floor = _hash_floor(big_sip)
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "onboarding.validation", str(big_sip), "--format", "json"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, [f for f in report["findings"] if f["severity"] == "error"][:5]
    assert report["summary"]["files"] >= N_FILES
    ratio = elapsed / floor
    print(f"\nvalidate {elapsed:.2f} s, hash floor {floor:.2f} s, ratio {ratio:.2f}, peak {peak_mb:.0f} MB")
    bench_record("validate_20k_s", round(elapsed, 3))
    bench_record("hash_floor_20k_s", round(floor, 3))
    bench_record("validate_ratio_vs_hash_floor", round(ratio, 3))
    bench_record("validate_20k_peak_mb", round(peak_mb, 1))


def test_validate_corpus(bench_record):
    if not CORPUS_TARBALL.exists():
        pytest.skip("E-ARK-testkorpusen saknas")
    with tempfile.TemporaryDirectory(prefix="ipval-bench-corpus-") as tmp:
        with tarfile.open(CORPUS_TARBALL, "r:xz") as tf:
            tf.extractall(tmp, filter="data")
        packages = sorted(p for p in Path(tmp).glob("corpus/*/*/*valid/*") if p.is_dir() or p.suffix == ".zip")
        started = time.perf_counter()
        codes = [validate_package(p).exit_code for p in packages]
        elapsed = time.perf_counter() - started
    print(f"\ncorpus: {len(packages)} packages in {elapsed:.2f} s")
    assert codes and all(code in (0, 1, 2) for code in codes)
    bench_record("corpus_validate_s", round(elapsed, 3))
