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
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from . import planner
from .planner import (
    KIND_DEADLINE,
    KIND_FAIRNESS,
    KIND_PILOT,
    KIND_PIN,
    KIND_SCORE,
    METHOD_SOLVER,
    Constraint,
    Key,
    PlannedItem,
    PlanParams,
    PlanResult,
    Prepared,
    _Schedule,
)
from .scoring import Score, SystemFacts

try:  # optional at run time: without it the greedy planner builds the plan
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover - exercised by the fallback test with the import blocked
    cp_model = None

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
SCALE = 100  # person-days and scores in hundredths: CP-SAT needs integers
NAMES_SHOWN = 3

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
# Why a date is missed (PlanItem.reason, the plan's list of missed dates). Tests use these constants.
MSG_MISS_ALONE = gettext_lazy(
    "Ryms inte ens ensamt före avvecklingsdatum: insatsen är %(e)s persondagar och fästa system och piloter "
    "lämnar högst %(s)s lediga i %(w)s"
)
MSG_MISS_COSTS_A_DATE = gettext_lazy(
    "Att hålla det skulle kosta ett annat avvecklingsdatum (bevisat av lösaren): %(taken)s"
)
MSG_MISS_UNPROVEN = gettext_lazy(
    "Inget byte som håller fler datum hittades inom tidsgränsen (högst %(n)s fler kan nås): %(taken)s"
)
MSG_MISS_NOT_FOUND = gettext_lazy(
    "Lösaren hann inte hitta en plats i %(w)s inom tidsgränsen; högst %(n)s fler datum kan nås"
)
MSG_TAKEN_BY = ngettext_lazy(
    "kapaciteten i %(w)s går till %(n)s system som håller sitt datum eller är fäst: %(names)s",
    "kapaciteten i %(w)s går till %(n)s system som håller sina datum eller är fästa: %(names)s",
    "n",
)
# Why a member kommun gets no delivery within the fairness window.
MSG_KOMMUN_NONE_FREE = gettext_lazy(
    "Inget av kommunens system kan planeras inom %(n)s kvartal (fäst senare, pausat eller undantaget)"
)
MSG_KOMMUN_ALONE = gettext_lazy(
    "Inget av kommunens system ryms inom %(n)s kvartal ens ensamt, efter fästa system och piloter"
)
MSG_KOMMUN_COSTS = gettext_lazy(
    "En leverans inom %(n)s kvartal skulle kosta ett avvecklingsdatum eller en annan kommuns första leverans "
    "(bevisat av lösaren)"
)
MSG_KOMMUN_NOT_FOUND = gettext_lazy(
    "Lösaren hann inte hitta plats inom %(n)s kvartal inom tidsgränsen; högst %(m)s fler kommuner kan nås"
)
KIND_RANK = {KIND_PIN: 0, KIND_PILOT: 1, KIND_DEADLINE: 2, KIND_FAIRNESS: 3, KIND_SCORE: 4}


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
    space = _Space(prep, previous or {})
    report = SolveReport(time_limit=float(time_limit))
    hint = {i.key: i.quarter_index for i in greedy.items if i.key in space.free and i.quarter_index is not None}
    placement = _solve(space, hint, report, time_limit, progress)
    report.seconds = round(time.perf_counter() - started, 3)
    if placement is None:  # nothing found in time: the greedy plan stands
        greedy.solver = {"fallback": "no_solution", "time_limit": float(time_limit)}
        return greedy
    result = _result(prep, space, placement, report)
    result.timing = {"seconds": report.seconds, "dtime": round(sum(s.dtime for s in report.stages), 3)}
    return result


PHASE_GROUPED, PHASE_DATES, PHASE_EARLY, PHASE_ALL = "grouped", "dates", "early", "all"
# The stages are solved on models of growing size: a system that meets no date cannot help the date
# stage, and one outside the fairness window cannot help the kommuner stage, except as the first
# connection of its product ahead of a system held until later (_Space.domain keeps those quarters).
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


