"""Issued reports: one row per PDF asked for (by a person or by the schedule), immutable once done."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun, User


class ReportKind(models.TextChoices):
    CONSORTIUM = "consortium", _("Lägesrapport för samverkan")
    KOMMUN = "kommun", _("Kommunrapport")
    PLAN = "plan", _("Anslutningsplan")
    STATEMENT = "statement", _("Fakturaunderlag")
    NEWSLETTER = "newsletter", _("Nyhetsbrev")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Väntar")
    RUNNING = "running", _("Skapas")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class ImmutableReportError(Exception):
    """A finished report was about to change: issued reports are kept exactly as they were made."""


class IssuedReport(models.Model):
    """A report asked for, its progress while a worker renders it, and the stored PDF once done.

    Once `status` is done the row never changes again (save() and delete() refuse), so the
    checksum keeps proving that the file is the one that was issued. `kommun` is the kommun
    whose data the report shows (None for the consortium-wide reports): access is decided by it.
    """

    kind = models.CharField(_("typ"), max_length=12, choices=ReportKind.choices)
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    parameters = models.JSONField(_("parametrar"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("beställd av")
    )
    scheduled = models.BooleanField(_("schemalagd"), default=False)
    requested_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    step = models.CharField(max_length=80, blank=True, help_text="What the worker is doing now (shown while it runs).")
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(_("storlek (byte)"), null=True, blank=True)
    file_path = models.CharField(max_length=200, blank=True, help_text="Relative to REPORTS_ROOT.")
    page_count = models.PositiveSmallIntegerField(_("sidor"), null=True, blank=True)
    data_as_of = models.DateTimeField(_("uppgifterna gäller"), null=True, blank=True)
    figures = models.JSONField(
        default=dict, blank=True, help_text="Key figures at issue: later reports draw them over time."
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["kind", "kommun", "status", "-finished_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | (models.Q(sha256__regex=r"^[0-9a-f]{64}$") & ~models.Q(file_path="")),
                name="report_done_has_file_and_checksum",
            ),
        ]
        verbose_name = _("utfärdad rapport")
        verbose_name_plural = _("utfärdade rapporter")

    def __str__(self) -> str:
        subject = f" – {self.kommun}" if self.kommun_id else ""
        return f"{self.get_kind_display()}{subject} ({self.requested_at:%Y-%m-%d %H:%M})" if self.requested_at else ""

    def save(self, *args, **kwargs):
        if self.pk is not None and self.was_done:
            raise ImmutableReportError("An issued report cannot be changed.")
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def delete(self, *args, **kwargs):
        if self.was_done or self.status == ReportStatus.DONE:
            raise ImmutableReportError("An issued report cannot be deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = dict(zip(field_names, values, strict=True)).get("status")
        return instance

    @property
    def was_done(self) -> bool:
        return getattr(self, "_loaded_status", None) == ReportStatus.DONE

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    @property
    def filename(self) -> str:
        subject = self.kommun.subdomain if self.kommun_id else "samverkan"
        when = (self.finished_at or self.requested_at).strftime("%Y-%m-%d")
        return f"{self.kind}-{subject}-{when}-{self.pk}.pdf"
