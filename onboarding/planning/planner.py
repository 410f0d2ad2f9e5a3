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

from . import reasons as R
from .plan_types import (
    EPS,
    KIND_DEADLINE,
    KIND_FAIRNESS,
    KIND_SCORE,
    Constraint,
    Key,
    PlannedItem,
    PlanParams,
    PlanResult,
)
from .reasons import Reason
from .schedule import Prepared, Schedule, by_score_order, finish, prepare
from .scoring import Score, SystemFacts

EXACT_LIMIT = 10


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
                kinds[item.key] = (KIND_DEADLINE, R.deadline_met(item))
            else:
                kinds[item.key] = (KIND_FAIRNESS, R.first_delivery(item, N))
    free = [i for i in free if i.key not in sched.placed]

    # 5. The rest by score; further kommuner on a product already planned follow at the increment.
    _place_by_score(sched, free, earliest, kinds, order)

    return finish(prep, sched, kinds, exact=exact)


def _objective(schedule: Schedule, deadline_keys: dict[Key, int], kommun_of: dict[Key, int], n: int) -> tuple:
    met = sum(1 for key, dl in deadline_keys.items() if key in schedule.placed and schedule.placed[key][0] <= dl)
    covered = {kommun_of[key] for key, (qi, _s) in schedule.placed.items() if qi < n}
    return met, len(covered)


def _critical_greedy(base, free, deadline_keys, fairness_pool, earliest, covered0, N, order) -> Schedule:
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


def _place_fairness(sched: Schedule, pool_items, earliest, covered: set[int], N: int, order) -> None:
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


def _place_by_score(sched: Schedule, free, earliest, kinds, order, *, note_unfit: bool = True) -> None:
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
        kinds[item.key] = (KIND_SCORE, Reason.of(R.SCORE, s=item.score.total))
        return True

    unfit = Reason.of(R.NO_ROOM) if note_unfit else None
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


def _critical_exact(base, candidates, deadline_keys, earliest, covered0, N, incumbent) -> Schedule | None:
    """Branch and bound over the critical systems: the most deadlines met, then the most kommuner served."""
    H = base.params.horizon
    cands = sorted(candidates, key=lambda i: (i.key not in deadline_keys, deadline_keys.get(i.key, H), i.key))
    best: list = [incumbent, None]
    base_load = list(base.load)

    def domain(item) -> list[int | None]:
        last = deadline_keys[item.key] if item.key in deadline_keys else N - 1
        return [*range(earliest[item.key], min(last, H - 1) + 1), None]

    def feasible(s: Schedule) -> bool:
        return all(s.load[q] <= max(s.params.capacity[q], base_load[q]) + EPS for q in range(H))

    def search(idx: int, s: Schedule, met: int, covered: frozenset, remaining_dl: int) -> None:
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
