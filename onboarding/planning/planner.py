"""The connection planner: a schedule quarter by quarter, from scored systems and the förvaltning's capacity.

Pure and deterministic (same inputs, same plan): plain dataclasses in, plain dataclasses out.

How a plan is built, in order of precedence:
1. pins ("this quarter"), even over capacity (the plan then warns);
2. pilot systems, by score, in the earliest quarter with room;
3. decommission deadlines: earliest-deadline-first, each in the earliest quarter with room before its date;
4. fairness: every member kommun gets a delivery within the first N quarters;
5. everything else by score.
Steps 3-4 are the critical part: when it is small enough (EXACT_LIMIT systems), an exact branch-and-bound
search replaces the greedy placement if it meets more deadlines (then serves more kommuner); beyond that the
greedy result stands, and the plan lists every deadline it misses and why.

Effort: systems are grouped into connection units by product. The first system of a product (the earliest
in the schedule) pays the full effort; each further kommun on the same product pays the smaller increment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .quarters import Quarter
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
EXACT_LIMIT = 10
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
    reason: str = ""
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
    deadline_misses: list[tuple[PlannedItem, str]] = field(default_factory=list)
    fairness_misses: list[tuple[int, str, str]] = field(default_factory=list)  # (kommun id, name, why)
    warnings: list[str] = field(default_factory=list)
    exact: bool = False
    method: str = METHOD_GREEDY  # which planner built it: METHOD_SOLVER or METHOD_GREEDY
    # What the solver found and proved, stage by stage (onboarding.planning.solver.SolveReport.as_dict()):
    # empty when the greedy planner built the plan.
    solver: dict = field(default_factory=dict)
    timing: dict = field(default_factory=dict)  # wall-clock and deterministic time: differs run to run, not in as_dict

    def planned(self) -> list[PlannedItem]:
        return [i for i in self.items if i.quarter_index is not None]

    def by_key(self) -> dict[Key, PlannedItem]:
        return {i.key: i for i in self.items}

    def as_dict(self) -> dict:
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
                    "reason": i.reason,
                    "decommission_date": i.facts.decommission_date.isoformat() if i.facts.decommission_date else None,
                    "deadline_met": i.deadline_met,
                }
                for i in self.items
            ],
            "deadline_misses": [
                {"kommun": i.facts.kommun_name, "system": i.facts.name, "why": why} for i, why in self.deadline_misses
            ],
            "fairness_misses": [{"kommun": name, "why": why} for _id, name, why in self.fairness_misses],
            "warnings": self.warnings,
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


class _Schedule:
    """Placements and the load per quarter under the rule "the product's earliest system pays full"."""

    def __init__(self, params: PlanParams):
        self.params = params
        self.placed: dict[Key, tuple[int, int]] = {}  # key -> (quarter index, sequence)
        self.product: dict[Key, int | None] = {}
        self.by_product: dict[int, list[tuple[int, int, Key]]] = {}
        self.load = [0.0] * params.horizon
        self.seq = 0

    def copy(self) -> _Schedule:
        other = _Schedule(self.params)
        other.placed = dict(self.placed)
        other.product = dict(self.product)
        other.by_product = {p: list(v) for p, v in self.by_product.items()}
        other.load = list(self.load)
        other.seq = self.seq
        return other

    def cost(self, product_id: int | None, qi: int) -> float:
        """What placing a system of this product in quarter qi adds to that quarter."""
        if product_id is None or not self.by_product.get(product_id):
            return self.params.effort_first
        first_qi = min(self.by_product[product_id])[0]
        return self.params.effort_additional if first_qi <= qi else self.params.effort_first

    def fits(self, product_id: int | None, qi: int) -> bool:
        return self.load[qi] + self.cost(product_id, qi) <= self.params.capacity[qi] + EPS

    def place(self, key: Key, product_id: int | None, qi: int) -> None:
        added = self.cost(product_id, qi)
        if product_id is not None and self.by_product.get(product_id):
            old_first = min(self.by_product[product_id])[0]
            if old_first > qi:  # the former first system now only pays the increment
                self.load[old_first] -= self.params.effort_first - self.params.effort_additional
        self.load[qi] += added
        self.placed[key] = (qi, self.seq)
        self.product[key] = product_id
        if product_id is not None:
            self.by_product.setdefault(product_id, []).append((qi, self.seq, key))
        self.seq += 1

    def effort_of(self, key: Key) -> float:
        product_id = self.product[key]
        if product_id is None:
            return self.params.effort_first
        first = min(self.by_product[product_id])
        return self.params.effort_first if first[2] == key else self.params.effort_additional

    def first_of_product(self, product_id: int) -> Key:
        return min(self.by_product[product_id])[2]


def _objective(schedule: _Schedule, deadline_keys: dict[Key, int], kommun_of: dict[Key, int], n: int) -> tuple:
    met = sum(1 for key, dl in deadline_keys.items() if key in schedule.placed and schedule.placed[key][0] <= dl)
    covered = {kommun_of[key] for key, (qi, _s) in schedule.placed.items() if qi < n}
    return met, len(covered)


@dataclass
class Prepared:
    """What every planner starts from: the items with their status and constraint reasons, the pins
    (in their quarter, even over capacity) and the pilots (by score, in the earliest quarter with room)."""

    params: PlanParams
    items: dict[Key, PlannedItem]
    sched: _Schedule  # pins and pilots placed
    kinds: dict[Key, tuple[str, str]]
    warnings: list[str]
    earliest: dict[Key, int]  # eligible items: the first quarter they may go in (a hold moves it)
    free: list[PlannedItem]  # eligible, not yet placed
    blocked: dict[Key, str]  # held until after the decommission date: that is why the date is missed

    @property
    def fairness_window(self) -> int:
        return min(self.params.fairness_quarters, self.params.horizon)


def by_score_order(item: PlannedItem) -> tuple:
    return (-item.score.total, item.key)


def prepare(
    facts: list[SystemFacts], scores: dict[Key, Score], params: PlanParams, constraints: list[Constraint] = ()
) -> Prepared:
    """Steps 1-2 of every plan: statuses and constraints, pins, then pilots. Deterministic."""
    H = params.horizon
    facts = sorted(facts, key=lambda f: f.key)
    items = {
        f.key: PlannedItem(f, scores[f.key], deadline_index=deadline_index(params, f.decommission_date)) for f in facts
    }
    by_constraint = {c.key: c for c in sorted(constraints, key=lambda c: (c.key, c.kind))}
    sched = _Schedule(params)
    kinds: dict[Key, tuple[str, str]] = {}
    warnings: list[str] = []
    earliest: dict[Key, int] = {}
    free: list[PlannedItem] = []  # eligible, not yet placed

    for item in items.values():
        f, c = item.facts, by_constraint.get(item.key)
        if f.status not in params.eligible_statuses:
            item.reason_code = REASON_STATUS
            item.reason = _("Status ”%(s)s”: inte klar för prioritering") % {"s": f.status}
        elif c is not None and c.kind == EXCLUDE:
            item.reason_code = REASON_EXCLUDED
            item.reason = _("Undantagen av förvaltningen: %(r)s") % {"r": c.reason}
        elif c is not None and c.kind == HOLD and c.quarter is None:
            item.reason_code = REASON_HELD
            item.reason = _("Pausad av förvaltningen: %(r)s") % {"r": c.reason}
        elif c is not None and c.kind == HOLD and c.quarter.index_from(params.start) >= H:
            item.reason_code = REASON_HELD
            item.reason = _("Pausad till %(q)s (efter planens horisont): %(r)s") % {"q": c.quarter, "r": c.reason}
        elif c is not None and c.kind == PIN:
            qi = c.quarter.index_from(params.start) if c.quarter else -1
            if not 0 <= qi < H:
                item.reason_code = REASON_PINNED_OUTSIDE
                item.reason = _("Fäst till %(q)s, utanför planens horisont: %(r)s") % {"q": c.quarter, "r": c.reason}
                warnings.append(item.reason + f" ({f.kommun_name}: {f.name})")
            else:
                sched.place(item.key, f.product_id, qi)
                kinds[item.key] = (
                    KIND_PIN,
                    _("Fäst av förvaltningen: %(q)s – %(r)s") % {"q": c.quarter, "r": c.reason},
                )
        else:
            hold_qi = c.quarter.index_from(params.start) if c is not None and c.kind == HOLD else 0
            earliest[item.key] = max(hold_qi, 0)
            free.append(item)
    for qi in range(H):
        if sched.load[qi] > params.capacity[qi] + EPS:
            warnings.append(
                _("%(q)s: fästa system kräver %(l)s av %(c)s persondagar")
                % {"q": params.quarter(qi), "l": round(sched.load[qi], 1), "c": params.capacity[qi]}
            )

    # 2. Pilots first.
    for item in sorted((i for i in free if i.facts.pilot), key=by_score_order):
        qi = next((q for q in range(earliest[item.key], H) if sched.fits(item.facts.product_id, q)), None)
        if qi is not None:
            sched.place(item.key, item.facts.product_id, qi)
            kinds[item.key] = (KIND_PILOT, _("Pilot"))
    free = [i for i in free if i.key not in sched.placed]
    blocked = {
        k: _("Pausad av förvaltningen till efter avvecklingsdatum")
        for k, i in items.items()
        if i.deadline_index is not None and k in earliest and earliest[k] > i.deadline_index >= 0
    }
    return Prepared(params, items, sched, kinds, warnings, earliest, free, blocked)


def build_plan(
    facts: list[SystemFacts], scores: dict[Key, Score], params: PlanParams, constraints: list[Constraint] = ()
) -> PlanResult:
    """Build the plan. Deterministic: every ordering ends in the system's (kommun id, system id)."""
    prep = prepare(facts, scores, params, constraints)
    N = prep.fairness_window
    items, sched, kinds, earliest, free = prep.items, prep.sched, prep.kinds, prep.earliest, prep.free
    order = by_score_order

    # 3-4. The critical part: deadlines, then fairness.
    kommun_of = {k: k[0] for k in items}
    deadline_keys = {
        i.key: i.deadline_index for i in free if i.deadline_index is not None and i.deadline_index >= earliest[i.key]
    }
    base = sched.copy()
    covered0 = {kommun_of[k] for k, (qi, _s) in base.placed.items() if qi < N}
    fairness_pool = [
        i for i in free if i.key not in deadline_keys and i.facts.kommun_id not in covered0 and earliest[i.key] < N
    ]
    greedy = _critical_greedy(base, free, deadline_keys, fairness_pool, earliest, covered0, N, order)
    best, exact = greedy, False
    candidates = [i for i in free if i.key in deadline_keys] + fairness_pool
    greedy_obj = _objective(greedy, deadline_keys, kommun_of, N)
    reachable = covered0 | {i.facts.kommun_id for i in candidates}
    if len(candidates) <= EXACT_LIMIT:
        exact = True
        if greedy_obj < (len(deadline_keys), len(reachable)):
            found = _critical_exact(base, candidates, deadline_keys, earliest, covered0, N, greedy_obj)
            if found is not None:
                best = found
    sched = best
    for item in free:
        if item.key in sched.placed and item.key not in kinds:
            if item.key in deadline_keys and sched.placed[item.key][0] <= deadline_keys[item.key]:
                d = item.facts.decommission_date.isoformat()
                kinds[item.key] = (KIND_DEADLINE, _("Avvecklas %(d)s – planerad före avvecklingsdatum") % {"d": d})
            else:
                kinds[item.key] = (
                    KIND_FAIRNESS,
                    _("Rättviseregeln: %(k)s första leverans (inom %(n)s kvartal)")
                    % {"k": genitive(item.facts.kommun_name), "n": N},
                )
    free = [i for i in free if i.key not in sched.placed]

    # 5. The rest by score; further kommuner on a product already planned follow at the increment.
    _place_by_score(sched, free, earliest, kinds, order)

    return finish(prep, sched, kinds, exact=exact)


