"""What the solver reports: its stages, what each found and proved (kept with the plan), and its progress."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext_lazy

STAGE_DATES, STAGE_KOMMUNER, STAGE_SCORE, STAGE_STABILITY, STAGE_ORDER = (
    "avvecklingsdatum",
    "kommuner",
    "poang",
    "stabilitet",
    "ordning",
)
# Share of the remaining time each stage may use (the time a stage does not need passes to the next).
STAGE_WEIGHTS = {STAGE_DATES: 4, STAGE_KOMMUNER: 2, STAGE_SCORE: 2, STAGE_STABILITY: 1, STAGE_ORDER: 1}
STAGE_LABELS = {
    STAGE_DATES: gettext_lazy("avvecklingsdatum som hålls"),
    STAGE_KOMMUNER: gettext_lazy("kommuner med leverans inom rättvisefönstret"),
    STAGE_SCORE: gettext_lazy("poäng för det som planeras"),
    STAGE_STABILITY: gettext_lazy("system kvar i sitt kvartal från den beslutade planen"),
    STAGE_ORDER: gettext_lazy("högre poäng tidigare"),
}


@dataclass
class StageReport:
    name: str
    value: int  # what the plan achieves (dates and kommuner: counts; score in hundredths)
    bound: int | None  # the solver's proven upper bound; None when it found nothing better than the hint
    optimal: bool
    dtime: float  # deterministic time used


@dataclass
class SolveReport:
    """What the solver found and proved, kept with the plan (PlanResult.solver, the version's summary)."""

    time_limit: float
    stages: list[StageReport] = field(default_factory=list)
    stopped_by_wall_clock: bool = False
    seconds: float = 0.0  # wall-clock time: not part of the plan (as_dict) since it differs run to run

    def stage(self, name: str) -> StageReport | None:
        return next((s for s in self.stages if s.name == name), None)

    @property
    def optimal(self) -> bool:
        return bool(self.stages) and all(s.optimal for s in self.stages)

    def gap(self, name: str) -> int | None:
        """How many more (dates, kommuner) the bound allows than the plan achieves; 0 when proven optimal."""
        s = self.stage(name)
        if s is None:
            return 0
        if s.optimal:
            return 0
        return None if s.bound is None else max(s.bound - s.value, 0)

    def as_dict(self) -> dict:
        return {
            "time_limit": self.time_limit,
            "optimal": self.optimal,
            "deterministic": not self.stopped_by_wall_clock,
            "stages": [{k: v for k, v in asdict(s).items() if k != "dtime"} for s in self.stages],
        }


@dataclass(frozen=True)
class Progress:
    """Where a running solve is: shown on the plan page while it is being built."""

    stage: int  # 1-based
    stages: int
    name: str
    found: int | None
    bound: int | None
    fraction: float  # of the time limit used so far (0..1)
