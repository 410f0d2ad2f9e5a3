"""The connection plan, the connections and the deliveries, from the public planning and delivery indexes.

Each function reads a fixed number of queries, whatever the number of kommuner.
"""

from collections import defaultdict

from django.db.models import Count, Max

from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.deliveries_index.phases import BOARD_ORDER, FINAL, Phase, is_late
from onboarding.planning.models import PlanItem, PlanVersion
from tenants import formatting

from ..charts import Chart, Series
from ..content import Kpi, ProviderResult, Section, Table
from . import MSG_NO_DATA, Scope

# Decimal gigabytes, as the deliveries (Delivery.gigabytes) and the billing bases count them.
GB = 10**9
LATE_ROWS_MAX = 60


def _gb(value: float) -> float:
    """A volume in GB: one decimal, but a small first delivery keeps three (shown as 0,004, not 0)."""
    return round(value, 1) if value >= 0.1 else round(value, 3)


def _quarter_label(quarter: str) -> str:
    return formatting.quarter_code(quarter) if quarter else "Utan kvartal"


def _confirmed_quarter(moment) -> str:
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def plan(scope: Scope, archived_systems: set[tuple[int, int]], archived_by_quarter: dict) -> ProviderResult:
    """Plan progress per quarter: planned systems against those archived (three queries)."""
    section = Section(
        key="plan",
        title="Anslutningsplanen",
        intro="Planerade anslutningar per kvartal i den beslutade planen, och hur många som är arkiverade.",
    )
    decided = PlanVersion.objects.filter(state=PlanVersion.State.DECIDED).first()
    if decided is None:
        section.empty = MSG_NO_DATA + " Ingen anslutningsplan har beslutats."
        return ProviderResult(section=section)
    items = list(
        scope.restrict(PlanItem.objects.filter(plan=decided))
        .exclude(quarter="")
        .values_list("kommun_id", "system_id", "quarter")
    )
    planned, done = defaultdict(int), defaultdict(int)
    for kommun_id, system_id, quarter in items:
        planned[quarter] += 1
        done[quarter] += (kommun_id, system_id) in archived_systems
    quarters = sorted(planned)
    section.kpis = [
        Kpi("Beslutad plan", str(decided), f"{decided.decided_by_body} {decided.decided_on or ''}".strip()),
        Kpi("Protokoll", decided.minutes_reference or "–"),
        Kpi("Planerade anslutningar", len(items), f"varav {sum(done.values())} arkiverade"),
    ]
    if quarters:
        section.charts.append(
            Chart(
                kind="bar",
                id="chart-plan",
                title="Planerade och arkiverade system per kvartal",
                categories=[_quarter_label(q) for q in quarters],
                category_label="Kvartal",
                series=[
                    Series("Planerade", [planned[q] for q in quarters]),
                    Series("Arkiverade", [done[q] for q in quarters]),
                ],
                unit="antal system",
            )
        )
        cumulative_plan, rows = 0, []
        for q in quarters:
            cumulative_plan += planned[q]
            # Everything archived by the end of the quarter, also what was archived before the plan began.
            cumulative_done = sum(n for confirmed, n in archived_by_quarter.items() if confirmed <= q)
            rows.append((q, cumulative_plan, cumulative_done))
        section.charts.append(
            Chart(
                kind="line",
                id="chart-plan-cumulative",
                title="Till e-arkivet mot planen, sammanlagt",
                categories=[_quarter_label(q) for q, _p, _d in rows],
                category_label="Kvartal",
                series=[
                    Series("Planerat (system)", [p for _q, p, _d in rows]),
                    Series("Arkiverat (system)", [d for _q, _p, d in rows]),
                ],
                unit="antal system",
            )
        )
    return ProviderResult(
        section=section, figures={"planned": len(items), "planned_done": sum(done.values())}, as_of=decided.decided_at
    )


