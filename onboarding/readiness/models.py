"""The readiness checklist: a template of actions in versions (kept by the förvaltning), each kommun's marks on
them, and meetings whose actions join one kommun's checklist or every kommun's.

An action is due a number of days before the kommun's planned first connection (its own date, or else the start of
the earliest quarter the plan gives one of its connections). Some actions are ticked by the platform from its data
(`PlatformCheck`); the rest are marked done by the kommun's people, with a comment.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.choice_labels import ChoiceLabels


class Category(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation och roller")
    INVENTORY = "inventering", _("Systeminventering")
    INFORMATION = "information", _("Information och klassning")
    AGREEMENT = "overenskommelse", _("Överenskommelse")
    DELIVERY = "leverans", _("Leverans")


class Responsible(models.TextChoices):
    """Who in the kommun does the action (a person's job there, not a role on the platform)."""

    KONTAKT = "kontakt", _("Kontaktperson")
    ARKIVARIE = "arkivarie", _("Arkivarie")
    SYSTEM_OWNER = "systemagare", _("Systemägare")
    LEDNING = "ledning", _("Ledning")


class PlatformCheck(models.TextChoices):
    """Facts the platform sees in its own data: an action with one is done when the fact holds."""

    ARKIVARIE_APPOINTED = "arkivarie", _("En arkivarie har roll i kommunen")
    INVENTORY_SUBMITTED = "inventering", _("Systeminventeringen är inskickad")
    CLASSIFIED = "krt", _("Varje inskickat system har K, R och T")
    PROPOSAL_MADE = "forslag", _("Kommunens förslag är gjort")
    AGREEMENT_APPROVED = "overenskommelse", _("En leveransöverenskommelse är godkänd")
    TEST_DELIVERY_VALID = "testleverans", _("En testleverans klarade valideringen")


class ChecklistVersion(models.Model):
    """One version of the checklist template. The newest published version is every kommun's checklist; a draft is
    the förvaltning's work on the next one (at most one draft at a time)."""

    number = models.PositiveIntegerField(unique=True)
    note = models.CharField(_("vad som ändrats"), max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("checklisteversion")
        verbose_name_plural = _("checklisteversioner")

    def __str__(self) -> str:
        return f"Version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ChecklistItem(ChoiceLabels, models.Model):
    """An action of the template. `key` stays the same from version to version, so a kommun's mark on an action
    survives a new version of the checklist; `position` orders the actions by how much they matter."""

    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("åtgärd"), max_length=200)
    why = models.TextField(_("varför"))
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    responsible = models.CharField(_("vem i kommunen"), max_length=20, choices=Responsible.choices)
    days_before = models.IntegerField(
        _("klar dagar före första anslutningen"),
        help_text=_("Antal dagar före kommunens planerade första anslutning som åtgärden ska vara klar."),
    )
    platform_check = models.CharField(
        _("bockas av plattformen när"), max_length=20, choices=PlatformCheck.choices, blank=True
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="readiness_item_key_once_per_version")]
        verbose_name = _("åtgärd i checklistan")
        verbose_name_plural = _("åtgärder i checklistan")

    def __str__(self) -> str:
        return self.title


class KommunPlan(models.Model):
    """The förvaltning's date for a kommun's first connection, when it is set by hand (else the plan's)."""

    kommun = models.OneToOneField("tenants.Kommun", on_delete=models.CASCADE, related_name="readiness_plan")
    first_connection = models.DateField(_("planerad första anslutning"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planerad första anslutning")
        verbose_name_plural = _("planerade första anslutningar")

    def __str__(self) -> str:
        return f"{self.kommun_id}: {self.first_connection}"


class Meeting(models.Model):
    """A visit, workshop, kick-off or follow-up with one or more kommuner."""

    class Kind(models.TextChoices):
        VISIT = "besok", _("Besök i kommunen")
        WORKSHOP = "workshop", _("Workshop")
        KICKOFF = "kickoff", _("Kick-off")
        FOLLOW_UP = "uppfoljning", _("Uppföljning")

    date = models.DateField(_("datum"))
    kind = models.CharField(_("typ av möte"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    kommuner = models.ManyToManyField("tenants.Kommun", related_name="readiness_meetings", verbose_name=_("kommuner"))
    participants = models.TextField(_("deltagare"), blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"])]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class MeetingAction(ChoiceLabels, models.Model):
    """An action that came out of a meeting: on one kommun's checklist, or on every kommun's (kommun empty)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    kommun = models.ForeignKey(
        "tenants.Kommun", on_delete=models.CASCADE, null=True, blank=True, related_name="readiness_actions"
    )
    title = models.CharField(_("åtgärd"), max_length=200)
    why = models.TextField(_("varför"), blank=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    responsible = models.CharField(_("vem i kommunen"), max_length=20, choices=Responsible.choices)
    due = models.DateField(_("klar senast"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("åtgärd från möte")
        verbose_name_plural = _("åtgärder från möten")

    def __str__(self) -> str:
        return self.title


class ActionMark(models.Model):
    """A kommun's mark on one action (a template action by its key, or a meeting's action): done with a comment,
    or reopened by the förvaltning with a reason. One row per kommun and action; the audit trail keeps the history."""

    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.CASCADE, related_name="readiness_marks")
    item_key = models.SlugField(max_length=60, blank=True)
    action = models.ForeignKey(MeetingAction, on_delete=models.CASCADE, null=True, blank=True, related_name="marks")
    done = models.BooleanField(default=True)
    comment = models.TextField(_("kommentar"), blank=True)
    marked_by_name = models.CharField(max_length=150, blank=True)
    marked_at = models.DateTimeField()
    reopened_reason = models.TextField(_("skäl att öppna igen"), blank=True)
    reopened_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "item_key"], condition=~models.Q(item_key=""), name="readiness_mark_once_per_item"
            ),
            models.UniqueConstraint(
                fields=["kommun", "action"],
                condition=models.Q(action__isnull=False),
                name="readiness_mark_once_per_action",
            ),
            models.CheckConstraint(
                condition=(models.Q(item_key="") & models.Q(action__isnull=False))
                | (~models.Q(item_key="") & models.Q(action__isnull=True)),
                name="readiness_mark_item_or_action",
            ),
        ]
        verbose_name = _("markering")
        verbose_name_plural = _("markeringar")

    def __str__(self) -> str:
        return f"{self.kommun_id}: {self.item_key or self.action_id} {'klar' if self.done else 'öppen'}"
