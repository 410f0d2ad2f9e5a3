"""The product catalogue (shared by all kommuner) and the portfolio index. Both live in the public schema."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.choices import CLASSIFICATION_LEVELS, ExportCapability, SystemStatus, YesNoUnknown

from .normalize import product_key


class Product(models.Model):
    """A product (vendor + product name), shared by all kommuner so the same product is recognised everywhere.

    `key` is the normalised "name|vendor": "procapita" and "ProCapita " are one product.
    """

    name = models.CharField(_("produkt"), max_length=120)
    vendor = models.CharField(_("leverantör"), max_length=120, blank=True)
    key = models.CharField(max_length=250, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "vendor"]
        verbose_name = _("produkt")
        verbose_name_plural = _("produkter")

    def __str__(self) -> str:
        return f"{self.name} ({self.vendor})" if self.vendor else self.name

    def save(self, *args, **kwargs):
        self.key = product_key(self.name, self.vendor)
        super().save(*args, **kwargs)


class PortfolioEntry(models.Model):
    """One row per system of every kommun, with the facts prioritisation needs.

    Written by the kommun's system services in the same transaction as the system itself,
    so a cross-kommun page reads one public table instead of looping over 290 schemas.
    """

    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.CASCADE, related_name="portfolio_entries")
    system_id = models.BigIntegerField()
    name = models.CharField(max_length=200)
    product = models.ForeignKey(Product, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    status = models.CharField(max_length=16, choices=SystemStatus.choices)
    confidentiality = models.PositiveSmallIntegerField(null=True, blank=True, choices=CLASSIFICATION_LEVELS)
    integrity = models.PositiveSmallIntegerField(null=True, blank=True, choices=CLASSIFICATION_LEVELS)
    availability = models.PositiveSmallIntegerField(null=True, blank=True, choices=CLASSIFICATION_LEVELS)
    personal_data = models.CharField(max_length=8, choices=YesNoUnknown.choices)
    sensitive_personal_data = models.CharField(max_length=8, choices=YesNoUnknown.choices)
    decommission_date = models.DateField(null=True, blank=True)
    export_capability = models.CharField(max_length=20, choices=ExportCapability.choices)
    total_gb = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    preserved_share = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True, help_text="Share of the volume (GB) that is preserved."
    )
    proposal_rank = models.PositiveIntegerField(null=True, blank=True)
    first_choice = models.BooleanField(default=False)
    completeness = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["kommun_id", "name"]
        constraints = [models.UniqueConstraint(fields=["kommun", "system_id"], name="portfolio_one_row_per_system")]
        indexes = [models.Index(fields=["product"]), models.Index(fields=["status"])]
        verbose_name = _("portföljrad")
        verbose_name_plural = _("portföljindex")

    def __str__(self) -> str:
        return f"{self.kommun_id}/{self.system_id} {self.name}"
