"""A connection's lifecycle and who may move it: the transition table is data, and the tests walk every cell.

planerad → förberedelse → leveransöverenskommelse → testleverans → besiktning → produktionsleverans →
arkiverad; any open phase may be paused (pausad, with a reason) and resumed to where it was, or
cancelled (avbruten, with a reason). Ledning reads only.
"""

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Role


class Phase(models.TextChoices):
    PLANNED = "planerad", _("Planerad")
    PREPARATION = "forberedelse", _("Förberedelse")
    AGREEMENT = "overenskommelse", _("Leveransöverenskommelse")
    TEST_DELIVERY = "testleverans", _("Testleverans")
    INSPECTION = "besiktning", _("Besiktning")
    PRODUCTION = "produktionsleverans", _("Produktionsleverans")
    ARCHIVED = "arkiverad", _("Arkiverad")
    PAUSED = "pausad", _("Pausad")
    CANCELLED = "avbruten", _("Avbruten")


# The main line, in order: the boards show the phases in this order.
MAIN_LINE = [
    Phase.PLANNED,
    Phase.PREPARATION,
    Phase.AGREEMENT,
    Phase.TEST_DELIVERY,
    Phase.INSPECTION,
    Phase.PRODUCTION,
    Phase.ARCHIVED,
]
BOARD_ORDER = [*MAIN_LINE, Phase.PAUSED, Phase.CANCELLED]
FINAL = frozenset({Phase.ARCHIVED, Phase.CANCELLED})
# Open phases that may be paused or cancelled (and that a paused connection returns to).
OPEN = [p for p in MAIN_LINE if p not in FINAL]

KOMMUN = frozenset({Role.KONTAKT, Role.ARKIVARIE})
ARKIVARIE_OR_FORVALTNING = frozenset({Role.ARKIVARIE, Role.FORVALTNING})
ALL_WRITERS = frozenset({Role.KONTAKT, Role.ARKIVARIE, Role.FORVALTNING})
FORVALTNING = frozenset({Role.FORVALTNING})

# (from, to) -> the roles that may make the move. A pair that is missing is refused for everyone.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Phase.PLANNED, Phase.PREPARATION): ALL_WRITERS,
    (Phase.PREPARATION, Phase.PLANNED): ALL_WRITERS,
    (Phase.PREPARATION, Phase.AGREEMENT): ARKIVARIE_OR_FORVALTNING,
    (Phase.AGREEMENT, Phase.PREPARATION): ARKIVARIE_OR_FORVALTNING,
    (Phase.AGREEMENT, Phase.TEST_DELIVERY): ARKIVARIE_OR_FORVALTNING,
    (Phase.TEST_DELIVERY, Phase.INSPECTION): ARKIVARIE_OR_FORVALTNING,
    # The inspection is the förvaltning's: it sends the kommun back to test, or lets production start.
    (Phase.INSPECTION, Phase.TEST_DELIVERY): FORVALTNING,
    (Phase.INSPECTION, Phase.PRODUCTION): FORVALTNING,
    (Phase.PRODUCTION, Phase.ARCHIVED): FORVALTNING,
    **{(p, Phase.PAUSED): ARKIVARIE_OR_FORVALTNING for p in OPEN},
    # Resuming returns to the phase the connection was paused in (the service checks which).
    **{(Phase.PAUSED, p): ARKIVARIE_OR_FORVALTNING for p in OPEN},
    **{(p, Phase.CANCELLED): FORVALTNING for p in [*OPEN, Phase.PAUSED]},
}
# Moves that need a reason in the comment.
NEEDS_REASON = frozenset({Phase.PAUSED, Phase.CANCELLED})


def allowed_roles(from_phase: str, to_phase: str) -> frozenset[str]:
    return TRANSITIONS.get((from_phase, to_phase), frozenset())


def targets_for(from_phase: str, role: str | None, paused_from: str = "") -> list[str]:
    """The phases a person with `role` may move a connection to from `from_phase` (the page's buttons)."""
    if role is None:
        return []
    result = []
    for (src, dst), roles in TRANSITIONS.items():
        if src != from_phase or role not in roles:
            continue
        if src == Phase.PAUSED and dst != Phase.CANCELLED and dst != paused_from:
            continue
        result.append(dst)
    return sorted(result, key=BOARD_ORDER.index)


QUARTER_RE = re.compile(r"^(\d{4})[- ]?[QK]([1-4])$", re.IGNORECASE)


def parse_quarter(value: str) -> tuple[int, int] | None:
    """'2026Q3', '2026-Q3', '2026 K3' -> (2026, 3); None when it is not a quarter."""
    match = QUARTER_RE.match((value or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def quarter_end(value: str) -> date | None:
    """The last day of a quarter ('2026Q1' -> 2026-03-31)."""
    parsed = parse_quarter(value)
    if parsed is None:
        return None
    year, quarter = parsed
    month = quarter * 3
    return date(year, month, 31 if month in (3, 12) else 30)


def is_late(phase: str, planned_quarter: str, today: date | None = None) -> bool:
    """Late: still open (or paused) after the last day of the quarter the decided plan gave it."""
    end = quarter_end(planned_quarter)
    if end is None or phase in FINAL:
        return False
    return (today or date.today()) > end
