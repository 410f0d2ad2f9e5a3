"""The plan's current draft inputs, read from the database: portfolio facts, assessments, constraints, capacity.

`portfolio_facts()` is the one mapping of portfolio index rows to SystemFacts: a fixed number of queries
over public tables, whatever the number of kommuner (never a loop over schemas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from onboarding.portfolio.models import Product, gb_from_mb, preserved_share
from onboarding.portfolio.selectors import portfolio_rows
from tenants.models import Kommun

from .messages import MSG_NO_SETTINGS
from .models import (
    PlanCapacity,
    PlanConstraint,
    PlanItem,
    PlanSettings,
    PlanVersion,
    ScoringModel,
    SystemAssessment,
)
from .plan_types import Constraint, PlanParams, PlanResult
from .quarters import Quarter
from .scoring import Score, SystemFacts, score_all


def current_settings() -> PlanSettings:
    """The one row of draft inputs. Only read: it is made at setup (services.plan_inputs_setup, run by migrate)."""
    row = PlanSettings.objects.select_related("scoring_model").order_by("pk").first()
    if row is None:
        raise PlanSettings.DoesNotExist(MSG_NO_SETTINGS)
    return row


def portfolio_facts(*, kommun_ids: list[int] | None = None) -> list[SystemFacts]:
    """Every system of every member kommun as SystemFacts, with the förvaltning's assessment.

    Four queries whatever the number of kommuner: the index rows as plain tuples (the index's
    read path, onboarding.portfolio.selectors.portfolio_rows), then the kommun names, the product
    names and the assessments as lookups, instead of joins and two sub-selects per row.
    """
    rows = portfolio_rows(kommun_ids=kommun_ids)
    kommun_names = dict(Kommun.objects.members().values_list("pk", "name"))
    product_names = dict(Product.objects.filter(pk__in={r[3] for r in rows if r[3]}).values_list("pk", "name"))
    assessments = {
        (kommun_id, system_id): (benefit, pilot)
        for kommun_id, system_id, benefit, pilot in SystemAssessment.objects.values_list(
            "kommun_id", "system_id", "benefit", "pilot"
        )
    }
    facts = []
    for row in sorted(rows, key=lambda r: (r[0], r[1])):
        (kommun_id, system_id, name, product_id, status, k, r, t, personal, sensitive) = row[:10]
        (decommission, export, total_mb, preserved_mb, proposal_rank, first_choice) = row[10:]
        benefit, pilot = assessments.get((kommun_id, system_id), (None, False))
        facts.append(
            SystemFacts(
                kommun_id=kommun_id,
                kommun_name=kommun_names.get(kommun_id, ""),
                system_id=system_id,
                name=name,
                product_id=product_id,
                product_name=product_names.get(product_id, ""),
                status=status,
                confidentiality=k,
                integrity=r,
                availability=t,
                personal_data=personal,
                sensitive_personal_data=sensitive,
                decommission_date=decommission,
                export_capability=export,
                total_gb=gb_from_mb(total_mb),
                preserved_share=preserved_share(total_mb, preserved_mb),
                proposal_rank=proposal_rank,
                first_choice=first_choice,
                benefit=benefit,
                pilot=bool(pilot),
            )
        )
    return facts


@dataclass
class CurrentInputs:
    """Everything a plan is built from, as it stands now."""

    today: date
    settings: PlanSettings
    model: ScoringModel
    weights: dict[str, int]
    facts: list[SystemFacts]
    constraints: list[Constraint]
    params: PlanParams
    # The last decided plan: system -> quarter index from params.start (the solver keeps what it can there).
    previous: dict[tuple[int, int], int] = field(default_factory=dict)
    previous_number: int | None = None

    def scores(self) -> dict[tuple[int, int], Score]:
        return score_all(self.facts, self.weights, self.today)

    def build(self, *, time_limit: float | None = None, progress=None) -> PlanResult:
        """The plan of these inputs: the solver's, or the greedy planner's without it (solver.build_plan)."""
        # OR-Tools (and the pandas it loads) only in the process that plans: imported with the app, it was
        # ~0.4 s of every process's start (each gunicorn worker, Celery, each manage.py command).
        from . import solver

        return solver.build_plan(
            self.facts,
            self.scores(),
            self.params,
            self.constraints,
            previous=self.previous,
            time_limit=time_limit or self.settings.solver_time_limit,
            progress=progress,
        )

    def snapshot(self) -> dict:
        """What the version was built from, so it can be explained later exactly as it was decided."""
        p = self.params
        return {
            "today": self.today.isoformat(),
            "params": {
                "start": p.start.code,
                "horizon": p.horizon,
                "capacity": list(p.capacity),
                "fairness_quarters": p.fairness_quarters,
                "effort_first": p.effort_first,
                "effort_additional": p.effort_additional,
                "eligible_statuses": sorted(p.eligible_statuses),
            },
            "scoring_model": self.model.version,
            "weights": self.weights,
            "solver_time_limit": self.settings.solver_time_limit,
            "stability_against": self.previous_number,
            "constraints": [
                {
                    "kommun_id": c.key[0],
                    "system_id": c.key[1],
                    "kind": c.kind,
                    "quarter": c.quarter.code if c.quarter else "",
                    "reason": c.reason,
                }
                for c in self.constraints
            ],
            "assessments": [
                {"kommun_id": f.kommun_id, "system_id": f.system_id, "benefit": f.benefit, "pilot": f.pilot}
                for f in self.facts
                if f.benefit is not None or f.pilot
            ],
            "systems": len(self.facts),
            "kommuner": len(p.member_kommuner),
        }


def load(*, today: date | None = None) -> CurrentInputs:
    row = current_settings()
    model = row.scoring_model
    start = Quarter.parse(row.start_quarter)
    overrides = dict(PlanCapacity.objects.values_list("quarter", "person_days"))
    capacity = tuple(float(overrides.get(start.add(i).code, row.default_capacity)) for i in range(row.horizon))
    members = tuple(Kommun.objects.active().order_by("name").values_list("id", "name"))
    params = PlanParams(
        start=start,
        capacity=capacity,
        fairness_quarters=row.fairness_quarters,
        effort_first=float(row.effort_first),
        effort_additional=float(row.effort_additional),
        member_kommuner=members,
    )
    constraints = [
        Constraint((c.kommun_id, c.system_id), c.kind, Quarter.parse(c.quarter) if c.quarter else None, c.reason)
        for c in PlanConstraint.objects.order_by("kommun_id", "system_id")
    ]
    decided = PlanVersion.objects.filter(state=PlanVersion.State.DECIDED).first()
    previous = {}
    if decided is not None:
        rows = (
            PlanItem.objects.filter(plan=decided).exclude(quarter="").values_list("kommun_id", "system_id", "quarter")
        )
        previous = {(k, s): Quarter.parse(q).index_from(start) for k, s, q in rows}
    return CurrentInputs(
        today or timezone.localdate(),
        row,
        model,
        model.weights(),
        portfolio_facts(),
        constraints,
        params,
        previous={key: qi for key, qi in previous.items() if 0 <= qi < row.horizon},
        previous_number=decided.number if decided else None,
    )


def summary_of(result: PlanResult) -> dict:
    """The plan's figures and its lists of what cannot be done, kept with the version (each "why" and warning
    as the parts of its reason: onboarding.planning.reasons.render shows them)."""
    return {
        "load": [round(x, 1) for x in result.load],
        "capacity": list(result.params.capacity),
        "planned": len(result.planned()),
        "unplanned": len(result.items) - len(result.planned()),
        "exact": result.exact,
        "method": result.method,
        "solver": result.solver | result.timing,
        "deadlines_met": sum(1 for i in result.items if i.deadline_met),
        "deadline_misses": [
            {
                "kommun_id": i.facts.kommun_id,
                "kommun": i.facts.kommun_name,
                "system_id": i.facts.system_id,
                "system": i.facts.name,
                "date": i.facts.decommission_date.isoformat(),
                "why": why.as_json(),
            }
            for i, why in result.deadline_misses
        ],
        "fairness_misses": [
            {"kommun_id": k, "kommun": name, "why": why.as_json()} for k, name, why in result.fairness_misses
        ],
        "warnings": [w.as_json() for w in result.warnings],
    }
