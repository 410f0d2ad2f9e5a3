"""From the database to the pure allocation's inputs, in a fixed order (kommunkod, line position).

Reads that both the services (fixing a model) and the selectors (the live table, what-if) need."""

from tenants.models import KommunPopulation

from .allocation import Key, Line, Participant
from .models import CostBase, CostModel


def participant_of(base: CostBase) -> Participant:
    return Participant(
        id=base.kommun_id,
        name=base.kommun.name,
        population=base.population,
        systems=base.systems,
        gb=base.gb,
        deliveries=base.deliveries,
        joining=base.joining,
    )


def allocation_inputs(model: CostModel) -> tuple[list[Line], list[Participant], list[CostBase]]:
    """The model's lines and participants (two queries)."""
    lines = [Line(line.pk, line.label, Key(line.key), line.amount) for line in model.lines.order_by("position", "pk")]
    bases = list(model.bases.select_related("kommun").order_by("kommun__kommunkod"))
    return lines, [participant_of(b) for b in bases], bases


def population_for(kommun_ids: list[int], year: int) -> dict[int, tuple[int, int]]:
    """Each kommun's population of `year`, or of the latest earlier year when that year is missing.

    Returns {kommun_id: (population, year used)}; kommuner with no row up to `year` are left out.
    """
    rows = (
        KommunPopulation.objects.filter(kommun_id__in=kommun_ids, year__lte=year)
        .order_by("kommun_id", "-year")
        .distinct("kommun_id")
        .values_list("kommun_id", "population", "year")
    )
    return {kommun_id: (population, used) for kommun_id, population, used in rows}
