"""Billing fixtures: the CEN EN 16931 Schematron from ../shared (tests only), party data, a fixed model."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from billing.services import costs
from tests.billing.fixtures_billing import make_parties
from tests.needs import need

SHARED = Path(__file__).resolve().parents[3] / "shared"
EN16931_XSLT = SHARED / "corpora/einvoice/eInvoicing-EN16931/ubl/xslt/EN16931-UBL-validation.xslt"
SKANEARKIV_CSV = Path(__file__).resolve().parents[2] / "tenants/data/skanearkiv_kommuner.csv"  # the platform ships it


@pytest.fixture
def en16931_xslt() -> str:
    if not EN16931_XSLT.is_file():
        need("corpus", f"the EN 16931 Schematron is not at {EN16931_XSLT} (../shared/corpora/einvoice)")
    return str(EN16931_XSLT)


@pytest.fixture
def parties(lund, bjuv):
    return make_parties(lund, bjuv)


@pytest.fixture
def fixed_model(forvaltare, lund, bjuv, parties):
    """A fixed model for 2024 over Lund and Bjuv: population, equal, and an exempt storage line."""
    model = costs.cost_model_create(year=2024, name="Budget 2024", actor=forvaltare)
    costs.cost_line_create(
        model=model,
        actor=forvaltare,
        category="staff",
        label="Personal",
        key="population",
        amount=Decimal("1000000.00"),
    )
    costs.cost_line_create(
        model=model,
        actor=forvaltare,
        category="licences",
        label="Licenser",
        key="equal",
        amount=Decimal("100000.01"),
        vat_rate=Decimal("12"),
    )
    costs.cost_line_create(
        model=model,
        actor=forvaltare,
        category="storage",
        label="Lagring",
        key="population",
        amount=Decimal("33333.33"),
        vat_category="E",
        exemption_reason="Momsfri enligt 3 kap. ML",
    )
    return costs.cost_model_fix(model=model, actor=forvaltare)


ISSUE_DATE = date(2024, 4, 2)