def connections(scope: Scope, kommun_names: dict[int, str]):
    """(connections section, deliveries section, archived {(kommun_id, system_id)}, archived per quarter)."""
    conn = Section(
        key="anslutningar",
        title="Systemanslutningar per fas",
        intro="Anslutningar i varje fas, och de som är försenade mot sitt planerade kvartal.",
    )
    deliveries = Section(
        key="leveranser",
        title="Levererat till e-arkivet",
        intro="Produktionsleveranser som har validerats och lämnats över, och de som e-arkivet har "
        "tagit emot (arkiverade).",
    )
    entries = scope.restrict(ConnectionEntry.objects.all())
    by_phase = dict(entries.values("phase").annotate(n=Count("id")).values_list("phase", "n"))
    per_kommun_open = dict(
        entries.exclude(phase__in=FINAL).values("kommun_id").annotate(n=Count("id")).values_list("kommun_id", "n")
    )
    open_rows = list(
        entries.exclude(phase__in=FINAL)
        .exclude(planned_quarter="")
        .values_list("kommun_id", "system_name", "phase", "planned_quarter")
    )
    late = sorted((r for r in open_rows if is_late(r[2], r[3], scope.today)), key=lambda r: (r[3], r[1]))
    newest = entries.aggregate(at=Max("updated_at"))["at"]
    if not by_phase:
        conn.empty = MSG_NO_DATA + " Inga systemanslutningar har registrerats."
    else:
        phases = [p for p in BOARD_ORDER if by_phase.get(p)]
        conn.kpis = [
            Kpi("Pågående anslutningar", sum(n for p, n in by_phase.items() if p not in FINAL)),
            Kpi("Försenade", len(late), "mot planerat kvartal"),
        ]
        conn.charts.append(
            Chart(
                kind="bar",
                id="chart-phases",
                title="Anslutningar per fas",
                categories=[str(Phase(p).label) for p in phases],
                category_label="Fas",
                series=[Series("Anslutningar", [by_phase[p] for p in phases])],
                unit="antal",
            )
        )
        if late:
            columns = (
                ["System", "Fas", "Planerat kvartal"]
                if scope.kommun
                else ["Kommun", "System", "Fas", "Planerat kvartal"]
            )
            rows = [
                ([] if scope.kommun else [kommun_names.get(k, "")])
                + [name, str(Phase(phase).label), formatting.quarter_code(q)]
                for k, name, phase, q in late[:LATE_ROWS_MAX]
            ]
            conn.tables.append(Table(f"Försenade anslutningar ({len(late)})", columns, rows))
    archived = scope.restrict(HandOver.objects.filter(state=HandOver.State.ARCHIVED))
    handed = scope.restrict(HandOver.objects.all())
    handed_totals = handed.aggregate(n=Count("id"), systems=Count("system_id", distinct=True))
    archived_rows = list(archived.values_list("kommun_id", "system_id", "bytes", "confirmed_at"))
    archived_systems = {(k, s) for k, s, _b, _c in archived_rows}
    by_quarter: dict[str, set] = defaultdict(set)
    for k, s, _b, confirmed in archived_rows:
        if confirmed:
            by_quarter[_confirmed_quarter(confirmed)].add((k, s))
    seen, archived_by_quarter = set(), {}
    for q in sorted(by_quarter):  # a system counts in the quarter it was first archived
        new = by_quarter[q] - seen
        seen |= new
        archived_by_quarter[q] = len(new)
    gb_per_kommun: dict[int, float] = defaultdict(float)
    systems_per_kommun: dict[int, set] = defaultdict(set)
    for k, s, size, _c in archived_rows:
        gb_per_kommun[k] += size / GB
        systems_per_kommun[k].add(s)
    delivered_gb = sum(gb_per_kommun.values())
    if not handed_totals["n"]:
        deliveries.empty = MSG_NO_DATA + " Inga leveranser har tagits emot i e-arkivet."
    else:
        deliveries.kpis = [
            Kpi("Levererade system (arkiverade)", len(archived_systems)),
            Kpi("Levererad volym (GB)", _gb(delivered_gb)),
            Kpi("Validerade och överlämnade leveranser", handed_totals["n"], f"{len(archived_rows)} arkiverade"),
        ]
        if scope.kommun is None:
            deliveries.kpis.insert(1, Kpi("Kommuner med arkiverad information", len(systems_per_kommun)))
    per_kommun = {
        k: {
            "Pågående anslutningar": per_kommun_open.get(k, 0),
            "Levererade system": len(systems_per_kommun.get(k, ())),
            "Levererat GB": _gb(gb_per_kommun.get(k, 0.0)),
        }
        for k in kommun_names
    }
    figures = {
        "delivered_systems": len(archived_systems),
        "delivered_gb": round(delivered_gb, 3),
        "connections_open": sum(n for p, n in by_phase.items() if p not in FINAL),
        "late": len(late),
    }
    return (
        ProviderResult(
            section=conn,
            per_kommun=per_kommun,
            per_kommun_columns=["Pågående anslutningar", "Levererade system", "Levererat GB"],
            figures=figures,
            as_of=newest,
        ),
        ProviderResult(section=deliveries),
        archived_systems,
        archived_by_quarter,
    )
