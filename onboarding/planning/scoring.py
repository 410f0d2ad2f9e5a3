"""Scoring of systems for the connection plan: pure functions over plain dataclasses (no database).

A score is a weighted mean of criteria, each valued 0..1 from the system's facts, scaled to 0..100.
Every score carries its explanation: which criterion gave how many points, from which facts.
The default criteria and weights follow what Swedish consortia use (shared/GLOSSARY.md): business
benefit first, then urgency from the decommission date, reach of the product, and the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.inventory.choices import ExportCapability
from tenants import formatting as fmt

MAX_BENEFIT = 5
URGENCY_HORIZON_MONTHS = 60  # a decommission five years away or more adds no urgency

BENEFIT = "verksamhetsnytta"
URGENCY = "bradska"
PRESERVED = "bevarande"
RISK = "risk"
REACH = "rackvidd"
READINESS = "exportformaga"
KOMMUN_RANK = "kommunens_rang"

CRITERIA: dict[str, object] = {
    BENEFIT: gettext_lazy("Verksamhetsnytta"),
    URGENCY: gettext_lazy("Brådska (avvecklingsdatum)"),
    PRESERVED: gettext_lazy("Andel som bevaras"),
    RISK: gettext_lazy("Risk (klassning, personuppgifter)"),
    REACH: gettext_lazy("Räckvidd (kommuner med produkten)"),
    READINESS: gettext_lazy("Exportförmåga"),
    KOMMUN_RANK: gettext_lazy("Kommunens egen rangordning"),
}
DEFAULT_WEIGHTS: dict[str, int] = {
    BENEFIT: 30,
    URGENCY: 20,
    REACH: 15,
    PRESERVED: 10,
    RISK: 10,
    READINESS: 10,
    KOMMUN_RANK: 5,
}
# How ready an export format is for the e-archive: an FGS/E-ARK package needs no conversion.
READINESS_BY_EXPORT = {
    "fgs": 1.0,
    "xml": 0.8,
    "leverantorsexport": 0.7,
    "csv": 0.6,
    "databasdump": 0.4,
    "okand": 0.2,
    "ingen": 0.0,
}


@dataclass(frozen=True)
class SystemFacts:
    """What prioritisation knows of one system of one kommun (a row of the portfolio index + assessment)."""

    kommun_id: int
    kommun_name: str
    system_id: int
    name: str
    product_id: int | None = None
    product_name: str = ""
    status: str = "klar"
    confidentiality: int | None = None
    integrity: int | None = None
    availability: int | None = None
    personal_data: str = "okant"
    sensitive_personal_data: str = "okant"
    decommission_date: date | None = None
    export_capability: str = "okand"
    total_gb: Decimal = Decimal(0)
    preserved_share: Decimal | None = None
    proposal_rank: int | None = None
    first_choice: bool = False
    benefit: int | None = None  # verksamhetsnytta 0..5, set by the förvaltning with the kommun's input
    pilot: bool = False

    @property
    def key(self) -> tuple[int, int]:
        return (self.kommun_id, self.system_id)

    @property
    def product_label(self) -> str:
        return self.product_name or _("(ingen produkt)")


@dataclass(frozen=True)
class ScorePart:
    """One criterion's share of a score: its weight, its value 0..1, the points it gave and why."""

    criterion: str
    label: str
    weight: int
    value: float
    points: float
    explanation: str


@dataclass(frozen=True)
class Score:
    total: float
    parts: tuple[ScorePart, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "parts": [
                {
                    "criterion": p.criterion,
                    "label": p.label,
                    "weight": p.weight,
                    "value": round(p.value, 4),
                    "points": p.points,
                    "explanation": p.explanation,
                }
                for p in self.parts
            ],
        }


@dataclass(frozen=True)
class ScoringContext:
    """Facts about the whole portfolio that a single system's score depends on."""

    today: date
    kommuner_per_product: dict[int, int]
    max_kommuner_per_product: int
    ranked_per_kommun: dict[int, int]

    @classmethod
    def build(cls, facts: list[SystemFacts], today: date) -> ScoringContext:
        per_product: dict[int, set[int]] = defaultdict(set)
        ranked: dict[int, int] = defaultdict(int)
        for f in facts:
            if f.product_id is not None:
                per_product[f.product_id].add(f.kommun_id)
            if f.proposal_rank is not None:
                ranked[f.kommun_id] += 1
        counts = {product: len(kommuner) for product, kommuner in per_product.items()}
        return cls(today, counts, max(counts.values(), default=1), dict(ranked))


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _benefit(f: SystemFacts, ctx: ScoringContext) -> tuple[float, str]:
    if f.benefit is None:
        return 0.0, _("Ej bedömd av förvaltningen")
    return f.benefit / MAX_BENEFIT, _("Bedömd %(b)s av %(max)s") % {"b": f.benefit, "max": MAX_BENEFIT}


