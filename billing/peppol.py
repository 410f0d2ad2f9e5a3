"""Peppol BIS Billing 3.0 documents (UBL 2.1 Invoice and CreditNote) built with lxml.

Pure: it takes plain dataclasses and returns bytes, so the same statement always gives
the same document. UBL is an ordered schema: elements are appended in the order of
the UBL 2.1 XSD. VAT is summed per (category, rate) and rounded once per group, which is
what EN 16931 BR-CO-17 expects (rounding per line is off by an öre now and then).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from lxml import etree

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
ORGNR_SCHEME = "0007"  # Swedish organisation number (Bolagsverket) in the ISO 6523 ICD list
ORE = Decimal("0.01")


class VatCategory(StrEnum):
    """UNCL5305 VAT categories we use."""

    STANDARD = "S"
    ZERO = "Z"
    EXEMPT = "E"


@dataclass(frozen=True)
class Party:
    """Seller or buyer: a kommun with its organisation number and Peppol participant id."""

    name: str
    orgnr: str  # "212000-1124"
    street: str
    postal_zone: str
    city: str
    vat_id: str = ""  # "SE212000112401"
    contact_name: str = ""
    contact_email: str = ""
    country: str = "SE"

    @property
    def orgnr_digits(self) -> str:
        return self.orgnr.replace("-", "")

    @property
    def endpoint_id(self) -> str:
        """The Peppol participant id without its scheme: 0007:<orgnr without dash>."""
        return self.orgnr_digits


@dataclass(frozen=True)
class DocumentLine:
    """A line: one service for the period, quantity 1, net amount in SEK (positive)."""

    id: str
    name: str
    net_amount: Decimal
    vat_category: VatCategory = VatCategory.STANDARD
    vat_rate: Decimal = Decimal("25")
    description: str = ""
    exemption_reason: str = ""


@dataclass(frozen=True)
class Document:
    """Everything an invoice or credit note says. `credited_number` makes it a credit note."""

    number: str
    issue_date: date
    seller: Party
    buyer: Party
    buyer_reference: str
    lines: list[DocumentLine]
    period_start: date | None = None
    period_end: date | None = None
    due_date: date | None = None
    payment_terms: str = ""
    payment_account: str = ""  # bankgiro, shown as the payee account (credit transfer)
    note: str = ""
    currency: str = "SEK"
    credited_number: str = ""
    credited_issue_date: date | None = None

    @property
    def is_credit_note(self) -> bool:
        return bool(self.credited_number)


@dataclass(frozen=True)
class VatGroup:
    category: VatCategory
    rate: Decimal
    taxable: Decimal
    tax: Decimal
    exemption_reason: str = ""


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    groups: list[VatGroup] = field(default_factory=list)


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(ORE, rounding=ROUND_HALF_UP)


def vat_rate_of(line: DocumentLine) -> Decimal:
    """Exempt and zero-rated lines carry rate 0 (EN 16931 BR-E-05, BR-Z-05)."""
    return Decimal(0) if line.vat_category != VatCategory.STANDARD else Decimal(line.vat_rate)


def totals(lines: list[DocumentLine]) -> Totals:
    """Net, VAT and gross, with one VAT group per (category, rate), VAT rounded per group."""
    grouped: OrderedDict[tuple[str, Decimal], list[DocumentLine]] = OrderedDict()
    for line in lines:
        grouped.setdefault((line.vat_category, vat_rate_of(line)), []).append(line)
    groups = []
    for (category, rate), members in grouped.items():
        taxable = _money(sum((m.net_amount for m in members), Decimal(0)))
        reason = next((m.exemption_reason for m in members if m.exemption_reason), "")
        groups.append(VatGroup(VatCategory(category), rate, taxable, _money(taxable * rate / 100), reason))
    net = _money(sum((line.net_amount for line in lines), Decimal(0)))
    vat = _money(sum((g.tax for g in groups), Decimal(0)))
    return Totals(net=net, vat=vat, gross=net + vat, groups=groups)


def _fmt_rate(rate: Decimal) -> str:
    text = format(Decimal(rate).normalize(), "f")
    return text


class _Builder:
    def __init__(self, root_ns: str, root_name: str):
        self.root = etree.Element(f"{{{root_ns}}}{root_name}", nsmap={None: root_ns, "cac": NS_CAC, "cbc": NS_CBC})

    @staticmethod
    def cbc(parent, tag: str, text, **attrs):
        el = etree.SubElement(parent, f"{{{NS_CBC}}}{tag}", **attrs)
        el.text = str(text)
        return el

    @staticmethod
    def cac(parent, name: str):
        return etree.SubElement(parent, f"{{{NS_CAC}}}{name}")


def _party(b: _Builder, parent, role: str, party: Party) -> None:
    wrapper = b.cac(parent, role)
    el = b.cac(wrapper, "Party")
    b.cbc(el, "EndpointID", party.endpoint_id, schemeID=ORGNR_SCHEME)
    ident = b.cac(el, "PartyIdentification")
    b.cbc(ident, "ID", party.orgnr_digits, schemeID=ORGNR_SCHEME)
    b.cbc(b.cac(el, "PartyName"), "Name", party.name)
    address = b.cac(el, "PostalAddress")
    b.cbc(address, "StreetName", party.street)
    b.cbc(address, "CityName", party.city)
    b.cbc(address, "PostalZone", party.postal_zone)
    b.cbc(b.cac(address, "Country"), "IdentificationCode", party.country)
    if party.vat_id:
        tax_scheme = b.cac(el, "PartyTaxScheme")
        b.cbc(tax_scheme, "CompanyID", party.vat_id)
        b.cbc(b.cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    legal = b.cac(el, "PartyLegalEntity")
    b.cbc(legal, "RegistrationName", party.name)
    b.cbc(legal, "CompanyID", party.orgnr_digits, schemeID=ORGNR_SCHEME)
    if party.contact_name or party.contact_email:
        contact = b.cac(el, "Contact")
        if party.contact_name:
            b.cbc(contact, "Name", party.contact_name)
        if party.contact_email:
            b.cbc(contact, "ElectronicMail", party.contact_email)


def _tax_category(b: _Builder, parent, name: str, category: VatCategory, rate: Decimal, reason: str = "") -> None:
    el = b.cac(parent, name)
    b.cbc(el, "ID", category.value)
    b.cbc(el, "Percent", _fmt_rate(rate))
    if reason and name == "TaxCategory":
        b.cbc(el, "TaxExemptionReason", reason)
    b.cbc(b.cac(el, "TaxScheme"), "ID", "VAT")


def build(doc: Document) -> bytes:
    """The UBL 2.1 XML of an invoice (or, with `credited_number`, a credit note), UTF-8 bytes."""
    credit = doc.is_credit_note
    b = _Builder(NS_CREDIT_NOTE if credit else NS_INVOICE, "CreditNote" if credit else "Invoice")
    root, cur = b.root, doc.currency
    money = {"currencyID": cur}
    b.cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    b.cbc(root, "ProfileID", PROFILE_ID)
    b.cbc(root, "ID", doc.number)
    b.cbc(root, "IssueDate", doc.issue_date.isoformat())
    if not credit and doc.due_date:
        b.cbc(root, "DueDate", doc.due_date.isoformat())
    b.cbc(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", "381" if credit else "380")
    if doc.note:
        b.cbc(root, "Note", doc.note)
    b.cbc(root, "DocumentCurrencyCode", cur)
    b.cbc(root, "BuyerReference", doc.buyer_reference)
    if doc.period_start and doc.period_end:
        period = b.cac(root, "InvoicePeriod")
        b.cbc(period, "StartDate", doc.period_start.isoformat())
        b.cbc(period, "EndDate", doc.period_end.isoformat())
    if credit:
        ref = b.cac(b.cac(root, "BillingReference"), "InvoiceDocumentReference")
        b.cbc(ref, "ID", doc.credited_number)
        if doc.credited_issue_date:
            b.cbc(ref, "IssueDate", doc.credited_issue_date.isoformat())
    _party(b, root, "AccountingSupplierParty", doc.seller)
    _party(b, root, "AccountingCustomerParty", doc.buyer)
    if doc.payment_account and not credit:
        means = b.cac(root, "PaymentMeans")
        b.cbc(means, "PaymentMeansCode", "30", name="Credit transfer")
        b.cbc(means, "PaymentID", doc.number)
        account = b.cac(means, "PayeeFinancialAccount")
        b.cbc(account, "ID", doc.payment_account)
        b.cbc(account, "Name", doc.seller.name)
    if doc.payment_terms:
        b.cbc(b.cac(root, "PaymentTerms"), "Note", doc.payment_terms)
    sums = totals(doc.lines)
    tax_total = b.cac(root, "TaxTotal")
    b.cbc(tax_total, "TaxAmount", sums.vat, **money)
    for group in sums.groups:
        sub = b.cac(tax_total, "TaxSubtotal")
        b.cbc(sub, "TaxableAmount", group.taxable, **money)
        b.cbc(sub, "TaxAmount", group.tax, **money)
        _tax_category(b, sub, "TaxCategory", group.category, group.rate, group.exemption_reason)
    monetary = b.cac(root, "LegalMonetaryTotal")
    b.cbc(monetary, "LineExtensionAmount", sums.net, **money)
    b.cbc(monetary, "TaxExclusiveAmount", sums.net, **money)
    b.cbc(monetary, "TaxInclusiveAmount", sums.gross, **money)
    b.cbc(monetary, "PayableAmount", sums.gross, **money)
    for line in doc.lines:
        el = b.cac(root, "CreditNoteLine" if credit else "InvoiceLine")
        b.cbc(el, "ID", line.id)
        b.cbc(el, "CreditedQuantity" if credit else "InvoicedQuantity", "1", unitCode="C62")
        b.cbc(el, "LineExtensionAmount", _money(line.net_amount), **money)
        item = b.cac(el, "Item")
        if line.description:
            b.cbc(item, "Description", line.description)
        b.cbc(item, "Name", line.name)
        _tax_category(b, item, "ClassifiedTaxCategory", line.vat_category, vat_rate_of(line))
        b.cbc(b.cac(el, "Price"), "PriceAmount", _money(line.net_amount), **money)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
