"""The planner (pure): precedence, effort per product, determinism, and optimality against brute force."""

import itertools
import random
from datetime import date

import pytest

from onboarding.planning import plan_types, planner, schedule
from onboarding.planning.plan_types import EXCLUDE, HOLD, PIN, Constraint, PlanParams
from onboarding.planning.planner import build_plan
from onboarding.planning.quarters import Quarter
from onboarding.planning.scoring import DEFAULT_WEIGHTS, SystemFacts, score_all

TODAY = date(2026, 1, 10)
START = Quarter(2026, 2)  # Q2 2026: ends 2026-06-30


def fact(kommun, system, *, product=None, decommission=None, benefit=3, pilot=False, status="klar", names=None):
    names = names or {1: "Lund", 2: "Bjuv", 3: "Eslöv", 4: "Höör"}
    return SystemFacts(
        kommun_id=kommun,
        kommun_name=names.get(kommun, f"K{kommun}"),
        system_id=system,
        name=f"S{kommun}-{system}",
        product_id=product,
        product_name=f"P{product}" if product else "",
        decommission_date=decommission,
        benefit=benefit,
        pilot=pilot,
        status=status,
    )


def plan(facts, capacity, *, n=2, first=40, more=10, constraints=(), members=()):
    params = PlanParams(
        start=START,
        capacity=tuple(capacity),
        fairness_quarters=n,
        effort_first=first,
        effort_additional=more,
        member_kommuner=tuple(members),
    )
    return build_plan(facts, score_all(facts, DEFAULT_WEIGHTS, TODAY), params, list(constraints))


def test_quarter_arithmetic_and_labels():
    assert Quarter(2026, 4).add(1) == Quarter(2027, 1)
    assert Quarter(2027, 1).index_from(Quarter(2026, 2)) == 3
    assert Quarter(2026, 1).end == date(2026, 3, 31)
    assert Quarter.parse("Q3 2027") == Quarter.parse("2027-Q3") == Quarter(2027, 3)
    assert Quarter(2027, 3).label == "2027 K3"


def test_first_system_of_a_product_pays_full_effort_further_kommuner_the_increment():
    facts = [fact(1, 1, product=7), fact(2, 1, product=7), fact(3, 1, product=7)]
    result = plan(facts, [100, 100])
    efforts = sorted(i.effort for i in result.items)
    assert efforts == [10, 10, 40]
    assert all(i.quarter_index == 0 for i in result.items)
    assert result.load == [60, 0]
    shared = [i for i in result.items if i.effort == 10]
    assert all("samma produkt som i" in str(i.reason) for i in shared)


def test_capacity_pushes_systems_to_later_quarters_and_beyond_the_horizon():
    facts = [fact(1, s, benefit=5 - s) for s in range(1, 5)]
    result = plan(facts, [80, 40], n=1)
    quarters = {i.facts.system_id: i.quarter_index for i in result.items}
    assert quarters == {1: 0, 2: 0, 3: 1, 4: None}
    assert "Ryms inte" in str(result.by_key()[(1, 4)].reason)


def test_pins_holds_exclusions_and_pilots_come_with_their_reasons():
    check_pins_holds_exclusions_and_pilots(plan)


def check_pins_holds_exclusions_and_pilots(build) -> None:
    """The constraints and a pilot, with their reasons; `build` is plan() here, the solver's in test_solver."""
    facts = [
        fact(1, 1, benefit=0),
        fact(1, 2),
        fact(1, 3, benefit=5),
        fact(2, 1, pilot=True, benefit=0),
        fact(2, 2, status="utkast"),
    ]
    constraints = [
        Constraint((1, 1), PIN, Quarter(2026, 4), "Avtalet löper ut"),
        Constraint((1, 2), HOLD, Quarter(2026, 3), "Väntar på uppgradering"),
        Constraint((1, 3), EXCLUDE, None, "Migreras till annat system"),
    ]
    result = build(facts, [100, 100, 100], constraints=constraints)
    items = result.by_key()
    assert items[(1, 1)].quarter == Quarter(2026, 4) and str(items[(1, 1)].reason).startswith(
        "Fäst av förvaltningen: 2026 K4"
    )
    assert items[(1, 2)].quarter_index >= 1
    assert items[(1, 3)].quarter is None and "Undantagen" in str(items[(1, 3)].reason)
    assert items[(2, 1)].kind == plan_types.KIND_PILOT and items[(2, 1)].quarter_index == 0
    assert items[(2, 2)].quarter is None and "inte klar för prioritering" in str(items[(2, 2)].reason)
    assert str(items[(2, 2)].reason).startswith("Status ”Utkast”")  # the status by its label, not the stored "utkast"


