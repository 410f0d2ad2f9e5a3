"""What both planners share: the schedule and its rule of effort ("the product's earliest system pays
full"), the start of every plan (statuses, constraints, pins, pilots: `prepare`) and its end (efforts,
reasons, the deadlines missed and the kommuner not served: `finish`)."""

from __future__ import annotations

from dataclasses import dataclass

from tenants.swedish import sort_key

from . import reasons as R
from .plan_types import (
    CONSTRAINT_REASONS,
    EPS,
    EXCLUDE,
    HOLD,
    KIND_PILOT,
    KIND_PIN,
    PIN,
    REASON_EXCLUDED,
    REASON_HELD,
    REASON_PINNED_OUTSIDE,
    REASON_STATUS,
    Constraint,
    Key,
    PlannedItem,
    PlanParams,
    PlanResult,
    deadline_index,
)
from .reasons import Reason
from .scoring import Score, SystemFacts


class Schedule:
    """Placements and the load per quarter under the rule "the product's earliest system pays full"."""

    def __init__(self, params: PlanParams):
        self.params = params
        self.placed: dict[Key, tuple[int, int]] = {}  # key -> (quarter index, sequence)
        self.product: dict[Key, int | None] = {}
        self.by_product: dict[int, list[tuple[int, int, Key]]] = {}
        self.load = [0.0] * params.horizon
        self.seq = 0

    def copy(self) -> Schedule:
        other = Schedule(self.params)
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


@dataclass
class Prepared:
    """What every planner starts from: the items with their status and constraint reasons, the pins
    (in their quarter, even over capacity) and the pilots (by score, in the earliest quarter with room)."""

    params: PlanParams
    items: dict[Key, PlannedItem]
    sched: Schedule  # pins and pilots placed
    kinds: dict[Key, tuple[str, Reason]]
    warnings: list[Reason]
    earliest: dict[Key, int]  # eligible items: the first quarter they may go in (a hold moves it)
    free: list[PlannedItem]  # eligible, not yet placed
    blocked: dict[Key, Reason]  # held until after the decommission date: that is why the date is missed

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
    sched = Schedule(params)
    kinds: dict[Key, tuple[str, Reason]] = {}
    warnings: list[Reason] = []
    earliest: dict[Key, int] = {}
    free: list[PlannedItem] = []  # eligible, not yet placed

    for item in items.values():
        f, c = item.facts, by_constraint.get(item.key)
        if f.status not in params.eligible_statuses:
            item.reason_code = REASON_STATUS
            item.reason = Reason.of(R.STATUS, s={"status": f.status})
        elif c is not None and c.kind == EXCLUDE:
            item.reason_code = REASON_EXCLUDED
            item.reason = Reason.of(R.EXCLUDED, r=c.reason)
        elif c is not None and c.kind == HOLD and c.quarter is None:
            item.reason_code = REASON_HELD
            item.reason = Reason.of(R.HELD, r=c.reason)
        elif c is not None and c.kind == HOLD and c.quarter.index_from(params.start) >= H:
            item.reason_code = REASON_HELD
            item.reason = Reason.of(R.HELD_PAST_HORIZON, q=R.quarter(c.quarter), r=c.reason)
        elif c is not None and c.kind == PIN:
            qi = c.quarter.index_from(params.start) if c.quarter else -1
            if not 0 <= qi < H:
                item.reason_code = REASON_PINNED_OUTSIDE
                item.reason = Reason.of(R.PINNED_OUTSIDE, q=R.quarter(c.quarter), r=c.reason)
                warnings.append(Reason.of(R.WITH_SYSTEM, reason=R.nested(item.reason), k=f.kommun_name, s=f.name))
            else:
                sched.place(item.key, f.product_id, qi)
                kinds[item.key] = (KIND_PIN, Reason.of(R.PINNED, q=R.quarter(c.quarter), r=c.reason))
        else:
            hold_qi = c.quarter.index_from(params.start) if c is not None and c.kind == HOLD else 0
            earliest[item.key] = max(hold_qi, 0)
            free.append(item)
    for qi in range(H):
        if sched.load[qi] > params.capacity[qi] + EPS:
            warnings.append(
                Reason.of(
                    R.OVERBOOKED, q=R.quarter(params.quarter(qi)), l=round(sched.load[qi], 1), c=params.capacity[qi]
                )
            )

    # 2. Pilots first.
    for item in sorted((i for i in free if i.facts.pilot), key=by_score_order):
        qi = next((q for q in range(earliest[item.key], H) if sched.fits(item.facts.product_id, q)), None)
        if qi is not None:
            sched.place(item.key, item.facts.product_id, qi)
            kinds[item.key] = (KIND_PILOT, Reason.of(R.PILOT))
    free = [i for i in free if i.key not in sched.placed]
    blocked = {
        k: Reason.of(R.HELD_PAST_DATE)
        for k, i in items.items()
        if i.deadline_index is not None and k in earliest and earliest[k] > i.deadline_index >= 0
    }
    return Prepared(params, items, sched, kinds, warnings, earliest, free, blocked)


genitive = R.genitive


def finish(
    prep: Prepared,
    sched: Schedule,
    kinds: dict[Key, tuple[str, Reason]],
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
            item.reason += Reason.of(R.SAME_PRODUCT, k=first.kommun_name, e=params.effort_additional)
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
                item.reason += Reason.of(R.DATE_MISSED, d=item.facts.decommission_date.isoformat(), w=R.nested(why))
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
    for kommun_id, name in sorted(names.items(), key=lambda pair: (sort_key(pair[1]), pair[0])):  # Swedish order
        if kommun_id in served:
            continue
        own = per_kommun.get(kommun_id, [])
        if not own:
            why = Reason.of(R.KOMMUN_NO_SYSTEMS)
        elif not any(i.facts.status in params.eligible_statuses for i in own):
            why = Reason.of(R.KOMMUN_NONE_READY)
        else:
            why = (fairness_why and fairness_why(kommun_id, own)) or Reason.of(R.KOMMUN_NO_CAPACITY, n=N)
        result.fairness_misses.append((kommun_id, name, why))
    return result


def _deadline_why(item: PlannedItem, params: PlanParams, explain=None) -> Reason:
    d = item.facts.decommission_date.isoformat()
    if item.deadline_index < 0:
        return Reason.of(R.BEFORE_START, d=d, q=R.quarter(params.start))
    if item.quarter_index is None and item.facts.status not in params.eligible_statuses:
        return item.reason
    if item.quarter_index is None and item.reason_code in CONSTRAINT_REASONS:
        return item.reason
    if item.kind == KIND_PIN:
        return Reason.of(R.PINNED_AFTER_DATE, d=d)
    return (explain and explain(item)) or Reason.of(R.NO_CAPACITY_DATE, d=d)
