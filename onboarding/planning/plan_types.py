"""The plan's plain data, shared by both planners (planner, solver) and the pages: parameters, constraints,
a planned item, the result, and the codes they carry. No logic but the deadline of a date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import override

from .quarters import Quarter
from .reasons import Reason
from .scoring import Score, SystemFacts

PIN, HOLD, EXCLUDE = "fast", "pausad", "undantagen"
KIND_PIN, KIND_PILOT, KIND_DEADLINE, KIND_FAIRNESS, KIND_SCORE, KIND_UNPLANNED = (
    "fast",
    "pilot",
    "avveckling",
    "rattvisa",
    "poang",
    "ej_planerad",
)
# Why the förvaltning's constraint keeps an item out of the plan (PlannedItem.reason_code): decisions read
# the code, never the (translated) reason text shown to people.
REASON_STATUS, REASON_EXCLUDED, REASON_HELD, REASON_PINNED_OUTSIDE = "status", "undantagen", "pausad", "fast_utanfor"
CONSTRAINT_REASONS = frozenset({REASON_EXCLUDED, REASON_HELD, REASON_PINNED_OUTSIDE})
METHOD_GREEDY, METHOD_SOLVER = "planerare", "losare"
EPS = 1e-9

Key = tuple[int, int]


@dataclass(frozen=True)
class Constraint:
    """A pin (in this quarter), a hold (not before this quarter; no quarter: not at all) or an exclusion."""

    key: Key
    kind: str
    quarter: Quarter | None = None
    reason: str = ""


@dataclass(frozen=True)
class PlanParams:
    start: Quarter
    capacity: tuple[float, ...]  # person-days per quarter from `start`; its length is the horizon
    fairness_quarters: int = 2
    effort_first: float = 40.0
    effort_additional: float = 10.0
    eligible_statuses: frozenset[str] = frozenset({"klar"})
    member_kommuner: tuple[tuple[int, str], ...] = ()  # every member, also those with nothing to plan

    @property
    def horizon(self) -> int:
        return len(self.capacity)

    def quarter(self, index: int) -> Quarter:
        return self.start.add(index)


@dataclass
class PlannedItem:
    facts: SystemFacts
    score: Score
    quarter_index: int | None = None
    quarter: Quarter | None = None
    effort: float = 0.0
    kind: str = KIND_UNPLANNED
    reason: Reason = field(default_factory=Reason)  # shown with str(), stored with as_json()
    reason_code: str = ""  # REASON_*: set when a status or constraint keeps the item out of the plan
    deadline_index: int | None = None  # the last quarter that ends on or before the decommission date
    deadline_met: bool | None = None  # None: no decommission date within the horizon
    position: int = 0

    @property
    def key(self) -> Key:
        return self.facts.key


@dataclass
class PlanResult:
    params: PlanParams
    items: list[PlannedItem]
    load: list[float]
    deadline_misses: list[tuple[PlannedItem, Reason]] = field(default_factory=list)
    fairness_misses: list[tuple[int, str, Reason]] = field(default_factory=list)  # (kommun id, name, why)
    warnings: list[Reason] = field(default_factory=list)
    exact: bool = False
    method: str = METHOD_GREEDY  # which planner built it: METHOD_SOLVER or METHOD_GREEDY
    # What the solver found and proved, stage by stage (onboarding.planning.solver_report.SolveReport.as_dict()):
    # empty when the greedy planner built the plan.
    solver: dict = field(default_factory=dict)
    timing: dict = field(default_factory=dict)  # wall-clock and deterministic time: differs run to run, not in as_dict

    def planned(self) -> list[PlannedItem]:
        return [i for i in self.items if i.quarter_index is not None]

    def by_key(self) -> dict[Key, PlannedItem]:
        return {i.key: i for i in self.items}

    def as_dict(self) -> dict:
        """The plan as plan_build --json prints it: the reasons as Swedish text (the platform's language, as
        always) and, beside each, its parts (codes and parameters: onboarding.planning.reasons)."""
        with override(settings.LANGUAGE_CODE):
            return self._as_dict()

    def _as_dict(self) -> dict:
        return {
            "start": self.params.start.code,
            "horizon": self.params.horizon,
            "capacity": list(self.params.capacity),
            "load": [round(x, 2) for x in self.load],
            "exact": self.exact,
            "method": self.method,
            "solver": self.solver,
            "items": [
                {
                    "position": i.position,
                    "kommun_id": i.facts.kommun_id,
                    "kommun": i.facts.kommun_name,
                    "system_id": i.facts.system_id,
                    "system": i.facts.name,
                    "product": i.facts.product_name,
                    "quarter": i.quarter.code if i.quarter else None,
                    "score": i.score.total,
                    "effort": i.effort,
                    "kind": i.kind,
                    "reason": str(i.reason),
                    "reason_parts": i.reason.as_json(),
                    "decommission_date": i.facts.decommission_date.isoformat() if i.facts.decommission_date else None,
                    "deadline_met": i.deadline_met,
                }
                for i in self.items
            ],
            "deadline_misses": [
                {"kommun": i.facts.kommun_name, "system": i.facts.name, "why": str(why), "why_parts": why.as_json()}
                for i, why in self.deadline_misses
            ],
            "fairness_misses": [
                {"kommun": name, "why": str(why), "why_parts": why.as_json()} for _id, name, why in self.fairness_misses
            ],
            "warnings": [str(w) for w in self.warnings],
        }


def deadline_index(params: PlanParams, decommission: date | None) -> int | None:
    """The last quarter index whose end is on or before the date; None if the date is past the horizon."""
    if decommission is None:
        return None
    last = Quarter.of(decommission)
    index = last.index_from(params.start)
    if last.end > decommission:
        index -= 1
    return None if index >= params.horizon else index
