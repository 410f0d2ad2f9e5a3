"""The solver (CP-SAT): the planner's rules, lexicographic objectives, proofs behind every missed date,
determinism, and its quality against brute force, the greedy planner and instances with a known optimum."""

import random
from datetime import date

import pytest

from onboarding.planning import plan_types, planner, solver, solver_reasons, solver_report
from onboarding.planning.plan_types import HOLD, PIN, Constraint, PlanParams
from onboarding.planning.scoring import DEFAULT_WEIGHTS, score_all
from tests.planning.instances import planted, realistic
from tests.planning.test_planner import (
    START,
    TODAY,
    _achieved,
    _brute_force,
    _random_instance,
    check_pins_holds_exclusions_and_pilots,
    fact,
)

QUICK = 5  # seconds: every instance here is solved to optimality well within it, or is a quality test


def solve(facts, capacity, *, n=2, first=40, more=10, constraints=(), members=(), previous=None, limit=QUICK):
    params = PlanParams(
        start=START,
        capacity=tuple(capacity),
        fairness_quarters=n,
        effort_first=first,
        effort_additional=more,
        member_kommuner=tuple(members),
    )
    scores = score_all(facts, DEFAULT_WEIGHTS, TODAY)
    return solver.solve_plan(facts, scores, params, list(constraints), previous=previous, time_limit=limit)


def met(result) -> int:
    return sum(1 for i in result.items if i.deadline_met)


def served(result) -> int:
    n = min(result.params.fairness_quarters, result.params.horizon)
    return len({i.facts.kommun_id for i in result.items if i.quarter_index is not None and i.quarter_index < n})


def check_rules(result):
    """What every plan must satisfy: capacity (pins aside), product effort, holds and windows."""
    params = result.params
    recomputed = [0.0] * params.horizon
    firsts = {}
    for item in result.planned():
        product = item.facts.product_id
        if product is not None:
            firsts.setdefault(product, []).append(item)
    for item in result.planned():
        product = item.facts.product_id
        if product is None:
            assert item.effort == params.effort_first
        else:
            earliest = min(i.quarter_index for i in firsts[product])
            first = [i for i in firsts[product] if "samma produkt som i" not in str(i.reason)]
            assert len(first) == 1 and first[0].quarter_index == earliest, item.facts
            assert first[0].effort == params.effort_first
            assert item.effort == (params.effort_first if item is first[0] else params.effort_additional)
        recomputed[item.quarter_index] += item.effort
    assert [round(x, 6) for x in recomputed] == [round(x, 6) for x in result.load]
    pinned = [0.0] * params.horizon
    for item in result.planned():
        if item.kind == plan_types.KIND_PIN:
            pinned[item.quarter_index] += item.effort
    for q in range(params.horizon):
        assert result.load[q] <= max(params.capacity[q], pinned[q]) + 1e-9


# ---- the rules, through the solver ----


def test_a_product_shared_by_kommuner_is_what_the_solver_sees_and_the_greedy_does_not(monkeypatch):
    monkeypatch.setattr(planner, "EXACT_LIMIT", 0)  # the greedy placement alone, as on every real portfolio
    # One quarter of 60: three dated systems of one product (40 + 10 + 10) or one of a higher-scoring
    # product of its own (40). Earliest-deadline-first takes the higher score and meets one date.
    due = date(2026, 6, 30)
    facts = [fact(1, 1, product=9, benefit=5, decommission=due)] + [
        fact(k, 2, product=7, benefit=0, decommission=due) for k in (1, 2, 3)
    ]
    greedy = planner.build_plan(facts, score_all(facts, DEFAULT_WEIGHTS, TODAY), _params([60], n=1))
    result = solve(facts, [60], n=1)
    check_rules(result)
    assert met(greedy) == 1 and met(result) == 3
    assert result.method == plan_types.METHOD_SOLVER and result.solver["optimal"] is True
    shared = [i for i in result.items if i.facts.product_id == 7]
    assert sorted(i.effort for i in shared) == [10, 10, 40]
    assert all(i.kind == plan_types.KIND_DEADLINE for i in shared)
    assert any("samma produkt som i" in str(i.reason) for i in shared)


def _params(capacity, *, n=2, first=40, more=10):
    return PlanParams(
        start=START, capacity=tuple(capacity), fairness_quarters=n, effort_first=first, effort_additional=more
    )


