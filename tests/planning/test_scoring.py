"""Scoring (pure): every criterion's points and the facts behind them; the total adds up."""

from datetime import date
from decimal import Decimal

from onboarding.planning import scoring
from onboarding.planning.scoring import DEFAULT_WEIGHTS, ScoringContext, SystemFacts, score_all, score_system

TODAY = date(2026, 1, 10)


def facts(**kw):
    base = dict(kommun_id=1, kommun_name="Lund", system_id=1, name="Procapita", product_id=5, product_name="Procapita")
    return SystemFacts(**{**base, **kw})


def test_defaults_follow_the_consortium_criteria_and_weigh_benefit_most():
    assert set(DEFAULT_WEIGHTS) == set(scoring.CRITERIA)
    assert max(DEFAULT_WEIGHTS, key=DEFAULT_WEIGHTS.get) == scoring.BENEFIT
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_every_part_is_explained_and_the_parts_add_up_to_the_total():
    f = facts(
        benefit=4,
        decommission_date=date(2026, 9, 30),
        confidentiality=3,
        integrity=2,
        availability=1,
        personal_data="ja",
        sensitive_personal_data="nej",
        export_capability="fgs",
        total_gb=Decimal("120"),
        preserved_share=Decimal("0.75"),
        proposal_rank=2,
    )
    other = facts(kommun_id=2, kommun_name="Bjuv", system_id=9, proposal_rank=1)
    scores = score_all([f, other], DEFAULT_WEIGHTS, TODAY)
    score = scores[f.key]
    parts = {p.criterion: p for p in score.parts}
    assert round(sum(p.points for p in score.parts), 2) == score.total
    assert parts[scoring.BENEFIT].points == 24.0 and parts[scoring.BENEFIT].explanation == "Bedömd 4 av 5"
    assert (
        parts[scoring.URGENCY].points == 20.0
        and "Avvecklas 2026-09-30 (om 8 månader)" in parts[scoring.URGENCY].explanation
    )
    assert parts[scoring.PRESERVED].explanation == "75 % av 120 GB bevaras"
    assert parts[scoring.RISK].explanation == "K3 R2 T1, personuppgifter: ja, känsliga: nej"
    assert parts[scoring.REACH].value == 1.0 and "används i 2 av kommunerna" in parts[scoring.REACH].explanation
    assert parts[scoring.READINESS].value == 1.0
    assert parts[scoring.KOMMUN_RANK].explanation == "Plats 2 av 2 i kommunens rangordning"


def test_weights_change_the_score_and_a_zero_weight_gives_no_points():
    f = facts(benefit=5)
    ctx = ScoringContext.build([f], TODAY)
    only_benefit = score_system(f, {scoring.BENEFIT: 1}, ctx)
    assert only_benefit.total == 100.0
    no_benefit = score_system(f, {**DEFAULT_WEIGHTS, scoring.BENEFIT: 0}, ctx)
    assert [p.points for p in no_benefit.parts if p.criterion == scoring.BENEFIT] == [0.0]


def test_urgency_fades_over_five_years_and_unassessed_benefit_is_said():
    ctx = ScoringContext.build([], TODAY)
    near = score_system(facts(decommission_date=date(2026, 6, 1)), DEFAULT_WEIGHTS, ctx)
    far = score_system(facts(decommission_date=date(2032, 1, 1)), DEFAULT_WEIGHTS, ctx)
    urgency = lambda s: next(p for p in s.parts if p.criterion == scoring.URGENCY)  # noqa: E731
    assert urgency(near).value == 1.0 and urgency(far).value == 0.0
    assert next(p for p in near.parts if p.criterion == scoring.BENEFIT).explanation == "Ej bedömd av förvaltningen"


def test_explanations_read_the_swedish_way_with_labels_not_codes():
    """Issue 12, bug 8: '347,4 GB', not '347.40 GB'; 'Leverantörens export', not 'leverantorsexport'."""
    f = facts(export_capability="leverantorsexport", total_gb=Decimal("347.40"), preserved_share=Decimal("0.5"))
    parts = {p.criterion: p for p in score_all([f], DEFAULT_WEIGHTS, TODAY)[f.key].parts}
    assert parts[scoring.PRESERVED].explanation == "50 % av 347,4 GB bevaras"
    assert parts[scoring.READINESS].explanation == "Exportmöjlighet: Leverantörens export"
