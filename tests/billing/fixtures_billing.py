"""Billing data other tests build on (billing's own, the reports'): the two kommuners' invoicing details."""

from billing.models import BillingParty


def make_parties(lund, bjuv) -> tuple[BillingParty, BillingParty]:
    """Lund (the host, who invoices) and Bjuv (who is invoiced), as their finance offices gave them."""
    lund_party, _ = BillingParty.objects.get_or_create(
        kommun=lund,
        defaults=dict(
            orgnr="212000-1124",
            buyer_reference="Ekonomi",
            street="Stortorget 7",
            postal_zone="22223",
            city="Lund",
            payment_account="5050-1055",
            contact_email="faktura@lund.example",
        ),
    )
    bjuv_party, _ = BillingParty.objects.get_or_create(
        kommun=bjuv,
        defaults=dict(
            orgnr="212000-1066", buyer_reference="KS-4711", street="Box 501", postal_zone="26724", city="Bjuv"
        ),
    )
    return lund_party, bjuv_party
