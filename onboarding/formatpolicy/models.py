"""The förvaltning's accepted-formats policy: its rules, laid over the default list (onboarding/validation/data)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .messages import MSG_PUID_FORMAT

PUID_VALIDATOR = RegexValidator(r"^(x-)?(fmt|sfw|chr|gfmt)/[0-9]{1,5}$", MSG_PUID_FORMAT)


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Godtas")
    WARNING = "warning", _("Godtas med anmärkning")
    ERROR = "error", _("Godtas inte")


class RuleFields(models.Model):
    """What every format rule says (the förvaltning's and an agreement's): a PUID, its format, the decision, why."""

    puid = models.CharField(_("PRONOM-id (PUID)"), max_length=20, validators=[PUID_VALIDATOR])
    name = models.CharField(_("format"), max_length=200)
    decision = models.CharField(_("beslut"), max_length=10, choices=Decision.choices)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    changed_by_name = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.puid}: {self.get_decision_display()}"


class FormatRule(RuleFields):
    """One PUID's decision, set by the förvaltning; it replaces the default list's rule for that PUID."""

    puid = models.CharField(_("PRONOM-id (PUID)"), max_length=20, unique=True, validators=[PUID_VALIDATOR])

    class Meta:
        ordering = ["puid"]
        verbose_name = _("formatregel")
        verbose_name_plural = _("formatregler")