def test_pin_over_capacity_is_kept_and_warned():
    facts = [fact(1, 1), fact(2, 1)]
    pins = [Constraint((1, 1), PIN, START, "Beslut"), Constraint((2, 1), PIN, START, "Beslut")]
    result = plan(facts, [50], constraints=pins)
    assert all(i.quarter_index == 0 for i in result.items)
    assert any("fästa system kräver 80" in str(w) for w in result.warnings)


def test_decommission_before_date_beats_a_higher_score():
    facts = [fact(1, 1, benefit=5), fact(1, 2, benefit=0, decommission=date(2026, 7, 15))]
    result = plan(facts, [40, 40], n=1)
    items = result.by_key()
    assert items[(1, 2)].quarter_index == 0 and items[(1, 2)].kind == plan_types.KIND_DEADLINE
    assert "Avvecklas 2026-07-15 – planerad före avvecklingsdatum" in str(items[(1, 2)].reason)
    assert result.deadline_misses == []


def test_unmeetable_decommission_is_listed_with_why():
    facts = [
        fact(1, 1, decommission=date(2026, 5, 1)),
        fact(1, 2, decommission=date(2026, 6, 30)),
        fact(1, 3, decommission=date(2026, 6, 30)),
    ]
    result = plan(facts, [40, 40], n=1)
    whys = {i.facts.system_id: str(why) for i, why in result.deadline_misses}
    assert "innan planens första kvartal (2026 K2) är slut" in whys[1]
    assert len(whys) == 2 and "Kapaciteten räcker inte" in next(w for s, w in whys.items() if s != 1)


def test_fairness_rule_gives_every_kommun_a_delivery_within_n_quarters():
    facts = [fact(1, s, benefit=5) for s in range(1, 6)] + [fact(2, 1, benefit=0)]
    result = plan(facts, [80, 80, 80], n=2)
    bjuv = result.by_key()[(2, 1)]
    assert bjuv.quarter_index < 2 and bjuv.kind == plan_types.KIND_FAIRNESS
    assert str(bjuv.reason) == "Rättviseregeln: Bjuvs första leverans (inom 2 kvartal)"
    assert result.fairness_misses == []


def test_kommun_without_systems_is_listed_as_a_fairness_miss():
    facts = [fact(1, 1)]
    result = plan(facts, [80], members=[(1, "Lund"), (4, "Höör")])
    assert [(name, str(why)) for _id, name, why in result.fairness_misses] == [
        ("Höör", "Kommunen har inga system i portföljen")
    ]


def test_kommuner_missing_the_fairness_rule_are_listed_in_swedish_order():
    members = [(1, "Lund"), (5, "Örkelljunga"), (6, "Ängelholm"), (7, "Åstorp"), (8, "Ystad")]
    result = plan([fact(1, 1)], [80], members=members)
    assert [name for _id, name, _why in result.fairness_misses] == ["Ystad", "Åstorp", "Ängelholm", "Örkelljunga"]


def test_same_inputs_same_plan_whatever_the_input_order():
    rng = random.Random(7)
    facts = [
        fact(
            k,
            s,
            product=rng.choice([None, 1, 2, 3]),
            benefit=rng.randint(0, 5),
            decommission=rng.choice([None, date(2026, 12, 31), date(2027, 6, 30)]),
        )
        for k in range(1, 5)
        for s in range(1, 8)
    ]
    first = plan(facts, [120, 120, 120, 120]).as_dict()
    shuffled = list(facts)
    rng.shuffle(shuffled)
    assert plan(shuffled, [120, 120, 120, 120]).as_dict() == first


# ---- optimality on small instances: the planner against brute force over every schedule ----


def _brute_force(facts, params, earliest):
    """Max deadlines met, then max kommuner served within N, over every assignment (quarter or none)."""
    H, N = params.horizon, min(params.fairness_quarters, params.horizon)
    eligible = [f for f in facts if f.status in params.eligible_statuses]
    dl = {f.key: plan_types.deadline_index(params, f.decommission_date) for f in eligible}
    best = (-1, -1)
    domains = [[None, *range(earliest.get(f.key, 0), H)] for f in eligible]
    for assign in itertools.product(*domains):
        load = [0.0] * H
        firsts: dict = {}
        for f, q in zip(eligible, assign, strict=True):
            if q is None:
                continue
            if f.product_id is None:
                load[q] += params.effort_first
            else:
                firsts.setdefault(f.product_id, []).append(q)
        for qs in firsts.values():
            qs.sort()
            load[qs[0]] += params.effort_first
            for q in qs[1:]:
                load[q] += params.effort_additional
        if any(load[q] > params.capacity[q] + 1e-9 for q in range(H)):
            continue
        met = sum(
            1
            for f, q in zip(eligible, assign, strict=True)
            if q is not None and dl[f.key] is not None and q <= dl[f.key]
        )
        served = len({f.kommun_id for f, q in zip(eligible, assign, strict=True) if q is not None and q < N})
        best = max(best, (met, served))
    return best


