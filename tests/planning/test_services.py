"""Services of the plan: build, propose, decide (and supersede), immutability, weights, constraints, start."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from onboarding.planning import inputs, selectors, services
from onboarding.planning.models import (
    MSG_PLAN_IMMUTABLE,
    ConnectionStart,
    PlanConstraint,
    PlanVersion,
    ScoringModel,
)
from onboarding.planning.reasons import render
from onboarding.planning.scoring import BENEFIT
from onboarding.planning.solver_reasons import MSG_KOMMUN_ALONE, MSG_MISS_ALONE
from tenants.models import AuditEvent
from tests.planning.conftest import plan_without_room_early


def test_portfolio_facts_is_four_queries_with_the_assessment(portfolio, lund, forvaltare, django_assert_num_queries):
    """Index rows, kommun names, product names, assessments: four queries whatever the number of kommuner."""
    services.assessment_set(kommun=lund, system_id=2, benefit=5, pilot=True, actor=forvaltare)
    with django_assert_num_queries(4):
        facts = inputs.portfolio_facts()
    by_key = {f.key: f for f in facts}
    assert len(facts) == 5
    assert by_key[(lund.pk, 2)].benefit == 5 and by_key[(lund.pk, 2)].pilot
    assert by_key[(lund.pk, 1)].product_name == "Procapita"
    # the index's whole MB come back as the GB and share the score explanations show
    assert by_key[(lund.pk, 1)].total_gb == Decimal("10.00")
    assert by_key[(lund.pk, 1)].preserved_share == Decimal("0.7500")
    assert by_key[(lund.pk, 2)].preserved_share == Decimal("0")


def test_build_makes_a_draft_with_reasons_and_an_input_snapshot(portfolio, lund, bjuv, forvaltare):
    plan = services.plan_build(title="Första utkastet", actor=forvaltare, today=date(2026, 11, 1))
    assert plan.state == PlanVersion.State.DRAFT and plan.number == 1
    items = {(i.kommun_id, i.system_id): i for i in plan.items.all()}
    assert items[(lund.pk, 2)].quarter == "2027-Q1"
    assert "planerad före avvecklingsdatum" in items[(lund.pk, 2)].reason_text
    # One Procapita connection serves both kommuner: the second pays the increment.
    procapita = sorted([items[(lund.pk, 1)].effort, items[(bjuv.pk, 1)].effort])
    assert procapita == [8, 30]
    assert items[(bjuv.pk, 2)].quarter == "" and "inte klar för prioritering" in items[(bjuv.pk, 2)].reason_text
    assert plan.inputs["params"]["start"] == "2027-Q1" and plan.inputs["weights"][BENEFIT] == 30
    assert plan.summary["fairness_misses"] == [] and plan.summary["deadline_misses"] == []
    assert AuditEvent.objects.filter(action="planning.plan.build", object_id=str(plan.pk)).exists()


def test_same_inputs_same_plan(portfolio, forvaltare):
    a = services.plan_build(actor=forvaltare, today=date(2026, 11, 1))
    b = services.plan_build(actor=forvaltare, today=date(2026, 11, 1))
    fields = ("kommun_id", "system_id", "quarter", "score", "effort", "reason", "position")
    assert list(a.items.order_by("position").values_list(*fields)) == list(
        b.items.order_by("position").values_list(*fields)
    )


def test_decided_plan_is_immutable_and_supersedes_the_previous_one(portfolio, forvaltare):
    first = services.plan_build(actor=forvaltare)
    services.plan_propose(plan=first, actor=forvaltare)
    with pytest.raises(ValidationError):
        services.plan_decide(plan=first, decided_on=date(2026, 12, 1), minutes_reference=" ", actor=forvaltare)
    services.plan_decide(
        plan=first, decided_on=date(2026, 12, 1), minutes_reference="SR 2026-12-01 § 4", actor=forvaltare
    )
    item = first.items.first()
    item.reason = [{"code": "text", "params": {"text": "ändrat"}}]
    with pytest.raises(ValidationError) as exc:
        item.save()
    assert MSG_PLAN_IMMUTABLE in exc.value.messages
    with pytest.raises(ValidationError):
        first.items.update(quarter="")
    with pytest.raises(ValidationError):
        services.plan_propose(plan=first, actor=forvaltare)

    second = services.plan_build(actor=forvaltare)
    services.plan_propose(plan=second, actor=forvaltare)
    services.plan_decide(
        plan=second, decided_on=date(2027, 3, 1), minutes_reference="SR 2027-03-01 § 2", actor=forvaltare
    )
    first.refresh_from_db()
    assert first.state == PlanVersion.State.SUPERSEDED and first.superseded_by == second
    assert selectors.decided_plan() == second


def test_weights_of_a_model_used_by_a_decided_plan_make_a_new_version(portfolio, forvaltare):
    model = inputs.current_settings().scoring_model
    plan = services.plan_build(actor=forvaltare)
    services.plan_propose(plan=plan, actor=forvaltare)
    services.plan_decide(plan=plan, decided_on=date(2026, 12, 1), minutes_reference="SR § 1", actor=forvaltare)
    model.refresh_from_db()
    assert model.is_locked
    new = services.scoring_model_set_weights(model=model, weights={**model.weights(), BENEFIT: 60}, actor=forvaltare)
    assert new.pk != model.pk and new.version == model.version + 1 and new.weights()[BENEFIT] == 60
    assert ScoringModel.objects.get(pk=model.pk).weights()[BENEFIT] == 30
    assert inputs.current_settings().scoring_model == new
    assert services.scoring_model_set_weights(model=new, weights={BENEFIT: 1}, actor=forvaltare).pk == new.pk


def test_only_the_forvaltning_changes_the_plan(portfolio, ledning, kontakt_lund, lund):
    for user in (ledning, kontakt_lund):
        with pytest.raises(PermissionDenied):
            services.plan_build(actor=user)
        with pytest.raises(PermissionDenied):
            services.assessment_set(kommun=lund, system_id=1, benefit=3, pilot=False, actor=user)


def test_pin_moves_a_system_and_compare_says_how_far_and_why(portfolio, lund, forvaltare):
    before = services.plan_build(actor=forvaltare)
    services.constraint_set(
        kommun=lund,
        system_id=3,
        kind=PlanConstraint.Kind.PIN,
        quarter="Q4 2027",
        reason="Upphandling klar först då",
        actor=forvaltare,
    )
    with pytest.raises(ValidationError):
        services.constraint_set(kommun=lund, system_id=1, kind=PlanConstraint.Kind.HOLD, reason=" ", actor=forvaltare)
    after = services.plan_build(actor=forvaltare)
    moves = {m.system_name: m for m in selectors.plan_compare(user=forvaltare, a=before, b=after)}
    diarium = moves["Diariet"]
    assert diarium.after == "2027 K4" and diarium.delta > 0
    assert render(diarium.reason) == "Fäst av förvaltningen: 2027 K4 – Upphandling klar först då"


def test_starting_a_quarter_of_the_decided_plan_marks_its_systems(portfolio, lund, forvaltare):
    plan = services.plan_build(actor=forvaltare)
    with pytest.raises(ValidationError):
        services.plan_start_quarter(plan=plan, quarter="2027-Q1", actor=forvaltare)
    services.plan_propose(plan=plan, actor=forvaltare)
    services.plan_decide(plan=plan, decided_on=date(2026, 12, 1), minutes_reference="SR § 1", actor=forvaltare)
    started = services.plan_start_quarter(plan=plan, quarter="2027-Q1", actor=forvaltare)
    assert (lund.pk, 2) in {(s.kommun_id, s.system_id) for s in started}
    assert services.plan_start_quarter(plan=plan, quarter="2027-Q1", actor=forvaltare) == []
    status = selectors.system_plan_status(kommun=lund, system_id=2)
    assert status["quarter"] == "2027 K1" and status["started_at"] is not None
    assert ConnectionStart.objects.filter(plan=plan).count() == len(started)


def test_capacity_of_a_quarter_changes_the_plan_and_the_misses_are_listed(portfolio, lund, forvaltare):

    plan = plan_without_room_early(forvaltare)
    assert not plan.items.filter(quarter__in=["2027-Q1", "2027-Q2"]).exists()
    assert plan.summary["capacity"][:2] == [0.0, 0.0]
    misses = plan.summary["deadline_misses"]
    # Proven from the model: with no capacity before its date, the system does not fit even alone.
    alone = MSG_MISS_ALONE % {"e": "30", "s": "0", "w": "2027 K1–2027 K2"}
    assert [(m["system"], render(m["why"])) for m in misses] == [("Ecos miljö", alone)]
    assert {m["kommun"] for m in plan.summary["fairness_misses"]} == {"Bjuv", "Lund"}
    assert {render(m["why"]) for m in plan.summary["fairness_misses"]} == {MSG_KOMMUN_ALONE % {"n": 2}}
