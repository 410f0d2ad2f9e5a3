"""The demo plan and its connections: decided, walked through the lifecycle, archived for real, idempotent."""

import pytest
from django_tenants.utils import tenant_context

from onboarding.deliveries.models import Connection, Delivery
from onboarding.deliveries_index.models import ConnectionEntry, HandOver
from onboarding.planning.models import PlanVersion

from .conftest import seed_demo_apps

pytestmark = pytest.mark.django_db


def test_demo_plan_and_connections(demo, lund, bjuv, forvaltare, client_for, consortium):
    plan = PlanVersion.objects.get()
    assert (plan.title, plan.number, plan.state) == ("Anslutningsplan 2027–2028", 1, "beslutad")
    assert (plan.decided_by_body, plan.minutes_reference, plan.decided_on.year) == (
        "Samverkansrådet",
        "SR 2026-09-15 §7",
        2026,
    )
    assert plan.items.filter(kind="pilot").count() == 2
    phases = dict(ConnectionEntry.objects.values_list("system_name", "phase").filter(kommun=lund))
    assert sorted(phases.values()) == ["arkiverad", "testleverans"]
    assert set(ConnectionEntry.objects.filter(kommun=bjuv).values_list("phase", flat=True)) == {
        "forberedelse",
        "overenskommelse",
    }
    handover = HandOver.objects.get()
    assert handover.state == "arkiverad" and handover.bytes > 1_000_000 and handover.files > 10
    with tenant_context(lund):
        archived = Connection.objects.get(phase="arkiverad")
        kinds = set(archived.deliveries.values_list("kind", "state"))
        assert kinds == {(Delivery.Kind.TEST, Delivery.State.VALID), (Delivery.Kind.PRODUCTION, "arkiverad")}
        testing = Connection.objects.get(phase="testleverans")
        assert testing.agreements.get().is_approved
        assert testing.deliveries.get().state == Delivery.State.VALID
    board = client_for(forvaltare, consortium).get("/anslutningar/").content.decode()
    assert "Arkiverad" in board and "Lund" in board

    seed_demo_apps(demo)  # a second run makes nothing twice
    assert PlanVersion.objects.count() == 1 and ConnectionEntry.objects.count() == 4 and HandOver.objects.count() == 1
