"""Billing at national scale: a 20-line model over 290 kommuner, 290 statements; validating one invoice."""

import csv
import statistics
import time
from decimal import Decimal
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / "shared"
KOMMUNER_290 = SHARED / "data/sweden_kommuner_290.csv"
EN16931_XSLT = SHARED / "corpora/einvoice/eInvoicing-EN16931/ubl/xslt/EN16931-UBL-validation.xslt"
KEYS = ["population", "equal", "systems", "gb", "deliveries"]

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def _national_kommuner():
    """290 kommun rows in public without schemas: billing lives in public and never enters them."""
    from billing.models import BillingParty
    from billing.models.parties import luhn_ok
    from tenants.models import Kommun, KommunPopulation

    existing = set(Kommun.objects.values_list("kommunkod", flat=True))
    with open(KOMMUNER_290, encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["municipality_code"] not in existing]
    new = Kommun.objects.bulk_create(
        Kommun(
            name=r["municipality_name_short"],
            kommunkod=r["municipality_code"],
            subdomain=f"k{r['municipality_code']}",
            schema_name=f"k{r['municipality_code']}",
        )
        for r in rows
    )
    KommunPopulation.objects.bulk_create(
        KommunPopulation(kommun=k, year=2024, population=5000 + int(k.kommunkod) * 7) for k in new
    )

    def orgnr_for(kommunkod: str) -> str:  # unique per kommunkod, valid check digit
        stem = f"21200{kommunkod}"
        return f"{stem[:6]}-{stem[6:]}{next(d for d in '0123456789' if luhn_ok(stem + d))}"

    members = list(Kommun.objects.members())
    BillingParty.objects.bulk_create(
        [
            BillingParty(
                kommun=k,
                orgnr=orgnr_for(k.kommunkod),
                buyer_reference="REF",
                street="Kommunhuset",
                postal_zone="10000",
                city=k.name,
            )
            for k in members
        ],
        ignore_conflicts=True,
    )
    return members


def test_bench_allocate_and_issue_290(bench_record, forvaltare, lund):
    from billing.models import CostBase, Statement
    from billing.services import costs, statements

    members = _national_kommuner()
    started = time.perf_counter()
    model = costs.cost_model_create(year=2024, name="Riket", actor=forvaltare)
    for i in range(20):
        costs.cost_line_create(
            model=model,
            actor=forvaltare,
            category="other",
            label=f"Rad {i + 1}",
            key=KEYS[i % len(KEYS)],
            amount=Decimal("123456.78") * (i + 1),
        )
    bases = list(model.bases.all())
    rows = {
        b.pk: {"systems": 1 + b.kommun_id % 7, "gb": Decimal(b.kommun_id % 97), "deliveries": 1 + b.kommun_id % 5}
        for b in bases
    }
    costs.cost_bases_update(model=model, rows=rows, actor=forvaltare)
    costs.cost_model_fix(model=model, actor=forvaltare)
    statements.statements_prepare(year=2024, period="Q1", actor=forvaltare)
    issued = statements.statements_issue_all(year=2024, period="Q1", actor=forvaltare)
    elapsed = time.perf_counter() - started
    assert CostBase.objects.filter(model=model).count() >= 290 and len(members) >= 290
    # Every member but the host (Lund does not invoice itself): 289 of Sweden's 290 kommuner.
    assert len(issued) == len(members) - 1 and Statement.objects.filter(number__isnull=False).count() == len(issued)
    bench_record("billing_290_s", round(elapsed, 3))
    bench_record("billing_290_statements", len(issued))


def test_bench_invoice_validation(bench_record):
    from datetime import date

    from billing import peppol, ubl_validation

    seller = peppol.Party("Lunds kommun", "212000-1124", "Stortorget 7", "22223", "Lund", "SE212000112401")
    buyer = peppol.Party("Bjuvs kommun", "212000-1066", "Box 501", "26724", "Bjuv", "SE212000106601")
    lines = [peppol.DocumentLine(str(i), f"Rad {i}", Decimal("1000.00") + i, vat_rate=Decimal("25")) for i in range(20)]
    xml = peppol.build(
        peppol.Document(
            "2024-00001",
            date(2024, 4, 2),
            seller,
            buyer,
            "REF",
            lines,
            due_date=date(2024, 5, 2),
            payment_terms="30 dagar",
        )
    )
    assert ubl_validation.validate(xml, xslt_path=str(EN16931_XSLT)).ok  # compiles the XSLT once (not measured)
    timings = []
    for _ in range(15):
        started = time.perf_counter()
        report = ubl_validation.validate(xml, xslt_path=str(EN16931_XSLT))
        timings.append((time.perf_counter() - started) * 1000)
        assert report.ok
    bench_record("invoice_validate_ms", round(statistics.median(timings), 2))
