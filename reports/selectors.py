"""Reads for reports: gathering a report's data (a bounded number of queries, whatever the number of
kommuner), and which issued reports a person may see (404 for everything else)."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tenants import access
from tenants.models import Kommun, Role, User

from .content import Kpi, ProviderResult, ReportData, Section, Table
from .documents import gather_newsletter, gather_plan, gather_statement
from .models import IssuedReport, ReportKind
from .providers import Scope, costs, history, onboarding, portfolio, readiness
from .providers import kommuner as kommuner_provider

# ---------------------------------------------------------------------------------------------
# Gathering data


def _newest(results: list[ProviderResult]):
    return max((r.as_of for r in results if r.as_of is not None), default=None)


def _summary(scope: Scope, figures: dict, sections: dict[str, Section]) -> Section:
    """The three questions leadership asks, answered first."""
    summary = Section(key="sammanfattning", title="Sammanfattning")
    delivered = figures.get("delivered_systems")
    summary.kpis = [
        Kpi(
            "Levererade system i e-arkivet",
            delivered if delivered is not None else "–",
            "" if delivered is not None else "inga uppgifter ännu",
        ),
        Kpi("Registrerade system", figures.get("systems", 0), f"{figures.get('gb', 0):.0f} GB".replace(".", ",")),
    ]
    if scope.kommun is None:
        summary.kpis.insert(0, Kpi("Kommuner i samverkan", figures.get("kommuner", 0)))
    summary.kpis.append(Kpi("System som avvecklas inom 12 månader", figures.get("risks", 0), "och inte är levererade"))
    if "budget" in figures:
        invoiced = f"fakturerat {_kr(figures['invoiced'])} kr"
        summary.kpis.append(Kpi("Budget i år (kr)", _kr(figures["budget"]), invoiced))
    notes = []
    notes.append(
        "Fylls e-arkivet? "
        + (
            f"{delivered} system har levererats."
            if delivered is not None
            else "Inga leveranser till e-arkivet är registrerade ännu."
        )
    )
    notes.append("Följer vi planen? " + (sections["plan"].empty or "Se avsnittet Anslutningsplanen."))
    notes.append(
        "Vad kostar det? "
        + (
            sections["kostnader"].empty
            or f"Budget {_kr(figures.get('budget', 0))} kr, fakturerat "
            f"{_kr(figures.get('invoiced', 0))} kr i år (exkl. moms)."
        )
    )
    summary.notes = notes
    return summary


def _kr(value) -> str:
    return f"{float(value):,.0f}".replace(",", "\u00a0")


def _per_kommun_table(kommuner: list[Kommun], results: list[ProviderResult]) -> Table:
    columns, numeric, sums = ["Kommun"], set(), {}
    for result in results:
        columns.extend(result.per_kommun_columns)
    rows = []
    for kommun in kommuner:
        row = [kommun.name]
        for result in results:
            values = result.per_kommun.get(kommun.pk, {})
            row.extend(values.get(col) for col in result.per_kommun_columns)
        rows.append(row)
    for i in range(1, len(columns)):
        if any(isinstance(r[i], int | float) or hasattr(r[i], "quantize") for r in rows):
            numeric.add(i)
            sums[i] = sum((r[i] or 0) for r in rows)
    footer = ["Totalt"] + [sums.get(i, "") for i in range(1, len(columns))]
    caption = f"En rad per kommun ({len(kommuner)} kommuner)"
    return Table(caption, columns, rows, numeric=numeric, footer=footer, wide=True)


def gather_report(*, kind: str, kommun: Kommun | None = None, today: date | None = None) -> ReportData:
    """The status report: of the consortium (kommun None) or of one kommun (nothing of any other kommun)."""
    today = today or timezone.localdate()
    scope = Scope(today=today, kommun=kommun if kind == ReportKind.KOMMUN else None)
    kommuner = kommuner_provider.kommuner_in_scope(scope)
    members = kommuner_provider.provide(scope, kommuner)
    connections, deliveries, delivered, delivered_by_quarter = onboarding.connections(
        scope, {k.pk: k.name for k in kommuner}
    )
    systems, risks = portfolio.provide(scope, kommuner, delivered_systems=delivered)
    plan = onboarding.plan(scope, delivered, delivered_by_quarter)
    cost = costs.provide(scope, kommuner)
    ready = readiness.provide(scope, kommuner)
    results = [members, systems, connections, deliveries, cost, plan, ready]
    figures = {}
    for result in results:
        figures.update(result.figures)
    sections = {r.section.key: r.section for r in [*results, risks]}
    over_time = history.provide(scope, kind, figures)
    ordered = [
        _summary(scope, figures, sections),
        deliveries.section,
        over_time.section,
        plan.section,
        ready.section,
        connections.section,
        systems.section,
        risks.section,
        cost.section,
    ]
    if scope.kommun is None:
        members.section.title = "Per kommun"
        members.section.tables.append(_per_kommun_table(kommuner, [members, systems, connections, cost]))
    ordered.append(members.section)
    if scope.kommun is None:
        title, subtitle = "Lägesrapport för samverkan", "SkånEarkiv – e-arkivet, planen och kostnaderna"
    else:
        title, subtitle = f"Kommunrapport – {kommun.name}", f"{kommun.name} i SkånEarkiv"
    return ReportData(
        kind=kind,
        title=title,
        subtitle=subtitle,
        generated_at=timezone.now(),
        data_as_of=_newest([*results, risks]),
        sections=ordered,
        figures=figures,
        subject_kommun_id=scope.kommun_id,
    )


def gather(
    *, kind: str, kommun: Kommun | None = None, parameters: dict | None = None, today: date | None = None
) -> ReportData:
    """The data of any kind of report (the one entry point of the worker and the command)."""
    parameters = parameters or {}
    if kind in (ReportKind.CONSORTIUM, ReportKind.KOMMUN):
        return gather_report(kind=kind, kommun=kommun, today=today)
    if kind == ReportKind.STATEMENT:
        return gather_statement(statement_id=int(parameters["statement_id"]))
    if kind == ReportKind.PLAN:
        return gather_plan(plan_id=int(parameters["plan_id"]))
    if kind == ReportKind.NEWSLETTER:
        return gather_newsletter(issue_id=int(parameters["issue_id"]))
    raise ValueError(f"unknown report kind {kind!r}")


# ---------------------------------------------------------------------------------------------
# Who may see which issued report


def can_read_report(user: User, report: IssuedReport) -> bool:
    """Consortium-wide reports: the förvaltning and ledning. A kommun's report or statement: its people,
    and the förvaltning and ledning (statements: the förvaltning, as in billing)."""
    role = access.consortium_role(user)
    if report.kommun_id is None:
        return role is not None
    if report.kind == ReportKind.STATEMENT and role == Role.LEDNING:
        return False
    return role is not None or access.kommun_role(user, report.kommun) is not None


def reports_for_site(*, user: User, site: Kommun) -> QuerySet[IssuedReport]:
    """The reports listed on a site: on the consortium site every report the person may read; on a
    kommun's site only that kommun's reports (never another kommun's)."""
    queryset = IssuedReport.objects.select_related("kommun", "requested_by")
    role = access.consortium_role(user)
    if site.is_consortium:
        if role is None:
            raise Http404
        if role == Role.LEDNING:
            queryset = queryset.exclude(kind=ReportKind.STATEMENT)
        return queryset
    access.require_read_kommun(user, site)
    queryset = queryset.filter(kommun=site)
    if role == Role.LEDNING and access.kommun_role(user, site) is None:
        queryset = queryset.exclude(kind=ReportKind.STATEMENT)
    return queryset


def report_get_for_user(*, user: User, site: Kommun, pk: int) -> IssuedReport:
    """An issued report the person may read on this site; 404 otherwise (also for another kommun's)."""
    report = reports_for_site(user=user, site=site).filter(pk=pk).first()
    if report is None or not can_read_report(user, report):
        raise Http404
    return report
