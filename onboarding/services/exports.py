"""Export of the kommun's systems to xlsx or CSV, in the import's format (re-importable without change)."""

from django.db.models import Prefetch, QuerySet

from onboarding.inventory.writer import system_rows, write_csv, write_xlsx
from onboarding.models import InformationType, System
from tenants.spreadsheet import CONTENT_TYPES  # noqa: F401 - the formats the export answers


def export_inventory(*, fmt: str, systems: QuerySet[System] | None = None) -> bytes:
    """The systems (by default every system of the current kommun's schema, by name), one row per information
        type (two queries). The system list passes its filtered and sorted queryset (selectors.system_list, which
    selects the product and prefetches the information types as this default does)."""
    if systems is None:
        systems = (
            System.objects.select_related("product")
            .order_by("name", "id")
            .prefetch_related(Prefetch("information_types", queryset=InformationType.objects.order_by("name")))
        )
    rows = system_rows(systems)
    if fmt == "csv":
        return write_csv(rows)
    if fmt == "xlsx":
        return write_xlsx(rows)
    raise ValueError(f"unknown format {fmt!r}")
