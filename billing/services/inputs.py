"""From the database to the pure allocation's inputs, in a fixed order (kommunkod, line position)."""

from ..allocation import Key, Line, Participant
from ..models import CostBase, CostModel


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
