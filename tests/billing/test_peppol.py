"""Our Peppol BIS 3 documents are valid UBL 2.1 and fire no fatal EN 16931 rule."""

from datetime import date
from decimal import Decimal

from billing import peppol, ubl_validation

SELLER = peppol.Party(
    "Lunds kommun",
    "212000-1124",
    "Stortorget 7",
    "22223",
    "Lund",
    "SE212000112401",
    "Förvaltningen",
    "faktura@lund.example",
)
BUYER = peppol.Party("Bjuvs kommun", "212000-1066", "Box 501", "26724", "Bjuv", "SE212000106601")
LINES = [
    peppol.DocumentLine("1", "Personal", Decimal("8495.13")),
    peppol.DocumentLine("2", "Licenser", Decimal("1234.57"), vat_rate=Decimal("12")),
    peppol.DocumentLine("3", "Drift", Decimal("0.07"), vat_rate=Decimal("6")),
    peppol.DocumentLine("4", "Personal del 2", Decimal("0.05")),
    peppol.DocumentLine(
        "5", "Lagring", Decimal("99.99"), peppol.VatCategory.EXEMPT, exemption_reason="Momsfri enligt 3 kap. ML"
    ),
]


def _invoice(**overrides) -> peppol.Document:
    fields = dict(
        number="2024-00001",
        issue_date=date(2024, 4, 2),
        seller=SELLER,
        buyer=BUYER,
        buyer_reference="KS-4711",
        lines=LINES,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 3, 31),
        due_date=date(2024, 5, 2),
        payment_terms="30 dagar netto",
        payment_account="5050-1055",
        note="Kostnadsfördelning 2024",
    )
    return peppol.Document(**{**fields, **overrides})


def test_invoice_with_several_vat_rates_and_an_exempt_line_is_valid(en16931_xslt):
    report = ubl_validation.validate(peppol.build(_invoice()), xslt_path=en16931_xslt)
    assert report.schematron and report.xsd_errors == [] and report.blocking == []
    assert report.ok


def test_credit_note_refers_to_the_invoice_and_is_valid(en16931_xslt):
    xml = peppol.build(
        _invoice(number="2024-00002", credited_number="2024-00001", credited_issue_date=date(2024, 4, 2), due_date=None)
    )
    assert b"<CreditNote" in xml and b"2024-00001</cbc:ID>" in xml
    report = ubl_validation.validate(xml, xslt_path=en16931_xslt)
    assert report.xsd_errors == [] and report.blocking == []


def test_exempt_only_invoice_is_valid(en16931_xslt):
    lines = [
        peppol.DocumentLine("1", "Lagring", Decimal("500.00"), peppol.VatCategory.EXEMPT, exemption_reason="Momsfri")
    ]
    report = ubl_validation.validate(peppol.build(_invoice(lines=lines)), xslt_path=en16931_xslt)
    assert report.ok


def test_vat_is_rounded_per_rate_group_not_per_line():
    sums = peppol.totals(LINES)
    standard = next(g for g in sums.groups if g.rate == Decimal("25"))
    assert standard.taxable == Decimal("8495.18") and standard.tax == Decimal("2123.80")
    assert sums.gross == sums.net + sums.vat


def test_a_broken_document_is_caught(en16931_xslt):
    xml = peppol.build(_invoice()).replace(
        b'<cbc:PayableAmount currencyID="SEK">', b'<cbc:PayableAmount currencyID="SEK">1'
    )
    report = ubl_validation.validate(xml, xslt_path=en16931_xslt)
    assert not report.ok and any(f.rule == "BR-CO-16" for f in report.blocking)
    misordered = peppol.build(_invoice()).replace(b"<cbc:ProfileID>", b"<cbc:Note>x</cbc:Note><cbc:ProfileID>")
    assert ubl_validation.validate_xsd(misordered)


def test_without_the_schematron_the_run_time_check_uses_the_xsd_and_the_rule_subset(settings):
    settings.BILLING_EN16931_XSLT = None
    report = ubl_validation.validate(peppol.build(_invoice()))
    assert not report.schematron and report.ok
