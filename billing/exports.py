"""Statements of a period as CSV and xlsx: one row per statement line, credit notes negative."""

import csv
import io

from openpyxl import Workbook

HEADER = [
    "Nummer",
    "Typ",
    "Krediterar",
    "Status",
    "Kommun",
    "Kommunkod",
    "År",
    "Period",
    "Fakturadatum",
    "Förfallodag",
    "Rad",
    "Benämning",
    "Fördelningsnyckel",
    "Underlag",
    "Allas underlag",
    "Andel",
    "Årsbelopp",
    "Belopp exkl. moms",
    "Momskod",
    "Momssats",
]


def rows(statements) -> list[list]:
    """Rows of issued statements (lines prefetched by the caller)."""
    out = []
    for s in statements:
        for line in s.lines.all():
            out.append(
                [
                    s.number,
                    s.get_kind_display(),
                    s.credits.number if s.credits_id else "",
                    s.get_status_display(),
                    s.kommun.name,
                    s.kommun.kommunkod,
                    s.year,
                    s.get_period_display(),
                    s.issue_date,
                    s.due_date,
                    line.position,
                    line.label,
                    line.get_key_display(),
                    line.base,
                    line.base_total,
                    line.share,
                    s.sign * line.annual_amount,
                    s.sign * line.net_amount,
                    line.vat_category,
                    line.vat_rate,
                ]
            )
    return out


def to_csv(statements) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Swedish spreadsheets expect ';'
    writer.writerow(HEADER)
    for row in rows(statements):
        writer.writerow(["" if v is None else str(v).replace(".", ",") if hasattr(v, "as_tuple") else v for v in row])
    return "\ufeff" + buffer.getvalue()  # BOM: Excel then reads UTF-8 (å, ä, ö) correctly


def to_xlsx(statements) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Fakturaunderlag"
    sheet.append(HEADER)
    for row in rows(statements):
        sheet.append(row)
    for column in ("N", "O", "Q", "R"):
        for cell in sheet[column][1:]:
            cell.number_format = "#,##0.00"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
