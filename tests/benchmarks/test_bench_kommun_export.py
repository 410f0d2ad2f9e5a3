"""Benchmark of a kommun's data export (run by ``make bench`` only).

Figures recorded with ``bench_record``:

* ``kommun_export_s``: seconds to write the export zip (``kommun_export_write``, in this process) of a kommun
  with 2,000 systems (with their information types and portfolio rows) and 1 GB of attachments (256 files of
  4 MiB), every entry hashed (SHA-256) for the manifest;
* ``kommun_export_tar_s``: ``tar -cf`` of the same attachment folder, in the same run (the floor);
* ``kommun_export_ratio_vs_tar``: the two divided (goal <= 1.5);
* ``kommun_export_peak_mb``: peak resident memory (VmHWM) of ``manage.py kommun_export`` run as a program of
  its own on the same kommun (goal <= 200).

Each timing is the best of ``ROUNDS`` runs, tar and export taking turns, so the page cache is warm for both.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import override_settings
from django_tenants.utils import tenant_context

from onboarding.kommun_data.services.export import kommun_export_write
from onboarding.models import Attachment, System
from onboarding.scale import seed_systems
from tenants.models import Kommun
from tenants.services import kommun_create
from tests.celery_worker import worker_database_url

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=False)]

PROJECT = Path(__file__).resolve().parents[2]
ROUNDS = 3
SYSTEMS = 2000
FILES, FILE_BYTES = 256, 4 * 1024**2  # 1 GiB
CHUNK = 1024**2

EXPORT_REPORTING_PEAK = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("kommun_export", sys.argv[1], sys.argv[2])
with open("/proc/self/status") as fh:
    sys.stderr.write("\\n" + next(line for line in fh if line.startswith("VmHWM:")))
"""


@pytest.fixture(scope="module")
def big_kommun(django_db_setup, django_db_blocker, tmp_path_factory):
    """Höör with 2,000 systems and 1 GiB of attachments, committed (the peak-memory run is another process)."""
    media = tmp_path_factory.mktemp("bench-kommun-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        connection.set_schema_to_public()
        kommun = Kommun.objects.filter(subdomain="hoor").first() or kommun_create(
            kommunkod="1267", name="Höör", subdomain="hoor", actor=None
        )
        seed_systems([kommun], SYSTEMS, rng=random.Random(16))
        root = media / kommun.schema_name
        rng = random.Random(1)
        with tenant_context(kommun):
            system_ids = list(System.objects.order_by("pk").values_list("pk", flat=True)[:FILES])
            rows = []
            for index, system_id in enumerate(system_ids):
                name = f"onboarding/attachments/{system_id}/bilaga-{index:03d}.pdf"
                path = root / name
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "wb") as handle:  # incompressible, like the PDFs and zips attached in practice
                    for _ in range(FILE_BYTES // CHUNK):
                        handle.write(rng.randbytes(CHUNK))
                rows.append(Attachment(system_id=system_id, file=name, original_name=f"bilaga-{index}.pdf",
                                       size=FILE_BYTES))  # fmt: skip
            Attachment.objects.bulk_create(rows)
        connection.set_schema_to_public()
        yield kommun, media, root
        connection.set_schema_to_public()


def _tar(root: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(["tar", "-cf", str(out), "-C", str(root), "."], check=True)
    return time.perf_counter() - started


def _export(kommun: Kommun, media: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    with override_settings(MEDIA_ROOT=media):
        started = time.perf_counter()
        kommun_export_write(kommun=kommun, path=out)
        elapsed = time.perf_counter() - started
    connection.set_schema_to_public()
    return elapsed


def _peak_mb(kommun: Kommun, media: Path, out: Path) -> float:
    out.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(PROJECT),
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(media),
    }
    proc = subprocess.run(
        [sys.executable, "-c", EXPORT_REPORTING_PEAK, kommun.subdomain, str(out)],
        cwd=PROJECT, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = proc.stderr.strip().splitlines()[-1]
    return int(line.split()[1]) / 1024


def test_kommun_export_2000_systems_1gb(big_kommun, bench_record, tmp_path, django_db_blocker):
    kommun, media, root = big_kommun
    out_tar, out_zip = tmp_path / "filer.tar", tmp_path / "export.zip"
    tars, exports = [], []
    with django_db_blocker.unblock():
        for _ in range(ROUNDS):
            tars.append(_tar(root, out_tar))
            exports.append(_export(kommun, media, out_zip))
        with zipfile.ZipFile(out_zip) as zf:
            names = zf.namelist()
            assert sum(1 for n in names if n.startswith("filer/")) == FILES
            assert zf.getinfo("data/kommun/onboarding.system.json").file_size > 0
        out_tar.unlink()
        peak = _peak_mb(kommun, media, out_zip)
    floor, export = min(tars), min(exports)
    ratio = export / floor
    print(f"\nkommun export: {export:.2f} s, tar {floor:.2f} s, ratio {ratio:.2f} (goal <= 1.5), peak {peak:.0f} MB")
    print(f"KOMMUN EXPORT RATIO {'PASS' if ratio <= 1.5 else 'FAIL'}; PEAK {'PASS' if peak <= 200 else 'FAIL'}")
    bench_record("kommun_export_s", round(export, 3))
    bench_record("kommun_export_tar_s", round(floor, 3))
    bench_record("kommun_export_ratio_vs_tar", round(ratio, 3))
    bench_record("kommun_export_peak_mb", round(peak, 1))