def test_pins_holds_exclusions_and_pilots_as_in_the_planner():
    def build(*args, **kwargs):
        result = solve(*args, **kwargs)
        check_rules(result)
        return result

    check_pins_holds_exclusions_and_pilots(build)


def test_pins_over_capacity_are_kept_with_the_warning_and_nothing_else_goes_there():
    facts = [fact(1, 1), fact(2, 1), fact(3, 1, benefit=5)]
    pins = [Constraint((1, 1), PIN, START, "Beslut"), Constraint((2, 1), PIN, START, "Beslut")]
    result = solve(facts, [50, 50], constraints=pins)
    check_rules(result)
    items = result.by_key()
    assert items[(1, 1)].quarter_index == items[(2, 1)].quarter_index == 0
    assert items[(3, 1)].quarter_index == 1  # the quarter of the pins is full (over, even)
    assert any("fästa system kräver 80" in str(w) for w in result.warnings)


def test_every_planned_system_keeps_a_swedish_reason():
    inst = realistic(8, 6, 150, seed=3)
    result = solver.solve_plan(inst.facts, inst.scores, inst.params, time_limit=2)
    check_rules(result)
    for item in result.items:
        assert item.reason, item.facts
    kinds = {i.kind for i in result.planned()}
    assert plan_types.KIND_DEADLINE in kinds and plan_types.KIND_SCORE in kinds
    for item in result.planned():
        if item.kind == plan_types.KIND_SCORE:
            assert str(item.reason).startswith("Poäng ")


def test_stability_keeps_systems_in_the_quarter_of_the_decided_plan_when_nothing_is_lost():
    facts = [fact(1, s, benefit=3) for s in range(1, 5)]  # alike: any order is as good
    first = solve(facts, [80, 80, 80], n=3)
    previous = {(1, 1): 2, (1, 2): 2, (1, 3): 0, (1, 4): 0}
    again = solve(facts, [80, 80, 80], n=3, previous=previous)
    check_rules(again)
    assert {k: again.by_key()[k].quarter_index for k in previous} == previous
    assert {i.key: i.quarter_index for i in first.items} != previous  # without it, the plan differs
    assert [s["name"] for s in again.solver["stages"]] == ["kommuner", "poang", "stabilitet", "ordning"]


def test_same_inputs_same_plan():
    inst = realistic(20, 10, 150, seed=5)
    runs = [solver.solve_plan(inst.facts, inst.scores, inst.params, time_limit=1).as_dict() for _ in range(2)]
    shuffled = list(inst.facts)
    random.Random(1).shuffle(shuffled)
    runs.append(solver.solve_plan(shuffled, inst.scores, inst.params, time_limit=1).as_dict())
    assert runs[0] == runs[1] == runs[2]


# ---- why a date is missed: from the model ----


def test_a_date_that_cannot_be_met_even_alone_says_so():
    facts = [fact(1, 1, decommission=date(2026, 9, 30))]
    result = solve(facts, [0, 30, 100], n=3)  # 40 person-days, at most 30 free before the date
    ((item, why),) = result.deadline_misses
    assert str(why) == solver_reasons.MSG_MISS_ALONE % {"e": "40", "s": "30", "w": "2026 K2–2026 K3"}
    assert item.quarter_index == 2 and "avvecklingsdatum 2026-09-30 kan inte hållas: Ryms inte" in str(item.reason)


def test_a_date_missed_for_another_names_the_dates_that_take_the_capacity():
    # Room for one first connection before 2026-06-30; two systems of different products want it.
    facts = [
        fact(1, 1, product=1, decommission=date(2026, 6, 30), benefit=5),
        fact(2, 1, product=2, decommission=date(2026, 6, 30), benefit=0),
    ]
    result = solve(facts, [40, 40], n=2)
    ((item, why),) = result.deadline_misses
    assert item.key == (2, 1) and result.by_key()[(1, 1)].deadline_met
    taken = solver_reasons.MSG_TAKEN_BY % {"w": "2026 K2", "n": 1, "names": "Lund: S1-1 (2026-06-30)"}
    assert str(why) == solver_reasons.MSG_MISS_COSTS_A_DATE % {"taken": taken}


