"""Write a kommun's export: every record (JSON and CSV), its attachments and issued reports, a manifest of sums.

Delivered packages are listed in the manifest with their sums and sizes; their files go in only with
`with_packages`. The zip is written to `<path>.part` and renamed when complete.
"""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.postgres.fields import ArrayField, HStoreField
from django.db.models import JSONField
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from tenants.models import Kommun

from .archive import ExportArchive, file_sha256
from .rows import Table, issued_report_files, public_tables, schema_files, schema_tables

# One row counts as this many bytes of files in the progress (a row costs about as long as 2 kB of copying).
ROW_WEIGHT = 2000
PROGRESS_EVERY_S = 0.5

JSON_LIKE = (JSONField, ArrayField, HStoreField)

Progress = Callable[[float, str], None]


@dataclass
class ExportResult:
    path: Path
    size: int
    manifest_sha256: str
    rows: int
    files: int


class _Meter:
    """Turns rows and bytes done into a fraction, and calls `report` at most every PROGRESS_EVERY_S."""

    def __init__(self, total: int, report: Progress | None):
        self.total, self.done, self.report, self.label, self.last = max(total, 1), 0, report, "", 0.0

    def add(self, units: int) -> None:
        self.done += units
        now = time.monotonic()
        if self.report is not None and now - self.last >= PROGRESS_EVERY_S:
            self.last = now
            self.report(min(self.done / self.total, 0.99), self.label)


def _columns(table: Table) -> list[str]:
    return [f.attname for f in table.model._meta.concrete_fields]


def _json_columns(table: Table) -> list[int]:
    """The positions of the columns whose values come as dicts or lists (JSON, array and hstore fields)."""
    return [i for i, f in enumerate(table.model._meta.concrete_fields) if isinstance(f, JSON_LIKE)]


def kommun_export_write(
    *, kommun: Kommun, path: Path, with_packages: bool = False, progress: Progress | None = None
) -> ExportResult:
    """Write the export of `kommun` to `path` (a zip). Returns its size and sum; raises on failure, leaving nothing."""
    path = Path(path)
    part = path.with_name(path.name + ".part")
    try:
        result = _write(kommun, part, with_packages, progress)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    result.path = path
    return result


def _write(kommun: Kommun, part: Path, with_packages: bool, progress: Progress | None) -> ExportResult:
    with tenant_context(kommun):
        tables = [(t, "kommun") for t in schema_tables()] + [(t, "gemensamt") for t in public_tables(kommun)]
        files = list(schema_files(kommun))
        reports = [(rel, p) for rel, p in issued_report_files(kommun) if p.is_file()]
        counts = {t.label: t.queryset().count() for t, _where in tables}
        copied = [f for f in files if with_packages or not f.is_package]
        file_bytes = sum(f.path.stat().st_size for f in copied if f.path.is_file()) + sum(
            p.stat().st_size for _rel, p in reports
        )
        meter = _Meter(ROW_WEIGHT * sum(counts.values()) + file_bytes, progress)
        manifest = {
            "kommun": {"name": kommun.name, "kommunkod": kommun.kommunkod, "subdomain": kommun.subdomain},
            "created_at": timezone.now(),
            "with_packages": with_packages,
            "tables": counts,
        }
        with ExportArchive(part, manifest, on_bytes=meter.add) as archive:
            for table, where in tables:
                meter.label = _("Tabell %(table)s") % {"table": table.label}
                rows = table.queryset().values_list(*_columns(table)).iterator(chunk_size=2000)
                archive.add_table(f"data/{where}/{table.label}", _columns(table), rows, lambda: meter.add(ROW_WEIGHT),
                                  json_columns=_json_columns(table))  # fmt: skip
            _validation_reports(archive, tables)
            meter.label = _("Filer")
            manifest["packages"] = _add_files(archive, files, with_packages)
            archive.add_files((f"rapporter/{rel}", path, {"table": "reports.issuedreport"}) for rel, path in reports)
        file_count = sum(1 for e in archive.entries if e["path"].startswith(("filer/", "paket/", "rapporter/")))
    return ExportResult(part, part.stat().st_size, archive.manifest_sha256, sum(counts.values()), file_count)


def _add_files(archive: ExportArchive, files, with_packages: bool) -> list[dict]:
    """The files in the rows' order, added in one go (read ahead in threads); packages listed, included if asked."""
    packages, added = [], []
    for stored in files:
        if not stored.path.is_file():
            archive.manifest.setdefault("missing_files", []).append({"table": stored.label, "name": stored.name})
            continue
        if stored.is_package:
            entry = {"delivery_id": stored.pk, "name": stored.name, "bytes": stored.path.stat().st_size}
            if with_packages:
                added.append((f"paket/{stored.name}", stored.path, {"table": stored.label}))
                entry["included"] = True
            else:
                entry.update(sha256=file_sha256(stored.path), included=False)
            packages.append(entry)
        else:
            added.append((f"filer/{stored.name}", stored.path, {"table": stored.label, "row": stored.pk}))
    included = {e["path"]: e for e in archive.add_files(added)}
    for entry in packages:
        if entry["included"]:
            entry.update(included[f"paket/{entry['name']}"])
    return packages


def _validation_reports(archive: ExportArchive, tables) -> None:
    """Each delivery's validation report as a file of its own too (the table carries it as a JSON column)."""
    deliveries = next((t for t, _where in tables if t.label == "deliveries.delivery"), None)
    if deliveries is None:
        return
    for uuid, report in deliveries.queryset().exclude(report={}).values_list("uuid", "report").iterator():
        archive.add_json(f"leveranser/{uuid}/valideringsrapport.json", report)