def genitive(name: str) -> str:
    """Swedish genitive: Bjuvs, but Mönsterås (names ending in s, x or z take no extra s)."""
    return name if name[-1:].lower() in "sxz" else f"{name}s"


def _fmt(value: float) -> str:
    return f"{value:g}"


def _critical_greedy(base, free, deadline_keys, fairness_pool, earliest, covered0, N, order) -> _Schedule:
    sched = base.copy()
    for item in sorted(
        (i for i in free if i.key in deadline_keys), key=lambda i: (deadline_keys[i.key], -i.score.total, i.key)
    ):
        qi = next(
            (q for q in range(earliest[item.key], deadline_keys[item.key] + 1) if sched.fits(item.facts.product_id, q)),
            None,
        )
        if qi is not None:
            sched.place(item.key, item.facts.product_id, qi)
    covered = covered0 | {k[0] for k, (qi, _s) in sched.placed.items() if qi < N}
    _place_fairness(sched, fairness_pool, earliest, covered, N, order)
    return sched


def _place_fairness(sched: _Schedule, pool_items, earliest, covered: set[int], N: int, order) -> None:
    """Step 4: each kommun not yet served gets its cheapest (then best-scored) system within N quarters."""
    pool: dict[int, list] = {}
    for item in pool_items:
        pool.setdefault(item.facts.kommun_id, []).append(item)
    for kommun_id in sorted(pool):
        if kommun_id in covered:
            continue
        options = sorted(pool[kommun_id], key=lambda i: (sched.cost(i.facts.product_id, earliest[i.key]),) + order(i))
        for item in options:
            qi = next((q for q in range(earliest[item.key], N) if sched.fits(item.facts.product_id, q)), None)
            if qi is not None:
                sched.place(item.key, item.facts.product_id, qi)
                covered.add(kommun_id)
                break