def _random_instance(rng):
    n_items = rng.randint(2, 6)
    facts = []
    for idx in range(n_items):
        kommun = rng.randint(1, 3)
        day = rng.choice([None, None, date(2026, 6, 30), date(2026, 8, 1), date(2026, 9, 30), date(2026, 12, 31)])
        facts.append(
            fact(kommun, idx + 1, product=rng.choice([None, 1, 1, 2]), decommission=day, benefit=rng.randint(0, 5))
        )
    capacity = tuple(rng.choice([20, 40, 50, 60, 90]) for _ in range(rng.randint(1, 3)))
    params = PlanParams(
        start=START,
        capacity=capacity,
        fairness_quarters=rng.randint(1, 2),
        effort_first=rng.choice([20, 30, 40]),
        effort_additional=rng.choice([5, 10, 20]),
    )
    holds = []
    if rng.random() < 0.3:
        target = rng.choice(facts)
        holds.append(Constraint(target.key, HOLD, START.add(1), "Väntar"))
    return facts, params, holds


def _achieved(result, params):
    N = min(params.fairness_quarters, params.horizon)
    met = sum(1 for i in result.items if i.deadline_met)
    served = len({i.facts.kommun_id for i in result.items if i.quarter_index is not None and i.quarter_index < N})
    return met, served


def _check_capacity(result, params):
    for q in range(params.horizon):
        assert result.load[q] <= params.capacity[q] + 1e-9


@pytest.mark.parametrize("seed", range(150))
def test_planner_misses_no_meetable_deadline_and_keeps_fairness_brute_force(seed):
    rng = random.Random(seed)
    facts, params, holds = _random_instance(rng)
    result = build_plan(facts, score_all(facts, DEFAULT_WEIGHTS, TODAY), params, holds)
    earliest = {c.key: c.quarter.index_from(params.start) for c in holds}
    _check_capacity(result, params)
    assert _achieved(result, params) == _brute_force(facts, params, earliest)


def test_greedy_alone_is_optimal_for_equal_efforts_without_holds(monkeypatch):
    """Beyond EXACT_LIMIT the greedy runs alone: with equal efforts, earliest-deadline-first is optimal."""
    monkeypatch.setattr(planner, "EXACT_LIMIT", 0)
    for seed in range(60):
        rng = random.Random(1000 + seed)
        facts, params, _holds = _random_instance(rng)
        params = PlanParams(
            start=params.start,
            capacity=tuple(rng.choice([1, 2, 3]) for _ in params.capacity),
            fairness_quarters=1,
            effort_first=1,
            effort_additional=1,
        )
        result = build_plan(facts, score_all(facts, DEFAULT_WEIGHTS, TODAY), params, [])
        assert not result.exact
        met, _served = _achieved(result, params)
        assert met == _brute_force(facts, params, {})[0], seed


def test_reasons_use_swedish_genitive():
    assert schedule.genitive("Bjuv") == "Bjuvs" and schedule.genitive("Mönsterås") == "Mönsterås"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_excluded_or_held_system_with_a_deadline_keeps_its_own_reason_in_any_language(language):
    from django.utils import translation

    facts = [fact(1, 1, decommission=date(2026, 12, 1)), fact(1, 2, decommission=date(2026, 12, 1))]
    constraints = [Constraint((1, 1), EXCLUDE, None, "Migreras"), Constraint((1, 2), HOLD, None, "Väntar")]
    with translation.override(language):
        result = plan(facts, [40, 40, 40], n=3, constraints=constraints)
    by_key = {i.facts.system_id: i for i in result.items}
    assert (by_key[1].reason_code, by_key[2].reason_code) == (plan_types.REASON_EXCLUDED, plan_types.REASON_HELD)
    whys = {i.facts.system_id: why for i, why in result.deadline_misses}
    assert whys == {1: by_key[1].reason, 2: by_key[2].reason}  # the constraint's reason, not "capacity"
    assert "Migreras" in str(whys[1]) and "Väntar" in str(whys[2])


def test_a_quarter_reads_and_parses_in_the_platforms_one_form():
    assert Quarter(2027, 1).label == "2027 K1"
    assert Quarter.parse("2027 K1") == Quarter.parse("2027-Q1") == Quarter(2027, 1)
