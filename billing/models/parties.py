"""Billing party data of a kommun: organisation number, Peppol id, buyer reference, address."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun

from .. import peppol
from ..messages import MSG_ORGNR_CHECKSUM, MSG_ORGNR_FORMAT


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by Swedish organisation and personal numbers."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def validate_orgnr(value: str) -> None:
    if not re.fullmatch(r"\d{6}-\d{4}", value or ""):
        raise ValidationError(MSG_ORGNR_FORMAT, code="format")
    if not luhn_ok(value.replace("-", "")):
        raise ValidationError(MSG_ORGNR_CHECKSUM, code="checksum")


class BillingParty(models.Model):
    """What an invoice needs to know about a kommun as seller (the host) or buyer (a member).

    Kept beside the Kommun rather than on it: only billing needs it. An issued statement
    keeps a copy, so a later change of address does not change what was invoiced.
    """

    kommun = models.OneToOneField(Kommun, on_delete=models.PROTECT, related_name="billing_party")
    orgnr = models.CharField(_("organisationsnummer"), max_length=11, unique=True, validators=[validate_orgnr])
    buyer_reference = models.CharField(
        _("köparens referens"), max_length=100, help_text=_("Referens som köparen vill ha på fakturan (Peppol BT-10).")
    )
    street = models.CharField(_("gatuadress"), max_length=100)
    postal_zone = models.CharField(_("postnummer"), max_length=10)
    city = models.CharField(_("ort"), max_length=60)
    contact_name = models.CharField(_("kontaktperson"), max_length=100, blank=True)
    contact_email = models.EmailField(_("e-post för fakturor"), blank=True)
    payment_account = models.CharField(
        _("bankgiro"), max_length=20, blank=True, help_text=_("Används när kommunen är säljare (värdkommunen).")
    )

    class Meta:
        ordering = ["kommun__name"]
        verbose_name = _("faktureringsuppgifter")
        verbose_name_plural = _("faktureringsuppgifter")

    def __str__(self) -> str:
        return f"{self.kommun} ({self.orgnr})"

    @property
    def digits(self) -> str:
        return self.orgnr.replace("-", "")

    @property
    def peppol_id(self) -> str:
        return f"{peppol.ORGNR_SCHEME}:{self.digits}"

    @property
    def vat_id(self) -> str:
        return f"SE{self.digits}01"

    def snapshot(self) -> dict:
        """The party as it stands on an issued statement (JSON)."""
        return {
            "name": f"{self.kommun.name}s kommun"
            if not self.kommun.name.endswith("s")
            else f"{self.kommun.name} kommun",
            "orgnr": self.orgnr,
            "street": self.street,
            "postal_zone": self.postal_zone,
            "city": self.city,
            "vat_id": self.vat_id,
            "contact_name": self.contact_name,
            "contact_email": self.contact_email,
            "buyer_reference": self.buyer_reference,
            "payment_account": self.payment_account,
        }


def party_from_snapshot(data: dict) -> peppol.Party:
    fields = {k: data.get(k, "") for k in ("name", "orgnr", "street", "postal_zone", "city", "vat_id")}
    return peppol.Party(
        **fields, contact_name=data.get("contact_name", ""), contact_email=data.get("contact_email", "")
    )
