"""Public-schema tables about connections across kommuner: the connection index, hand-overs and archive backends.

The index rows are written by the kommun's services in the same transaction as the connection or
delivery (same connection, search_path "<kommun>, public"), so cross-kommun pages read one table.
"""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.choice_labels import ChoiceLabels

from .phases import Phase, is_late


class ConnectionEntry(models.Model):
    """One row per connection of every kommun: what the förvaltning's board and the reports need."""

    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.CASCADE, related_name="connection_entries")
    connection_id = models.BigIntegerField()
    system_id = models.BigIntegerField()
    system_name = models.CharField(max_length=200)
    product = models.ForeignKey("portfolio.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    planned_quarter = models.CharField(max_length=7, blank=True)
    archived_files = models.PositiveBigIntegerField(default=0)
    archived_bytes = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kommun_id", "system_name"]
        constraints = [
            models.UniqueConstraint(fields=["kommun", "connection_id"], name="connection_entry_one_per_connection")
        ]
        indexes = [models.Index(fields=["phase"]), models.Index(fields=["product"])]
        verbose_name = _("anslutning (index)")
        verbose_name_plural = _("anslutningsindex")

    def __str__(self) -> str:
        return f"{self.kommun_id}/{self.connection_id} {self.system_name}"

    @property
    def is_late(self) -> bool:
        return is_late(self.phase, self.planned_quarter)


class HandOver(ChoiceLabels, models.Model):
    """A production delivery handed over to the archive backend's ingest area, and the archive's confirmation.

    The archive names the package by `uuid` (the file's name in ARCHIVE_INGEST_DIR/<kommun>/) and
    confirms by it; the kommun comes from this row, never from the caller.
    """

    class State(models.TextChoices):
        PENDING = "overlamnas", _("Lämnas över")
        HANDED_OVER = "overlamnad", _("Överlämnad")
        ARCHIVED = "arkiverad", _("Arkiverad")

    uuid = models.UUIDField(unique=True)
    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.PROTECT, related_name="+")
    delivery_id = models.BigIntegerField()
    connection_id = models.BigIntegerField()
    system_id = models.BigIntegerField()
    system_name = models.CharField(max_length=200)
    file_name = models.CharField(max_length=255, blank=True)
    files = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    archive_id = models.CharField(max_length=200, blank=True)
    backend = models.ForeignKey("ArchiveBackend", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kommun", "state"])]
        verbose_name = _("överlämning")
        verbose_name_plural = _("överlämningar")

    def __str__(self) -> str:
        return f"{self.uuid} ({self.get_state_display()})"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ArchiveBackend(models.Model):
    """An archive backend that may confirm ingest through the API, with its tokens (ArchiveToken)."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("arkivbackend")
        verbose_name_plural = _("arkivbackends")

    def __str__(self) -> str:
        return self.name


class ArchiveTokenQuerySet(models.QuerySet):
    def valid(self, now=None):
        """Tokens that open the API now: not revoked, not expired, of an active backend."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, backend__is_active=True)


class ArchiveToken(models.Model):
    """One API token of an archive backend. Only its SHA-256 is kept, and its first characters (`prefix`)
    to tell tokens apart. A backend has one valid token, or two while it switches to a new one (rotation)."""

    backend = models.ForeignKey(ArchiveBackend, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("början av nyckeln"), max_length=8)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by_email = models.CharField(max_length=254, blank=True)
    expires_at = models.DateTimeField(_("giltig till"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by_email = models.CharField(max_length=254, blank=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    objects = ArchiveTokenQuerySet.as_manager()

    class Meta:
        ordering = ["backend", "-created_at", "-id"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.backend} {self.prefix}…"

    def is_valid(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.backend.is_active

    @property
    def state_label(self) -> str:
        if self.revoked_at is not None:
            return str(_("Återkallad"))
        if self.expires_at <= timezone.now():
            return str(_("Utgången"))
        return str(_("Giltig"))
