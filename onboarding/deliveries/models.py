"""Connections, submission agreements and deliveries of a kommun. These tables live in the kommun's schema.

The cross-kommun board reads the public index (onboarding.deliveries_index), written in the same
transaction as the connection.
"""

import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.deliveries_index.phases import FINAL, Phase, is_late, quarter_end
from tenants.choice_labels import ChoiceLabels

from .messages import MSG_AGREEMENT_PERIOD

YEAR_VALIDATORS = [MinValueValidator(1800), MaxValueValidator(2200)]


class Connection(ChoiceLabels, models.Model):
    """Connecting one system to the e-archive (systemanslutning), with its phase in the lifecycle."""

    system = models.ForeignKey(
        "onboarding.System", on_delete=models.PROTECT, related_name="connections", verbose_name=_("system")
    )
    phase = models.CharField(_("fas"), max_length=20, choices=Phase.choices, default=Phase.PLANNED)
    paused_from = models.CharField(_("pausad i fas"), max_length=20, choices=Phase.choices, blank=True)
    reason = models.TextField(_("skäl"), blank=True, help_text="Why it is paused or cancelled.")
    planned_quarter = models.CharField(
        _("planerat kvartal"), max_length=7, blank=True, help_text="From the decided connection plan, e.g. 2026Q3."
    )
    phase_changed_at = models.DateTimeField(auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["system__name"]
        constraints = [
            # One living connection per system; a cancelled one may be followed by a new one.
            models.UniqueConstraint(
                fields=["system"], condition=~models.Q(phase="avbruten"), name="connection_one_open_per_system"
            )
        ]
        verbose_name = _("anslutning")
        verbose_name_plural = _("anslutningar")

    def __str__(self) -> str:
        return f"{self.system} ({self.get_phase_display()})"

    @property
    def is_late(self) -> bool:
        return is_late(self.phase, self.planned_quarter)

    @property
    def planned_end(self):
        return quarter_end(self.planned_quarter)

    @property
    def is_final(self) -> bool:
        return self.phase in FINAL


class ConnectionTransition(models.Model):
    """One move of a connection from a phase to another: who, when, and their comment."""

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    comment = models.TextField(blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("fasövergång")
        verbose_name_plural = _("fasövergångar")

    def __str__(self) -> str:
        return f"{self.connection_id}: {self.from_phase} → {self.to_phase}"


class Frequency(models.TextChoices):
    ONCE = "engang", _("En gång")
    MONTHLY = "manad", _("Varje månad")
    QUARTERLY = "kvartal", _("Varje kvartal")
    YEARLY = "ar", _("Varje år")
    CONTINUOUS = "lopande", _("Löpande")


class PackageProfile(models.TextChoices):
    FGS_20 = "fgs-2.0", _("FGS Paketstruktur 2.0 (E-ARK CSIP 2.1.0 + SIP 2.1.0)")
    FGS_12 = "fgs-1.2", _("FGS Paketstruktur 1.2 (äldre METS-profil)")


class SubmissionAgreement(models.Model):
    """A version of the submission agreement (leveransöverenskommelse) of a connection.

    Versions are never edited: a change makes a new version, which needs its own approvals.
    """

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField()
    manager_name = models.CharField(_("systemförvaltare"), max_length=150)
    administrator_name = models.CharField(_("systemadministratör"), max_length=150, blank=True)
    archive_officer_name = models.CharField(_("arkivansvarig"), max_length=150)
    supplier_name = models.CharField(_("leverantör"), max_length=150, blank=True)
    information_types = models.TextField(_("informationstyper som levereras"))
    period_from = models.PositiveSmallIntegerField(
        _("period från år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    period_to = models.PositiveSmallIntegerField(_("period till år"), null=True, blank=True, validators=YEAR_VALIDATORS)
    file_formats = models.CharField(_("filformat"), max_length=200, help_text=_("Till exempel PDF/A, XML, CSV."))
    package_profile = models.CharField(
        _("paketprofil"), max_length=10, choices=PackageProfile.choices, default=PackageProfile.FGS_20
    )
    frequency = models.CharField(_("leveransfrekvens"), max_length=10, choices=Frequency.choices)
    notes = models.TextField(_("övrigt"), blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    kommun_approved_by = models.CharField(max_length=150, blank=True)
    kommun_approved_on = models.DateField(null=True, blank=True)
    archive_approved_by = models.CharField(max_length=150, blank=True)
    archive_approved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["connection", "-version"]
        constraints = [models.UniqueConstraint(fields=["connection", "version"], name="agreement_one_per_version")]
        verbose_name = _("leveransöverenskommelse")
        verbose_name_plural = _("leveransöverenskommelser")

    def __str__(self) -> str:
        return f"{self.connection.system} v{self.version}"

    @property
    def is_approved(self) -> bool:
        return bool(self.kommun_approved_on and self.archive_approved_on)

    def clean(self) -> None:
        if self.period_from and self.period_to and self.period_to < self.period_from:
            raise ValidationError({"period_to": MSG_AGREEMENT_PERIOD})


def delivery_path(instance, filename: str) -> str:
    # The storage is per schema (TenantFileSystemStorage); the stored name is never the user's.
    name = filename.lower()
    ext = ".tar.gz" if name.endswith(".tar.gz") else os.path.splitext(name)[1][:8]
    return f"deliveries/{instance.connection_id}/{instance.uuid}{ext}"


class Delivery(ChoiceLabels, models.Model):
    """An information package delivered for a connection: uploaded, or picked up from the ingest folder."""

    class Kind(models.TextChoices):
        TEST = "test", _("Testleverans")
        PRODUCTION = "produktion", _("Produktionsleverans")

    class Source(models.TextChoices):
        UPLOAD = "uppladdning", _("Uppladdad i webbläsaren")
        INGEST = "inleveransmapp", _("Hämtad från inleveransmappen")

    class State(models.TextChoices):
        RECEIVED = "mottagen", _("Mottagen, väntar på validering")
        VALIDATING = "validerar", _("Valideras")
        VALID = "giltig", _("Validerad utan fel")
        INVALID = "ogiltig", _("Validerad med fel")
        ACCEPTED = "godkand", _("Godkänd, lämnas över till e-arkivet")
        HANDOVER_FAILED = "overlamning_fel", _("Överlämningen misslyckades")
        HANDED_OVER = "overlamnad", _("Överlämnad, väntar på e-arkivets bekräftelse")
        ARCHIVED = "arkiverad", _("Arkiverad")
        INFECTED = "skadlig_kod", _("Skadlig kod hittad")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    connection = models.ForeignKey(Connection, on_delete=models.PROTECT, related_name="deliveries")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("källa"), max_length=16, choices=Source.choices, default=Source.UPLOAD)
    file = models.FileField(upload_to=delivery_path, max_length=255)
    original_name = models.CharField(_("filnamn"), max_length=255)
    size = models.PositiveBigIntegerField(_("storlek (byte)"))
    state = models.CharField(_("läge"), max_length=16, choices=State.choices, default=State.RECEIVED)
    progress = models.FloatField(default=0)
    progress_label = models.CharField(max_length=100, blank=True)
    report = models.JSONField(default=dict, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    infos = models.PositiveIntegerField(default=0)
    file_count = models.PositiveIntegerField(_("antal filer"), default=0)
    content_bytes = models.PositiveBigIntegerField(_("innehållets storlek (byte)"), default=0)
    handover_attempts = models.PositiveSmallIntegerField(default=0)
    handover_error = models.CharField(max_length=300, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    archive_id = models.CharField(_("e-arkivets identifierare"), max_length=200, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    delivered_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    # Where a package with malicious code lies (QUARANTINE_DIR, never served); its `file` is then empty.
    quarantine_path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state"])]
        verbose_name = _("leverans")
        verbose_name_plural = _("leveranser")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.RECEIVED, self.State.VALIDATING)

    @property
    def percent(self) -> int:
        return int(round(100 * self.progress))

    @property
    def gigabytes(self) -> float:
        return self.content_bytes / 1e9
