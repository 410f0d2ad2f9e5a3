"""The cost model of a year: budget lines, the kommuner's bases, and the fixed allocation."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun, User

from ..allocation import Key
from ..messages import MSG_EXEMPTION_REASON
from ..peppol import VatCategory
from .locking import ChildOfLocked, LockableModel


class KeyChoice(models.TextChoices):
    POPULATION = Key.POPULATION, _("Andel av folkmängd")
    EQUAL = Key.EQUAL, _("Lika andel")
    SYSTEMS = Key.SYSTEMS, _("Per anslutet system")
    GB = Key.GB, _("Per levererad GB")
    DELIVERIES = Key.DELIVERIES, _("Per leverans")
    JOINING_FEE = Key.JOINING_FEE, _("Anslutningsavgift per invånare (engångs)")


class VatChoice(models.TextChoices):
    STANDARD = VatCategory.STANDARD, _("Moms (S)")
    ZERO = VatCategory.ZERO, _("Nollskattesats (Z)")
    EXEMPT = VatCategory.EXEMPT, _("Momsfri (E)")


class CostModelQuerySet(models.QuerySet):
    def locked(self):
        return self.exclude(state=CostModel.State.DRAFT)


class CostModel(LockableModel):
    """One year's cost model. utkast → fastställd (immutable) → ersatt (by a corrected model).

    A fixed model keeps its lines, its bases and the allocation exactly as they were fixed.
    """

    class State(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        FIXED = "faststalld", _("Fastställd")
        REPLACED = "ersatt", _("Ersatt")

    MUTABLE_WHEN_LOCKED = frozenset({"state"})

    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(2000)])
    name = models.CharField(_("namn"), max_length=120)
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.DRAFT)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("ersätter")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    fixed_at = models.DateTimeField(null=True, blank=True)
    fixed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = CostModelQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("kostnadsmodell")
        verbose_name_plural = _("kostnadsmodeller")
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(state="faststalld"), name="one_fixed_model_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def locked_by_loaded_values(self, loaded: dict) -> bool:
        return loaded.get("state") != self.State.DRAFT

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class CostLine(ChildOfLocked):
    """A budget line: what it is, its amount in SEK and how it is shared.

    For the joining fee the amount is the price per inhabitant, charged once to the kommuner
    that join in the model's year.
    """

    class Category(models.TextChoices):
        STAFF = "staff", _("Personal")
        LICENCES = "licences", _("Licenser")
        OPERATION = "operation", _("Drift")
        STORAGE = "storage", _("Lagring")
        OTHER = "other", _("Övrigt")

    PARENT_FIELD = "model"

    model = models.ForeignKey(CostModel, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices)
    label = models.CharField(_("benämning"), max_length=120)
    key = models.CharField(_("fördelningsnyckel"), max_length=12, choices=KeyChoice.choices)
    amount = models.DecimalField(
        _("belopp (kr)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    vat_category = models.CharField(_("moms"), max_length=1, choices=VatChoice.choices, default=VatChoice.STANDARD)
    vat_rate = models.DecimalField(
        _("momssats (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    exemption_reason = models.CharField(_("skäl till momsbefrielse"), max_length=200, blank=True)

    class Meta:
        ordering = ["model", "position", "id"]
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.vat_category != VatChoice.STANDARD:
            self.vat_rate = Decimal("0.00")
        if self.vat_category == VatChoice.EXEMPT and not self.exemption_reason.strip():
            raise ValidationError({"exemption_reason": MSG_EXEMPTION_REASON})

    @property
    def is_one_off(self) -> bool:
        return self.key == KeyChoice.JOINING_FEE


class CostBase(ChildOfLocked):
    """A kommun's bases in a model: it takes part, and what each key counts for it.

    The population is copied from tenants.KommunPopulation when the bases are filled in
    (the model's year, or the latest earlier year, recorded in population_year). The counts
    for systems, GB and deliveries are entered by the förvaltning until the onboarding
    issue fills them from connections and deliveries.
    """

    PARENT_FIELD = "model"

    model = models.ForeignKey(CostModel, on_delete=models.CASCADE, related_name="bases")
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+")
    population = models.PositiveIntegerField(_("folkmängd"), default=0)
    population_year = models.PositiveSmallIntegerField(_("folkmängd år"), null=True, blank=True)
    systems = models.PositiveIntegerField(_("anslutna system"), default=0)
    gb = models.DecimalField(
        _("levererade GB"),
        max_digits=12,
        decimal_places=3,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    deliveries = models.PositiveIntegerField(_("leveranser"), default=0)
    joining = models.BooleanField(_("ansluter i år"), default=False)

    class Meta:
        ordering = ["model", "kommun__kommunkod"]
        constraints = [models.UniqueConstraint(fields=["model", "kommun"], name="one_base_per_kommun_and_model")]
        verbose_name = _("underlag")
        verbose_name_plural = _("underlag")

    def __str__(self) -> str:
        return f"{self.kommun} i {self.model}"


class AllocationRow(ChildOfLocked):
    """One kommun's share of one line, as fixed. What statements and the explanation are built from."""

    PARENT_FIELD = "model"

    model = models.ForeignKey(CostModel, on_delete=models.CASCADE, related_name="allocation_rows")
    line = models.ForeignKey(CostLine, on_delete=models.CASCADE, related_name="allocation_rows")
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=12, choices=KeyChoice.choices)
    base = models.DecimalField(max_digits=16, decimal_places=3)
    base_total = models.DecimalField(max_digits=18, decimal_places=3)
    share = models.DecimalField(max_digits=13, decimal_places=10)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["line__position", "line_id", "kommun__kommunkod"]
        constraints = [models.UniqueConstraint(fields=["line", "kommun"], name="one_allocation_per_line_and_kommun")]
        verbose_name = _("fördelning")
        verbose_name_plural = _("fördelning")