class _Space:
    """The free systems and what each may do: its quarters per phase, its date, its weight."""

    def __init__(self, prep: Prepared, previous: dict[Key, int]):
        self.prep = prep
        params = prep.params
        self.H, self.N = params.horizon, prep.fairness_window
        self.fixed = {key: qi for key, (qi, _s) in prep.sched.placed.items()}
        self.items = [i for i in prep.free if prep.earliest[i.key] < self.H]
        self.free = {i.key: i for i in self.items}
        self.earliest = prep.earliest
        self.deadline = {
            i.key: i.deadline_index
            for i in self.items
            if i.deadline_index is not None and i.deadline_index >= prep.earliest[i.key]
        }
        self.weight = {i.key: round(i.score.total * SCALE) for i in self.items}
        self.previous = {k: q for k, q in previous.items() if k in self.free and self.earliest[k] <= q < self.H}
        self.kommun_ids = [k for k, _name in params.member_kommuner] or sorted({k[0] for k in prep.items})
        self.served_fixed = {key[0] for key, qi in self.fixed.items() if qi < self.N}
        self.e1, self.e2 = _int(params.effort_first), _int(params.effort_additional)
        base_load = [_int(x) for x in prep.sched.load]
        self.bound = [max(_int(params.capacity[q]), base_load[q]) for q in range(self.H)]
        # The latest hold among a product's systems: before it, another system of the product may be needed
        # only to open the product (pay its first connection) for a held one.
        self.latest_hold: dict[int, int] = {}
        for item in self.items:
            product_id = item.facts.product_id
            if product_id is not None:
                self.latest_hold[product_id] = max(self.latest_hold.get(product_id, 0), self.earliest[item.key])

    def product(self, key: Key) -> int | None:
        return self.prep.items[key].facts.product_id

    def domain(self, key: Key, phase: str) -> list[int]:
        e = self.earliest[key]
        if phase == PHASE_ALL:
            return list(range(e, self.H))
        quarters = set(range(e, self.deadline[key] + 1)) if key in self.deadline else set()
        if phase == PHASE_EARLY:
            quarters |= set(range(e, self.N))
        product_id = self.product(key)
        if product_id is not None:
            quarters |= set(range(e, min(self.latest_hold.get(product_id, 0), self.H)))
        return sorted(quarters)

    def stages(self) -> list[str]:
        """The stages that have anything to decide."""
        names = []
        if self.deadline:
            names.append(STAGE_DATES)
        servable = {k[0] for k in self.free if self.earliest[k] < self.N}
        if any(k in servable and k not in self.served_fixed for k in self.kommun_ids):
            names.append(STAGE_KOMMUNER)
        if any(self.weight.values()):
            names.append(STAGE_SCORE)
        if self.previous:
            names.append(STAGE_STABILITY)
        if self.items:
            names.append(STAGE_ORDER)
        return names

    def restrict(self, placement: dict[Key, int], keep: set[Key]) -> dict[Key, int]:
        """The kept systems of a placement, with what they need to keep their efforts: no quarter's load grows.

        Dropping the first system of a product would make the next one pay full. Instead the product's
        earliest kept system moves into the dropped one's quarter (still within its own window, since it
        was later and the quarter is after its hold), or, held until later, the dropped one stays as opener.
        """
        result = {k: q for k, q in placement.items() if k in keep}
        firsts: dict[int, tuple[int, Key]] = {}
        for key, q in [*self.fixed.items(), *placement.items()]:
            product_id = self.product(key)
            if product_id is not None:
                firsts[product_id] = min(firsts.get(product_id, (q, key)), (q, key))
        for product_id, (q1, first) in sorted(firsts.items()):
            if first in result or first in self.fixed:
                continue
            kept = sorted((q, k) for k, q in result.items() if self.product(k) == product_id)
            kept += sorted((q, k) for k, q in self.fixed.items() if self.product(k) == product_id)
            if not kept or min(kept)[0] == q1:
                continue
            movable = [(q, k) for q, k in sorted(kept) if k in result and self.earliest[k] <= q1]
            if movable:
                result[movable[0][1]] = q1
            else:
                result[first] = q1
        return result


