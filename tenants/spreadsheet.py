"""The one writer of every spreadsheet export (CSV and xlsx): the inventory, billing and the plan.

Text that a spreadsheet would take for a formula ("CSV injection") is neutralised here and only here,
so no export can forget it:
- CSV: text that starts with FORMULA_START is written behind an apostrophe, which Excel and LibreOffice
  show as text (the inventory's CSV import removes it again, so an export re-imports without change);
- xlsx: every text cell is written as a string cell, never a formula, whatever it starts with.
Numbers stay numbers (a credit note's -1 200,00 is an amount, not a formula).
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

# Text that a spreadsheet opening a CSV file would take for a formula: =, +, -, @, tab, carriage return.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# The export formats a URL may ask for; anything else is 404 (and never reaches a file name).
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def neutralise(text: str) -> str:
    """Text a spreadsheet would take for a formula, behind an apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_cell(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float | int):
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        return text.replace(".", ",") if decimal_comma else text
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, decimal_comma: bool = False) -> bytes:
    """CSV as Swedish Excel opens it: UTF-8 with BOM, semicolons, CRLF. `decimal_comma`: 12,5 for 12.5."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_cell(h, decimal_comma) for h in header])
    for row in rows:
        writer.writerow([_csv_cell(v, decimal_comma) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass
class Sheet:
    """One worksheet: a bold, frozen header row (unless header is None) and rows of plain values.

    `number_formats` maps a column's index to an Excel number format (e.g. "#,##0.00"); `dropdowns` maps a
    column's index to the values its cells may take (a drop-down list in Excel and LibreOffice, below the header).
    """

    title: str
    header: Sequence[str] | None
    rows: Iterable[Sequence[Any]]
    number_formats: Mapping[int, str] = field(default_factory=dict)
    dropdowns: Mapping[int, Sequence[str]] = field(default_factory=dict)


DROPDOWN_ERROR = "Välj ett av värdena i listan."
_LIST_FORMULA_MAX = 255  # Excel's limit for a list written into the rule itself


def _dropdown(column: int, values: Sequence[str]) -> DataValidation:
    formula = '"' + ",".join(values) + '"'
    if len(formula) > _LIST_FORMULA_MAX or any("," in v or '"' in v for v in values):
        raise ValueError(f"a drop-down list cannot hold {values!r}")
    letter = get_column_letter(column + 1)
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    rule.error, rule.errorTitle = DROPDOWN_ERROR, "Ogiltigt värde"
    rule.add(f"{letter}2:{letter}1048576")
    return rule


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An xlsx workbook of the sheets (openpyxl, write-only: memory does not grow with the rows)."""

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title)
        if spec.header is not None:
            sheet.freeze_panes = "A2"  # before the first row: a write-only sheet writes its view when rows begin
            header = []
            for heading in spec.header:
                cell = WriteOnlyCell(sheet, value=str(heading))
                cell.data_type = "s"
                cell.font = bold
                header.append(cell)
            sheet.append(header)
        for column, values in spec.dropdowns.items():
            sheet.data_validations.append(_dropdown(column, values))
        for row in spec.rows:
            cells = []
            for index, value in enumerate(row):
                if isinstance(value, Decimal):
                    value = float(value)
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text that starts with "=" stays text, never a formula
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                if index in spec.number_formats and isinstance(value, int | float):
                    cell.number_format = spec.number_formats[index]
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def require_format(fmt: str) -> str:
    """The export format from a URL, if it is one we write; 404 otherwise (it never reaches a file name)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    return fmt


def table_download(
    fmt: str, *, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], filename: str, number_formats=None
) -> HttpResponse:
    """One table as an xlsx sheet named `title` or as CSV with decimal commas, as an attachment `filename`.<fmt>."""
    fmt = require_format(fmt)
    if fmt == "xlsx":
        data = xlsx_bytes([Sheet(title, header, rows, number_formats=number_formats or {})])
    else:
        data = csv_bytes(header, rows, decimal_comma=True)
    return download(data, f"{filename}.{fmt}", fmt)


def download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    """The export as an attachment named `filename` (which the caller builds from its own words)."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[require_format(fmt)])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
