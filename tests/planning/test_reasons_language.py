"""Plan reasons are stored as codes and shown in the reader's language; stored Swedish text is migrated."""

import html as html_lib
import json
from datetime import date
from io import StringIO

import lxml.html
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from onboarding.planning import reasons, services
from onboarding.planning.models import PlanItem, PlanVersion
from tests import world
from tests.planning.conftest import plan_without_room_early

SWEDISH = ("Fäst av förvaltningen", "planerad före avvecklingsdatum", "inte klar för prioritering", "2027 K4", "Poäng ")


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})


def _page(client, plan) -> str:
    response = client.get(f"/planering/plan/{plan.pk}/")
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def _pinned_plan(lund, forvaltare):
    services.constraint_set(
        kommun=lund, system_id=3, kind="fast", quarter="2027-Q4", reason="Upphandling klar", actor=forvaltare
    )
    return services.plan_build(actor=forvaltare)


@pytest.mark.django_db
def test_an_english_reader_reads_the_plans_reasons_in_english(portfolio, lund, forvaltare, consortium, client_for):
    plan = _pinned_plan(lund, forvaltare)
    client = client_for(forvaltare, consortium)
    _english(client)
    page = _page(client, plan)
    assert "Pinned by the management unit: 2027 Q4 – Upphandling klar" in page
    assert "To be decommissioned 2027-06-30 – planned before the decommission date" in page
    assert "Status “Draft”: not ready for prioritisation" in page
    for swedish in SWEDISH:
        assert swedish not in page, swedish


@pytest.mark.django_db
def test_a_swedish_reader_reads_the_same_reasons_in_swedish(portfolio, lund, forvaltare, consortium, client_for):
    plan = _pinned_plan(lund, forvaltare)
    page = _page(client_for(forvaltare, consortium), plan)
    assert "Fäst av förvaltningen: 2027 K4 – Upphandling klar" in page
    assert "Avvecklas 2027-06-30 – planerad före avvecklingsdatum" in page
    assert "Status ”Utkast”: inte klar för prioritering" in page
    assert "Pinned by" not in page and "2027 Q4" not in page and "not ready" not in page


@pytest.mark.django_db
def test_missed_dates_and_kommuner_follow_the_readers_language(portfolio, forvaltare, consortium, client_for):
    plan = plan_without_room_early(forvaltare)
    client = client_for(forvaltare, consortium)
    swedish = _page(client, plan)
    assert "Ryms inte ens ensamt före avvecklingsdatum" in swedish and "2027 K1–2027 K2" in swedish
    _english(client)
    english = _page(client, plan)
    assert "Does not fit before the decommission date even alone" in english and "2027 Q1–2027 Q2" in english
    assert "even alone, after pinned systems and pilots" in english
    seen = lxml.html.fromstring(english).text_content()  # what the reader sees (ids and links may be Swedish)
    assert "Ryms inte" not in seen and "kvartal" not in seen


@pytest.mark.django_db
def test_kommun_people_do_not_see_the_plan_page(portfolio, forvaltare, consortium, cross_kommun):
    plan = services.plan_build(actor=forvaltare)
    cross_kommun.assert_hidden(consortium, f"/planering/plan/{plan.pk}/")


@pytest.mark.django_db
def test_plan_build_json_keeps_the_swedish_reason_text_and_adds_its_codes(portfolio, lund, forvaltare):
    services.constraint_set(kommun=lund, system_id=3, kind="fast", quarter="2027-Q4", reason="Klar", actor=forvaltare)
    out = StringIO()
    with translation.override("en"):
        call_command("plan_build", "--json", stdout=out)
    data = json.loads(out.getvalue())
    diariet = next(i for i in data["items"] if i["system"] == "Diariet")
    assert diariet["reason"] == "Fäst av förvaltningen: 2027 K4 – Klar"
    assert diariet["reason_parts"] == [{"code": reasons.PINNED, "params": {"q": {"quarter": "2027-Q4"}, "r": "Klar"}}]


def test_reading_back_old_swedish_reasons():
    parsed = reasons.parse(
        "Poäng 67.5 av 100; samma produkt som i Lund: tillägg 8 persondagar; avvecklingsdatum 2027-06-30 kan "
        "inte hållas: Ryms inte ens ensamt före avvecklingsdatum: insatsen är 30 persondagar och fästa system "
        "och piloter lämnar högst 0 lediga i Q1 2027–Q2 2027"
    )
    assert [p["code"] for p in parsed] == [reasons.SCORE, reasons.SAME_PRODUCT, reasons.DATE_MISSED]
    with translation.override("sv"):
        assert reasons.render(parsed).endswith("lämnar högst 0 lediga i 2027 K1–2027 K2")
        assert reasons.render(parsed).startswith("Poäng 67,5 av 100")
    with translation.override("en"):
        assert reasons.render(parsed).startswith("Score 67.5 of 100; same product as in Lund")
        assert reasons.render(parsed).endswith("leave at most 0 free in 2027 Q1–2027 Q2")
    status = reasons.parse('Status "inskickad": inte klar för prioritering')
    assert status == [{"code": reasons.STATUS, "params": {"s": {"status": "inskickad"}}}]
    fairness = reasons.parse("Rättviseregeln: Mönsterås första leverans (inom 2 kvartal)", kommun_name="Mönsterås")
    with translation.override("en"):
        assert reasons.render(fairness) == "Fairness rule: first delivery for Mönsterås (within 2 quarters)"
    assert reasons.parse("Något som planeraren aldrig skrev") == [
        {"code": reasons.TEXT, "params": {"text": "Något som planeraren aldrig skrev"}}
    ]


