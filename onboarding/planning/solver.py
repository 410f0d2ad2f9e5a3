"""The connection plan from a constraint solver: OR-Tools CP-SAT, with the greedy planner's inputs and output.

The greedy planner (planner.build_plan) places deadline systems earliest-deadline-first. It cannot see that a
product already being connected makes every further kommun on it several times cheaper, and on realistic
portfolios it leaves many decommission dates on the table that could be met (ARCHITECTURE.md). Here the same
rules are a CP-SAT model, optimised lexicographically: each stage is solved, then kept as a constraint
("no worse than found") while the next one is optimised:

0. pins and pilots as today (planner.prepare: pins in their quarter even over capacity, with the warning;
   pilots by score in the earliest quarter with room) — fixed before the model is solved;
1. the number of decommission dates met;
2. the number of member kommuner served within the fairness window;
3. the total score of what is planned;
4. stability: the most systems left in their quarter of the last decided plan;
5. a tie-break that only orders: higher scores earlier.

Rules as in the planner: the first connection of a product costs the full effort and each further kommun on
it the increment (whichever system of the product comes first pays full); capacity per quarter; holds (not
before a quarter) and exclusions; pins over capacity are kept (nothing else may then be added there).

The stages are solved on models of growing size (STEPS): the date stage sees only systems that can
meet a date, with the dated systems of a product grouped (a count per quarter), then once more with one
variable per system for a tighter bound; the kommuner stage adds what fits in the fairness window; the
score, stability and order stages see everything. Each stage starts from the plan so far, completed as the
greedy planner would (planner.complete), so none ends below that.

Deterministic: one fixed seed, the subsolvers interleaved rather than raced (`interleave_search`: the two
worker threads give the same search every run; one worker on small models), and a *deterministic* time
limit (`max_deterministic_time`, CP-SAT's count of work done). A wall-clock limit stops at a different point
of the search whenever the machine is busier (two cores shared with other work here), and the same inputs
would then give different plans. The time limit setting (seconds) becomes deterministic time through
DTIME_PER_SECOND; a wall-clock limit of WALL_FACTOR times the setting stays as a safety net only (a plan
stopped by it says so: not reproducible).

Every missed date is explained from the model: either it cannot be met at all (alone, after the pins and
pilots, it fits in no quarter before its date), or the capacity of the quarters before its date is taken by
the other systems that keep their dates (named), and — when the date stage is proven optimal — meeting it
would cost another date. Without ortools, or when the solver finds no plan in time, the greedy planner's
plan stands (it is also the solver's first solution, given as a hint: the solver's plan never meets fewer
dates than the greedy one).
"""

from __future__ import annotations

import time

from . import planner
from .plan_types import Constraint, Key, PlanParams, PlanResult
from .scoring import Score, SystemFacts
from .solver_model import PHASE_ALL, PHASE_DATES, PHASE_EARLY, PHASE_GROUPED, PlanModel, Space, cp_model
from .solver_reasons import result_of
from .solver_report import (
    STAGE_DATES,
    STAGE_KOMMUNER,
    STAGE_ORDER,
    STAGE_SCORE,
    STAGE_STABILITY,
    STAGE_WEIGHTS,
    Progress,
    SolveReport,
    StageReport,
)

DEFAULT_TIME_LIMIT = 30  # seconds (PlanSettings.solver_time_limit)
SEED = 1
WORKERS = 2  # interleaved, so deterministic; the machines here have two cores
SMALL_MODEL = 1000  # variables: below it, one worker
# Deterministic time per second of the setting. Measured on the 2-core machines here, two interleaved
# workers: the 290 x 50 benchmark world took 31 s of wall-clock time for 30 units (load average ~3); with
# other test runs loading the machine (load average 6-10) a unit took 2-3 s. The plan is the same either way.
DTIME_PER_SECOND = 1.0
# Safety net only, far beyond the deterministic limit even on a machine loaded several times over: a plan
# stopped by the wall clock is marked as not reproducible.
WALL_FACTOR, WALL_MARGIN = 10.0, 30.0


def build_plan(
    facts: list[SystemFacts],
    scores: dict[Key, Score],
    params: PlanParams,
    constraints: list[Constraint] = (),
    *,
    previous: dict[Key, int] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    progress=None,
) -> PlanResult:
    """The one place that chooses the planner: the solver when ortools is installed, else the greedy planner.

    previous: the last decided plan, system key -> quarter index from params.start (stability).
    progress: called with a Progress now and then while the solver runs.
    """
    if cp_model is None:
        result = planner.build_plan(facts, scores, params, constraints)
        result.solver = {"fallback": "not_installed"}
        return result
    return solve_plan(facts, scores, params, constraints, previous=previous, time_limit=time_limit, progress=progress)


def solve_plan(
    facts: list[SystemFacts],
    scores: dict[Key, Score],
    params: PlanParams,
    constraints: list[Constraint] = (),
    *,
    previous: dict[Key, int] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
    progress=None,
) -> PlanResult:
    """The plan from CP-SAT (see the module's docstring). Falls back to the greedy plan when it finds none."""
    started = time.perf_counter()
    greedy = planner.build_plan(facts, scores, params, constraints)
    prep = planner.prepare(facts, scores, params, constraints)
    space = Space(prep, previous or {})
    report = SolveReport(time_limit=float(time_limit))
    hint = {i.key: i.quarter_index for i in greedy.items if i.key in space.free and i.quarter_index is not None}
    placement = _solve(space, hint, report, time_limit, progress)
    report.seconds = round(time.perf_counter() - started, 3)
    if placement is None:  # nothing found in time: the greedy plan stands
        greedy.solver = {"fallback": "no_solution", "time_limit": float(time_limit)}
        return greedy
    result = result_of(prep, space, placement, report)
    result.timing = {"seconds": report.seconds, "dtime": round(sum(s.dtime for s in report.stages), 3)}
    return result


