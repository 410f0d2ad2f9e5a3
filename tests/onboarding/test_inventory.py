"""Import and export of a kommun's inventory: template, preview problems, all-or-nothing, re-import, commands."""

import io
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from onboarding.inventory import columns, reader
from onboarding.inventory.columns import ALL_COLUMNS, COLUMNS, parse_row
from onboarding.inventory.writer import template_xlsx
from onboarding.models import System
from onboarding.portfolio.models import PortfolioEntry
from onboarding.services.changeset import MSG_DUPLICATE_ROW
from onboarding.services.exports import export_inventory
from onboarding.services.imports import import_inventory
from tenants.models import AuditEvent
from tests.onboarding.fixtures_onboarding import HEADINGS, make_system, row, xlsx

pytestmark = pytest.mark.django_db


def run(kommun, data: bytes, name: str = "system.xlsx", **kwargs):
    with tenant_context(kommun):
        return import_inventory(data, name, actor=None, **kwargs)


def messages_of(result) -> list[tuple]:
    return [(p.row, p.column, p.message) for p in result.problems]


def test_import_creates_systems_with_information_types_and_indexes_them(lund):
    rows = [
        row(Informationstyp="Akter", Bevarande="bevaras", **{"Från år": 2001, "Volym (GB)": 12.5}),
        row(Informationstyp="Loggar", Bevarande="gallras", **{"Gallras efter (år)": 2, "Volym (GB)": "2,5"}),
        row(Systemnamn="Elevregistret", Produkt="Extens", Leverantör="Pulsen", Avvecklingsdatum=date(2026, 6, 30)),
    ]
    result = run(lund, xlsx(rows))
    assert result.saved and result.summary["new"] == 2
    with tenant_context(lund):
        ifo = System.objects.get(name="Procapita IFO")
        assert sorted(ifo.information_types.values_list("name", flat=True)) == ["Akter", "Loggar"]
    assert PortfolioEntry.objects.filter(kommun=lund).count() == 2


def test_export_reimports_without_change_xlsx_and_csv(lund):
    make_system(lund)
    make_system(lund, complete=False, name="Utkast utan produkt")
    make_system(lund, name="Ett till", purpose='Syfte; med semikolon och "citat"', decommission_date=date(2027, 1, 31))
    for fmt in ("xlsx", "csv"):
        with tenant_context(lund):
            data = export_inventory(fmt=fmt)
        before = AuditEvent.objects.count()
        result = run(lund, data, f"export.{fmt}")
        assert result.problems == [], fmt
        assert result.summary["unchanged"] == 3 and result.summary["new"] == 0, fmt
        assert AuditEvent.objects.count() == before + 1  # only the import itself


def test_csv_export_neutralises_text_that_starts_like_a_formula_and_still_reimports(lund):
    make_system(lund, name="Växeln", owner_phone="+46 46 35 50 00", purpose="-gammalt system", version="@2")
    with tenant_context(lund):
        data = export_inventory(fmt="csv")
    text = data.decode("utf-8-sig")
    # a spreadsheet shows these as text: nothing in the file starts with =, +, - or @
    assert "'+46 46 35 50 00" in text and "'-gammalt system" in text and "'@2" in text
    for line in text.splitlines()[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in line.split(";")), line
    result = run(lund, data, "export.csv")
    assert result.problems == [] and result.summary["unchanged"] == 1
    with tenant_context(lund):
        system = System.objects.get(name="Växeln")
        assert (system.owner_phone, system.purpose, system.version) == ("+46 46 35 50 00", "-gammalt system", "@2")


def test_a_quoted_formula_in_a_csv_is_still_refused(lund):
    headings = ";".join(HEADINGS)
    values = {h: "" for h in HEADINGS}
    values.update({"Systemnamn": '\'=HYPERLINK("http://x")', "Produkt": "Ecos", "Leverantör": "Sokigo"})
    data = ("\ufeff" + headings + "\r\n" + ";".join(values[h] for h in HEADINGS) + "\r\n").encode()
    result = run(lund, data, "lista.csv")
    assert not result.saved
    assert any("formel" in p.message for p in result.problems)
    with tenant_context(lund):
        assert not System.objects.exists()


