"""A submission agreement's own format rules: they narrow (refuse a format) or widen (accept one) the policy."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.formatpolicy.models import RuleFields


class AgreementFormatRule(RuleFields):
    """One PUID's decision for the deliveries under one submission agreement version (wins over the policy)."""

    agreement = models.ForeignKey(
        "deliveries.SubmissionAgreement", on_delete=models.CASCADE, related_name="format_rules"
    )

    class Meta:
        ordering = ["agreement", "puid"]
        constraints = [models.UniqueConstraint(fields=["agreement", "puid"], name="agreement_format_one_per_puid")]
        verbose_name = _("formatregel i överenskommelsen")
        verbose_name_plural = _("formatregler i överenskommelsen")
