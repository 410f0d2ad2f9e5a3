"""Deleting a system: a confirmation first, a clear refusal when it has a connection, and an audit that keeps it all."""

import pytest
from django.contrib.messages import get_messages
from django_tenants.utils import tenant_context

from onboarding.deliveries import services as delivery_services
from onboarding.messages import MSG_SYSTEM_HAS_CONNECTION
from onboarding.models import System
from onboarding.portfolio.models import PortfolioEntry
from tenants.models import AuditEvent
from tests.onboarding.fixtures_onboarding import make_system

pytestmark = pytest.mark.django_db

CONFIRM = "Ja, ta bort systemet"


def test_delete_asks_first_and_a_get_changes_nothing(lund, arkivarie_lund, client_for):
    system = make_system(lund, name="Gamla diariet")
    client = client_for(arkivarie_lund, lund)
    detail = client.get(f"/system/{system.pk}/").content.decode()
    assert f'href="/system/{system.pk}/ta-bort/"' in detail  # a link to the confirmation, not a one-click form
    page = client.get(f"/system/{system.pk}/ta-bort/")
    assert page.status_code == 200
    text = page.content.decode()
    assert CONFIRM in text and "<html" in text and "2 informationstyper tas bort" in text
    partial = client.get(f"/system/{system.pk}/ta-bort/", HTTP_HX_REQUEST="true").content.decode()
    assert CONFIRM in partial and "<html" not in partial and 'hx-post="/system/' in partial
    with tenant_context(lund):
        assert System.objects.filter(pk=system.pk).exists()


def test_confirmed_delete_keeps_every_field_and_information_type_in_the_audit(lund, arkivarie_lund, client_for):
    system = make_system(lund, name="Gamla diariet", owner_phone="046-35 50 00")
    response = client_for(arkivarie_lund, lund).post(f"/system/{system.pk}/ta-bort/")
    assert response.status_code == 302 and response["Location"] == "/system/"
    with tenant_context(lund):
        assert not System.objects.filter(pk=system.pk).exists()
    assert not PortfolioEntry.objects.filter(kommun=lund, system_id=system.pk).exists()
    event = AuditEvent.objects.get(action="onboarding.system.delete", object_id=str(system.pk), kommun=lund)
    kept = event.details["system"]
    assert kept["name"] == "Gamla diariet" and kept["owner_phone"] == "046-35 50 00"
    assert kept["purpose"] == "Diarieföring och ärendehantering" and kept["confidentiality"] == 2
    assert "Public 360°" in kept["product"]
    infos = {info["name"]: info for info in event.details["information_types"]}
    assert set(infos) == {"Ärenden", "Loggar"}
    assert infos["Loggar"]["retention_years"] == 2 and infos["Loggar"]["retention_decision"] == "KS 2019/12"
    assert infos["Ärenden"]["volume_gb"] == "30.00" and infos["Ärenden"]["period_from"] == 2005
    assert event.actor_email == arkivarie_lund.email


def test_htmx_delete_answers_hx_redirect(lund, arkivarie_lund, client_for):
    system = make_system(lund)
    response = client_for(arkivarie_lund, lund).post(f"/system/{system.pk}/ta-bort/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == "/system/"


def test_system_with_a_connection_is_not_deleted_and_the_message_says_why(lund, arkivarie_lund, client_for):
    system = make_system(lund, status="klar")
    with tenant_context(lund):
        delivery_services.connection_create(system=system, actor=None)
    client = client_for(arkivarie_lund, lund)
    page = client.get(f"/system/{system.pk}/ta-bort/").content.decode()
    assert str(MSG_SYSTEM_HAS_CONNECTION) in page and CONFIRM not in page
    response = client.post(f"/system/{system.pk}/ta-bort/")  # posted anyway (an old tab): no 500
    assert response.status_code == 302 and response["Location"] == f"/system/{system.pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(MSG_SYSTEM_HAS_CONNECTION)]
    assert str(MSG_SYSTEM_HAS_CONNECTION) in client.get(response["Location"]).content.decode()
    with tenant_context(lund):
        assert System.objects.filter(pk=system.pk).exists()
    assert not AuditEvent.objects.filter(action="onboarding.system.delete", object_id=str(system.pk)).exists()


def test_other_kommun_gets_404_and_a_kontakt_may_not_delete_a_submitted_system(
    lund, kontakt_lund, ledning, client_for, cross_kommun
):
    system = make_system(lund, status="inskickad")
    cross_kommun.assert_hidden(lund, f"/system/{system.pk}/ta-bort/")
    for user in (kontakt_lund, ledning):
        assert client_for(user, lund).get(f"/system/{system.pk}/ta-bort/").status_code == 403
        assert client_for(user, lund).post(f"/system/{system.pk}/ta-bort/").status_code == 403
    with tenant_context(lund):
        assert System.objects.filter(pk=system.pk).exists()