def test_reimport_with_a_change_updates_instead_of_duplicating(lund):
    run(lund, xlsx([row(Version="1")]))
    result = run(lund, xlsx([row(Version="2")]))
    assert result.summary["updated"] == 1
    with tenant_context(lund):
        assert list(System.objects.values_list("version", flat=True)) == ["2"]


def test_template_has_swedish_headings_and_instructions(lund):
    from onboarding.inventory.writer import template_xlsx

    workbook = load_workbook(io.BytesIO(template_xlsx()), read_only=True)
    assert workbook.sheetnames == ["System", "Instruktioner"]
    assert [c.value for c in next(workbook["System"].iter_rows())] == HEADINGS


def test_one_bad_row_saves_nothing_and_every_problem_has_row_and_column(lund):
    rows = [
        row(Systemnamn="Bra"),
        row(Systemnamn="Fel datum", Avvecklingsdatum="2025-02-30"),
        row(Systemnamn="Fel K", **{"Konfidentialitet (K)": 5, "Riktighet (R)": -1}),
        row(Systemnamn="Formel", Version="=1+1"),
        row(Systemnamn="Bra"),
    ]
    result = run(lund, xlsx(rows))
    assert not result.saved
    found = messages_of(result)
    assert (3, "Avvecklingsdatum", str(columns.MSG_DATE_MISSING % {"value": "2025-02-30"})) in found
    assert (4, "Konfidentialitet (K)", str(columns.MSG_KRT)) in found
    assert (4, "Riktighet (R)", str(columns.MSG_KRT)) in found
    assert (5, "Version", str(columns.MSG_FORMULA)) in found
    assert (6, "Systemnamn", str(MSG_DUPLICATE_ROW % {"row": 2})) in found
    with tenant_context(lund):
        assert not System.objects.exists()


def test_missing_and_renamed_columns_are_named(lund):
    headings = [h for h in HEADINGS if h != "Produkt"] + ["Produktnamn"]
    result = run(lund, xlsx([row()], headings=headings))
    found = messages_of(result)
    assert (1, "Produkt", str(reader.MSG_MISSING_COLUMN)) in found
    assert (1, "Produktnamn", str(reader.MSG_UNKNOWN_COLUMN % {"heading": "Produktnamn"})) in found


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"just some text", "system.xlsx", reader.MSG_NOT_XLSX),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "system.xlsx", reader.MSG_ENCRYPTED),
        (b"PK\x03\x04broken", "system.xlsx", reader.MSG_CORRUPT),
        (b"%PDF-1.4", "system.pdf", reader.MSG_FORMAT),
        (b"", "system.csv", reader.MSG_EMPTY_FILE),
    ],
)
def test_unreadable_files_get_a_clear_message(lund, data, name, message):
    result = run(lund, data, name)
    assert [(p.row, p.message) for p in result.problems] == [(None, str(message))]


def test_zip_that_is_not_a_workbook(lund):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hej")
    assert messages_of(run(lund, out.getvalue()))[0][2] == str(reader.MSG_NOT_XLSX)


def test_file_over_the_size_limit(lund, settings):
    settings.ONBOARDING_IMPORT_MAX_MB = 0.001
    result = run(lund, xlsx([row()] * 20))
    assert result.problems[0].message.startswith("Filen är för stor")


def test_csv_with_semicolons_and_swedish_excel_encoding(lund):
    text = ";".join(HEADINGS) + "\r\n" + ";".join(["Ekonomi", "Raindance", "CGI"] + [""] * (len(HEADINGS) - 3))
    result = run(lund, text.encode("cp1252"), "system.csv")
    assert result.saved, messages_of(result)


