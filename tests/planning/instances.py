"""Generated planning instances with the planner's own rules (plain dataclasses, no database).

`realistic(...)`: like a real consortium's portfolio: products drawn Zipf-like (a few products run in many
kommuner, a long tail in one), about 22 % of the systems with a decommission date inside the 8-quarter
horizon, 40 person-days for a product's first connection and 10 for each further kommun.

`planted(...)`: an instance whose optimum is known by construction (see its docstring).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from onboarding.planning.plan_types import PlanParams
from onboarding.planning.quarters import Quarter
from onboarding.planning.scoring import DEFAULT_WEIGHTS, Score, SystemFacts, score_all

TODAY = date(2026, 1, 10)
START = Quarter(2026, 2)
HORIZON = 8


@dataclass
class Instance:
    facts: list[SystemFacts]
    scores: dict[tuple[int, int], Score]
    params: PlanParams
    optimum: int | None = None  # decommission dates met by the best plan, when known


def _params(kommuner: int, capacity: float, first: float, more: float, fairness: int = 4) -> PlanParams:
    return PlanParams(
        start=START,
        capacity=(float(capacity),) * HORIZON,
        fairness_quarters=fairness,
        effort_first=first,
        effort_additional=more,
        member_kommuner=tuple((k, f"Kommun {k}") for k in range(1, kommuner + 1)),
    )


def realistic(kommuner: int, systems: int, capacity: float, *, seed: int, deadline_share: float = 0.22) -> Instance:
    rng = random.Random(seed)
    n_products = max(systems * 3, 10)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(n_products)]  # Zipf-like
    facts = []
    for k in range(1, kommuner + 1):
        products = set()
        while len(products) < systems:
            products.add(rng.choices(range(1, n_products + 1), weights)[0])
        for s, product in enumerate(sorted(products), start=1):
            decommission = None
            if rng.random() < deadline_share:
                decommission = START.add(rng.randrange(HORIZON)).end
            facts.append(
                SystemFacts(
                    kommun_id=k,
                    kommun_name=f"Kommun {k}",
                    system_id=s,
                    name=f"System {k}-{s}",
                    product_id=product,
                    product_name=f"Produkt {product}",
                    decommission_date=decommission,
                    benefit=rng.randint(0, 5),
                )
            )
    return Instance(facts, score_all(facts, DEFAULT_WEIGHTS, TODAY), _params(kommuner, capacity, 40, 10))


def planted(quarters: int = 4, group: int = 7, decoys: int = 3) -> Instance:
    """An optimum known by construction: capacity 100 a quarter, 40 person-days a first connection, 10 each
    further kommun. `quarters` products run in `group` = 7 kommuner each (one product fills a quarter
    exactly: 40 + 6 x 10 = 100); `decoys` x `quarters` single systems of products nobody else runs score
    higher. Every system must go before the end of the horizon.

    Why 7 x quarters is the optimum: starting k products and planning n systems costs 40k + 10(n - k) =
    30k + 10n person-days; with n <= 7k and 100 x quarters of capacity, n is largest (7 x quarters) at
    k = quarters, and the planted plan (one product a quarter) reaches it. Earliest-deadline-first takes the
    high-scoring decoys first (40 person-days a date) and meets fewer.
    """
    last = START.add(quarters - 1).end
    facts = []
    for g in range(1, quarters + 1):
        for k in range(1, group + 1):
            facts.append(
                SystemFacts(
                    kommun_id=k,
                    kommun_name=f"Kommun {k}",
                    system_id=g,
                    name=f"Delad {g} i {k}",
                    product_id=g,
                    product_name=f"Produkt {g}",
                    decommission_date=last,
                    benefit=1,
                )
            )
    for d in range(1, decoys * quarters + 1):
        k = (d - 1) % group + 1
        facts.append(
            SystemFacts(
                kommun_id=k,
                kommun_name=f"Kommun {k}",
                system_id=100 + d,
                name=f"Eget {d}",
                product_id=1000 + d,
                product_name=f"Egen produkt {d}",
                decommission_date=last,
                benefit=5,
            )
        )
    params = PlanParams(
        start=START,
        capacity=(100.0,) * quarters,
        fairness_quarters=1,
        effort_first=40,
        effort_additional=10,
        member_kommuner=tuple((k, f"Kommun {k}") for k in range(1, group + 1)),
    )
    return Instance(facts, score_all(facts, DEFAULT_WEIGHTS, TODAY), params, optimum=group * quarters)
