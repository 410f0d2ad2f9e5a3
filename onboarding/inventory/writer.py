"""Writing the inventory: the empty template (with an instructions sheet) and the kommun's export (xlsx, CSV).

What is written here reads back through reader + plan as "unchanged": an export re-imports without change.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from onboarding.choices import ExportCapability, Retention, YesNoUnknown

from .columns import ALL_COLUMNS, COLUMNS, FORMULA_START, STATUS_COLUMN, status_label
from .reader import INSTRUCTIONS_SHEET, SHEET_NAME

YESNO_TEXT = {YesNoUnknown.JA: "ja", YesNoUnknown.NEJ: "nej", YesNoUnknown.OKANT: "okänt"}
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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_safe(text: str) -> str:
    """Text a spreadsheet would take for a formula, behind an apostrophe (columns.FORMULA_START)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def write_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """CSV as Swedish Excel opens it: UTF-8 with BOM, semicolons."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.heading for c in ALL_COLUMNS])
    for row in rows:
        writer.writerow([csv_safe(_cell_text(row.get(c.key))) for c in ALL_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterable[dict[str, Any]], *, template: bool = False) -> bytes:
    """An xlsx workbook: the "System" sheet (headings + rows) and the "Instruktioner" sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    bold = Font(bold=True)
    header = []
    for column in ALL_COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    sheet.freeze_panes = "A2"
    for row in rows:
        cells = []
        for column in ALL_COLUMNS:
            value = row.get(column.key)
            if isinstance(value, Decimal):
                value = float(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    help_sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    for line in INSTRUCTIONS:
        help_sheet.append([line])
    help_sheet.append([])
    help_sheet.append(["Kolumn", "Obligatorisk", "Innehåll", "Exempel"])
    for column in ALL_COLUMNS:
        allowed = ", ".join(label for _v, label in column.choices) if column.choices else column.help
        required = "ja" if column.required else ("nej, ignoreras vid import" if column is STATUS_COLUMN else "nej")
        help_sheet.append([column.heading, required, allowed, _cell_text(EXAMPLE.get(column.key))])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_xlsx() -> bytes:
    return write_xlsx([], template=True)


__all__ = ["COLUMNS", "system_rows", "template_xlsx", "write_csv", "write_xlsx"]
