"""A submission agreement's own format rules: they narrow (refuse a format) or widen (accept one) the policy."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.formatpolicy.models import PUID_VALIDATOR, Decision


class AgreementFormatRule(models.Model):
    """One PUID's decision for the deliveries under one submission agreement version (wins over the policy)."""

    agreement = models.ForeignKey(
        "deliveries.SubmissionAgreement", on_delete=models.CASCADE, related_name="format_rules"
    )
    puid = models.CharField(_("PRONOM-id (PUID)"), max_length=20, validators=[PUID_VALIDATOR])
    name = models.CharField(_("format"), max_length=200)
    decision = models.CharField(_("beslut"), max_length=10, choices=Decision.choices)
    note = models.CharField(_("anmärkning"), max_length=300, blank=True)
    changed_by_name = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agreement", "puid"]
        constraints = [models.UniqueConstraint(fields=["agreement", "puid"], name="agreement_format_one_per_puid")]
        verbose_name = _("formatregel i överenskommelsen")
        verbose_name_plural = _("formatregler i överenskommelsen")

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.puid}: {self.get_decision_display()}"