def _place_by_score(sched: _Schedule, free, earliest, kinds, order, *, note_unfit: bool = True) -> None:
    """Step 5: by score, each in the earliest quarter with room; further kommuner on its product follow."""
    H = sched.params.horizon
    pending = {i.key: i for i in free}
    siblings: dict[int, list[PlannedItem]] = {}
    for item in sorted(free, key=order):
        if item.facts.product_id is not None:
            siblings.setdefault(item.facts.product_id, []).append(item)

    def place(item: PlannedItem) -> bool:
        qi = next((q for q in range(earliest[item.key], H) if sched.fits(item.facts.product_id, q)), None)
        if qi is None:
            return False
        sched.place(item.key, item.facts.product_id, qi)
        kinds[item.key] = (KIND_SCORE, _("Poäng %(s)s av 100") % {"s": _fmt(item.score.total)})
        return True

    unfit = _("Ryms inte inom planens horisont (kapacitet)") if note_unfit else None
    for item in sorted(free, key=order):
        if item.key not in pending:
            continue
        del pending[item.key]
        if place(item) and item.facts.product_id is not None:
            for sibling in siblings.get(item.facts.product_id, []):
                if sibling.key in pending:
                    del pending[sibling.key]
                    if not place(sibling) and unfit:
                        sibling.reason = unfit
        elif item.key not in sched.placed and unfit:
            item.reason = unfit


