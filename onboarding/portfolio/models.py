"""The product catalogue (shared by all kommuner) and the portfolio index. Both live in the public schema."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from onboarding.inventory.choices import CLASSIFICATION_LEVELS, ExportCapability, SystemStatus, YesNoUnknown

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
    # Volumes in whole megabytes (1 GB = 1,000 MB, so the kommun's GB with two decimals are kept
    # exactly): integers are the cheapest values to read for every row of the index, where a
    # numeric or a float costs about four times as much (tests/benchmarks/test_bench_onboarding.py).
    total_mb = models.BigIntegerField(default=0, help_text="Estimated volume of all information types, MB.")
    preserved_mb = models.BigIntegerField(default=0, help_text="The part of total_mb that is preserved (bevaras), MB.")
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

    @property
    def total_gb(self) -> Decimal:
        return gb_from_mb(self.total_mb)

    @property
    def preserved_share(self) -> Decimal | None:
        return preserved_share(self.total_mb, self.preserved_mb)

    @property
    def record_url(self) -> str:
        """The system's full record on its kommun's site (the förvaltning and ledning may read every kommun)."""
        path = reverse("onboarding:system_detail", args=[self.system_id], urlconf=settings.ROOT_URLCONF)
        return self.kommun.url(path)


MB_PER_GB = 1000


def mb_from_gb(gb: Decimal | None) -> int:
    """A volume in GB (two decimals, as the kommun enters it) as whole MB for the index."""
    return int((Decimal(gb or 0) * MB_PER_GB).to_integral_value(ROUND_HALF_UP))


def gb_from_mb(mb: int | None) -> Decimal:
    """Whole MB from the index back to GB with two decimals."""
    return (Decimal(mb or 0) / MB_PER_GB).quantize(Decimal("0.01"), ROUND_HALF_UP)


def preserved_share(total_mb: int | None, preserved_mb: int | None) -> Decimal | None:
    """The share of the volume that is preserved, four decimals; None when the volume is unknown (0)."""
    if not total_mb:
        return None
    return (Decimal(preserved_mb or 0) / Decimal(total_mb)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
