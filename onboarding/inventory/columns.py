"""The inventory's columns (Swedish headings) and the parser of one row: values plus problems, never an exception."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from .choices import ExportCapability, Retention, SystemStatus, YesNoUnknown

MSG_FORMULA = _("Cellen innehåller en formel. Klistra in värdet i stället.")
MSG_REQUIRED_CELL = _("Värde saknas.")
MSG_TOO_LONG = _("Texten är för lång (högst %(max)s tecken).")
MSG_EMAIL = _("Ogiltig e-postadress.")
MSG_YESNO = _("Skriv ja, nej eller okänt.")
MSG_BOOL = _("Skriv ja eller nej.")
MSG_KRT = _("Ange en nivå mellan 0 och 4 (Klassa).")
MSG_DATE_FORMAT = _("Skriv datumet som ÅÅÅÅ-MM-DD.")
MSG_DATE_MISSING = _("Datumet %(value)s finns inte.")
MSG_CHOICE = _("Okänt värde. Tillåtna: %(allowed)s.")
MSG_INTEGER = _("Ange ett heltal.")
MSG_YEAR = _("Ange ett årtal mellan 1800 och 2200.")
MSG_NUMBER = _("Ange ett tal (t.ex. 12,5).")
MSG_NEGATIVE = _("Talet får inte vara negativt.")
MSG_RETENTION_MISSING = _("Ange bevaras eller gallras för informationstypen.")
MSG_YEARS_MISSING = _("Ange efter hur många år informationen gallras.")
MSG_YEARS_FOR_BEVARAS = _("Information som bevaras har ingen gallringsfrist.")
MSG_PERIOD = _("Till-året kan inte vara före från-året.")
MSG_INFO_WITHOUT_TYPE = _("Uppgifter om information utan namn på informationstypen.")

YES = {"ja", "j", "yes", "true", "1", "x", "sant"}
NO = {"nej", "n", "no", "false", "0", "falskt"}
UNKNOWN = {"okänt", "okant", "vet ej", "vet inte", "?"}


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = "text"
    required: bool = False
    max_length: int = 200
    part: str = "system"  # "system" or "info"
    help: str = ""
    choices: tuple = field(default_factory=tuple)


def _labels(choices) -> tuple:
    return tuple((str(value), str(label)) for value, label in choices)


COLUMNS = [
    Column("name", "Systemnamn", required=True, help="Det namn verksamheten använder."),
    Column("product_name", "Produkt", max_length=120, help="Produktens namn, t.ex. Public 360°."),
    Column("vendor", "Leverantör", max_length=120),
    Column("version", "Version", max_length=60),
    Column("records_creator", "Arkivbildare (nämnd)", max_length=150, help="T.ex. Socialnämnden."),
    Column("purpose", "Syfte", max_length=2000),
    Column("owner_name", "Systemägare namn", max_length=150),
    Column("owner_email", "Systemägare e-post", kind="email"),
    Column("owner_phone", "Systemägare telefon", max_length=40),
    Column("manager_name", "Systemförvaltare namn", max_length=150),
    Column("manager_email", "Systemförvaltare e-post", kind="email"),
    Column("manager_phone", "Systemförvaltare telefon", max_length=40),
    Column("administrator_name", "Systemadministratör namn", max_length=150),
    Column("administrator_email", "Systemadministratör e-post", kind="email"),
    Column("administrator_phone", "Systemadministratör telefon", max_length=40),
    Column("personal_data", "Personuppgifter", kind="yesno", help="ja, nej eller okänt"),
    Column("sensitive_personal_data", "Känsliga personuppgifter", kind="yesno", help="ja, nej eller okänt"),
    Column("confidentiality", "Konfidentialitet (K)", kind="krt", help="0–4 enligt Klassa"),
    Column("integrity", "Riktighet (R)", kind="krt", help="0–4 enligt Klassa"),
    Column("availability", "Tillgänglighet (T)", kind="krt", help="0–4 enligt Klassa"),
    Column("decommission_date", "Avvecklingsdatum", kind="date", help="ÅÅÅÅ-MM-DD, tomt om inget är bestämt"),
    Column("export_capability", "Exportmöjlighet", kind="choice", choices=_labels(ExportCapability.choices)),
    Column("vendor_asked", "Leverantören tillfrågad", kind="bool", help="ja eller nej"),
    Column("it_name", "Informationstyp", max_length=150, part="info", help="En rad per informationstyp."),
    Column("retention", "Bevarande", kind="choice", part="info", choices=_labels(Retention.choices)),
    Column("retention_years", "Gallras efter (år)", kind="int", part="info"),
    Column("retention_decision", "Beslut om gallring", part="info"),
    Column("period_from", "Från år", kind="year", part="info"),
    Column("period_to", "Till år", kind="year", part="info"),
    Column("volume_gb", "Volym (GB)", kind="decimal", part="info"),
    Column("record_count", "Antal poster eller ärenden", kind="int", part="info"),
]
STATUS_COLUMN = Column("status", "Status", kind="status", help="Visas vid export; ändras inte av en import.")
ALL_COLUMNS = [*COLUMNS, STATUS_COLUMN]
BY_HEADING = {c.heading.casefold(): c for c in ALL_COLUMNS}
SYSTEM_KEYS = [c.key for c in COLUMNS if c.part == "system"]
INFO_KEYS = [c.key for c in COLUMNS if c.part == "info"]


class Formula(str):
    """A cell that held a formula (xlsx): refused, whatever it computes."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    text = _text(value).replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"[+-]?\d{1,18}", text):
        raise ValueError
    return int(text)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        raise ValueError("format")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise LookupError(text) from exc