class _PlanModel:
    """The CP-SAT model of one phase: x[key][q] "this system in quarter q", per product "started by quarter q".

    In the date phase the dated systems of a product without holds are one group with a count per quarter
    instead of a variable per system and quarter: which of them goes where does not matter to the dates,
    and the solver need not search through the orderings of systems that are alike. A count is feasible
    when, for every quarter t, no more systems go in t or later than there are with a date in t or later
    (all start in the first quarter, so that is enough to give each a quarter within its window).
    """

    def __init__(self, space: _Space, phase: str):
        self.space, self.phase = space, phase
        H, N = space.H, space.N
        self.m = m = cp_model.CpModel()
        e1, e2 = space.e1, space.e2
        self.x: dict[Key, dict[int, object]] = {}
        grouped: dict[tuple, list[Key]] = {}
        for item in space.items:
            key = item.key
            quarters = space.domain(key, phase)
            if not quarters:
                continue
            product_id = space.product(key)
            if phase == PHASE_GROUPED and (product_id is None or space.latest_hold.get(product_id, 0) == 0):
                grouped.setdefault((product_id or 0, space.earliest[key]), []).append(key)
                continue
            row = {q: m.new_bool_var(f"x{key[0]}_{key[1]}_{q}") for q in quarters}
            self.x[key] = row
            m.add_at_most_one(row.values())
        # Groups: (product or 0, earliest) -> (its systems by score, count variable per quarter).
        self.groups: dict[tuple, tuple[list[Key], dict[int, object]]] = {}
        for (product_id, e), keys in sorted(grouped.items()):
            keys.sort(key=lambda k: (-space.weight[k], k))
            last = max(space.deadline[k] for k in keys)
            dated_from = {t: sum(1 for k in keys if space.deadline[k] >= t) for t in range(e, last + 1)}
            n = {q: m.new_int_var(0, dated_from[q], f"n{product_id}_{e}_{q}") for q in range(e, last + 1)}
            for t in range(e, last + 1):
                m.add(cp_model.LinearExpr.sum([n[q] for q in range(t, last + 1)]) <= dated_from[t])
            self.groups[(product_id, e)] = (keys, n)

        # Products: started[p][q] is true from the quarter of the product's first connection on.
        load_terms: list[list[tuple[object, int]]] = [[] for _ in range(H)]
        load_const = [0] * H
        at_q: dict[int, list[list[tuple[object, int]]]] = {}
        fixed_at: dict[int, set[int]] = {}

        def product_slot(product_id: int) -> list[list[tuple[object, int]]]:
            return at_q.setdefault(product_id, [[] for _ in range(H)])

        for key, qi in space.fixed.items():
            product_id = space.product(key)
            if product_id is None:
                load_const[qi] += e1
            else:
                load_const[qi] += e2
                product_slot(product_id)
                fixed_at.setdefault(product_id, set()).add(qi)
        for key, row in self.x.items():
            product_id = space.product(key)
            for q, var in row.items():
                load_terms[q].append((var, e1 if product_id is None else e2))
                if product_id is not None:
                    product_slot(product_id)[q].append((var, 1))
        for (product_id, _e), (keys, n) in self.groups.items():
            for q, var in n.items():
                load_terms[q].append((var, e2 if product_id else e1))
                if product_id:
                    product_slot(product_id)[q].append((var, sum(1 for k in keys if space.deadline[k] >= q)))
        self.started: dict[int, list[object]] = {}
        for product_id, slots in sorted(at_q.items()):
            started = [m.new_bool_var(f"p{product_id}_{q}") for q in range(H)]
            self.started[product_id] = started
            for q in range(1, H):
                m.add_implication(started[q - 1], started[q])
            for q in fixed_at.get(product_id, ()):
                m.add(started[q] == 1)
            for q in range(H):
                for var, most in slots[q]:
                    if most > 1:
                        m.add(var <= most * started[q])
                    else:
                        m.add_implication(var, started[q])
                # The product starts only in a quarter where one of its systems is: its effort is exact.
                if q not in fixed_at.get(product_id, ()):
                    newly = started[q] if q == 0 else started[q] - started[q - 1]
                    m.add(newly <= (cp_model.LinearExpr.sum([v for v, _most in slots[q]]) if slots[q] else 0))
                if e1 > e2:
                    load_terms[q].append((started[q], e1 - e2))
                    if q > 0:
                        load_terms[q].append((started[q - 1], -(e1 - e2)))
        for q in range(H):
            if load_terms[q]:
                vars_, coeffs = zip(*load_terms[q], strict=True)
                m.add(cp_model.LinearExpr.weighted_sum(vars_, coeffs) + load_const[q] <= space.bound[q])

        self.served: dict[int, object] = {}
        if phase not in (PHASE_GROUPED, PHASE_DATES):
            early: dict[int, list[object]] = {}
            for key, row in self.x.items():
                early.setdefault(key[0], []).extend(v for q, v in row.items() if q < N)
            for kommun_id in space.kommun_ids:
                if kommun_id in space.served_fixed or not early.get(kommun_id):
                    continue
                s = m.new_bool_var(f"k{kommun_id}")
                m.add(s <= cp_model.LinearExpr.sum(early[kommun_id]))
                self.served[kommun_id] = s

    def terms(self, name: str) -> list[tuple[object, int]]:
        """The objective of a stage as (variable, coefficient) pairs, to maximise."""
        space, x = self.space, self.x
        if name == STAGE_DATES:
            grouped = [(v, 1) for _keys, n in self.groups.values() for v in n.values()]
            return grouped + [(v, 1) for k, d in space.deadline.items() if k in x for q, v in x[k].items() if q <= d]
        if name == STAGE_KOMMUNER:
            return [(v, 1) for v in self.served.values()]
        if name == STAGE_SCORE:
            return [(v, space.weight[k]) for k, row in x.items() for v in row.values() if space.weight[k]]
        if name == STAGE_STABILITY:
            return [(x[k][q], 1) for k, q in sorted(space.previous.items()) if k in x and q in x[k]]
        # STAGE_ORDER: +1, so that a system of score 0 still goes as early as it can.
        return [(v, (space.weight[k] + 1) * (space.H - q)) for k, row in x.items() for q, v in row.items()]

    def size(self) -> int:
        return sum(len(row) for row in self.x.values()) + sum(len(n) for _keys, n in self.groups.values())

    def expression(self, name: str):
        terms = self.terms(name)
        if not terms:
            return None
        vars_, coeffs = zip(*terms, strict=True)
        return cp_model.LinearExpr.weighted_sum(vars_, coeffs)

    def value(self, name: str, placement: dict[Key, int]) -> int:
        """A stage's value for a placement (of this phase's systems), as the solver would count it."""
        hinted = self._values(placement)
        return sum(c * hinted.get(id(v), 0) for v, c in self.terms(name))

    def _values(self, placement: dict[Key, int]) -> dict[int, int]:
        space = self.space
        values = {id(self.x[k][q]): 1 for k, q in placement.items() if k in self.x and q in self.x[k]}
        for keys, n in self.groups.values():
            for k in keys:
                if k in placement and placement[k] in n:
                    values[id(n[placement[k]])] = values.get(id(n[placement[k]]), 0) + 1
        served = {k[0] for k, q in placement.items() if q < space.N}
        values |= {id(v): 1 for k, v in self.served.items() if k in served}
        first: dict[int, int] = {}
        for key, qi in [*space.fixed.items(), *placement.items()]:
            product_id = space.product(key)
            if product_id is not None:
                first[product_id] = min(first.get(product_id, space.H), qi)
        for product_id, started in self.started.items():
            for q, var in enumerate(started):
                values[id(var)] = int(first.get(product_id, space.H) <= q)
        return values

    def hint(self, placement: dict[Key, int]) -> None:
        m = self.m
        m.clear_hints()
        values = self._values(placement)
        for row in self.x.values():
            for var in row.values():
                m.add_hint(var, values.get(id(var), 0))
        for _keys, n in self.groups.values():
            for var in n.values():
                m.add_hint(var, values.get(id(var), 0))
        for started in self.started.values():
            for var in started:
                m.add_hint(var, values[id(var)])
        for var in self.served.values():
            m.add_hint(var, values.get(id(var), 0))

    def placement(self, solver) -> dict[Key, int]:
        """The solution as system -> quarter; a group's count becomes its systems, latest quarter first
        (any system dated in or after a quarter may go there; the earlier quarters take more of them)."""
        space = self.space
        result = {key: q for key, row in self.x.items() for q, var in row.items() if solver.boolean_value(var)}
        for keys, n in self.groups.values():
            left = list(keys)
            for q in sorted(n, reverse=True):
                count = solver.value(n[q])
                chosen = [k for k in left if space.deadline[k] >= q][:count]
                for k in chosen:
                    result[k] = q
                left = [k for k in left if k not in set(chosen)]
        return result


