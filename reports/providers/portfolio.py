"""Registered systems and the decommissioning risk, from the public portfolio index (three queries)."""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Max, Sum

from onboarding.inventory.choices import ExportCapability, SystemStatus
from onboarding.portfolio.models import PortfolioEntry, gb_from_mb
from tenants.models import Kommun
from tenants.swedish import ordered

from ..charts import Chart, Series
from ..content import Kpi, ProviderResult, Section, Table
from . import MSG_NO_DATA, Scope

RISK_WINDOW = timedelta(days=365)
# A consortium report lists the most urgent risks; the count per kommun is in the per-kommun table.
RISK_ROWS_MAX = 60
CHART_KOMMUNER_MAX = 20


def _gb(mb) -> Decimal:
    """The index keeps volumes in whole MB; reports show GB with two decimals."""
    return gb_from_mb(mb)


def _status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in SystemStatus.choices}


def _export_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ExportCapability.choices}


def provide(scope: Scope, kommuner: list[Kommun], delivered_systems: set[tuple[int, int]] | None = None) -> tuple:
    """(systems section, risk section). `delivered_systems`: (kommun_id, system_id) already delivered."""
    systems = Section(key="system", title="Registrerade system")
    risks = Section(
        key="risker",
        title="Risker: system som avvecklas inom 12 månader",
        intro="System vars avvecklingsdatum infaller inom 12 månader och vars information ännu inte har levererats "
        "till e-arkivet. Informationen måste arkiveras före avvecklingen.",
    )
    entries = scope.restrict(PortfolioEntry.objects.all())
    by_status = list(
        entries.values("kommun_id", "status")
        .annotate(n=Count("id"), mb=Sum("total_mb"))
        .order_by("kommun_id", "status")
    )
    newest = entries.aggregate(at=Max("updated_at"))["at"]
    horizon = scope.today + RISK_WINDOW
    risk_rows = list(
        entries.filter(decommission_date__gte=scope.today, decommission_date__lte=horizon)
        .order_by("decommission_date", ordered("kommun__name"), ordered("name"))
        .values_list(
            "kommun_id", "kommun__name", "system_id", "name", "decommission_date", "export_capability", "total_mb"
        )
    )
    delivered_systems = delivered_systems or set()
    risk_rows = [r for r in risk_rows if (r[0], r[2]) not in delivered_systems]

    statuses = _status_labels()
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    gb: dict[int, Decimal] = defaultdict(Decimal)
    for row in by_status:
        counts[row["kommun_id"]][row["status"]] += row["n"]
        gb[row["kommun_id"]] += _gb(row["mb"])
    total_systems = sum(sum(c.values()) for c in counts.values())
    total_gb = sum(gb.values(), Decimal(0))
    risk_count: dict[int, int] = defaultdict(int)
    for row in risk_rows:
        risk_count[row[0]] += 1

    if not total_systems:
        systems.empty = MSG_NO_DATA + " Inga system har registrerats."
    else:
        with_systems = sum(1 for k in kommuner if counts.get(k.pk))
        systems.kpis = [
            Kpi("Registrerade system", total_systems),
            Kpi("Volym (GB)", total_gb, "uppskattad total volym"),
        ]
        if scope.kommun is None:
            systems.kpis.insert(1, Kpi("Kommuner med registrerade system", with_systems, f"av {len(kommuner)}"))
        ranked = sorted(kommuner, key=lambda k: -sum(counts.get(k.pk, {}).values()))[:CHART_KOMMUNER_MAX]
        ranked = [k for k in ranked if counts.get(k.pk)]
        order = [s for s in statuses if any(counts[k.pk].get(s) for k in ranked)]
        chart = Chart(
            kind="stacked",
            id="chart-systems",
            title="Registrerade system per kommun och status"
            + (f" (de {len(ranked)} kommuner med flest system)" if len(kommuner) > len(ranked) else ""),
            categories=[k.name for k in ranked],
            series=[Series(statuses[s], [counts[k.pk].get(s, 0) for k in ranked]) for s in order],
            unit="antal system",
        )
        systems.charts.append(chart)
        if scope.kommun is not None:
            systems.tables.append(_kommun_systems_table(entries))

    if risk_rows:
        exports = _export_labels()
        shown = risk_rows[:RISK_ROWS_MAX]
        risks.kpis = [Kpi("System som avvecklas inom 12 månader", len(risk_rows), "och inte är levererade")]
        columns = ["System", "Avvecklas", "Exportmöjlighet", "GB"]
        if scope.kommun is None:
            columns.insert(0, "Kommun")
        rows = []
        for _kid, kommun_name, _sid, name, when, export, volume in shown:
            row = [name, when, exports.get(export, export), _gb(volume)]
            if scope.kommun is None:
                row.insert(0, kommun_name)
            rows.append(row)
        caption = "System som avvecklas inom 12 månader, tidigast först"
        if len(risk_rows) > len(shown):
            caption += f" (de {len(shown)} första av {len(risk_rows)})"
        risks.tables.append(Table(caption, columns, rows, numeric={len(columns) - 1}))
    else:
        risks.empty = "Inga registrerade system avvecklas inom 12 månader utan att vara levererade."

    per_kommun = {
        k.pk: {
            "System": sum(counts.get(k.pk, {}).values()),
            "GB": gb.get(k.pk, Decimal(0)),
            "Avvecklas ≤ 12 mån": risk_count.get(k.pk, 0),
        }
        for k in kommuner
    }
    figures = {
        "systems": total_systems,
        "gb": float(total_gb),
        "kommuner_with_systems": sum(1 for k in kommuner if counts.get(k.pk)),
        "risks": len(risk_rows),
    }
    return (
        ProviderResult(
            section=systems,
            per_kommun=per_kommun,
            per_kommun_columns=["System", "GB", "Avvecklas ≤ 12 mån"],
            figures=figures,
            as_of=newest,
        ),
        ProviderResult(section=risks),
    )


def _kommun_systems_table(entries) -> Table:
    """A kommun report lists its own systems (one query)."""
    statuses, exports = _status_labels(), _export_labels()
    rows = [
        [name, statuses.get(status, status), exports.get(export, export), when, _gb(volume)]
        for name, status, export, when, volume in entries.order_by("name").values_list(
            "name", "status", "export_capability", "decommission_date", "total_mb"
        )
    ]
    return Table(
        "Kommunens registrerade system", ["System", "Status", "Exportmöjlighet", "Avvecklas", "GB"], rows, numeric={4}
    )