def complete(prep: Prepared, placement: dict[Key, int], *, by_score: bool = True) -> dict[Key, int]:
    """A placement of free systems (system -> quarter) completed as the greedy planner would: every kommun
    not yet served gets a system within the fairness window (step 4), then, with by_score, the rest by score
    (step 5). The solver starts its later stages from it, so it never ends with less than this."""
    sched = prep.sched.copy()
    for key, q in sorted(placement.items(), key=lambda kq: (kq[1], kq[0])):
        sched.place(key, prep.items[key].facts.product_id, q)
    N = prep.fairness_window
    rest = [i for i in prep.free if i.key not in sched.placed]
    covered = {k[0] for k, (qi, _s) in sched.placed.items() if qi < N}
    _place_fairness(sched, [i for i in rest if prep.earliest[i.key] < N], prep.earliest, covered, N, by_score_order)
    if by_score:
        rest = [i for i in rest if i.key not in sched.placed]
        _place_by_score(sched, rest, prep.earliest, {}, by_score_order, note_unfit=False)
    return {k: qi for k, (qi, _s) in sched.placed.items() if k not in prep.sched.placed}


def _critical_exact(base, candidates, deadline_keys, earliest, covered0, N, incumbent) -> _Schedule | None:
    """Branch and bound over the critical systems: the most deadlines met, then the most kommuner served."""
    H = base.params.horizon
    cands = sorted(candidates, key=lambda i: (i.key not in deadline_keys, deadline_keys.get(i.key, H), i.key))
    best: list = [incumbent, None]
    base_load = list(base.load)

    def domain(item) -> list[int | None]:
        last = deadline_keys[item.key] if item.key in deadline_keys else N - 1
        return [*range(earliest[item.key], min(last, H - 1) + 1), None]

    def feasible(s: _Schedule) -> bool:
        return all(s.load[q] <= max(s.params.capacity[q], base_load[q]) + EPS for q in range(H))

    def search(idx: int, s: _Schedule, met: int, covered: frozenset, remaining_dl: int) -> None:
        later_kommuner = {c.facts.kommun_id for c in cands[idx:]} - covered
        bound = (met + remaining_dl, len(covered) + len(later_kommuner))
        if bound <= best[0]:
            return
        if idx == len(cands):
            best[0], best[1] = (met, len(covered)), s
            return
        item = cands[idx]
        is_dl = item.key in deadline_keys
        if not is_dl and item.facts.kommun_id in covered:
            search(idx + 1, s, met, covered, remaining_dl)
            return
        for qi in domain(item):
            if qi is None:
                search(idx + 1, s, met, covered, remaining_dl - is_dl)
                continue
            nxt = s.copy()
            nxt.place(item.key, item.facts.product_id, qi)
            if feasible(nxt):
                cov = covered | {item.facts.kommun_id} if qi < N else covered
                search(idx + 1, nxt, met + is_dl, cov, remaining_dl - is_dl)

    search(0, base.copy(), 0, frozenset(covered0), sum(1 for c in cands if c.key in deadline_keys))
    return best[1]