def _solve(space: _Space, hint: dict[Key, int], report: SolveReport, time_limit: float, progress):
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
            model = _PlanModel(space, phase)
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


def _configure(parameters, model: _PlanModel, budget: float, wall_deadline: float) -> None:
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


# --- the result, with reasons from the model ---------------------------------------------------------------


def _result(prep: Prepared, space: _Space, placement: dict[Key, int], report: SolveReport) -> PlanResult:
    N = prep.fairness_window
    items, kinds = prep.items, dict(prep.kinds)
    met = {k for k, q in placement.items() if k in space.deadline and q <= space.deadline[k]}
    served = {k[0] for k, q in space.fixed.items() if q < N} | {k[0] for k in met if placement[k] < N}
    fairness: dict[int, Key] = {}
    for key, q in sorted(placement.items(), key=lambda kq: (kq[1], -items[kq[0]].score.total, kq[0])):
        if q < N and key[0] not in served and key[0] not in fairness:
            fairness[key[0]] = key
    fairness_keys = set(fairness.values())
    for key in placement:
        item = items[key]
        if key in met:
            d = item.facts.decommission_date.isoformat()
            kinds[key] = (KIND_DEADLINE, _("Avvecklas %(d)s – planerad före avvecklingsdatum") % {"d": d})
        elif key in fairness_keys:
            kinds[key] = (
                KIND_FAIRNESS,
                _("Rättviseregeln: %(k)s första leverans (inom %(n)s kvartal)")
                % {"k": planner.genitive(item.facts.kommun_name), "n": N},
            )
        else:
            kinds[key] = (KIND_SCORE, _("Poäng %(s)s av 100") % {"s": planner._fmt(item.score.total)})
    sched = prep.sched.copy()
    for key, q in sorted(
        placement.items(), key=lambda kq: (kq[1], KIND_RANK[kinds[kq[0]][0]], -items[kq[0]].score.total, kq[0])
    ):
        sched.place(key, items[key].facts.product_id, q)
    for item in prep.free:
        if item.key not in placement:
            item.reason = _("Ryms inte inom planens horisont (kapacitet)")
    explain = _Explainer(prep, space, placement, met, report)
    result = planner.finish(
        prep, sched, kinds, exact=report.optimal, deadline_why=explain.deadline, fairness_why=explain.fairness
    )
    result.method = METHOD_SOLVER
    result.solver = report.as_dict()
    return result