def _urgency(f: SystemFacts, ctx: ScoringContext) -> tuple[float, str]:
    if f.decommission_date is None:
        return 0.0, _("Inget avvecklingsdatum")
    months = _months_between(ctx.today, f.decommission_date)
    if months <= 12:
        value = 1.0
    else:
        value = max(0.0, 1.0 - (months - 12) / (URGENCY_HORIZON_MONTHS - 12))
    return value, _("Avvecklas %(d)s (om %(m)s månader)") % {"d": f.decommission_date.isoformat(), "m": max(months, 0)}


def _preserved(f: SystemFacts, ctx: ScoringContext) -> tuple[float, str]:
    if f.preserved_share is None:
        return 0.5, _("Okänd andel, räknad som 50 %")
    pct = round(float(f.preserved_share) * 100)
    return float(f.preserved_share), _("%(p)s %% av %(gb)s GB bevaras") % {"p": pct, "gb": fmt.number(f.total_gb)}


def _risk(f: SystemFacts, ctx: ScoringContext) -> tuple[float, str]:
    levels = [v for v in (f.confidentiality, f.integrity, f.availability) if v is not None]
    highest = max(levels, default=0)
    value = 0.5 * highest / 4 + 0.25 * (f.personal_data == "ja") + 0.25 * (f.sensitive_personal_data == "ja")
    klass = "K{} R{} T{}".format(*("–" if v is None else v for v in (f.confidentiality, f.integrity, f.availability)))
    yes_no = {"ja": _("ja"), "nej": _("nej"), "okant": _("okänt")}
    text = _("%(klass)s, personuppgifter: %(pd)s, känsliga: %(spd)s") % {
        "klass": klass,
        "pd": yes_no.get(f.personal_data, f.personal_data),
        "spd": yes_no.get(f.sensitive_personal_data, f.sensitive_personal_data),
    }
    return value, text


def _reach(f: SystemFacts, ctx: ScoringContext) -> tuple[float, str]:
    if f.product_id is None:
        return 1 / ctx.max_kommuner_per_product if ctx.max_kommuner_per_product > 1 else 0.0, _("Ingen produkt angiven")
    n = ctx.kommuner_per_product.get(f.product_id, 1)
    return n / ctx.max_kommuner_per_product, _("%(product)s används i %(n)s av kommunerna (flest: %(max)s)") % {
        "product": f.product_name,
        "n": n,
        "max": ctx.max_kommuner_per_product,
    }


def _readiness(f: SystemFacts, ctx: ScoringContext) -> tuple[float, str]:
    value = READINESS_BY_EXPORT.get(f.export_capability, 0.2)
    label = dict(ExportCapability.choices).get(f.export_capability, f.export_capability)
    return value, _("Exportmöjlighet: %(e)s") % {"e": label}


def _kommun_rank(f: SystemFacts, ctx: ScoringContext) -> tuple[float, str]:
    if f.first_choice:
        return 1.0, _("Kommunens förstahandsval")
    if f.proposal_rank is None:
        return 0.0, _("Inte rangordnad av kommunen")
    ranked = max(ctx.ranked_per_kommun.get(f.kommun_id, 1), f.proposal_rank)
    value = 1.0 - (f.proposal_rank - 1) / ranked
    return value, _("Plats %(r)s av %(n)s i kommunens rangordning") % {"r": f.proposal_rank, "n": ranked}


CRITERION_FUNCTIONS = {
    BENEFIT: _benefit,
    URGENCY: _urgency,
    PRESERVED: _preserved,
    RISK: _risk,
    REACH: _reach,
    READINESS: _readiness,
    KOMMUN_RANK: _kommun_rank,
}


def score_system(facts: SystemFacts, weights: dict[str, int], ctx: ScoringContext) -> Score:
    """The system's score 0..100 and each criterion's share of it, with the facts behind it."""
    total_weight = sum(max(w, 0) for w in weights.values())
    parts = []
    for criterion in CRITERIA:
        weight = max(weights.get(criterion, 0), 0)
        value, explanation = CRITERION_FUNCTIONS[criterion](facts, ctx)
        points = round(100 * weight * value / total_weight, 2) if total_weight else 0.0
        parts.append(ScorePart(criterion, str(CRITERIA[criterion]), weight, value, points, explanation))
    # The total is the sum of the rounded parts, so the explanation adds up to exactly what is shown.
    return Score(round(sum(p.points for p in parts), 2), tuple(parts))


def score_all(facts: list[SystemFacts], weights: dict[str, int], today: date) -> dict[tuple[int, int], Score]:
    ctx = ScoringContext.build(facts, today)
    return {f.key: score_system(f, weights, ctx) for f in facts}
