"""Reading an uploaded inventory safely: xlsx (openpyxl, read-only) or CSV, with limits and clear refusals."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tenants.sizes import MB
from tenants.spreadsheet import FORMULA_START

from .columns import ALL_COLUMNS, BY_HEADING, STATUS_COLUMN, Formula

MSG_TOO_BIG = _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(limit)s MB.")
MSG_EMPTY_FILE = _("Filen är tom.")
MSG_ENCRYPTED = _(
    "Filen är lösenordsskyddad eller i det gamla xls-formatet. "
    "Ta bort lösenordet och spara som .xlsx (Excel-arbetsbok)."
)
MSG_NOT_XLSX = _("Filen är inte en xlsx-fil (Excel-arbetsbok). Spara den som .xlsx eller .csv.")
MSG_CORRUPT = _("Filen går inte att läsa; den verkar vara skadad. Spara den på nytt som .xlsx.")
MSG_FORMAT = _("Filtypen tas inte emot. Använd .xlsx eller .csv.")
MSG_ENCODING = _("CSV-filen går inte att läsa som text. Spara den som CSV UTF-8.")
MSG_NO_HEADER = _("Första raden ska innehålla kolumnrubrikerna från mallen.")
MSG_MISSING_COLUMN = _("Kolumnen saknas. Har den bytt namn eller tagits bort? Använd rubrikerna i mallen.")
MSG_UNKNOWN_COLUMN = _("Okänd kolumn %(heading)s. Använd rubrikerna i mallen.")
MSG_DUPLICATE_COLUMN = _("Kolumnen finns två gånger.")
MSG_TOO_MANY_ROWS = _("Filen har fler än %(limit)s rader. Dela upp den.")
MSG_NO_ROWS = _("Filen innehåller inga system.")

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
SHEET_NAME = "System"
INSTRUCTIONS_SHEET = "Instruktioner"
# The template's example row carries this name; a file that still has it imports without it.
EXAMPLE_NAME = "Exempel: Diariet (raden läses inte vid import)"


def max_bytes() -> int:
    return int(getattr(settings, "ONBOARDING_IMPORT_MAX_MB", 10) * MB)


def max_rows() -> int:
    return int(getattr(settings, "ONBOARDING_IMPORT_MAX_ROWS", 20000))


@dataclass
class Problem:
    row: int | None  # Excel row number (1 = the heading row); None for the whole file
    column: str  # Swedish heading, "" for the whole row or file
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def line(self) -> str:
        where = f"rad {self.row}" if self.row else "filen"
        return f"{where}, {self.column or '–'}: {self.message}"


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class FileRefused(Exception):
    """The file as a whole cannot be read; `problem` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.problem = Problem(None, "", str(message))


def read_inventory(data: bytes, filename: str) -> Sheet:
    """Rows keyed by column key, with Excel row numbers. Raises FileRefused for an unreadable file."""
    if len(data) > max_bytes():
        raise FileRefused(MSG_TOO_BIG % {"size": round(len(data) / 1048576, 1), "limit": max_bytes() // 1048576})
    if not data:
        raise FileRefused(MSG_EMPTY_FILE)
    name = (filename or "").lower()
    if data.startswith(OLE_MAGIC):
        raise FileRefused(MSG_ENCRYPTED)
    if data.startswith(ZIP_MAGIC):
        return _table(_xlsx_rows(data))
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise FileRefused(MSG_NOT_XLSX)
    if name.endswith((".csv", ".txt")):
        return _table(_csv_rows(data))
    raise FileRefused(MSG_FORMAT)


def _xlsx_rows(data: bytes):
    # openpyxl is big; only an xlsx upload needs it (a csv import and every page do not).
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # A small file that unpacks to gigabytes is refused before openpyxl touches it.
        if sum(info.file_size for info in archive.infolist()) > 40 * max_bytes():
            raise FileRefused(MSG_CORRUPT)
        if "xl/workbook.xml" not in archive.namelist():
            raise FileRefused(MSG_NOT_XLSX)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on damaged files; all mean "cannot read"
        raise FileRefused(MSG_CORRUPT) from exc
    try:
        names = workbook.sheetnames
        sheet = (
            workbook[SHEET_NAME] if SHEET_NAME in names else workbook[[n for n in names if n != INSTRUCTIONS_SHEET][0]]
        )
        for row in sheet.iter_rows():
            yield [Formula(c.value) if getattr(c, "data_type", None) == "f" else c.value for c in row]
    except FileRefused:
        raise
    except Exception as exc:
        raise FileRefused(MSG_CORRUPT) from exc
    finally:
        workbook.close()


def _unquote(cell: str) -> str:
    """The apostrophe the CSV export puts before text that starts like a formula (tenants.spreadsheet.neutralise)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused(MSG_ENCODING)
    if "\x00" in text:
        raise FileRefused(MSG_ENCODING)
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [_unquote(cell) for cell in row]
    except csv.Error as exc:
        raise FileRefused(MSG_CORRUPT) from exc


def _table(rows) -> Sheet:
    sheet = Sheet()
    iterator = iter(rows)
    header = next(iterator, None)
    headings = [str(h).strip() if h is not None else "" for h in header or []]
    if not any(headings):
        raise FileRefused(MSG_NO_HEADER)
    positions: dict[str, int] = {}
    for index, heading in enumerate(headings):
        if not heading:
            continue
        column = BY_HEADING.get(heading.casefold())
        if column is None:
            sheet.problems.append(Problem(1, heading, str(MSG_UNKNOWN_COLUMN % {"heading": heading})))
        elif column.key in positions:
            sheet.problems.append(Problem(1, column.heading, str(MSG_DUPLICATE_COLUMN)))
        else:
            positions[column.key] = index
    for column in ALL_COLUMNS:
        if column.key not in positions and column is not STATUS_COLUMN:
            sheet.problems.append(Problem(1, column.heading, str(MSG_MISSING_COLUMN)))
    limit = max_rows()
    for number, row in enumerate(iterator, start=2):
        if not any(cell not in (None, "") and str(cell).strip() for cell in row):
            continue
        if len(sheet.rows) >= limit:
            raise FileRefused(MSG_TOO_MANY_ROWS % {"limit": limit})
        cells = {key: row[index] if index < len(row) else None for key, index in positions.items()}
        if str(cells.get("name") or "").strip() == EXAMPLE_NAME:
            continue  # the template's example row, left in
        sheet.rows.append((number, cells))
    if not sheet.rows and not sheet.problems:
        sheet.problems.append(Problem(None, "", str(MSG_NO_ROWS)))
    return sheet