PLANNING_BEFORE, PLANNING_AFTER = (
    ("planning", "0002_solver_time_limit_and_builds"),
    ("planning", "0004_reason_parts_replace_text"),
)


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_an_old_text_row_into_codes_and_keeps_what_it_cannot_read():
    world.ensure_world()
    lund = world.ensure_kommun("lund")
    connection.set_schema_to_public()
    executor = MigrationExecutor(connection)
    executor.migrate([PLANNING_BEFORE])
    old = MigrationExecutor(connection).loader.project_state([PLANNING_BEFORE]).apps
    try:
        model = old.get_model("planning", "ScoringModel").objects.create(version=900)
        plan = old.get_model("planning", "PlanVersion").objects.create(
            number=900,
            title="Gammal",
            scoring_model=model,
            inputs={},
            summary={
                "deadline_misses": [
                    {
                        "kommun": "Lund",
                        "system": "Ecos",
                        "date": "2027-06-30",
                        "why": "Pausad av förvaltningen till efter avvecklingsdatum",
                    }
                ],
                "fairness_misses": [{"kommun": "Bjuv", "why": "Kommunen har inga system i portföljen"}],
                "warnings": ["Fäst till Q1 2031, utanför planens horisont: Sent (Lund: Ecos)"],
            },
        )
        Item = old.get_model("planning", "PlanItem")
        common = {"plan": plan, "kommun_id": lund.pk, "score": 50, "kind": "fast"}
        Item.objects.create(
            position=1,
            system_id=1,
            system_name="Diariet",
            reason="Fäst av förvaltningen: Q4 2027 – Upphandling",
            **common,
        )
        Item.objects.create(position=2, system_id=2, system_name="Ecos", reason="Handskriven anteckning", **common)
    finally:
        MigrationExecutor(connection).migrate([PLANNING_AFTER])
    items = {i.system_name: i for i in PlanItem.objects.filter(plan__number=900)}
    assert items["Diariet"].reason == [
        {"code": reasons.PINNED, "params": {"q": {"quarter": "2027-Q4"}, "r": "Upphandling"}}
    ]
    with translation.override("sv"):
        assert items["Diariet"].reason_text == "Fäst av förvaltningen: 2027 K4 – Upphandling"
        assert items["Ecos"].reason_text == "Handskriven anteckning"
    with translation.override("en"):
        assert items["Diariet"].reason_text == "Pinned by the management unit: 2027 Q4 – Upphandling"
        assert items["Ecos"].reason_text == "Handskriven anteckning"
        summary = PlanVersion.objects.get(number=900).summary
        assert reasons.render(summary["deadline_misses"][0]["why"]).startswith("Paused by the management unit until")
        assert (
            reasons.render(summary["fairness_misses"][0]["why"]) == "The municipality has no systems in the portfolio"
        )
        assert reasons.render(summary["warnings"][0]) == (
            "Pinned to 2031 Q1, outside the plan's horizon: Sent (Lund: Ecos)"
        )
    # Backwards, the parts are Swedish text again (in the platform's form of a quarter).
    MigrationExecutor(connection).migrate([PLANNING_BEFORE])
    try:
        old = MigrationExecutor(connection).loader.project_state([PLANNING_BEFORE]).apps
        texts = dict(
            old.get_model("planning", "PlanItem").objects.filter(plan__number=900).values_list("system_name", "reason")
        )
        assert texts == {"Diariet": "Fäst av förvaltningen: 2027 K4 – Upphandling", "Ecos": "Handskriven anteckning"}
    finally:
        MigrationExecutor(connection).migrate([PLANNING_AFTER])


@pytest.mark.django_db
def test_the_plan_reports_order_gives_each_reason_as_words(portfolio, lund, forvaltare):
    from reports.documents import gather_plan

    plan = _pinned_plan(lund, forvaltare)
    services.plan_propose(plan=plan, actor=forvaltare)
    services.plan_decide(plan=plan, decided_on=date(2026, 12, 1), minutes_reference="SR § 4", actor=forvaltare)
    rows = next(s for s in gather_plan(plan_id=plan.pk).sections if s.key == "ordning").tables[0].rows
    reasons_by_system = {row[1]: row[-1] for row in rows}
    assert reasons_by_system["Diariet"] == "Fäst av förvaltningen: 2027 K4 – Upphandling klar"
    assert reasons_by_system["Bjuvs hemliga register"] == "Status ”Utkast”: inte klar för prioritering"
