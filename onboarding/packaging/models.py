"""A package the platform builds for a kommun from its export (FGS Paketstruktur 2.0), with its progress.

The table lives in the kommun's schema, beside the connection and agreement it was built for.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class PackageBuild(models.Model):
    """One build: the export as uploaded, the metadata the person checked, progress, and the package made.

    The export is removed when the build ends; the package stays for download and for one test delivery.
    """

    class State(models.TextChoices):
        QUEUED = "ko", _("Väntar på att byggas")
        RUNNING = "bygger", _("Byggs")
        DONE = "klar", _("Klart")
        REFUSED = "nekad", _("Exporten nekades")
        FAILED = "fel", _("Misslyckades")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    connection = models.ForeignKey(
        "deliveries.Connection", on_delete=models.PROTECT, related_name="package_builds", verbose_name=_("anslutning")
    )
    agreement = models.ForeignKey("deliveries.SubmissionAgreement", on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("läge"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.FloatField(default=0)
    progress_label = models.CharField(max_length=100, blank=True)
    export_name = models.CharField(_("export"), max_length=255)
    export_path = models.CharField(max_length=255, help_text="In the kommun's storage; removed when the build ends.")
    metadata = models.JSONField(default=dict)
    package_path = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("paketets storlek (byte)"), default=0)
    file_count = models.PositiveIntegerField(_("antal filer"), default=0)
    content_bytes = models.PositiveBigIntegerField(_("innehållets storlek (byte)"), default=0)
    reasons = models.JSONField(default=list, blank=True, help_text="Why the export was refused (Swedish sentences).")
    delivery = models.ForeignKey(
        "deliveries.Delivery", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("paketbygge")
        verbose_name_plural = _("paketbyggen")

    def __str__(self) -> str:
        return f"{self.metadata.get('objid', self.pk)} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return int(round(100 * self.progress))

    @property
    def download_name(self) -> str:
        return f"{self.metadata.get('objid', 'paket')}.zip"
