"""The CP-SAT model of the plan: the free systems and what each may do (Space), and the model of one
phase with the expression of each stage (PlanModel). The solve itself is solver.py's."""

from __future__ import annotations

from .plan_types import Key
from .schedule import Prepared
from .solver_report import STAGE_DATES, STAGE_KOMMUNER, STAGE_ORDER, STAGE_SCORE, STAGE_STABILITY

try:  # optional at run time: without it the greedy planner builds the plan
    from ortools.sat.python import cp_model
except ImportError:  # pragma: no cover - exercised by the fallback test with the import blocked
    cp_model = None

SCALE = 100  # person-days and scores in hundredths: CP-SAT needs integers

PHASE_GROUPED, PHASE_DATES, PHASE_EARLY, PHASE_ALL = "grouped", "dates", "early", "all"


class Space:
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


class PlanModel:
    """The CP-SAT model of one phase: x[key][q] "this system in quarter q", per product "started by quarter q".

    In the date phase the dated systems of a product without holds are one group with a count per quarter
    instead of a variable per system and quarter: which of them goes where does not matter to the dates,
    and the solver need not search through the orderings of systems that are alike. A count is feasible
    when, for every quarter t, no more systems go in t or later than there are with a date in t or later
    (all start in the first quarter, so that is enough to give each a quarter within its window).
    """

    def __init__(self, space: Space, phase: str):
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


def _int(value: float) -> int:
    return round(float(value) * SCALE)
