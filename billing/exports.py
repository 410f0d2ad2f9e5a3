"""Statements of a period as CSV and xlsx: one row per statement line, credit notes negative."""

from tenants.spreadsheet import Sheet, csv_bytes, xlsx_bytes

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


# Amount columns (Underlag, Allas underlag, Årsbelopp, Belopp exkl. moms) with thousands and two decimals.
AMOUNT_FORMATS = {13: "#,##0.00", 14: "#,##0.00", 16: "#,##0.00", 17: "#,##0.00"}


def to_csv(statements) -> bytes:
    """Semicolons and decimal commas, as Swedish spreadsheets expect (tenants.spreadsheet)."""
    return csv_bytes(HEADER, rows(statements), decimal_comma=True)


def to_xlsx(statements) -> bytes:
    return xlsx_bytes([Sheet("Fakturaunderlag", HEADER, rows(statements), number_formats=AMOUNT_FORMATS)])