def _choice(column: Column, text: str) -> str:
    wanted = text.casefold()
    for value, label in column.choices:
        if wanted in (value.casefold(), label.casefold()):
            return value
    raise ValueError


def parse_cell(column: Column, raw: Any) -> tuple[Any, str | None]:
    """(value, None) or (None, message) for one cell. Empty cells give the field's empty value."""
    if isinstance(raw, Formula) or (isinstance(raw, str) and raw.lstrip().startswith("=")):
        return None, str(MSG_FORMULA)
    text = _text(raw)
    kind = column.kind
    if not text:
        if column.required:
            return None, str(MSG_REQUIRED_CELL)
        empty = {"yesno": YesNoUnknown.UNKNOWN.value, "bool": False, "text": "", "email": ""}
        if kind == "choice" and column.key == "export_capability":
            return ExportCapability.UNKNOWN.value, None
        return empty.get(kind), None
    try:
        if kind in ("text", "email"):
            if len(text) > column.max_length:
                return None, str(MSG_TOO_LONG % {"max": column.max_length})
            if kind == "email":
                try:
                    validate_email(text)
                except ValidationError:
                    return None, str(MSG_EMAIL)
            return text, None
        if kind == "yesno":
            folded = text.casefold()
            if folded in YES or raw is True:
                return YesNoUnknown.YES.value, None
            if folded in NO or raw is False:
                return YesNoUnknown.NO.value, None
            if folded in UNKNOWN:
                return YesNoUnknown.UNKNOWN.value, None
            return None, str(MSG_YESNO)
        if kind == "bool":
            folded = text.casefold()
            if folded in YES or raw is True:
                return True, None
            if folded in NO or raw is False:
                return False, None
            return None, str(MSG_BOOL)
        if kind == "krt":
            try:
                level = _int(raw)
            except ValueError:
                return None, str(MSG_KRT)
            return (level, None) if 0 <= level <= 4 else (None, str(MSG_KRT))
        if kind == "date":
            try:
                return _date(raw), None
            except LookupError:
                return None, str(MSG_DATE_MISSING % {"value": text})
            except (ValueError, OverflowError):
                return None, str(MSG_DATE_FORMAT)
        if kind == "choice":
            try:
                return _choice(column, text), None
            except ValueError:
                return None, str(MSG_CHOICE % {"allowed": ", ".join(label for _v, label in column.choices)})
        if kind in ("int", "year"):
            try:
                number = _int(raw)
            except ValueError:
                return None, str(MSG_INTEGER)
            if kind == "year" and not 1800 <= number <= 2200:
                return None, str(MSG_YEAR)
            if number < 0:
                return None, str(MSG_NEGATIVE)
            if kind == "int" and number > 10**15:
                return None, str(MSG_INTEGER)
            return number, None
        if kind == "decimal":
            try:
                number = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
            except InvalidOperation:
                return None, str(MSG_NUMBER)
            if not number.is_finite() or abs(number) >= Decimal("1e10"):
                return None, str(MSG_NUMBER)
            if number < 0:
                return None, str(MSG_NEGATIVE)
            return number.quantize(Decimal("0.01")), None
        if kind == "status":
            return text, None  # informational only
    except (TypeError, ValueError, ArithmeticError):
        pass
    return None, str(MSG_CHOICE % {"allowed": "?"})


def parse_row(cells: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Parse one row ({column key: raw cell}). Returns values and problems as [(heading, message)]."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column in ALL_COLUMNS:
        value, problem = parse_cell(column, cells.get(column.key))
        if problem:
            problems.append((column.heading, problem))
        values[column.key] = value
    headings = {c.key: c.heading for c in COLUMNS}
    info_given = any(values.get(k) not in (None, "") for k in INFO_KEYS if k not in ("it_name", "retention"))
    if values.get("it_name"):
        retention = values.get("retention")
        if not retention and not _text(cells.get("retention")):
            values["retention"] = None
            problems.append((headings["retention"], str(MSG_RETENTION_MISSING)))
        elif retention == Retention.DISPOSE and values.get("retention_years") in (None, ""):
            problems.append((headings["retention_years"], str(MSG_YEARS_MISSING)))
        elif retention == Retention.PRESERVE and values.get("retention_years"):
            problems.append((headings["retention_years"], str(MSG_YEARS_FOR_BEVARAS)))
        start, end = values.get("period_from"), values.get("period_to")
        if start and end and start > end:
            problems.append((headings["period_to"], str(MSG_PERIOD)))
    elif info_given:
        problems.append((headings["it_name"], str(MSG_INFO_WITHOUT_TYPE)))
    return values, problems


def status_label(value: str) -> str:
    try:
        return str(SystemStatus(value).label)
    except ValueError:
        return value
