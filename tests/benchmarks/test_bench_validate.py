"""Benchmark of the package validator (run by ``make bench`` only).
Figures recorded with ``bench_record``:

* ``validate_20k_s``: wall seconds for ``python -m onboarding.validation`` on a generated
  SIP with 20 000 data files (~1 GB), run as a subprocess;
* ``hash_floor_20k_s``: a plain loop reading and hashing the same files with
  ``hashlib.file_digest(f, "sha256")``, measured the same way (a subprocess, wall seconds);
* ``validate_ratio_vs_hash_floor``: the two divided (goal <= 1.3);
* ``validate_20k_inprocess_s``, ``hash_floor_20k_inprocess_s``, ``validate_ratio_inprocess``:
  the same two measured inside this process (no interpreter start-up, no imports);
* ``validate_20k_peak_mb``: peak resident memory of one validation, the validator and its hashing
  helpers together (goal <= 300; see ``_validator_peak_mb``);
* ``corpus_validate_s``: seconds to validate every package folder of the E-ARK corpus.

Each timing is the best of ``ROUNDS`` runs (the page cache is warm for all of them), so a
busy machine (other jobs on the two cores) disturbs the figures less; the load average at
the start is recorded as ``validate_loadavg``.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from onboarding.validation import validate_package
from onboarding.validation.sample import build_sip
from tests.needs import need

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


ROUNDS = 3
# validate_20k_* measure the structure, METS and checksums, as before the content checks (issue 17) came;
# the whole validation with virus scanning and format identification is validate_full_20k_* (test_bench_content_checks).
STRUCTURE_ONLY = ("--no-virus-scan", "--no-format-check")
# The floor as a program of its own, started the same way as the validator.
FLOOR_SCRIPT = """
import hashlib, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*")):
    if path.is_file():
        with open(path, "rb") as fh:
            hashlib.file_digest(fh, "sha256")
"""


def _hash_floor(root: Path) -> float:
    paths = [p for p in sorted(root.rglob("*")) if p.is_file()]
    started = time.perf_counter()
    for path in paths:
        with open(path, "rb") as fh:
            hashlib.file_digest(fh, "sha256")
    return time.perf_counter() - started


@dataclass
class Run:
    seconds: float
    returncode: int
    stdout: str
    stderr: str


def _timed_run(args: list[str]) -> Run:
    """Run a program and measure its wall time (its memory: _validator_peak_mb)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, cwd=PROJECT, stdout=out, stderr=err)
        status = os.waitpid(proc.pid, 0)[1]
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            os.waitstatus_to_exitcode(status),
            out.read().decode(),
            err.read().decode(),
        )


def _tree_rss_kb(pid: int, parent_cmdline: bytes = b"") -> int:
    """Resident memory (VmRSS, kB) of a process and its descendants, from /proc.

    A process still between fork and exec (its command line still its parent's) shares its
    parent's memory and is not counted."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read()
        if cmdline == parent_cmdline:
            return 0
        with open(f"/proc/{pid}/status") as fh:
            rss = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            children = [int(c) for c in fh.read().split()]
    except (FileNotFoundError, ProcessLookupError, StopIteration, ValueError):
        return 0
    return rss + sum(_tree_rss_kb(child, cmdline) for child in children)


# The validator as `python -m onboarding.validation`, reporting its own peak resident memory
# (VmHWM: that of its own program only, counted from exec) on stderr when it ends.
VALIDATOR_REPORTING_PEAK = """
import runpy, sys
try:
    runpy.run_module("onboarding.validation", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as fh:
        sys.stderr.write("\\n" + next(line for line in fh if line.startswith("VmHWM:")))
"""


def _validator_peak_mb(package: Path, extra_args: tuple[str, ...] = STRUCTURE_ONLY) -> float:
    """Peak memory of one validation: the validator and its hashing helpers together.

    Not ru_maxrss: Linux carries the memory of the image a child was forked from (this pytest
    process, ~500 MB once the 290-kommun world of the other benchmarks is loaded) into the
    child's ru_maxrss across exec. So the process tree is sampled every 5 ms, and the
    validator's own exact peak (VmHWM) is taken when it is larger."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", VALIDATOR_REPORTING_PEAK, str(package), "--format", "json", *extra_args],
            cwd=PROJECT,
            stdout=out,
            stderr=err,
        )
        with open(f"/proc/{os.getpid()}/cmdline", "rb") as fh:
            mine = fh.read()
        sampled = 0
        while proc.poll() is None:
            sampled = max(sampled, _tree_rss_kb(proc.pid, mine))
            time.sleep(0.005)
        assert proc.returncode == 0
        err.seek(0)
        hwm_line = [line for line in err.read().decode().splitlines() if line.startswith("VmHWM:")][-1]
    return max(sampled, int(hwm_line.split()[1])) / 1024


def test_validate_20k_files(big_sip, bench_record):
    bench_record("validate_loadavg", round(os.getloadavg()[0], 2))
    _hash_floor(big_sip)  # warm the page cache so every run reads from memory
    floor_runs, validate_runs = [], []
    for _ in range(ROUNDS):
        floor_run = _timed_run([sys.executable, "-c", FLOOR_SCRIPT, str(big_sip)])
        assert floor_run.returncode == 0, floor_run.stderr
        floor_runs.append(floor_run.seconds)
        proc = _timed_run(
            [sys.executable, "-m", "onboarding.validation", str(big_sip), "--format", "json", *STRUCTURE_ONLY]
        )
        validate_runs.append(proc.seconds)
    peak_mb = _validator_peak_mb(big_sip)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, [f for f in report["findings"] if f["severity"] == "error"][:5]
    assert report["summary"]["files"] >= N_FILES
    elapsed, floor = min(validate_runs), min(floor_runs)
    ratio = elapsed / floor

    inproc_floor = min(_hash_floor(big_sip) for _ in range(ROUNDS))
    inproc_runs = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        assert validate_package(big_sip).exit_code == 0
        inproc_runs.append(time.perf_counter() - started)
    inproc = min(inproc_runs)
    print(
        f"\nsubprocess: validate {elapsed:.2f} s, hash floor {floor:.2f} s, ratio {ratio:.2f}, peak {peak_mb:.0f} MB"
        f"\nin-process: validate {inproc:.2f} s, hash floor {inproc_floor:.2f} s, ratio {inproc / inproc_floor:.2f}"
    )
    bench_record("validate_20k_s", round(elapsed, 3))
    bench_record("hash_floor_20k_s", round(floor, 3))
    bench_record("validate_ratio_vs_hash_floor", round(ratio, 3))
    bench_record("validate_20k_inprocess_s", round(inproc, 3))
    bench_record("hash_floor_20k_inprocess_s", round(inproc_floor, 3))
    bench_record("validate_ratio_inprocess", round(inproc / inproc_floor, 3))
    bench_record("validate_20k_peak_mb", round(peak_mb, 1))


def test_validate_corpus(bench_record):
    if not CORPUS_TARBALL.exists():
        need("corpus", f"the E-ARK test corpus is not at {CORPUS_TARBALL} (../shared/corpora/eark)")
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
