"""Export of the kommun's systems to xlsx or CSV, in the import's format (re-importable without change)."""

from django.db.models import Prefetch

from onboarding.inventory.writer import system_rows, write_csv, write_xlsx
from onboarding.models import InformationType, System
from tenants.spreadsheet import CONTENT_TYPES  # noqa: F401 - the formats the export answers


def export_inventory(*, fmt: str) -> bytes:
    """Every system of the current kommun's schema, one row per information type (two queries)."""
    systems = System.objects.select_related("product").prefetch_related(
        Prefetch("information_types", queryset=InformationType.objects.order_by("name"))
    )
    rows = system_rows(systems.order_by("name", "id"))
    if fmt == "csv":
        return write_csv(rows)
    if fmt == "xlsx":
        return write_xlsx(rows)
    raise ValueError(f"unknown format {fmt!r}")
