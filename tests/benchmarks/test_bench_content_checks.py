"""Benchmark of the content checks (issue 17) on the 20,000-file SIP of the validator benchmark (make bench only).

* ``format_id_20k_s``: the platform's PRONOM identification of every file of the SIP (signatures
  compiled once per process, one worker per core, each file's head and tail read once), wall seconds;
* ``fido_cli_20k_s``: the ``fido`` command line on the same files in the same run;
* ``format_id_ratio_vs_fido_cli``: the two divided (goal <= 0.5);
* ``format_id_20k_cpu_s``, ``fido_cli_20k_cpu_s``: the CPU seconds of each (less disturbed by a busy machine);
* ``validate_full_20k_s``: ``python -m onboarding.validation`` with virus scanning (a real clamd
  with the tests' signatures) and format identification, wall seconds;
* ``validate_full_20k_peak_mb``: its peak resident memory with all its helper processes (goal <= 300).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import pytest

from onboarding.validation.formats import identify_files
from onboarding.validation.sample import build_sip
from tests.benchmarks.test_bench_validate import N_FILES, _data_files, _hash_floor, _timed_run, _validator_peak_mb
from tests.clamd import start_clamd

pytestmark = pytest.mark.bench


def _children_cpu() -> float:
    """CPU seconds (user + system) of the child processes waited for so far (the workers, fido)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def sip_20k(tmp_path_factory) -> Path:
    return build_sip(tmp_path_factory.mktemp("bench-content"), "sip-20k", _data_files())


@pytest.fixture(scope="module")
def clamd_socket():
    daemon = start_clamd()
    yield daemon.socket
    daemon.stop()


def test_format_identification_20k_files(sip_20k, bench_record):
    _hash_floor(sip_20k)  # warm the page cache
    rels = sorted(p.relative_to(sip_20k).as_posix() for p in sip_20k.rglob("*") if p.is_file())
    cpu_before = _children_cpu()
    started = time.perf_counter()
    found = identify_files(sip_20k, rels)
    ours = time.perf_counter() - started
    ours_cpu = _children_cpu() - cpu_before
    assert len(found) == len(rels) >= N_FILES

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(str(sip_20k / rel) for rel in rels) + "\n")
    try:
        fido = str(Path(sys.executable).with_name("fido"))
        cpu_before = _children_cpu()
        run = _timed_run([fido, "-q", "-input", listing.name])
        fido_cpu = _children_cpu() - cpu_before
    finally:
        os.unlink(listing.name)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = [line for line in run.stdout.splitlines() if line.startswith(("OK,", "KO,"))]
    assert len(lines) >= len(rels)  # a line (or more: one per match) for every file
    ratio = ours / run.seconds
    print(
        f"\nformat identification: platform {ours:.1f} s ({ours_cpu:.1f} s CPU), "
        f"fido command line {run.seconds:.1f} s ({fido_cpu:.1f} s CPU), ratio {ratio:.2f}, "
        f"loadavg {os.getloadavg()[0]:.1f}"
    )
    bench_record("format_id_20k_cpu_s", round(ours_cpu, 3))
    bench_record("fido_cli_20k_cpu_s", round(fido_cpu, 3))
    bench_record("format_id_20k_s", round(ours, 3))
    bench_record("fido_cli_20k_s", round(run.seconds, 3))
    bench_record("format_id_ratio_vs_fido_cli", round(ratio, 3))
    print("PASS" if ratio <= 0.5 else "FAIL", "format_id_ratio_vs_fido_cli <= 0.5")


def test_full_validation_with_scanning_and_identification(sip_20k, clamd_socket, bench_record, monkeypatch):
    monkeypatch.setenv("CLAMD_SOCKET", clamd_socket)
    _hash_floor(sip_20k)
    run = _timed_run([sys.executable, "-m", "onboarding.validation", str(sip_20k), "--format", "json"])
    report = json.loads(run.stdout)
    assert run.returncode == 0, [f for f in report["findings"] if f["severity"] == "error"][:5]
    summary = report["summary"]
    assert summary["virus_scan"]["scanned"] == summary["files"] >= N_FILES
    assert summary["formats_identified"] == summary["files"]
    peak = _validator_peak_mb(sip_20k, ())
    print(f"\nfull validation: {run.seconds:.1f} s, peak {peak:.0f} MB")
    bench_record("validate_full_20k_s", round(run.seconds, 3))
    bench_record("validate_full_20k_peak_mb", round(peak, 1))
    print("PASS" if peak <= 300 else "FAIL", "validate_full_20k_peak_mb <= 300")
