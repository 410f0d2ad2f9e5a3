"""Prioritisation and the connection plan. All in the public schema: the plan spans every kommun.

Systems are referred to by (kommun, system_id): the system itself lives in its kommun's schema,
its facts in the portfolio index (onboarding.portfolio.PortfolioEntry).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .messages import MSG_PLAN_IMMUTABLE, MSG_QUARTER_FORMAT
from .quarters import Quarter
from .reasons import render
from .scoring import CRITERIA, MAX_BENEFIT


def validate_quarter(value: str) -> None:
    try:
        Quarter.parse(value)
    except ValueError as exc:
        raise ValidationError(MSG_QUARTER_FORMAT, code="quarter") from exc


class ScoringModel(models.Model):
    """A version of the scoring model: criteria with weights. Locked once a decided plan used it."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    note = models.CharField(_("kommentar"), max_length=200, blank=True)
    locked_at = models.DateTimeField(_("låst"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("poängmodell")
        verbose_name_plural = _("poängmodeller")

    def __str__(self) -> str:
        return _("Poängmodell v%(v)s") % {"v": self.version}

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def weights(self) -> dict[str, int]:
        return {w.criterion: w.weight for w in self.criteria.all()}


class ScoringWeight(models.Model):
    """One criterion's weight in a scoring model version."""

    model = models.ForeignKey(ScoringModel, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(_("kriterium"), max_length=32, choices=[(k, v) for k, v in CRITERIA.items()])
    weight = models.PositiveSmallIntegerField(_("vikt"), validators=[MaxValueValidator(100)])

    class Meta:
        ordering = ["model", "criterion"]
        constraints = [models.UniqueConstraint(fields=["model", "criterion"], name="scoring_weight_unique")]
        verbose_name = _("vikt")
        verbose_name_plural = _("vikter")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.weight}"


class SystemAssessment(models.Model):
    """The förvaltning's judgement of a system: business benefit (with the kommun's input) and pilot."""

    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.CASCADE, related_name="+")
    system_id = models.BigIntegerField()
    benefit = models.PositiveSmallIntegerField(
        _("verksamhetsnytta"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_BENEFIT)],
        help_text=_("0 (ingen) till 5 (mycket stor)."),
    )
    pilot = models.BooleanField(_("pilotleverans"), default=False)
    comment = models.TextField(_("förvaltningens anteckning"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kommun", "system_id"], name="assessment_one_per_system")]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")

    def __str__(self) -> str:
        return f"{self.kommun_id}/{self.system_id}: {self.benefit}"


class PlanConstraint(models.Model):
    """A pin ("this quarter"), a hold (not before a quarter, or not at all) or an exclusion, with its reason."""

    class Kind(models.TextChoices):
        PIN = "fast", _("Fäst till kvartal")
        HOLD = "pausad", _("Pausad")
        EXCLUDE = "undantagen", _("Undantagen")

    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.CASCADE, related_name="+")
    system_id = models.BigIntegerField()
    kind = models.CharField(_("typ"), max_length=12, choices=Kind.choices)
    quarter = models.CharField(_("kvartal"), max_length=8, blank=True, validators=[validate_quarter])
    reason = models.CharField(_("skäl"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kommun", "system_id"], name="plan_constraint_one_per_system")]
        verbose_name = _("villkor")
        verbose_name_plural = _("villkor")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quarter}: {self.reason}"


class PlanSettings(models.Model):
    """The current draft inputs of the plan (one row): horizon, fairness rule, effort, scoring model."""

    start_quarter = models.CharField(_("första kvartal"), max_length=8, validators=[validate_quarter])
    horizon = models.PositiveSmallIntegerField(
        _("antal kvartal"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    fairness_quarters = models.PositiveSmallIntegerField(
        _("rättviseregeln: leverans till varje kommun inom (kvartal)"),
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    default_capacity = models.DecimalField(
        _("kapacitet per kvartal (persondagar)"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)]
    )
    effort_first = models.DecimalField(
        _("insats, första anslutningen av en produkt (persondagar)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    effort_additional = models.DecimalField(
        _("insats, varje ytterligare kommun på samma produkt (persondagar)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    solver_time_limit = models.PositiveSmallIntegerField(
        _("tidsgräns för lösaren (sekunder)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Lösaren lämnar den bästa plan den hittat inom tiden och säger om den är bevisat optimal."),
    )
    scoring_model = models.ForeignKey(ScoringModel, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planeringsindata")
        verbose_name_plural = _("planeringsindata")

    def __str__(self) -> str:
        return f"{self.start_quarter} +{self.horizon}"

    def clean(self) -> None:
        if self.effort_additional is not None and self.effort_first is not None:
            if self.effort_additional > self.effort_first:
                raise ValidationError(
                    {"effort_additional": _("Tillägget kan inte vara större än första anslutningen.")}
                )


class PlanCapacity(models.Model):
    """The förvaltning's capacity in one quarter (person-days), when it differs from the default."""

    quarter = models.CharField(_("kvartal"), max_length=8, unique=True, validators=[validate_quarter])
    person_days = models.DecimalField(
        _("persondagar"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["quarter"]
        verbose_name = _("kapacitet")
        verbose_name_plural = _("kapacitet")

    def __str__(self) -> str:
        return f"{self.quarter}: {self.person_days}"


class PlanVersion(models.Model):
    """A version of the connection plan: utkast → förslag → beslutad (by samverkansrådet) → ersatt.

    It keeps a snapshot of its inputs (facts, assessments, constraints, capacity, weights), so a decided
    plan can always be explained as it was decided. A decided version is immutable.
    """

    class State(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        PROPOSED = "forslag", _("Förslag")
        DECIDED = "beslutad", _("Beslutad")
        SUPERSEDED = "ersatt", _("Ersatt")

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("rubrik"), max_length=200)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    scoring_model = models.ForeignKey(ScoringModel, on_delete=models.PROTECT, related_name="plans")
    inputs = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    built_at = models.DateTimeField(auto_now_add=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decided_by_body = models.CharField(_("beslutande organ"), max_length=120, blank=True)
    minutes_reference = models.CharField(_("protokoll (referens)"), max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["state"], condition=models.Q(state="beslutad"), name="plan_one_decided"),
        ]
        verbose_name = _("planversion")
        verbose_name_plural = _("planversioner")

    def __str__(self) -> str:
        return _("Anslutningsplan v%(n)s") % {"n": self.number}

    @property
    def is_decided(self) -> bool:
        return self.state in (self.State.DECIDED, self.State.SUPERSEDED)

    @property
    def quarters(self) -> list[Quarter]:
        start = Quarter.parse(self.inputs["params"]["start"])
        return [start.add(i) for i in range(self.inputs["params"]["horizon"])]


DECIDED_STATES = [PlanVersion.State.DECIDED, PlanVersion.State.SUPERSEDED]


class PlanItemQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(plan__state__in=DECIDED_STATES).exists():
            raise ValidationError(MSG_PLAN_IMMUTABLE)
        return super().update(**kwargs)


class PlanItem(models.Model):
    """One system's place in a plan version: its quarter (or none), score, effort and the reason."""

    plan = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.PROTECT, related_name="+")
    system_id = models.BigIntegerField()
    system_name = models.CharField(max_length=200)
    product_id = models.BigIntegerField(null=True, blank=True)
    product_name = models.CharField(max_length=120, blank=True)
    quarter = models.CharField(max_length=8, blank=True)  # "2027-Q1"; blank: not planned
    score = models.DecimalField(max_digits=6, decimal_places=2)
    score_parts = models.JSONField(default=list)
    effort = models.DecimalField(max_digits=7, decimal_places=1, default=0)
    kind = models.CharField(max_length=12)
    # Why it has its place: the parts of a reason (codes and parameters, onboarding.planning.reasons), shown in
    # the reader's language by reason_text / the reason_text filter.
    reason = models.JSONField(default=list, blank=True)
    decommission_date = models.DateField(null=True, blank=True)
    deadline_met = models.BooleanField(null=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "kommun", "system_id"], name="plan_item_unique")]
        indexes = [models.Index(fields=["plan", "kommun"]), models.Index(fields=["kommun", "system_id"])]
        verbose_name = _("planpost")
        verbose_name_plural = _("planposter")

    def __str__(self) -> str:
        return f"{self.system_name} {self.quarter or '–'}"

    def save(self, *args, **kwargs):
        if self.pk and self._plan_is_decided():
            raise ValidationError(MSG_PLAN_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._plan_is_decided():
            raise ValidationError(MSG_PLAN_IMMUTABLE)
        return super().delete(*args, **kwargs)

    @property
    def quarter_label(self) -> str:
        return Quarter.parse(self.quarter).label if self.quarter else ""

    @property
    def reason_text(self) -> str:
        """The reason in the active language."""
        return render(self.reason)

    def _plan_is_decided(self) -> bool:
        # Asked of the database, not of a possibly stale self.plan.
        return PlanVersion.objects.filter(pk=self.plan_id, state__in=DECIDED_STATES).exists()


class ConnectionStart(models.Model):
    """A connection started because a decided plan reached its quarter. The deliveries issue takes it from here."""

    kommun = models.ForeignKey("tenants.Kommun", on_delete=models.CASCADE, related_name="+")
    system_id = models.BigIntegerField()
    plan = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="starts")
    quarter = models.CharField(max_length=8)
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kommun", "system_id"], name="connection_start_once")]
        verbose_name = _("påbörjad anslutning")
        verbose_name_plural = _("påbörjade anslutningar")

    def __str__(self) -> str:
        return f"{self.kommun_id}/{self.system_id} {self.quarter}"


class PlanBuild(models.Model):
    """A draft being built in Celery: queued, then solving (progress in the cache), then the version it made."""

    class State(models.TextChoices):
        QUEUED = "ko", _("I kö")
        RUNNING = "bygger", _("Byggs")
        DONE = "klar", _("Klar")
        FAILED = "fel", _("Misslyckades")

    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    state = models.CharField(_("status"), max_length=8, choices=State.choices, default=State.QUEUED)
    time_limit = models.PositiveSmallIntegerField(_("tidsgräns (sekunder)"))
    plan = models.ForeignKey(PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("planbygge")
        verbose_name_plural = _("planbyggen")

    def __str__(self) -> str:
        return f"{self.pk}: {self.get_state_display()}"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