def test_command_refuses_with_one_line_per_problem_and_exit_1(lund, tmp_path, capsys):
    path = tmp_path / "fel.xlsx"
    path.write_bytes(xlsx([row(Avvecklingsdatum="31/12/2025"), row(Systemnamn="X", **{"Tillgänglighet (T)": 9})]))
    with pytest.raises(SystemExit) as exc:
        call_command("systems_import", "lund", str(path))
    assert exc.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f"rad 2, Avvecklingsdatum: {columns.MSG_DATE_FORMAT}",
        f"rad 3, Tillgänglighet (T): {columns.MSG_KRT}",
    ]
    with tenant_context(lund):
        assert not System.objects.exists()


def test_command_dry_run_then_import_then_export(lund, tmp_path, capsys):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(xlsx([row()]))
    call_command("systems_import", "lund", str(path), "--dry-run")
    with tenant_context(lund):
        assert not System.objects.exists()
    call_command("systems_import", "lund", str(path))
    with tenant_context(lund):
        assert System.objects.count() == 1
    out = tmp_path / "export.csv"
    call_command("systems_export", "lund", str(out))
    assert "Procapita IFO" in out.read_text(encoding="utf-8-sig")


cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["ja", "nej", "okänt", "2025-02-30", "=SUM(A1)", "1,5", "bevaras", "gallras", "XML", " 4 "]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({c.key: cell_values for c in COLUMNS}))
def test_row_parser_never_crashes_and_names_known_columns(cells):
    values, problems = parse_row(cells)
    known = {c.heading for c in ALL_COLUMNS}
    assert all(heading in known and message for heading, message in problems)
    if not problems:
        assert values["name"]
        for key in ("confidentiality", "integrity", "availability"):
            assert values[key] is None or 0 <= values[key] <= 4


def test_xlsx_export_writes_formula_looking_text_as_text_and_still_reimports(lund):
    make_system(lund, name="@Växeln", owner_phone="+46 46 35 50 00", purpose="-gammalt system")
    make_system(lund, name='=HYPERLINK("http://x";"y")')  # typed in the wizard; the import refuses "=" itself
    with tenant_context(lund):
        data = export_inventory(fmt="xlsx")
    sheet = load_workbook(io.BytesIO(data))["System"]
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("Systemnamn")] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {"@Växeln", '=HYPERLINK("http://x";"y")'}
    assert all(c.data_type == "s" for c in cells)  # never "f": opening the file runs nothing
    with tenant_context(lund):
        System.objects.filter(name__startswith="=").delete()
    with tenant_context(lund):
        data = export_inventory(fmt="xlsx")
    result = run(lund, data, "export.xlsx")
    assert result.problems == [] and result.summary["unchanged"] == 1
    with tenant_context(lund):
        system = System.objects.get(name="@Växeln")
        assert (system.owner_phone, system.purpose) == ("+46 46 35 50 00", "-gammalt system")


def test_template_offers_drop_down_lists_an_example_row_and_a_frozen_header(lund):
    """Issue 12: coded columns have drop-down lists, there is an example row, and the header stays in view."""
    data = template_xlsx()
    sheet = load_workbook(io.BytesIO(data))["System"]
    assert sheet.freeze_panes == "A2"
    column = {cell.value: cell.column_letter for cell in sheet[1]}
    lists = {str(rule.sqref).split(":")[0]: rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert lists[column["Personuppgifter"] + "2"] == '"ja,nej,okänt"'
    assert lists[column["Konfidentialitet (K)"] + "2"] == '"0,1,2,3,4"'
    assert lists[column["Bevarande"] + "2"] == '"bevaras,gallras"'
    assert column["Exportmöjlighet"] + "2" in lists and column["Systemnamn"] + "2" not in lists
    assert sheet[column["Systemnamn"] + "2"].value == reader.EXAMPLE_NAME
    assert not reader.read_inventory(data, "systemmall.xlsx").rows  # the example alone is no system


def test_the_example_row_left_in_is_passed_over(lund):
    with tenant_context(lund):
        result = import_inventory(xlsx([row(Systemnamn=reader.EXAMPLE_NAME), row()]), "system.xlsx", actor=None)
    assert not result.problems and result.summary["systems"] == 1 and result.summary["rows"] == 1
