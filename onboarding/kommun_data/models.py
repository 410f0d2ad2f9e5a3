"""A kommun's data out and back: exports (zip of every record and file) and departures (a kommun that leaves).

Both live in the public schema: an export outlives the kommun's schema, and so does the record of its departure.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KommunExport(models.Model):
    """One export of a kommun's data: queued, written by a Celery task with progress, then downloadable.

    The zip is written next to its final name and renamed when complete, so a half-written file never
    has the name of an export. `kept` exports (the one made when a kommun leaves) are never removed.
    """

    class State(models.TextChoices):
        QUEUED = "ko", _("Väntar på att starta")
        RUNNING = "pagar", _("Exporteras")
        DONE = "klar", _("Klar att ladda ned")
        FAILED = "fel", _("Misslyckades")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.PROTECT, related_name="+")
    with_packages = models.BooleanField(_("med levererade paket"), default=False)
    kept = models.BooleanField(default=False, help_text="Made when the kommun left: kept after its data is deleted.")
    state = models.CharField(_("läge"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.FloatField(default=0)
    progress_label = models.CharField(max_length=100, blank=True)
    path = models.CharField(max_length=500, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dataexport")
        verbose_name_plural = _("dataexporter")

    def __str__(self) -> str:
        return f"{self.kommun} {self.created_at:%Y-%m-%d %H:%M} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return int(round(100 * self.progress))

    @property
    def download_name(self) -> str:
        return f"{self.kommun.subdomain}-data-{self.created_at:%Y%m%d-%H%M}.zip"


class KommunDeparture(models.Model):
    """A kommun that leaves the consortium: when, why, the export kept, and when its data is (or was) deleted.

    From `left_at` the kommun's people have no access and its schema is read-only for the förvaltning;
    on or after `delete_on` the förvaltning may delete the schema and files (`deleted_at`). The row
    and the audit trail of it stay.
    """

    kommun = models.OneToOneField("tenants.Kommun", on_delete=models.PROTECT, related_name="departure")
    left_at = models.DateTimeField()
    delete_on = models.DateField(_("raderingsdatum"))
    reason = models.TextField(_("skäl"))
    export = models.ForeignKey(KommunExport, on_delete=models.PROTECT, null=True, related_name="+")
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-left_at"]
        verbose_name = _("utträde")
        verbose_name_plural = _("utträden")

    def __str__(self) -> str:
        return f"{self.kommun} ({self.left_at:%Y-%m-%d})"