class _Explainer:
    """Why a date or a kommun is missed, from the model's constraints and what the solver proved.

    "Alone": with only the pins and pilots placed, the system fits in no quarter before its date — it cannot
    be met at all. Otherwise the *core* of the plan (pins, pilots, the dates it meets and the first system
    of each product those need) leaves no room for it before its date: that capacity is taken by the other
    dates, named. When the date stage is proven optimal, meeting it would cost another date: were there a
    plan meeting it and all the others, the solver's bound would be higher.
    """

    def __init__(self, prep: Prepared, space: _Space, placement: dict[Key, int], met: set[Key], report):
        self.prep, self.space, self.placement, self.report = prep, space, placement, report
        self.base = prep.sched
        first: dict[int, tuple[int, Key]] = {}
        for key, q in [*space.fixed.items(), *placement.items()]:
            product_id = prep.items[key].facts.product_id
            if product_id is not None:
                first[product_id] = min(first.get(product_id, (q, key)), (q, key))
        core = set(met)
        needed = {prep.items[k].facts.product_id for k in core} - {None}
        core |= {first[p][1] for p in needed if first[p][1] in placement}
        self.core = _Schedule(prep.params)
        self.core_keys = core | set(space.fixed)
        for key, q in sorted([*space.fixed.items(), *((k, placement[k]) for k in core)], key=lambda kq: (kq[1], kq[0])):
            self.core.place(key, prep.items[key].facts.product_id, q)
        self.met = met
        dates, kommuner = report.stage(STAGE_DATES), report.stage(STAGE_KOMMUNER)
        self.dates_proven = dates is None or dates.optimal
        self.dates_gap = report.gap(STAGE_DATES)
        self.kommuner_proven = self.dates_proven and (kommuner is None or kommuner.optimal)
        self.kommuner_gap = report.gap(STAGE_KOMMUNER)

    def _fits(self, sched: _Schedule, product_id, q: int) -> bool:
        cost = sched.cost(product_id, q)
        return sched.load[q] + cost <= self.space.bound[q] / SCALE + planner.EPS

    def deadline(self, item: PlannedItem) -> str | None:
        prep = self.prep
        if item.key not in self.space.deadline:
            return None
        first, last = prep.earliest[item.key], self.space.deadline[item.key]
        window = _quarters(prep.params, first, last)
        product_id = item.facts.product_id
        gap = self.dates_gap if self.dates_gap is not None else "?"
        if not any(self.base.fits(product_id, q) for q in range(first, last + 1)):
            spare = max(prep.params.capacity[q] - self.base.load[q] for q in range(first, last + 1))
            return MSG_MISS_ALONE % {
                "e": planner._fmt(self.base.cost(product_id, first)),
                "s": planner._fmt(round(max(spare, 0), 1)),
                "w": window,
            }
        if any(self._fits(self.core, product_id, q) for q in range(first, last + 1)):
            return MSG_MISS_NOT_FOUND % {"w": window, "n": gap}
        taken = sorted(
            (k for k in self.core_keys if first <= self.core.placed[k][0] <= last and k != item.key),
            key=lambda k: (self.prep.items[k].facts.decommission_date or item.facts.decommission_date, k),
        )
        names = ", ".join(self._name(k) for k in taken[:NAMES_SHOWN])
        if len(taken) > NAMES_SHOWN:
            names += " " + _("och %(n)s till") % {"n": len(taken) - NAMES_SHOWN}
        taken_by = MSG_TAKEN_BY % {
            "w": window,
            "n": len(taken),
            "names": names,
        }
        if self.dates_proven:
            return MSG_MISS_COSTS_A_DATE % {"taken": taken_by}
        return MSG_MISS_UNPROVEN % {"taken": taken_by, "n": gap}

    def fairness(self, kommun_id: int, own: list[PlannedItem]) -> str | None:
        prep, N = self.prep, self.prep.fairness_window
        candidates = [i for i in own if i.key in self.space.free and prep.earliest[i.key] < N]
        if not candidates:
            return MSG_KOMMUN_NONE_FREE % {"n": N}
        if not any(self.base.fits(i.facts.product_id, q) for i in candidates for q in range(prep.earliest[i.key], N)):
            return MSG_KOMMUN_ALONE % {"n": N}
        if self.kommuner_proven:
            return MSG_KOMMUN_COSTS % {"n": N}
        return MSG_KOMMUN_NOT_FOUND % {"n": N, "m": self.kommuner_gap if self.kommuner_gap is not None else "?"}

    def _name(self, key: Key) -> str:
        item = self.prep.items[key]
        label = f"{item.facts.kommun_name}: {item.facts.name}"
        if key in self.space.fixed:
            kind = self.prep.kinds[key][0]
            return f"{label} ({_('fäst') if kind == KIND_PIN else _('pilot')})"
        if item.facts.decommission_date and key in self.met:
            return f"{label} ({item.facts.decommission_date.isoformat()})"
        return f"{label} ({_('första av produkten')})"


def _quarters(params: PlanParams, first: int, last: int) -> str:
    if first == last:
        return params.quarter(first).label
    return f"{params.quarter(first).label}–{params.quarter(last).label}"


def _int(value: float) -> int:
    return round(float(value) * SCALE)
