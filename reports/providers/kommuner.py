"""Kommuner and population: who takes part, and how many inhabitants they serve (two queries)."""

from tenants.models import Kommun, KommunPopulation
from tenants.swedish import ordered

from ..content import Kpi, ProviderResult, Section
from . import Scope


def kommuner_in_scope(scope: Scope) -> list[Kommun]:
    """The member kommuner of the report (one query), by name."""
    queryset = Kommun.objects.members().order_by(ordered("name"))
    if scope.kommun is not None:
        queryset = queryset.filter(pk=scope.kommun.pk)
    return list(queryset.only("id", "name", "kommunkod", "subdomain", "status", "is_host", "joined_on", "created_at"))


def latest_populations(scope: Scope) -> dict[int, tuple[int, int]]:
    """{kommun_id: (year, population)} of the latest year (one query: DISTINCT ON)."""
    rows = scope.restrict(KommunPopulation.objects.all()).order_by("kommun_id", "-year").distinct("kommun_id")
    return {
        kommun_id: (year, population)
        for kommun_id, year, population in rows.values_list("kommun_id", "year", "population")
    }


def provide(scope: Scope, kommuner: list[Kommun]) -> ProviderResult:
    populations = latest_populations(scope)
    total = sum(pop for _year, pop in populations.values())
    members = [k for k in kommuner if k.status == Kommun.Status.MEMBER]
    section = Section(key="kommuner", title="Kommuner och invånare")
    if scope.kommun is None:
        section.kpis = [
            Kpi("Kommuner i samverkan", len(members), f"{len(kommuner)} med prospekt och utträdande"),
            Kpi("Invånare", total, "senast kända folkmängd"),
        ]
    else:
        year, population = populations.get(scope.kommun.pk, (None, None))
        section.kpis = [
            Kpi("Kommunkod", scope.kommun.kommunkod),
            Kpi("Invånare", population, f"år {year}" if year else "folkmängd saknas"),
            Kpi("Status i samverkan", scope.kommun.get_status_display()),
        ]
    per_kommun = {
        k.pk: {"Folkmängd": populations.get(k.pk, (None, None))[1], "Status": k.get_status_display()} for k in kommuner
    }
    as_of = max((k.created_at for k in kommuner), default=None)
    return ProviderResult(
        section=section,
        per_kommun=per_kommun,
        per_kommun_columns=["Status", "Folkmängd"],
        figures={"kommuner": len(members), "population": total},
        as_of=as_of,
    )
