"""Costs by kommun against the budget, from billing's fixed cost model and issued statements (≤ 5 queries)."""

from decimal import Decimal

from django.db.models import Max, Sum

from billing.models import AllocationRow, CostModel, Statement
from tenants.models import Kommun

from ..charts import Chart, Series
from ..content import Kpi, ProviderResult, Section, Table
from . import MSG_NO_DATA, Scope

CHART_KOMMUNER_MAX = 20
ZERO = Decimal("0.00")


def provide(scope: Scope, kommuner: list[Kommun]) -> ProviderResult:
    year = scope.today.year
    section = Section(
        key="kostnader",
        title=f"Kostnader {year} mot budget",
        intro="Budget är kommunens andel enligt årets fastställda kostnadsmodell; fakturerat är utfärdade "
        "fakturaunderlag minus kreditnotor. Belopp i kronor exklusive moms.",
    )
    fixed = CostModel.objects.filter(year=year, state=CostModel.State.FIXED).first()
    budget: dict[int, Decimal] = {}
    if fixed is not None:
        budget = dict(
            scope.restrict(AllocationRow.objects.filter(model=fixed))
            .values("kommun_id")
            .annotate(total=Sum("amount"))
            .values_list("kommun_id", "total")
        )
    statements = scope.restrict(Statement.objects.all())
    invoiced = dict(statements.filter(year=year).invoiced_by("kommun_id").values_list("kommun_id", "total"))
    # Over the years: each fixed model's budget and what was invoiced (two grouped queries).
    budget_by_year = dict(
        scope.restrict(AllocationRow.objects.filter(model__state=CostModel.State.FIXED))
        .values("model__year")
        .annotate(total=Sum("amount"))
        .values_list("model__year", "total")
    )
    by_year = list(statements.invoiced_by("year", last=Max("issued_at")).values_list("year", "total", "last"))
    invoiced_by_year = {y: total for y, total, _last in by_year}
    newest = max((last for _y, _total, last in by_year if last), default=None)
    if fixed is not None and fixed.fixed_at:
        newest = max(filter(None, [newest, fixed.fixed_at]), default=None)

    total_budget = sum(budget.values(), ZERO)
    total_invoiced = sum(invoiced.values(), ZERO)
    if fixed is None and not invoiced:
        section.empty = f"{MSG_NO_DATA} Det finns ingen fastställd kostnadsmodell för {year} och inget fakturerat."
    else:
        section.kpis = [
            Kpi("Budget", total_budget, fixed.name if fixed else f"ingen fastställd kostnadsmodell för {year}"),
            Kpi("Fakturerat", total_invoiced, f"{_share(total_invoiced, total_budget)} av budget"),
            Kpi("Kvar att fakturera", total_budget - total_invoiced),
        ]
        ranked = sorted(kommuner, key=lambda k: -(budget.get(k.pk) or ZERO))[:CHART_KOMMUNER_MAX]
        ranked = [k for k in ranked if budget.get(k.pk) or invoiced.get(k.pk)]
        if ranked:
            section.charts.append(
                Chart(
                    kind="bar",
                    id="chart-costs",
                    title=f"Budget och fakturerat {year} per kommun"
                    + (f" (de {len(ranked)} största)" if len(kommuner) > len(ranked) else ""),
                    categories=[k.name for k in ranked],
                    series=[
                        Series("Budget", [budget.get(k.pk, ZERO) for k in ranked]),
                        Series("Fakturerat", [invoiced.get(k.pk, ZERO) for k in ranked]),
                    ],
                    unit="kr",
                )
            )
        if scope.kommun is not None:
            section.tables.append(_statements_table(statements.issued().filter(year=year)))
    years = sorted(set(budget_by_year) | set(invoiced_by_year))
    if len(years) > 1:
        section.charts.append(
            Chart(
                kind="line",
                id="chart-costs-years",
                title="Budget och fakturerat per år",
                categories=[str(y) for y in years],
                series=[
                    Series("Budget", [budget_by_year.get(y) for y in years]),
                    Series("Fakturerat", [invoiced_by_year.get(y, ZERO) for y in years]),
                ],
                unit="kr",
            )
        )
    per_kommun = {
        k.pk: {"Budget (kr)": budget.get(k.pk), "Fakturerat (kr)": invoiced.get(k.pk, ZERO)} for k in kommuner
    }
    return ProviderResult(
        section=section,
        per_kommun=per_kommun,
        per_kommun_columns=["Budget (kr)", "Fakturerat (kr)"],
        figures={"budget": float(total_budget), "invoiced": float(total_invoiced)},
        as_of=newest,
    )


def _share(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return "–"
    return f"{(part / whole * 100):.0f}\u00a0%"


def _statements_table(issued) -> Table:
    """A kommun report lists its own issued statements of the year (one query)."""
    periods = dict(Statement._meta.get_field("period").choices)
    rows = [
        [number, Statement.Kind(kind).label, str(periods.get(period, period)), Statement.Status(status).label, net]
        for number, kind, period, status, net in issued.with_signed_net()
        .order_by("period", "number")
        .values_list("number", "kind", "period", "status", "signed_net")
    ]
    return Table(
        "Kommunens fakturaunderlag i år", ["Nummer", "Typ", "Period", "Status", "Belopp (kr)"], rows, numeric={4}
    )