def finish(
    prep: Prepared,
    sched: _Schedule,
    kinds: dict[Key, tuple[str, str]],
    *,
    exact: bool = False,
    deadline_why=None,
    fairness_why=None,
) -> PlanResult:
    """The result of a schedule: efforts, reasons, the deadlines missed and the kommuner not served, and why.

    deadline_why(item) and fairness_why(kommun_id, own items) explain a miss when the common reasons
    (status, constraint, pin, capacity alone) do not; a planner that can prove more passes its own.
    """
    items, params, N = prep.items, prep.params, prep.fairness_window
    load = [0.0] * params.horizon
    for key, (qi, _s) in sched.placed.items():
        item = items[key]
        item.quarter_index, item.quarter = qi, params.quarter(qi)
        item.effort = sched.effort_of(key)
        item.kind, item.reason = kinds[key]
        product_id = item.facts.product_id
        if product_id is not None and sched.first_of_product(product_id) != key:
            first = items[sched.first_of_product(product_id)].facts
            item.reason += "; " + _("samma produkt som i %(k)s: tillägg %(e)s persondagar") % {
                "k": first.kommun_name,
                "e": _fmt(params.effort_additional),
            }
        load[qi] += item.effort
    result = PlanResult(params, [], load, warnings=prep.warnings, exact=exact)
    for item in items.values():
        if item.deadline_index is None:
            continue
        item.deadline_met = item.quarter_index is not None and item.quarter_index <= item.deadline_index
        if not item.deadline_met:
            why = prep.blocked.get(item.key) or _deadline_why(item, params, deadline_why)
            result.deadline_misses.append((item, why))
            if item.quarter_index is not None:
                item.reason += "; " + _("avvecklingsdatum %(d)s kan inte hållas: %(w)s") % {
                    "d": item.facts.decommission_date.isoformat(),
                    "w": why,
                }
    ordered = sorted(
        items.values(),
        key=lambda i: (i.quarter_index is None, i.quarter_index or 0, sched.placed.get(i.key, (0, 0))[1], i.key),
    )
    for position, item in enumerate(ordered, start=1):
        item.position = position
    result.items = ordered
    result.deadline_misses.sort(key=lambda pair: (pair[0].facts.decommission_date, pair[0].key))
    served = {i.facts.kommun_id for i in ordered if i.quarter_index is not None and i.quarter_index < N}
    names = dict(params.member_kommuner) or {i.facts.kommun_id: i.facts.kommun_name for i in ordered}
    per_kommun: dict[int, list[PlannedItem]] = {}
    for item in ordered:
        per_kommun.setdefault(item.facts.kommun_id, []).append(item)
    for kommun_id, name in sorted(names.items(), key=lambda pair: (pair[1], pair[0])):
        if kommun_id in served:
            continue
        own = per_kommun.get(kommun_id, [])
        if not own:
            why = _("Kommunen har inga system i portföljen")
        elif not any(i.facts.status in params.eligible_statuses for i in own):
            why = _("Inget av kommunens system är klart för prioritering")
        else:
            why = (fairness_why and fairness_why(kommun_id, own)) or _(
                "Kapaciteten räcker inte för en leverans inom %(n)s kvartal"
            ) % {"n": N}
        result.fairness_misses.append((kommun_id, name, why))
    return result


def _deadline_why(item: PlannedItem, params: PlanParams, explain=None) -> str:
    d = item.facts.decommission_date.isoformat()
    if item.deadline_index < 0:
        return _("Avvecklas %(d)s, innan planens första kvartal (%(q)s) är slut") % {"d": d, "q": params.start}
    if item.quarter_index is None and item.facts.status not in params.eligible_statuses:
        return item.reason
    if item.quarter_index is None and item.reason_code in CONSTRAINT_REASONS:
        return item.reason
    if item.kind == KIND_PIN:
        return _("Fäst av förvaltningen efter avvecklingsdatum %(d)s") % {"d": d}
    return (explain and explain(item)) or _("Kapaciteten räcker inte före avvecklingsdatum %(d)s") % {"d": d}
