"""The plan's current draft inputs, read from the database: portfolio facts, assessments, constraints, capacity.

`portfolio_facts()` is the one mapping of portfolio index rows to SystemFacts: a single query over the
public index, whatever the number of kommuner (never a loop over schemas).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from onboarding.portfolio.models import PortfolioEntry
from tenants.models import Kommun

from .models import PlanCapacity, PlanConstraint, PlanSettings, ScoringModel, ScoringWeight, SystemAssessment
from .planner import Constraint, PlanParams, PlanResult, build_plan
from .quarters import Quarter
from .scoring import DEFAULT_WEIGHTS, Score, SystemFacts, score_all

DEFAULTS = {
    "horizon": 8,
    "fairness_quarters": 4,
    "default_capacity": Decimal("150"),
    "effort_first": Decimal("30"),
    "effort_additional": Decimal("8"),
}


def default_scoring_model() -> ScoringModel:
    model = ScoringModel.objects.order_by("version").first()
    if model is None:
        model = ScoringModel.objects.create(version=1, note="Standard: SkånEarkivs kriterier")
        ScoringWeight.objects.bulk_create(
            [ScoringWeight(model=model, criterion=k, weight=w) for k, w in DEFAULT_WEIGHTS.items()]
        )
    return model


def current_settings() -> PlanSettings:
    """The one row of draft inputs, made with the defaults the first time it is asked for."""
    row = PlanSettings.objects.select_related("scoring_model").order_by("pk").first()
    if row is None:
        start = Quarter.of(timezone.localdate()).add(1)
        row = PlanSettings.objects.create(start_quarter=start.code, scoring_model=default_scoring_model(), **DEFAULTS)
    return row


def portfolio_facts(*, kommun_ids: list[int] | None = None) -> list[SystemFacts]:
    """Every system of every member kommun as SystemFacts, with the förvaltning's assessment: one query."""
    assessment = SystemAssessment.objects.filter(kommun_id=OuterRef("kommun_id"), system_id=OuterRef("system_id"))
    qs = PortfolioEntry.objects.exclude(kommun__schema_name="public").annotate(
        benefit=Subquery(assessment.values("benefit")[:1]),
        pilot=Subquery(assessment.values("pilot")[:1]),
    )
    if kommun_ids is not None:
        qs = qs.filter(kommun_id__in=kommun_ids)
    rows = qs.values_list(
        "kommun_id",
        "kommun__name",
        "system_id",
        "name",
        "product_id",
        "product__name",
        "status",
        "confidentiality",
        "integrity",
        "availability",
        "personal_data",
        "sensitive_personal_data",
        "decommission_date",
        "export_capability",
        "total_gb",
        "preserved_share",
        "proposal_rank",
        "first_choice",
        "benefit",
        "pilot",
    ).order_by("kommun_id", "system_id")
    return [
        SystemFacts(
            kommun_id=r[0],
            kommun_name=r[1],
            system_id=r[2],
            name=r[3],
            product_id=r[4],
            product_name=r[5] or "",
            status=r[6],
            confidentiality=r[7],
            integrity=r[8],
            availability=r[9],
            personal_data=r[10],
            sensitive_personal_data=r[11],
            decommission_date=r[12],
            export_capability=r[13],
            total_gb=r[14],
            preserved_share=r[15],
            proposal_rank=r[16],
            first_choice=r[17],
            benefit=r[18],
            pilot=bool(r[19]),
        )
        for r in rows
    ]


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

    def scores(self) -> dict[tuple[int, int], Score]:
        return score_all(self.facts, self.weights, self.today)

    def build(self) -> PlanResult:
        return build_plan(self.facts, self.scores(), self.params, self.constraints)

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
    members = tuple(
        Kommun.objects.members()
        .filter(status__in=[Kommun.Status.MEDLEM, Kommun.Status.UTTRADANDE])
        .order_by("name")
        .values_list("id", "name")
    )
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
    return CurrentInputs(
        today or timezone.localdate(), row, model, model.weights(), portfolio_facts(), constraints, params
    )


def summary_of(result: PlanResult) -> dict:
    """The plan's figures and its lists of what cannot be done, kept with the version."""
    return {
        "load": [round(x, 1) for x in result.load],
        "capacity": list(result.params.capacity),
        "planned": len(result.planned()),
        "unplanned": len(result.items) - len(result.planned()),
        "exact": result.exact,
        "deadline_misses": [
            {
                "kommun_id": i.facts.kommun_id,
                "kommun": i.facts.kommun_name,
                "system_id": i.facts.system_id,
                "system": i.facts.name,
                "date": i.facts.decommission_date.isoformat(),
                "why": why,
            }
            for i, why in result.deadline_misses
        ],
        "fairness_misses": [{"kommun_id": k, "kommun": name, "why": why} for k, name, why in result.fairness_misses],
        "warnings": result.warnings,
    }
