"""The plan's xlsx: a kommun's system or product name that looks like a formula is a text cell, never a formula."""

import io

import pytest
from openpyxl import load_workbook

from onboarding.planning import exports, services

pytestmark = pytest.mark.django_db

SYSTEM = "=cmd|' /C calc'!A0"
PRODUCT = '=HYPERLINK("http://angripare.example";"Öppna")'


def test_plan_xlsx_keeps_formula_looking_names_as_text(lund, bjuv, entry, plan_inputs, forvaltare):
    entry(lund, 1, SYSTEM, PRODUCT)
    entry(bjuv, 1, "@SUM(A1)", "+Procapita")
    plan = services.plan_build(actor=forvaltare)
    sheet = load_workbook(io.BytesIO(exports.plan_xlsx(plan)))["Plan"]
    header = [c.value for c in sheet[1]]
    cells = {}
    for row in sheet.iter_rows(min_row=2):
        for column in ("System", "Produkt"):
            cell = row[header.index(column)]
            assert cell.data_type == "s", (column, cell.value)
            cells.setdefault(column, set()).add(cell.value)
        assert isinstance(row[header.index("Poäng")].value, float | int)
    assert cells == {"System": {SYSTEM, "@SUM(A1)"}, "Produkt": {PRODUCT, "+Procapita"}}
