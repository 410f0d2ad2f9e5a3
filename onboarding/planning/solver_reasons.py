"""The solver's plan as a PlanResult, with the reasons read from the model: why a date or a kommun is missed."""

from __future__ import annotations

from . import reasons as R
from .plan_types import (
    EPS,
    KIND_DEADLINE,
    KIND_FAIRNESS,
    KIND_PILOT,
    KIND_PIN,
    KIND_SCORE,
    METHOD_SOLVER,
    Key,
    PlannedItem,
    PlanResult,
)
from .reasons import (  # noqa: F401 - the messages live in reasons; tests import them from here too
    MSG_KOMMUN_ALONE,
    MSG_KOMMUN_COSTS,
    MSG_KOMMUN_NONE_FREE,
    MSG_KOMMUN_NOT_FOUND,
    MSG_MISS_ALONE,
    MSG_MISS_COSTS_A_DATE,
    MSG_MISS_NOT_FOUND,
    MSG_MISS_UNPROVEN,
    MSG_TAKEN_BY,
    Reason,
)
from .schedule import Prepared, Schedule, finish
from .solver_model import SCALE, Space
from .solver_report import STAGE_DATES, STAGE_KOMMUNER, SolveReport

NAMES_SHOWN = 3
KIND_RANK = {KIND_PIN: 0, KIND_PILOT: 1, KIND_DEADLINE: 2, KIND_FAIRNESS: 3, KIND_SCORE: 4}


def result_of(prep: Prepared, space: Space, placement: dict[Key, int], report: SolveReport) -> PlanResult:
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
            kinds[key] = (KIND_DEADLINE, R.deadline_met(item))
        elif key in fairness_keys:
            kinds[key] = (KIND_FAIRNESS, R.first_delivery(item, N))
        else:
            kinds[key] = (KIND_SCORE, Reason.of(R.SCORE, s=item.score.total))
    sched = prep.sched.copy()
    for key, q in sorted(
        placement.items(), key=lambda kq: (kq[1], KIND_RANK[kinds[kq[0]][0]], -items[kq[0]].score.total, kq[0])
    ):
        sched.place(key, items[key].facts.product_id, q)
    for item in prep.free:
        if item.key not in placement:
            item.reason = Reason.of(R.NO_ROOM)
    explain = _Explainer(prep, space, placement, met, report)
    result = finish(
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

    def __init__(self, prep: Prepared, space: Space, placement: dict[Key, int], met: set[Key], report):
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
        self.core = Schedule(prep.params)
        self.core_keys = core | set(space.fixed)
        for key, q in sorted([*space.fixed.items(), *((k, placement[k]) for k in core)], key=lambda kq: (kq[1], kq[0])):
            self.core.place(key, prep.items[key].facts.product_id, q)
        self.met = met
        dates, kommuner = report.stage(STAGE_DATES), report.stage(STAGE_KOMMUNER)
        self.dates_proven = dates is None or dates.optimal
        self.dates_gap = report.gap(STAGE_DATES)
        self.kommuner_proven = self.dates_proven and (kommuner is None or kommuner.optimal)
        self.kommuner_gap = report.gap(STAGE_KOMMUNER)

    def _fits(self, sched: Schedule, product_id, q: int) -> bool:
        cost = sched.cost(product_id, q)
        return sched.load[q] + cost <= self.space.bound[q] / SCALE + EPS

    def deadline(self, item: PlannedItem) -> Reason | None:
        prep = self.prep
        if item.key not in self.space.deadline:
            return None
        first, last = prep.earliest[item.key], self.space.deadline[item.key]
        window = R.window(prep.params.quarter(first), prep.params.quarter(last))
        product_id = item.facts.product_id
        gap = self.dates_gap if self.dates_gap is not None else "?"
        if not any(self.base.fits(product_id, q) for q in range(first, last + 1)):
            spare = max(prep.params.capacity[q] - self.base.load[q] for q in range(first, last + 1))
            return Reason.of(R.MISS_ALONE, e=self.base.cost(product_id, first), s=round(max(spare, 0), 1), w=window)
        if any(self._fits(self.core, product_id, q) for q in range(first, last + 1)):
            return Reason.of(R.MISS_NOT_FOUND, w=window, n=gap)
        taken = sorted(
            (k for k in self.core_keys if first <= self.core.placed[k][0] <= last and k != item.key),
            key=lambda k: (self.prep.items[k].facts.decommission_date or item.facts.decommission_date, k),
        )
        names = {"names": [self._name(k) for k in taken[:NAMES_SHOWN]], "more": max(len(taken) - NAMES_SHOWN, 0)}
        taken_by = R.nested(Reason.of(R.TAKEN_BY, w=window, n=len(taken), names=names))
        if self.dates_proven:
            return Reason.of(R.MISS_COSTS_A_DATE, taken=taken_by)
        return Reason.of(R.MISS_UNPROVEN, taken=taken_by, n=gap)

    def fairness(self, kommun_id: int, own: list[PlannedItem]) -> Reason | None:
        prep, N = self.prep, self.prep.fairness_window
        candidates = [i for i in own if i.key in self.space.free and prep.earliest[i.key] < N]
        if not candidates:
            return Reason.of(R.KOMMUN_NONE_FREE, n=N)
        if not any(self.base.fits(i.facts.product_id, q) for i in candidates for q in range(prep.earliest[i.key], N)):
            return Reason.of(R.KOMMUN_ALONE, n=N)
        if self.kommuner_proven:
            return Reason.of(R.KOMMUN_COSTS, n=N)
        return Reason.of(R.KOMMUN_NOT_FOUND, n=N, m=self.kommuner_gap if self.kommuner_gap is not None else "?")

    def _name(self, key: Key) -> dict:
        """One system taking the quarter, for the reason's list of names (reasons.TAG_*)."""
        item = self.prep.items[key]
        name = {"kommun": item.facts.kommun_name, "system": item.facts.name}
        if key in self.space.fixed:
            return {**name, "tag": R.TAG_PIN if self.prep.kinds[key][0] == KIND_PIN else R.TAG_PILOT}
        if item.facts.decommission_date and key in self.met:
            return {**name, "tag": R.TAG_DATE, "date": item.facts.decommission_date.isoformat()}
        return {**name, "tag": R.TAG_FIRST}
