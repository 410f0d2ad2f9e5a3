"""Statements (fakturaunderlag) and credit notes, and the gap-free number series."""

import calendar
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun, User

from .costs import CostLine, CostModel, KeyChoice, VatChoice
from .locking import ChildOfLocked, LockableModel


class Period(models.TextChoices):
    Q1 = "Q1", _("Kvartal 1")
    Q2 = "Q2", _("Kvartal 2")
    Q3 = "Q3", _("Kvartal 3")
    Q4 = "Q4", _("Kvartal 4")
    YEAR = "Y", _("Helår")


def period_dates(year: int, period: str) -> tuple[date, date]:
    if period == Period.YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    quarter = int(period[1])
    first_month = 3 * quarter - 2
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


class NumberSeries(models.Model):
    """The last number used in a year's series. Locked (SELECT ... FOR UPDATE) while issuing,
    so numbers are gap-free: a rolled-back issue rolls the counter back too (a sequence would not)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


def signed_net():
    """A statement's net as it counts in totals: a credit note's negative (its document carries a positive
    amount; Statement.sign is the same rule on one object). "Invoiced" is always the sum of this."""
    credit = models.When(kind=Statement.Kind.CREDIT_NOTE, then=-models.F("net"))
    return models.Case(credit, default=models.F("net"))


class StatementQuerySet(models.QuerySet):
    def locked(self):
        return self.filter(number__isnull=False)

    def issued(self):
        return self.filter(number__isnull=False)

    def with_signed_net(self):
        """Each statement's net as it counts in totals, as `signed_net`."""
        return self.annotate(signed_net=signed_net())

    def invoiced_by(self, *fields, **aggregates):
        """What was invoiced, net of credit notes: the issued statements' signed net summed per `fields`
        (rows of the fields, `total` and any further `aggregates`; one query)."""
        return self.issued().order_by().values(*fields).annotate(total=models.Sum(signed_net()), **aggregates)


class Statement(LockableModel):
    """A fakturaunderlag of one kommun for one period, or a credit note of one.

    Issuing gives it the next number of the year's series and freezes it (the parties are
    copied onto it). Afterwards only the status moves: utfärdad → fakturerad → betald.
    A correction is a credit note that refers to it (`credits`).
    """

    class Kind(models.TextChoices):
        INVOICE = "faktura", _("Fakturaunderlag")
        CREDIT_NOTE = "kredit", _("Kreditnota")

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        ISSUED = "utfardad", _("Utfärdad")
        INVOICED = "fakturerad", _("Fakturerad")
        PAID = "betald", _("Betald")

    MUTABLE_WHEN_LOCKED = frozenset({"status", "invoiced_at", "paid_at", "credited_at"})

    kind = models.CharField(_("typ"), max_length=8, choices=Kind.choices, default=Kind.INVOICE)
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="+")
    cost_model = models.ForeignKey(CostModel, on_delete=models.PROTECT, related_name="statements")
    year = models.PositiveSmallIntegerField(_("år"))
    period = models.CharField(_("period"), max_length=2, choices=Period.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("nummer"), max_length=20, unique=True, null=True, blank=True)
    issue_date = models.DateField(_("fakturadatum"), null=True, blank=True)
    due_date = models.DateField(_("förfallodag"), null=True, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(_("betalningsvillkor (dagar)"), default=30)
    credits = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("krediterar"),
    )
    reason = models.CharField(_("skäl"), max_length=300, blank=True)
    parties = models.JSONField(default=dict, blank=True, help_text="Seller and buyer as issued.")
    net = models.DecimalField(_("belopp exkl. moms"), max_digits=14, decimal_places=2, default=0)
    vat = models.DecimalField(_("moms"), max_digits=14, decimal_places=2, default=0)
    gross = models.DecimalField(_("att betala"), max_digits=14, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    invoiced_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    credited_at = models.DateTimeField(null=True, blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-period", "kommun__name", "id"]
        verbose_name = _("fakturaunderlag")
        verbose_name_plural = _("fakturaunderlag")
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "year", "period"],
                condition=models.Q(kind="faktura", credited_at__isnull=True),
                name="one_open_statement_per_kommun_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="faktura", credits__isnull=True)
                | models.Q(kind="kredit", credits__isnull=False),
                name="credit_note_refers_to_statement",
            ),
        ]

    def __str__(self) -> str:
        label = self.number or _("utkast")
        return f"{self.get_kind_display()} {label} – {self.kommun} {self.year} {self.get_period_display()}"

    def locked_by_loaded_values(self, loaded: dict) -> bool:
        return loaded.get("number") is not None

    @property
    def is_issued(self) -> bool:
        return self.number is not None

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def sign(self) -> int:
        """Credit notes count negative in totals and exports (their documents carry positive amounts)."""
        return -1 if self.is_credit_note else 1


class StatementLine(ChildOfLocked):
    """One line of a statement, with everything needed to explain its amount."""

    PARENT_FIELD = "statement"

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    cost_line = models.ForeignKey(CostLine, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(_("benämning"), max_length=120)
    key = models.CharField(_("fördelningsnyckel"), max_length=12, choices=KeyChoice.choices)
    line_amount = models.DecimalField(_("radens belopp för året"), max_digits=14, decimal_places=2)
    base = models.DecimalField(_("kommunens underlag"), max_digits=16, decimal_places=3)
    base_total = models.DecimalField(_("allas underlag"), max_digits=18, decimal_places=3)
    share = models.DecimalField(_("andel"), max_digits=13, decimal_places=10)
    annual_amount = models.DecimalField(_("kommunens belopp för året"), max_digits=14, decimal_places=2)
    net_amount = models.DecimalField(_("belopp för perioden"), max_digits=14, decimal_places=2)
    vat_category = models.CharField(_("moms"), max_length=1, choices=VatChoice.choices)
    vat_rate = models.DecimalField(_("momssats (%)"), max_digits=5, decimal_places=2)
    exemption_reason = models.CharField(max_length=200, blank=True)
    explanation = models.CharField(_("förklaring"), max_length=400)

    class Meta:
        ordering = ["statement", "position"]
        verbose_name = _("rad i fakturaunderlag")
        verbose_name_plural = _("rader i fakturaunderlag")

    def __str__(self) -> str:
        return self.label