def test_a_kommun_without_a_delivery_in_time_is_explained_from_the_model():
    facts = [fact(1, 1, decommission=date(2026, 6, 30)), fact(2, 1)]
    result = solve(facts, [40, 40], n=1, members=[(1, "Lund"), (2, "Bjuv")])
    assert [(name, str(why)) for _k, name, why in result.fairness_misses] == [
        ("Bjuv", solver_reasons.MSG_KOMMUN_COSTS % {"n": 1})
    ]
    held = solve(
        facts,
        [40, 40],
        n=1,
        members=[(1, "Lund"), (2, "Bjuv")],
        constraints=[Constraint((2, 1), HOLD, START.add(1), "Väntar")],
    )
    assert [str(why) for _k, _name, why in held.fairness_misses] == [solver_reasons.MSG_KOMMUN_NONE_FREE % {"n": 1}]


# ---- quality ----


@pytest.mark.parametrize("seed", range(150))
def test_solver_reaches_the_brute_force_optimum_on_small_instances(seed):
    rng = random.Random(seed)
    facts, params, holds = _random_instance(rng)
    result = solver.solve_plan(facts, score_all(facts, DEFAULT_WEIGHTS, TODAY), params, holds, time_limit=QUICK)
    earliest = {c.key: c.quarter.index_from(params.start) for c in holds}
    check_rules(result)
    assert _achieved(result, params) == _brute_force(facts, params, earliest)
    assert result.solver["optimal"] is True


def test_the_known_optimum_is_met_and_proven():
    inst = planted(quarters=4)
    greedy = planner.build_plan(inst.facts, inst.scores, inst.params)
    result = solver.solve_plan(inst.facts, inst.scores, inst.params, time_limit=10)
    check_rules(result)
    assert met(result) == inst.optimum == 28
    assert met(greedy) < inst.optimum
    assert result.solver["stages"][0] == {"name": "avvecklingsdatum", "value": 28, "bound": 28, "optimal": True}


@pytest.mark.parametrize("seed", [1, 2])
def test_on_generated_60_x_30_the_solver_meets_at_least_the_greedy_dates(seed):
    inst = realistic(60, 30, 150, seed=seed)
    greedy = planner.build_plan(inst.facts, inst.scores, inst.params)
    result = solver.solve_plan(inst.facts, inst.scores, inst.params, time_limit=10)
    check_rules(result)
    assert met(result) >= met(greedy)
    assert met(result) > met(greedy)  # the reason for the solver: products shared by kommuner
    assert served(result) >= served(greedy) or met(result) > met(greedy)
    dates = result.solver["stages"][0]
    assert dates["name"] == "avvecklingsdatum" and dates["value"] <= dates["bound"]


# ---- the one place that chooses, and the fallback ----


def test_without_ortools_the_greedy_planner_builds_the_plan(monkeypatch):
    facts = [fact(1, 1, decommission=date(2026, 6, 30)), fact(2, 1)]
    params = _params([40, 40])
    scores = score_all(facts, DEFAULT_WEIGHTS, TODAY)
    monkeypatch.setattr(solver, "cp_model", None)
    result = solver.build_plan(facts, scores, params)
    assert result.method == plan_types.METHOD_GREEDY and result.solver == {"fallback": "not_installed"}
    assert result.as_dict()["items"] == planner.build_plan(facts, scores, params).as_dict()["items"]


def test_when_the_solver_finds_nothing_in_time_the_greedy_plan_stands(monkeypatch):
    facts = [fact(1, 1, decommission=date(2026, 6, 30)), fact(2, 1)]
    params = _params([40, 40])
    scores = score_all(facts, DEFAULT_WEIGHTS, TODAY)
    monkeypatch.setattr(solver, "_solve", lambda *args, **kwargs: None)  # as if the time ran out first
    result = solver.build_plan(facts, scores, params, time_limit=1)
    assert result.method == plan_types.METHOD_GREEDY
    assert result.solver == {"fallback": "no_solution", "time_limit": 1.0}
    assert result.as_dict()["items"] == planner.build_plan(facts, scores, params).as_dict()["items"]


def test_progress_is_reported_stage_by_stage():
    inst = realistic(6, 5, 150, seed=2)
    seen = []
    solver.solve_plan(inst.facts, inst.scores, inst.params, time_limit=2, progress=seen.append)
    ends = [p for p in seen if p.found is not None]
    assert [p.stage for p in ends] == sorted(p.stage for p in ends)
    assert ends[-1].stage == ends[-1].stages and 0 < ends[-1].fraction <= 1
    assert {p.name for p in ends} >= {solver_report.STAGE_DATES, solver_report.STAGE_KOMMUNER}
