"""A kommun's systems and what they hold. These tables live in each kommun's own schema.

The product catalogue and the portfolio index are in public (onboarding.portfolio).
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from onboarding.inventory.choices import CLASSIFICATION_LEVELS, ExportCapability, Retention, SystemStatus, YesNoUnknown
from tenants.choice_labels import ChoiceLabels

from .messages import MSG_PERIOD_ORDER, MSG_RETENTION_YEARS_FOR_BEVARAS, MSG_RETENTION_YEARS_MISSING

YEAR_VALIDATORS = [MinValueValidator(1800), MaxValueValidator(2200)]


class System(ChoiceLabels, models.Model):
    """A verksamhetssystem of the kommun, with the facts an archivist needs to judge it for the e-archive."""

    name = models.CharField(_("systemnamn"), max_length=200)
    product = models.ForeignKey(
        "portfolio.Product",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("produkt"),
    )
    version = models.CharField(_("version"), max_length=60, blank=True)
    records_creator = models.CharField(_("arkivbildare (nämnd)"), max_length=150, blank=True)
    purpose = models.TextField(_("syfte"), blank=True)

    owner_name = models.CharField(_("systemägare, namn"), max_length=150, blank=True)
    owner_email = models.EmailField(_("systemägare, e-post"), blank=True)
    owner_phone = models.CharField(_("systemägare, telefon"), max_length=40, blank=True)
    manager_name = models.CharField(_("systemförvaltare, namn"), max_length=150, blank=True)
    manager_email = models.EmailField(_("systemförvaltare, e-post"), blank=True)
    manager_phone = models.CharField(_("systemförvaltare, telefon"), max_length=40, blank=True)
    administrator_name = models.CharField(_("systemadministratör, namn"), max_length=150, blank=True)
    administrator_email = models.EmailField(_("systemadministratör, e-post"), blank=True)
    administrator_phone = models.CharField(_("systemadministratör, telefon"), max_length=40, blank=True)

    personal_data = models.CharField(
        _("personuppgifter"), max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    sensitive_personal_data = models.CharField(
        _("känsliga personuppgifter"), max_length=8, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("konfidentialitet (K)"), null=True, blank=True, choices=CLASSIFICATION_LEVELS
    )
    integrity = models.PositiveSmallIntegerField(
        _("riktighet (R)"), null=True, blank=True, choices=CLASSIFICATION_LEVELS
    )
    availability = models.PositiveSmallIntegerField(
        _("tillgänglighet (T)"), null=True, blank=True, choices=CLASSIFICATION_LEVELS
    )

    decommission_date = models.DateField(_("avvecklingsdatum"), null=True, blank=True)
    export_capability = models.CharField(
        _("exportmöjlighet"), max_length=20, choices=ExportCapability.choices, default=ExportCapability.UNKNOWN
    )
    vendor_asked = models.BooleanField(_("leverantören tillfrågad"), default=False)

    status = models.CharField(_("status"), max_length=16, choices=SystemStatus.choices, default=SystemStatus.DRAFT)
    proposal_rank = models.PositiveIntegerField(_("kommunens rangordning"), null=True, blank=True)
    proposal_motivation = models.TextField(_("motivering"), blank=True)
    first_choice = models.BooleanField(_("förstahandsval"), default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # Imports match a system by name + product: that pair must identify one system.
            models.UniqueConstraint(Lower("name"), "product", name="system_name_product_unique", nulls_distinct=False),
        ]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["decommission_date"])]
        verbose_name = _("system")
        verbose_name_plural = _("system")

    def __str__(self) -> str:
        return self.name

    @property
    def classification_display(self) -> str:
        values = [self.confidentiality, self.integrity, self.availability]
        return "K{} R{} T{}".format(*("–" if v is None else v for v in values))


class InformationType(ChoiceLabels, models.Model):
    """A kind of information a system holds, with its retention, period and volume."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="information_types")
    name = models.CharField(_("informationstyp"), max_length=150)
    retention = models.CharField(_("bevarande"), max_length=8, choices=Retention.choices, default=Retention.PRESERVE)
    retention_years = models.PositiveSmallIntegerField(
        _("gallras efter (år)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    retention_decision = models.CharField(
        _("beslut (gallringsbeslut/dokumenthanteringsplan)"), max_length=200, blank=True
    )
    period_from = models.PositiveSmallIntegerField(_("från år"), null=True, blank=True, validators=YEAR_VALIDATORS)
    period_to = models.PositiveSmallIntegerField(_("till år"), null=True, blank=True, validators=YEAR_VALIDATORS)
    volume_gb = models.DecimalField(
        _("volym (GB)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    record_count = models.PositiveBigIntegerField(_("antal poster eller ärenden"), null=True, blank=True)

    class Meta:
        ordering = ["system", "name"]
        constraints = [models.UniqueConstraint(fields=["system", "name"], name="information_type_unique_name")]
        verbose_name = _("informationstyp")
        verbose_name_plural = _("informationstyper")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.retention == Retention.DISPOSE and not self.retention_years:
            errors["retention_years"] = MSG_RETENTION_YEARS_MISSING
        if self.retention == Retention.PRESERVE and self.retention_years:
            errors["retention_years"] = MSG_RETENTION_YEARS_FOR_BEVARAS
        if self.period_from and self.period_to and self.period_from > self.period_to:
            errors["period_to"] = MSG_PERIOD_ORDER
        if errors:
            raise ValidationError(errors)


class CompletionRequest(models.Model):
    """The förvaltning's request that the kommun completes a system's record, with its comment."""

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="completion_requests")
    comment = models.TextField(_("kommentar"))
    requested_by_name = models.CharField(max_length=150)
    requested_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("begäran om komplettering")
        verbose_name_plural = _("begäranden om komplettering")

    def __str__(self) -> str:
        return f"{self.system}: {self.comment[:40]}"


def attachment_path(instance, filename: str) -> str:
    # The storage is per schema (TenantFileSystemStorage); the stored name is never the user's.
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"onboarding/attachments/{instance.system_id}/{os.urandom(12).hex()}{ext}"


class Attachment(models.Model):
    """A file about a system (description, export sample). Served only through a view that checks access."""

    class Kind(models.TextChoices):
        DESCRIPTION = "beskrivning", _("Systembeskrivning")
        EXPORT_SAMPLE = "exportprov", _("Exportprov")
        OTHER = "ovrigt", _("Övrigt")

    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices, default=Kind.DESCRIPTION)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("filnamn"), max_length=200)
    size = models.PositiveBigIntegerField()
    uploaded_by_name = models.CharField(max_length=150, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")

    def __str__(self) -> str:
        return self.original_name


def import_path(instance, filename: str) -> str:
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"onboarding/imports/{os.urandom(12).hex()}{ext}"


class ImportJob(models.Model):
    """An uploaded inventory file on its way through check (preview) and import. Runs in Celery."""

    class State(models.TextChoices):
        CHECKING = "kontrolleras", _("Kontrolleras")
        PREVIEW = "forhandsvisning", _("Klar att importera")
        REFUSED = "avvisad", _("Avvisad")
        IMPORTING = "importeras", _("Importeras")
        DONE = "klar", _("Importerad")
        FAILED = "fel", _("Misslyckades")

    file = models.FileField(upload_to=import_path, max_length=255)
    original_name = models.CharField(max_length=200)
    state = models.CharField(max_length=16, choices=State.choices, default=State.CHECKING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.IMPORTING)

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
