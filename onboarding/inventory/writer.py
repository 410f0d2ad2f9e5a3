"""Writing the inventory: the empty template (with an instructions sheet) and the kommun's export (xlsx, CSV).

What is written here reads back through reader + plan as "unchanged": an export re-imports without change.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from tenants.spreadsheet import Sheet, csv_bytes, xlsx_bytes

from .choices import ExportCapability, Retention, YesNoUnknown
from .columns import ALL_COLUMNS, COLUMNS, STATUS_COLUMN, status_label
from .reader import EXAMPLE_NAME, INSTRUCTIONS_SHEET, SHEET_NAME

YESNO_TEXT = {YesNoUnknown.YES: "ja", YesNoUnknown.NO: "nej", YesNoUnknown.UNKNOWN: "okänt"}
EXPORT_TEXT = {value: str(label) for value, label in ExportCapability.choices}
RETENTION_TEXT = {value: str(label).lower() for value, label in Retention.choices}

INSTRUCTIONS = [
    "Så fyller du i mallen",
    "En rad per informationstyp. Ett system med flera informationstyper har flera rader med samma systemnamn och "
    "produkt; systemets uppgifter ska då vara lika på alla raderna.",
    "Ett system utan informationstyper har en rad där kolumnerna för information är tomma.",
    "Systemnamn + produkt känner igen ett system: importerar du filen igen uppdateras systemen i stället för att "
    "dubbleras.",
    "Ändra inte kolumnrubrikerna. Skriv värden, inte formler.",
    "Rad 2 är ett exempel. Den läses inte vid import, så du kan låta den stå eller skriva över den.",
    "Kolumner med bestämda värden (ja/nej, K/R/T, exportmöjlighet, bevarande) har en lista att välja ur.",
    "Inget sparas förrän du har sett förhandsvisningen. Finns ett enda fel sparas ingenting.",
]
EXAMPLE = {
    "name": "Diariet",
    "product_name": "Public 360°",
    "vendor": "Tieto Evry",
    "version": "6.2",
    "records_creator": "Kommunstyrelsen",
    "personal_data": "ja",
    "confidentiality": 2,
    "decommission_date": "2027-12-31",
    "export_capability": "XML",
    "vendor_asked": "ja",
    "it_name": "Ärenden",
    "retention": "bevaras",
    "period_from": 2005,
    "volume_gb": "12,5",
}


def system_rows(systems: Iterable) -> Iterable[dict[str, Any]]:
    """One dict per row (column key -> value); systems need product and information_types prefetched."""
    for system in systems:
        base = {
            "name": system.name,
            "product_name": system.product.name if system.product_id else "",
            "vendor": system.product.vendor if system.product_id else "",
            "personal_data": YESNO_TEXT.get(system.personal_data, ""),
            "sensitive_personal_data": YESNO_TEXT.get(system.sensitive_personal_data, ""),
            "export_capability": EXPORT_TEXT.get(system.export_capability, ""),
            "vendor_asked": "ja" if system.vendor_asked else "nej",
            "status": status_label(system.status),
        }
        for key in (
            "version", "records_creator", "purpose", "owner_name", "owner_email", "owner_phone", "manager_name",
            "manager_email", "manager_phone", "administrator_name", "administrator_email", "administrator_phone",
            "confidentiality", "integrity", "availability", "decommission_date",
        ):  # fmt: skip
            base[key] = getattr(system, key)
        info_types = list(system.information_types.all())
        if not info_types:
            yield base
        for info in info_types:
            yield {
                **base,
                "it_name": info.name,
                "retention": RETENTION_TEXT.get(info.retention, ""),
                "retention_years": info.retention_years,
                "retention_decision": info.retention_decision,
                "period_from": info.period_from,
                "period_to": info.period_to,
                "volume_gb": info.volume_gb,
                "record_count": info.record_count,
            }


def _example_text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def write_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """CSV as Swedish Excel opens it (tenants.spreadsheet: UTF-8 with BOM, semicolons, formulas neutralised)."""
    return csv_bytes([c.heading for c in ALL_COLUMNS], ([row.get(c.key) for c in ALL_COLUMNS] for row in rows))


def _instructions() -> list[list[Any]]:
    lines: list[list[Any]] = [[line] for line in INSTRUCTIONS]
    lines.append([])
    lines.append(["Kolumn", "Obligatorisk", "Innehåll", "Exempel"])
    for column in ALL_COLUMNS:
        allowed = ", ".join(label for _v, label in column.choices) if column.choices else column.help
        required = "ja" if column.required else ("nej, ignoreras vid import" if column is STATUS_COLUMN else "nej")
        lines.append([column.heading, required, str(allowed), _example_text(EXAMPLE.get(column.key))])
    return lines


# The values a coded column's cells may take, offered as a drop-down list (the reader accepts these).
CODED_VALUES = {"yesno": ["ja", "nej", "okänt"], "bool": ["ja", "nej"], "krt": ["0", "1", "2", "3", "4"]}


def _dropdowns() -> dict[int, list[str]]:
    lists = {}
    for index, column in enumerate(ALL_COLUMNS):
        if column.kind == "choice":
            labels = RETENTION_TEXT if column.key == "retention" else dict(column.choices)
            lists[index] = [str(label) for label in labels.values()]
        elif column.kind in CODED_VALUES:
            lists[index] = CODED_VALUES[column.kind]
    return lists


def write_xlsx(rows: Iterable[dict[str, Any]], *, template: bool = False) -> bytes:
    """An xlsx workbook: the "System" sheet (headings, drop-down lists for coded columns, rows) and the
    "Instruktioner" sheet. The template has one example row, which the import passes over."""
    if template:
        rows = [{**EXAMPLE, "name": EXAMPLE_NAME}]
    return xlsx_bytes(
        [
            Sheet(
                SHEET_NAME,
                [c.heading for c in ALL_COLUMNS],
                ([row.get(c.key) for c in ALL_COLUMNS] for row in rows),
                dropdowns=_dropdowns(),
            ),
            Sheet(INSTRUCTIONS_SHEET, None, _instructions()),
        ]
    )


def template_xlsx() -> bytes:
    return write_xlsx([], template=True)


__all__ = ["COLUMNS", "system_rows", "template_xlsx", "write_csv", "write_xlsx"]
