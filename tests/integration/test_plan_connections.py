"""A decided plan reaches the kommuner: starting a quarter creates real connections, a new decision moves them,
and the kommun's system page shows the plan's quarter and the connection's phase."""

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from onboarding.deliveries import services as delivery_services
from onboarding.deliveries.models import Connection
from onboarding.deliveries_index.models import ConnectionEntry
from onboarding.planning import inputs, services
from onboarding.planning.models import PlanConstraint
from tenants.models import AuditEvent
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def systems(lund, bjuv):
    """Three systems ready for prioritisation (two in Lund, one in Bjuv); plan inputs from Q1 2027."""
    row = inputs.current_settings()
    row.start_quarter, row.horizon, row.fairness_quarters = "2027-Q1", 4, 2
    row.default_capacity, row.effort_first, row.effort_additional = Decimal(200), Decimal(30), Decimal(8)
    row.save()
    return {
        "diariet": make_system(lund, name="Diariet", status="klar"),
        "ecos": make_system(lund, name="Ecos miljö", status="klar"),
        "bjuv": make_system(bjuv, name="Procapita Bjuv", status="klar"),
    }


def _decide(forvaltare, title="Plan", minutes="SR § 1"):
    plan = services.plan_build(title=title, actor=forvaltare)
    services.plan_propose(plan=plan, actor=forvaltare)
    return services.plan_decide(plan=plan, decided_on=date(2026, 12, 1), minutes_reference=minutes, actor=forvaltare)


def test_starting_a_quarter_creates_the_connections_once(systems, lund, bjuv, forvaltare):
    plan = _decide(forvaltare)
    assert set(plan.items.values_list("quarter", flat=True)) == {"2027-Q1"}
    with tenant_context(lund):  # Ecos already had a connection: it is left as it is
        own = delivery_services.connection_create(system=systems["ecos"], planned_quarter="2028Q2", actor=None)

    services.plan_start_quarter(plan=plan, quarter="2027-Q1", actor=forvaltare)
    services.plan_start_quarter(plan=plan, quarter="2027-Q1", actor=forvaltare)

    with tenant_context(lund):
        lund_rows = dict(Connection.objects.values_list("system__name", "planned_quarter"))
        assert Connection.objects.get(pk=own.pk).planned_quarter == "2028Q2"
    with tenant_context(bjuv):
        bjuv_rows = dict(Connection.objects.values_list("system__name", "planned_quarter"))
    assert lund_rows == {"Diariet": "2027Q1", "Ecos miljö": "2028Q2"}
    assert bjuv_rows == {"Procapita Bjuv": "2027Q1"}
    assert ConnectionEntry.objects.filter(kommun=bjuv, phase="planerad").count() == 1
    start = AuditEvent.objects.filter(action="planning.plan.start_quarter").order_by("pk")
    assert [e.details["connections"] for e in start] == [2, 0]


def test_a_new_decision_moves_the_open_connections(systems, lund, forvaltare):
    first = _decide(forvaltare)
    services.plan_start_quarter(plan=first, quarter="2027-Q1", actor=forvaltare)
    services.constraint_set(
        kommun=lund,
        system_id=systems["diariet"].pk,
        kind=PlanConstraint.Kind.PIN,
        quarter="2027-Q3",
        reason="Upphandlingen blir klar först då",
        actor=forvaltare,
    )
    second = _decide(forvaltare, title="Plan 2", minutes="SR § 2")
    with tenant_context(lund):
        conn = Connection.objects.get(system=systems["diariet"])
    assert conn.planned_quarter == "2027Q3"
    assert ConnectionEntry.objects.get(kommun=lund, connection_id=conn.pk).planned_quarter == "2027Q3"
    decided = AuditEvent.objects.filter(action="planning.plan.decide", object_id=str(second.pk)).get()
    assert decided.details["connections_moved"] == 1
    moved = AuditEvent.objects.filter(action="deliveries.connection.quarter").get()
    assert (moved.details["from"], moved.details["to"], moved.actor_id) == ("2027Q1", "2027Q3", None)


def test_system_page_shows_plan_quarter_and_connection_phase(
    systems, lund, forvaltare, kontakt_lund, client_for, cross_kommun, django_assert_max_num_queries
):
    system = systems["diariet"]
    client = client_for(kontakt_lund, lund)
    page = client.get(f"/system/{system.pk}/").content.decode()
    assert "Anslutning till e-arkivet" not in page  # no plan, no connection: nothing to say yet

    plan = _decide(forvaltare)
    services.plan_start_quarter(plan=plan, quarter="2027-Q1", actor=forvaltare)
    with tenant_context(lund):
        conn = Connection.objects.get(system=system)
    with django_assert_max_num_queries(40):
        page = client.get(f"/system/{system.pk}/").content.decode()
    assert "Planerad 2027 K1" in page
    assert f'href="/anslutningar/{conn.pk}/">Planerad</a>' in page
    cross_kommun.assert_hidden(lund, f"/system/{system.pk}/", f"/anslutningar/{conn.pk}/")


def test_kommun_plan_page_shows_where_each_started_connection_is(systems, lund, forvaltare, kontakt_lund, client_for):
    plan = _decide(forvaltare)
    services.plan_start_quarter(plan=plan, quarter="2027-Q1", actor=forvaltare)
    with tenant_context(lund):
        conn = Connection.objects.get(system=systems["diariet"])
        delivery_services.connection_transition(
            connection=conn, to_phase="forberedelse", comment="Vi börjar", actor=forvaltare
        )
    page = client_for(kontakt_lund, lund).get("/anslutningsplan/").content.decode()
    row = page[page.index("Diariet") : page.index("</tr>", page.index("Diariet"))]
    assert f'href="/anslutningar/{conn.pk}/"' in row and "Förberedelse" in row and "påbörjad" in row
    ecos = page[page.index("Ecos miljö") : page.index("</tr>", page.index("Ecos miljö"))]
    assert "Planerad" in ecos  # started, not moved on yet: the connection's own phase