# The stages are solved on models of growing size: a system that meets no date cannot help the date
# stage, and one outside the fairness window cannot help the kommuner stage, except as the first
# connection of its product ahead of a system held until later (Space.domain keeps those quarters).
# The optimum of each stage is the same as on the whole model; the models are much smaller.
# The date stage is solved twice: first with alike systems grouped (good plans fast), then with a
# variable per system (a tighter bound, so a proof or a smaller gap), from the first one's plan.
STEPS = (
    (PHASE_GROUPED, STAGE_DATES, 0.6),  # (phase, stage, share of what is left of the stage's time)
    (PHASE_DATES, STAGE_DATES, 1.0),
    (PHASE_EARLY, STAGE_KOMMUNER, 1.0),
    (PHASE_ALL, STAGE_SCORE, 1.0),
    (PHASE_ALL, STAGE_STABILITY, 1.0),
    (PHASE_ALL, STAGE_ORDER, 1.0),
)


def _solve(space: Space, hint: dict[Key, int], report: SolveReport, time_limit: float, progress):
    """Solve stage by stage; returns the placement of the free systems (key -> quarter), or None."""
    budget = max(float(time_limit), 0.1) * DTIME_PER_SECOND
    wall_deadline = time.perf_counter() + WALL_FACTOR * max(float(time_limit), 1.0) + WALL_MARGIN
    names = space.stages()
    # The greedy plan, cut to what the first phase may hold: its met dates (and the openers they need).
    met = {k for k, q in hint.items() if k in space.deadline and q <= space.deadline[k]}
    placement = space.restrict(hint, met)
    kept: dict[str, int] = {}
    used = 0.0
    model, stage_started = None, {}
    for phase, name, share in STEPS:
        if name not in names or (name in kept and report.stage(name).optimal):
            continue  # nothing to decide, or proven by the step before
        if model is None or model.phase != phase:
            if phase in (PHASE_EARLY, PHASE_ALL):  # start from the plan so far, completed as the greedy would
                placement = planner.complete(space.prep, placement, by_score=phase == PHASE_ALL)
            model = PlanModel(space, phase)
            for done, value in kept.items():
                model.m.add(model.expression(done) >= value)
        objective = model.expression(name)
        index = names.index(name)
        if name not in stage_started:
            weight_left = sum(STAGE_WEIGHTS[n] for n in names[index:])
            stage_started[name] = (used, max((budget - used) * STAGE_WEIGHTS[name] / weight_left, 0.05))
        stage_used, stage_budget = stage_started[name]
        step_budget = max((stage_budget - (used - stage_used)) * share, 0.05)
        model.m.maximize(objective)
        model.hint(placement)
        solver = cp_model.CpSolver()
        _configure(solver.parameters, model, step_budget, wall_deadline)
        status = solver.solve(model.m, _Watcher(index, len(names), name, used, budget, progress))
        dtime = solver.deterministic_time
        if dtime < step_budget * 0.999 and status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            report.stopped_by_wall_clock = True
        used += dtime
        previous = report.stage(name)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            value, bound = round(solver.objective_value), int(solver.best_objective_bound + 1e-6)
            placement = model.placement(solver)
        elif not kept:
            return None  # not even the first stage found a plan (the hint was not taken in time)
        else:
            value, bound = model.value(name, placement), None
        if previous is not None:  # the same stage again: keep the better plan and the tighter bound
            bounds = [b for b in (previous.bound, bound) if b is not None]
            previous.value, previous.dtime = max(previous.value, value), previous.dtime + dtime
            previous.bound = min(bounds) if bounds else None
            previous.optimal = previous.optimal or status == cp_model.OPTIMAL or previous.bound == previous.value
        else:
            report.stages.append(StageReport(name, value, bound, status == cp_model.OPTIMAL, dtime))
        stage = report.stage(name)
        kept[name] = stage.value
        model.m.add(objective >= stage.value)  # later stages may not worsen this one
        if progress:
            progress(Progress(index + 1, len(names), name, stage.value, stage.bound, min(used / budget, 1.0)))
    return placement


def _configure(parameters, model: PlanModel, budget: float, wall_deadline: float) -> None:
    parameters.random_seed = SEED
    # Interleaved workers run in batches that each finish their share of work even once the optimum is
    # proven (about one unit of deterministic time): on a small model one worker is done sooner.
    workers = 1 if model.size() < SMALL_MODEL else WORKERS
    parameters.num_workers = workers
    if workers > 1:
        parameters.interleave_search = True
    parameters.max_deterministic_time = budget
    parameters.max_time_in_seconds = max(wall_deadline - time.perf_counter(), 0.5)


class _Watcher(cp_model.CpSolverSolutionCallback if cp_model else object):
    """Reports each better solution (throttled): the plan page shows it while the plan is being built."""

    def __init__(self, index, stages, name, used, budget, progress):
        super().__init__()
        self.index, self.stages, self.name, self.used, self.budget = index, stages, name, used, budget
        self.progress, self.last = progress, 0.0

    def on_solution_callback(self) -> None:
        if self.progress is None or time.perf_counter() - self.last < 0.5:
            return
        self.last = time.perf_counter()
        fraction = min((self.used + self.deterministic_time) / self.budget, 1.0)
        self.progress(
            Progress(
                self.index + 1,
                self.stages,
                self.name,
                round(self.objective_value),
                int(self.best_objective_bound + 1e-6),
                fraction,
            )
        )
